"""The one way the system sends email: render, record, send after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.models import Notification

Attachment = tuple[str, str, str]  # filename, text content, mimetype


def render_email(kind: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Render templates/emails/<kind>.{subject.txt,txt,html} with the context."""
    context = {
        "SITE_URL": settings.SITE_URL,
        "PROVIDER_NAME": settings.PROVIDER_NAME,
        **context,
    }
    subject = render_to_string(f"emails/{kind}.subject.txt", context)
    text = render_to_string(f"emails/{kind}.txt", context)
    html = render_to_string(f"emails/{kind}.html", context)
    return " ".join(subject.split()), text, html


def about_key(obj: models.Model | None) -> str:
    """'bookings.place:12' for a model instance; '' for nothing."""
    if obj is None:
        return ""
    return f"{obj._meta.label_lower}:{obj.pk}"


def notify(
    *,
    kind: str,
    to: str,
    context: dict[str, Any],
    about: models.Model | None = None,
    user=None,
    cohort=None,
    attachments: Iterable[Attachment] = (),
) -> Notification | None:
    """Record an email and send it after the transaction commits.

    Returns None when the same kind of email about the same object has
    already been recorded for this recipient: that is how "at most once" is
    kept across retries and concurrent schedulers.
    """
    subject, text, html = render_email(kind, {"user": user, **context})
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                recipient_email=to.lower(),
                recipient=user,
                about_key=about_key(about),
                cohort=cohort,
                subject=subject,
                body_text=text,
                body_html=html,
                attachments=[list(a) for a in attachments],
            )
    except IntegrityError:
        return None
    from notifications.tasks import send_notification

    transaction.on_commit(lambda: send_notification.delay(notification.pk))
    return notification


def deliver(notification_id: int) -> Notification:
    """Send one queued notification; safe to call twice (the second is a no-op).

    The row stays locked while sending so two workers cannot both send it.
    A failure is recorded and then re-raised for the task to retry.
    """
    error: Exception | None = None
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.status in {Notification.Status.SENT, Notification.Status.DEAD}:
            return notification
        notification.attempts += 1
        try:
            _build_message(notification).send()
        except Exception as exc:  # any backend error: record it, let the task retry
            error = exc
            notification.status = Notification.Status.FAILED
            notification.last_error = repr(exc)
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
        notification.save(update_fields=["status", "attempts", "sent_at", "last_error"])
    if error is not None:
        raise error
    return notification


def _build_message(notification: Notification) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.recipient_email],
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for filename, content, mimetype in notification.attachments:
        message.attach(filename, content, mimetype)
    return message
