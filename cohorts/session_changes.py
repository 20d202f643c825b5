"""The one service for moving or cancelling a session.

Whatever moves or cancels a session (the session admin, the cohort admin's
inline, rescheduling from the availability tally) calls ``session_changed``
after saving it: the session's SEQUENCE rises, the change is audited, and
everyone who attends gets the updated invite (same UID, higher SEQUENCE, so
calendar apps replace the event; METHOD:CANCEL for a cancellation).

Cohorts does not know who attends: apps above register attendee sources
(bookings: confirmed place holders; a community app: guests). Creating
sessions (copying a cohort) sends nothing: nobody holds them yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cohorts import public_cache
from cohorts.calendar import session_attachment
from cohorts.models import Session
from cop.audit import record
from notifications import kinds
from notifications.batches import Recipient, queue_batch

# The kind keeps its old name: templates and logged emails use it.
SESSION_UPDATED = kinds.register(
    "notifications_session_updated", optional=False, label=_("Session changed")
)

# Changes that calendar apps must hear about (they change the event).
CALENDAR_FIELDS = frozenset(
    {"starts_at", "ends_at", "is_cancelled", "mode", "venue", "joining_link"}
)

AttendeeSource = Callable[[Session], Iterable[Recipient]]
_SOURCES: dict[str, AttendeeSource] = {}


def register_attendee_source(name: str, source: AttendeeSource) -> AttendeeSource:
    """Register who attends a session (``source(session)`` yields Recipients)."""
    _SOURCES[name] = source
    return source


def attendees(session: Session) -> list[Recipient]:
    """Everyone the registered sources say attends ``session``."""
    return [person for source in _SOURCES.values() for person in source(session)]


def needs_update(changed_fields: Iterable[str]) -> bool:
    return bool(CALENDAR_FIELDS & set(changed_fields))


@transaction.atomic
def session_changed(
    *, session: Session, changed_fields: Iterable[str], actor=None
) -> int:
    """Raise the session's SEQUENCE, audit, and send attendees the updated invite.

    Call after saving the session. Returns how many emails were queued;
    edits that do not change the calendar event do nothing.
    """
    changed_fields = set(changed_fields)
    public_cache.forget_cohort(cohort_id=session.cohort_id)
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
    return queue_batch(
        kind=SESSION_UPDATED,
        about=session,
        recipients=attendees(session),
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
