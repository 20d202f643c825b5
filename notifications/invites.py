"""Updated calendar invites when a session moves or is cancelled."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from cohorts.models import Session
from cop.audit import record
from notifications import kinds, selectors
from notifications.reminders import queue_for_places, session_attachment

# Changes that calendar apps must hear about (they change the event).
CALENDAR_FIELDS = frozenset(
    {"starts_at", "ends_at", "is_cancelled", "mode", "venue", "joining_link"}
)


def needs_update(changed_fields: set[str] | list[str]) -> bool:
    return bool(CALENDAR_FIELDS & set(changed_fields))


@transaction.atomic
def session_changed(
    *, session: Session, changed_fields: set[str] | list[str], actor=None
) -> int:
    """Raise the session's SEQUENCE and send participants the updated invite.

    Same UID, higher SEQUENCE: calendar apps replace the event rather than
    add a second one. A cancelled session goes out as METHOD:CANCEL.
    Returns how many emails were queued; nothing happens for other edits.
    """
    if not needs_update(changed_fields):
        return 0
    Session.objects.filter(pk=session.pk).update(sequence=F("sequence") + 1)
    session.refresh_from_db(fields=["sequence"])
    cancelled = session.is_cancelled
    record(
        "cohorts.session.cancelled" if cancelled else "cohorts.session.changed",
        session,
        actor=actor,
        fields=sorted(changed_fields),
        sequence=session.sequence,
    )
    return queue_for_places(
        kind=kinds.SESSION_UPDATED,
        about=session,
        places=selectors.participants(session),
        cohort=session.cohort,
        context={
            "session": session,
            "cohort": session.cohort,
            "programme": session.cohort.programme,
            "cancelled": cancelled,
        },
        attachments=[
            session_attachment(session, method="CANCEL" if cancelled else "REQUEST")
        ],
        variant=f"seq{session.sequence}",
    )
