"""Action steps: set after a session, progressed by their owner, followed up
by facilitators.

Rules:
- Only someone with a confirmed place covering a session (a partial package
  covers the sessions it chose) may set steps for it, once it has started,
  and at most three per session.
- "By when" is today or later (London date).
- Only the owner changes a step's progress; a step done with a reflection is
  what the CPD policy may count as that session's activity.
- A facilitator's comment is emailed to the owner once (one email per
  comment). One open "to contact" flag per person; recording the contact
  closes it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Place
from cop.audit import record
from notifications.services import notify
from practice import kinds
from practice.errors import PracticeError
from practice.models import MAX_STEPS_PER_SESSION, ActionStep, FollowUp, StepComment


def place_for(*, user, session) -> Place | None:
    """The user's confirmed place that covers ``session``, if any."""
    return (
        Place.objects.confirmed()
        .covering(session)
        .filter(attendee=user)
        .select_related("cohort__programme")
        .first()
    )


def _clean_text(value: str, *, field: str, limit: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise PracticeError(_("Say what you will try."), field=field)
    if len(value) > limit:
        raise PracticeError(
            _("Keep it to %(limit)d characters.") % {"limit": limit}, field=field
        )
    return value


def add_step(
    *,
    user,
    session,
    what: str,
    by_when: dt.date,
    who_might_help: str = "",
    shared: bool = False,
    now: dt.datetime | None = None,
) -> ActionStep:
    """Record one action step after ``session``; refuses with a clear message."""
    now = now or timezone.now()
    what = _clean_text(what, field="what", limit=1000, required=True)
    who_might_help = _clean_text(
        who_might_help, field="who_might_help", limit=200, required=False
    )
    if by_when is None:
        raise PracticeError(_("Give a date to try it by."), field="by_when")
    if by_when < timezone.localdate(now):
        raise PracticeError(_("Choose a date from today onwards."), field="by_when")
    if session.is_cancelled:
        raise PracticeError(_("That session was cancelled."), field="session")
    if session.starts_at > now:
        raise PracticeError(
            _("You can add action steps once the session has taken place."),
            field="session",
        )
    with transaction.atomic():
        place = place_for(user=user, session=session)
        if place is None:
            raise PracticeError(
                _("You can only add action steps for a session you have a place in."),
                field="session",
            )
        # Lock the place so two quick submissions cannot both make a fourth.
        Place.objects.select_for_update().filter(pk=place.pk).first()
        if (
            ActionStep.objects.filter(place=place, session=session).count()
            >= MAX_STEPS_PER_SESSION
        ):
            raise PracticeError(
                _(
                    "You already have three action steps for this session. "
                    "Update or drop one of them instead."
                ),
                field="session",
            )
        step = ActionStep.objects.create(
            place=place,
            session=session,
            owner=user,
            what=what,
            by_when=by_when,
            who_might_help=who_might_help,
            shared=shared,
            created_at=now,
            updated_at=now,
        )
    return step


def update_step(
    *,
    user,
    step: ActionStep,
    status: str,
    reflection: str = "",
    shared: bool | None = None,
    now: dt.datetime | None = None,
) -> ActionStep:
    """The owner records progress: status, a short reflection, sharing."""
    now = now or timezone.now()
    if step.owner_id != user.pk:
        raise PracticeError(_("You can only update your own action steps."))
    if status not in ActionStep.Status.values:
        raise PracticeError(_("Choose how it is going."), field="status")
    reflection = _clean_text(reflection, field="reflection", limit=2000, required=False)
    with transaction.atomic():
        step = ActionStep.objects.select_for_update().get(pk=step.pk)
        old = step.status
        step.status = status
        step.reflection = reflection
        if shared is not None:
            step.shared = shared
        step.updated_at = now
        if status == ActionStep.Status.DONE and old != ActionStep.Status.DONE:
            step.completed_at = now
        elif status != ActionStep.Status.DONE:
            step.completed_at = None
        step.save()
    return step


def comment_on_step(*, actor, step: ActionStep, body: str) -> StepComment:
    """A facilitator's comment; the owner gets one email about it."""
    body = (body or "").strip()
    if not body:
        raise PracticeError(_("Write a comment first."), field="body")
    if len(body) > 2000:
        raise PracticeError(_("Keep it to 2000 characters."), field="body")
    with transaction.atomic():
        comment = StepComment.objects.create(step=step, author=actor, body=body)
        record("practice.step.commented", step, actor=actor)
        cohort = step.place.cohort
        notify(
            kind=kinds.STEP_COMMENT,
            to=step.owner.email,
            user=step.owner,
            about=comment,
            cohort=cohort,
            optional=kinds.OPTIONAL[kinds.STEP_COMMENT],
            context={
                "name": step.owner.get_short_name(),
                "step": step,
                "comment": comment,
                "author": actor.full_name if actor else "",
                "cohort": cohort,
                "programme": cohort.programme,
            },
        )
    return comment


def flag_to_contact(
    *, actor, place: Place, reason: str, step: ActionStep | None = None
) -> FollowUp:
    """Mark a person for the facilitator to get in touch with."""
    reason = (reason or "").strip()
    if not reason:
        raise PracticeError(_("Say why to contact them."), field="reason")
    if len(reason) > 300:
        raise PracticeError(_("Keep it to 300 characters."), field="reason")
    with transaction.atomic():
        Place.objects.select_for_update().filter(pk=place.pk).first()
        if FollowUp.objects.filter(place=place, contacted_at__isnull=True).exists():
            raise PracticeError(
                _("%(name)s is already marked to contact.")
                % {"name": place.attendee_name}
            )
        follow_up = FollowUp.objects.create(
            place=place, step=step, reason=reason, flagged_by=actor
        )
        record("practice.follow_up.flagged", place, actor=actor, reason=reason)
    return follow_up


def record_follow_up(
    *, actor, follow_up: FollowUp, outcome: str, now: dt.datetime | None = None
) -> FollowUp:
    """Record that the person was contacted and what came of it."""
    outcome = (outcome or "").strip()
    if not outcome:
        raise PracticeError(_("Say what happened."), field="outcome")
    if len(outcome) > 2000:
        raise PracticeError(_("Keep it to 2000 characters."), field="outcome")
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.contacted_at is not None:
            raise PracticeError(_("This follow-up is already recorded."))
        follow_up.outcome = outcome
        follow_up.contacted_by = actor
        follow_up.contacted_at = now or timezone.now()
        follow_up.save()
        record("practice.follow_up.recorded", follow_up.place, actor=actor)
    return follow_up
