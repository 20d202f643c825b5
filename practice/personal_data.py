"""What this app holds about a person, a copy of it, and its erasure.

Action steps, reflections, the learning log and catch-up outcomes are the
person's own. Facilitators' comments on a step were sent to the person, so
they are exported (staff names left out). Follow-ups are exported as dates
only: their notes are staff working notes, like reviewers' notes on
applications, available through a subject access request.
Erasure deletes the person's steps (with their comments and follow-ups),
learning log and catch-up memberships: none of it is a financial record.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cop.privacy import declare_deleted
from practice.models import (
    ActionStep,
    CatchUpMember,
    CatchUpOptOut,
    CpdLogEntry,
    FollowUp,
    StepComment,
)

# Everything here is deleted with the person (their steps take their comments).
STEPS = declare_deleted(ActionStep, "what", "who_might_help", "reflection")
COMMENTS = declare_deleted(StepComment, "body")
FOLLOW_UPS = declare_deleted(FollowUp, "reason", "outcome")
LOG = declare_deleted(CpdLogEntry, "what")
DECLARATIONS = [STEPS, COMMENTS, FOLLOW_UPS, LOG]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export(user) -> dict[str, Any]:
    steps = ActionStep.objects.filter(owner=user).select_related("session__cohort")
    return {
        "action_steps": [
            {
                "cohort": str(step.session.cohort),
                "after_session": step.session.number,
                "what": step.what,
                "by_when": _iso(step.by_when),
                "who_might_help": step.who_might_help,
                "status": step.status,
                "reflection": step.reflection,
                "shared": step.shared,
                "created_at": _iso(step.created_at),
                "completed_at": _iso(step.completed_at),
                "facilitator_comments": [
                    {"body": c.body, "created_at": _iso(c.created_at)}
                    for c in step.comments.all()
                ],
            }
            for step in steps.prefetch_related("comments")
        ],
        "follow_ups": [
            {
                "marked_to_contact_at": _iso(f.flagged_at),
                "contacted_at": _iso(f.contacted_at),
            }
            for f in FollowUp.objects.filter(place__attendee=user)
        ],
        "catch_ups": [
            {
                "cohort": str(m.round.cohort),
                "after_session": m.round.after_session.number,
                "with": [
                    other.user.full_name
                    for other in m.pair.members.all()
                    if other.user_id != user.pk
                ],
                "outcome": m.pair.outcome,
            }
            for m in CatchUpMember.objects.filter(user=user).select_related(
                "round__cohort", "round__after_session", "pair"
            )
        ],
        "cpd_log": [
            {
                "what": e.what,
                "kind": e.kind,
                "on": _iso(e.on),
                "minutes": e.minutes,
                "cohort": str(e.place.cohort),
            }
            for e in CpdLogEntry.objects.filter(user=user).select_related(
                "place__cohort"
            )
        ],
    }


@transaction.atomic
def erase(user) -> None:
    FOLLOW_UPS.erase(FollowUp.objects.filter(place__attendee=user), user)
    COMMENTS.erase(StepComment.objects.filter(step__owner=user), user)
    STEPS.erase(ActionStep.objects.filter(owner=user), user)
    LOG.erase(CpdLogEntry.objects.filter(user=user), user)
    CatchUpOptOut.objects.filter(user=user).delete()
    CatchUpMember.objects.filter(user=user).delete()
