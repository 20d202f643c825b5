"""Who should get which email: reads only, no side effects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from bookings.models import Place
from cohorts.models import Cohort, Programme, Session
from notifications.models import Notification, ReminderPolicy


def policy_for(programme: Programme) -> ReminderPolicy:
    """The programme's reminder timings, or the defaults (unsaved) if none."""
    try:
        return programme.reminder_policy
    except ReminderPolicy.DoesNotExist:
        return ReminderPolicy(programme=programme)


def participants(session: Session) -> QuerySet[Place]:
    """Confirmed places that include this session.

    A partial package (any three of six) lists its chosen sessions; a place
    with none chosen has them all.
    """
    return (
        Place.objects.confirmed()
        .covering(session)
        .select_related("attendee")
        .order_by("pk")
    )


def already_notified(*, kind: str, about_key: str, variant: str = "") -> set[str]:
    """Addresses that already have this email recorded (one query)."""
    return set(
        Notification.objects.filter(
            kind=kind, about_key=about_key, variant=variant
        ).values_list("recipient_email", flat=True)
    )


@dataclass(frozen=True)
class ReminderStage:
    """Which reminder (first or second) is due for a session now, if any."""

    name: str  # "first" or "second"
    hours: int


def due_stage(
    session: Session, policy: ReminderPolicy, now: dt.datetime
) -> ReminderStage | None:
    """The reminder due for ``session`` at ``now``.

    Windows are in elapsed time: the first runs from ``first`` hours before
    until the second reminder's window opens, the second until the start.
    Elapsed time is what "24 hours before" means across a clock change.
    A participant who books inside the second window gets only the second.
    """
    if not policy.send_session_reminders or session.starts_at <= now:
        return None
    left = session.starts_at - now
    second = dt.timedelta(hours=policy.second_reminder_hours)
    first = dt.timedelta(hours=policy.first_reminder_hours)
    if left <= second:
        return ReminderStage("second", policy.second_reminder_hours)
    if left <= first:
        return ReminderStage("first", policy.first_reminder_hours)
    return None


def sessions_starting_within(now: dt.datetime, horizon: dt.timedelta):
    return (
        Session.objects.filter(
            starts_at__gt=now, starts_at__lte=now + horizon, is_cancelled=False
        )
        .exclude(cohort__status__in=[Cohort.Status.CANCELLED, Cohort.Status.DRAFT])
        .select_related("cohort__programme__reminder_policy")
        .order_by("starts_at")
    )


def sessions_with_notes_ended(now: dt.datetime, within: dt.timedelta):
    """Sessions that ended recently and have the facilitator's notes filled in."""
    return (
        Session.objects.filter(
            ends_at__lte=now, ends_at__gt=now - within, is_cancelled=False
        )
        .exclude(facilitator_notes="")
        .exclude(cohort__status=Cohort.Status.CANCELLED)
        .select_related("cohort__programme__reminder_policy")
    )


def interested_without_application(cohort: Cohort):
    """People who expressed interest in ``cohort`` but have not applied.

    The contract with the applications app: its selector of the same name
    returns objects with ``email``, ``name`` and ``user``. Until that app
    provides it, nobody is selected.
    """
    try:
        from applications import selectors
    except ImportError:
        return []
    select = getattr(selectors, "interested_without_application", None)
    return [] if select is None else select(cohort)
