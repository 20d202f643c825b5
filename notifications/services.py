"""The one way the system sends email: render, record, send after commit.

Every email is a ``Notification`` row first. The row's unique key (kind,
related object, recipient, variant) stops the same email being recorded
twice; sending locks the row and checks its status, so a task that runs twice
sends once. Broker trouble never loses an email: a row that could not be
handed to Celery stays queued and the periodic sweep hands it over later.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import smtplib
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cop.audit import record
from cop.models import User
from notifications.kinds import is_optional
from notifications.models import Notification
from notifications.unsubscribe import is_opted_out, unsubscribe_url

logger = logging.getLogger(__name__)

Attachment = tuple[str, str, str]  # filename, text content, mimetype
BASE64 = ";base64"  # a mimetype ending so marks binary content stored as base64


def binary_attachment(filename: str, content: bytes, mimetype: str) -> Attachment:
    """A binary file (a PDF) as an attachment the log can store as text."""
    return (filename, base64.b64encode(content).decode("ascii"), mimetype + BASE64)


# Kept short: a booking must not hang on a dead broker (the sweep catches up).
PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CHUNK = 500
SENDABLE = [Notification.Status.QUEUED, Notification.Status.FAILED]


class TemporaryEmailError(Exception):
    """Sending failed in a way worth retrying (SMTP down, connection reset)."""

    def __init__(self, error: Exception, retry_in: int) -> None:
        super().__init__(repr(error))
        self.error = error
        self.retry_in = retry_in


def max_attempts() -> int:
    return int(settings.NOTIFICATION_MAX_ATTEMPTS)


def retry_delay(attempts: int) -> int:
    """Seconds before the next try: 1, 2, 4, 8... minutes, capped at 30.

    The cap stays under Redis's visibility timeout, so a retry held by a
    worker is never redelivered to another one while it waits.
    """
    base = int(settings.NOTIFICATION_RETRY_BASE_SECONDS)
    return int(min(base * 2 ** max(attempts - 1, 0), 30 * 60))


# --- Rendering and recording ---------------------------------------------------


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


def build_notification(
    *,
    kind: str,
    to: str,
    context: dict[str, Any],
    about: models.Model | None = None,
    user: User | None = None,
    cohort: Any = None,  # a cohorts.Cohort: a layer above, so not named here
    attachments: Iterable[Attachment] = (),
    variant: str = "",
    optional: bool | None = None,
    opted_out: bool = False,
) -> Notification:
    """An unsaved Notification, rendered. Optional emails to people who
    unsubscribed are recorded as skipped (the log shows why nothing went)."""

    optional = is_optional(kind) if optional is None else optional
    extra: dict[str, Any] = {"user": user}
    if optional:
        extra["unsubscribe_url"] = unsubscribe_url(to)
    subject, text, html = render_email(kind, {**extra, **context})
    skipped = optional and opted_out
    return Notification(
        kind=kind,
        variant=variant,
        recipient_email=to.lower(),
        recipient=user,
        about_key=about_key(about),
        cohort=cohort,
        optional=optional,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        attachments=[list(a) for a in attachments],
        status=Notification.Status.SKIPPED if skipped else Notification.Status.QUEUED,
    )


def notify(
    *,
    kind: str,
    to: str,
    context: dict[str, Any],
    about: models.Model | None = None,
    user: User | None = None,
    cohort: Any = None,  # a cohorts.Cohort: a layer above, so not named here
    attachments: Iterable[Attachment] = (),
    variant: str = "",
    optional: bool | None = None,
) -> Notification | None:
    """Record an email and send it after the transaction commits.

    Returns None when the same kind of email about the same object has
    already been recorded for this recipient: that is how "at most once" is
    kept across retries and concurrent schedulers. ``optional`` defaults to
    the kind's rule in ``notifications.kinds``.
    """

    optional = is_optional(kind) if optional is None else optional
    notification = build_notification(
        kind=kind,
        to=to,
        context=context,
        about=about,
        user=user,
        cohort=cohort,
        attachments=attachments,
        variant=variant,
        optional=optional,
        opted_out=optional and is_opted_out(to),
    )
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        return None
    if notification.status == Notification.Status.QUEUED:
        dispatch(Notification.objects.filter(pk=notification.pk))
    return notification


def record_many(notifications: Sequence[Notification]) -> None:
    """Insert many rendered notifications; ones already recorded are ignored.

    Used by the reminder scans; call ``dispatch`` afterwards to send them.
    """
    Notification.objects.bulk_create(
        notifications, batch_size=CHUNK, ignore_conflicts=True
    )


# --- Handing over to Celery ----------------------------------------------------


def dispatch(queryset: models.QuerySet[Notification]) -> list[int]:
    """Claim queued rows and enqueue one task each after the commit.

    The claim (``enqueued_at``) is taken under a row lock that skips rows
    another sweep holds, so two sweeps rarely enqueue the same row; if they
    do, ``deliver`` still sends it once.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            queryset.filter(status__in=SENDABLE)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), CHUNK):
            Notification.objects.filter(pk__in=ids[start : start + CHUNK]).update(
                enqueued_at=now
            )
        if ids:
            transaction.on_commit(lambda: enqueue(ids), robust=True)
    return ids


