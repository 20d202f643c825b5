"""Notifications' personal data: the emails sent to a person.

The log keeps that an email of a kind was sent (so it is never sent twice);
its address and contents go on erasure.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cop.models import User
from cop.privacy import anonymous_email, declare, keep, rows, verified_emails, wipe
from notifications.models import Notification

NOTIFICATION = declare(
    Notification,
    wipe("recipient_email", anonymous_email),
    wipe("body_text"),
    wipe("body_html"),
    wipe("attachments", []),
    keep(
        "subject",
        reason="Names the email's kind and programme, kept so the log still "
        "shows what was sent.",
    ),
)
DECLARATIONS = [NOTIFICATION]


def export(user: User) -> dict[str, Any]:
    return {
        "emails_sent_to_you": rows(
            Notification.objects.filter(recipient=user),
            hide={"body_html", "attachments", "last_error"},
        )
    }


def erase(user: User) -> None:
    emails = verified_emails(user)
    NOTIFICATION.erase(
        Notification.objects.filter(Q(recipient=user) | Q(recipient_email__in=emails)),
        user,
    )
