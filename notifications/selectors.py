"""Reminder timings: reads only, no side effects.

``ReminderPolicy`` belongs to a programme through a string foreign key (a
schema link only: nothing here imports the cohorts app).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max

from notifications.batches import already_notified
from notifications.models import ReminderPolicy

__all__ = ["ReminderStage", "already_notified", "due_stage", "longest", "policy_for"]


def policy_for(programme) -> ReminderPolicy:
    """The programme's reminder timings, or the defaults (unsaved) if none."""
    try:
        return programme.reminder_policy
    except ReminderPolicy.DoesNotExist:
        return ReminderPolicy(programme=programme)


def longest(field: str, default: int) -> dt.timedelta:
    """The longest lead time any programme sets for ``field`` (hours)."""
    hours = ReminderPolicy.objects.aggregate(longest=Max(field))["longest"]
    return dt.timedelta(hours=max(hours or 0, default))


@dataclass(frozen=True)
class ReminderStage:
    """Which reminder (first or second) is due for a session now, if any."""

    name: str  # "first" or "second"
    hours: int


def due_stage(
    session, policy: ReminderPolicy, now: dt.datetime
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
