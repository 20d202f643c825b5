"""Queue one email to many people at once (reminders, updated invites)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from notifications import kinds
from notifications.models import Notification
from notifications.services import about_key, build_notification, dispatch, record_many
from notifications.unsubscribe import opted_out_among


@dataclass(frozen=True)
class Recipient:
    """Someone to email: address, name, account (if any), and their own context."""

    email: str
    name: str
    user: Any = None
    context: dict[str, Any] = field(default_factory=dict)


def already_notified(*, kind: str, about_key: str, variant: str = "") -> set[str]:
    """Addresses that already have this email recorded (one query)."""
    return set(
        Notification.objects.filter(
            kind=kind, about_key=about_key, variant=variant
        ).values_list("recipient_email", flat=True)
    )


def queue_batch(
    *,
    kind: str,
    about: models.Model,
    recipients: Iterable[Recipient],
    cohort: models.Model | None,
    context: dict[str, Any],
    attachments: Iterable[tuple] = (),
    variant: str = "",
) -> int:
    """Record one email per recipient not yet sent this one, then send them.

    Returns how many emails this call recorded: runs at the same moment (three
    sweeps, beat and a command) wait for each other on the object's row and
    count only their own rows, so their answers add up to what was queued.
    A fixed number of queries per call, whatever the number of recipients:
    the lock, who already has it, two for opt-outs, two counts, batched
    inserts, one claim.
    """
    key = about_key(about)
    same_email = Notification.objects.filter(kind=kind, about_key=key, variant=variant)
    with transaction.atomic():
        # Concurrent batches about one object take turns (PostgreSQL).
        list(
            type(about)
            ._default_manager.select_for_update()
            .filter(pk=about.pk)
            .values_list("pk", flat=True)
        )
        done = already_notified(kind=kind, about_key=key, variant=variant)
        todo: list[Recipient] = []
        seen: set[str] = set()
        for recipient in recipients:
            address = recipient.email.lower()
            if address in done or address in seen:
                continue
            seen.add(address)
            todo.append(recipient)
        if not todo:
            return 0
        optional = kinds.is_optional(kind)
        opted = opted_out_among({r.email for r in todo}) if optional else set()
        attachments = list(attachments)
        rows = [
            build_notification(
                kind=kind,
                to=recipient.email,
                context={**context, **recipient.context, "name": recipient.name},
                about=about,
                user=recipient.user,
                cohort=cohort,
                attachments=attachments,
                variant=variant,
                optional=optional,
                opted_out=recipient.email.lower() in opted,
            )
            for recipient in todo
        ]
        before = same_email.count()
        record_many(rows)
        # Rows another run recorded meanwhile were skipped: count what is new.
        queued = same_email.count() - before
        dispatch(
            same_email.filter(
                status=Notification.Status.QUEUED, enqueued_at__isnull=True
            )
        )
    return queued