def enqueue(ids: Sequence[int]) -> None:
    """Hand the ids to the task queue in batches; on broker trouble, to the sweep.

    A batch is one task message and one mail-server connection for up to
    ``NOTIFICATION_BATCH`` emails, which is what keeps a big reminder sweep fast.
    """
    from notifications.tasks import send_notifications

    size = int(settings.NOTIFICATION_BATCH)
    for start in range(0, len(ids), size):
        try:
            send_notifications.apply_async(
                (list(ids[start : start + size]),),
                retry=True,
                retry_policy=PUBLISH_RETRY_POLICY,
            )
        except Exception:  # broker down (kombu/redis errors vary): sweep later
            logger.warning(
                "Could not enqueue notifications; the sweep will retry them.",
                exc_info=True,
            )
            Notification.objects.filter(pk__in=ids[start:]).update(enqueued_at=None)
            return


def sweep_unsent(*, now: dt.datetime | None = None) -> list[int]:
    """Re-enqueue what the normal path missed.

    Queued rows never handed over (broker down at commit) or handed over long
    ago (a task lost with Redis), and failed rows whose retry is due.
    """
    now = now or timezone.now()
    grace = dt.timedelta(seconds=int(settings.NOTIFICATION_GRACE))
    lost_after = dt.timedelta(minutes=15)
    never_handed_over = models.Q(enqueued_at__isnull=True) | models.Q(
        enqueued_at__lte=now - lost_after
    )
    due = Notification.objects.filter(
        models.Q(status=Notification.Status.QUEUED, created_at__lte=now - grace)
        & never_handed_over
        | models.Q(status=Notification.Status.FAILED, next_attempt_at__lte=now)
    ).order_by("created_at")
    return dispatch(due)


# --- Sending -------------------------------------------------------------------


def deliver(
    notification_id: int, *, connection: BaseEmailBackend | None = None
) -> Notification | None:
    """Send one queued notification; safe to call twice (the second is a no-op).

    The row stays locked while sending so two workers cannot both send it; a
    worker that finds it locked leaves it to the one holding the lock.
    Transient failures raise ``TemporaryEmailError`` for the task to retry;
    after ``NOTIFICATION_MAX_ATTEMPTS`` (or an error retrying cannot fix) the
    row is marked dead and shows in the admin. ``connection`` lets a batch
    share one mail-server connection.
    """
    failure: TemporaryEmailError | None = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.status not in {
            Notification.Status.QUEUED,
            Notification.Status.FAILED,
        }:
            return notification
        notification.attempts += 1
        try:
            _build_message(notification, connection).send()
        except Exception as exc:  # any backend error is recorded, never lost
            failure = _record_failure(notification, exc)
            if connection is not None:
                connection.close()  # the next email opens a fresh one
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.next_attempt_at = None
            notification.last_error = ""
        notification.save(
            update_fields=[
                "status",
                "attempts",
                "sent_at",
                "last_error",
                "next_attempt_at",
            ]
        )
    if failure is not None:
        raise failure
    return notification


def _is_transient(exc: Exception) -> bool:
    # SMTPException is an OSError; a refused recipient will be refused again.
    return isinstance(exc, OSError) and not isinstance(
        exc, smtplib.SMTPRecipientsRefused
    )


def _record_failure(
    notification: Notification, exc: Exception
) -> TemporaryEmailError | None:
    notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if _is_transient(exc) and notification.attempts < max_attempts():
        delay = retry_delay(notification.attempts)
        notification.status = Notification.Status.FAILED
        # The task retries after ``delay``; the sweep only steps in if that
        # retry is lost, hence the extra margin.
        notification.next_attempt_at = timezone.now() + dt.timedelta(
            seconds=delay + 120
        )
        logger.warning("Email %s failed, retrying: %s", notification.pk, exc)
        return TemporaryEmailError(exc, delay)
    notification.status = Notification.Status.DEAD
    notification.next_attempt_at = None
    logger.error("Email %s gave up: %s", notification.pk, exc)
    return None


def _build_message(
    notification: Notification, connection: BaseEmailBackend | None = None
) -> EmailMultiAlternatives:
    headers = {}
    if notification.optional:
        # RFC 8058 one-click unsubscribe, honoured by the unsubscribe view.
        headers["List-Unsubscribe"] = (
            f"<{unsubscribe_url(notification.recipient_email)}>"
        )
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.recipient_email],
        headers=headers,
        connection=connection,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for filename, content, mimetype in notification.attachments:
        if mimetype.endswith(BASE64):
            content, mimetype = base64.b64decode(content), mimetype[: -len(BASE64)]
        message.attach(filename, content, mimetype)
    return message


# --- Admin actions -------------------------------------------------------------


def resend(*, notification: Notification, actor: User | None = None) -> bool:
    """Put a failed or dead email back in the queue with fresh attempts."""

    with transaction.atomic():
        updated = Notification.objects.filter(
            pk=notification.pk,
            status__in=[Notification.Status.FAILED, Notification.Status.DEAD],
        ).update(
            status=Notification.Status.QUEUED,
            attempts=0,
            next_attempt_at=None,
            enqueued_at=None,
        )
        if not updated:
            return False
        record("notifications.notification.resent", notification, actor=actor)
        dispatch(Notification.objects.filter(pk=notification.pk))
    return True
