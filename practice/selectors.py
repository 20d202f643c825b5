"""Reads for pages, the dashboard and CPD counting.

``open_steps(user)`` and ``current_partner(user)`` are for the participant's
dashboard; ``cpd_activity_sessions`` and ``logged_minutes`` are what
``cpd.eligibility`` counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from bookings.models import Place
from cohorts.models import Cohort, Session
from practice.models import (
    ActionStep,
    CatchUpMember,
    CatchUpPair,
    CatchUpRound,
    CpdLogEntry,
    FollowUp,
    StepComment,
)


def open_steps(user) -> QuerySet[ActionStep]:
    """The person's steps not yet done or dropped, soonest first."""
    return (
        ActionStep.objects.filter(owner=user, place__status=Place.Status.CONFIRMED)
        .open()
        .select_related("session__cohort__programme")
        .order_by("by_when", "pk")
    )


def steps_of(user, cohort: Cohort) -> QuerySet[ActionStep]:
    return (
        ActionStep.objects.filter(owner=user, place__cohort=cohort)
        .select_related("session")
        .prefetch_related(
            Prefetch("comments", queryset=StepComment.objects.select_related("author"))
        )
        .order_by("session__starts_at", "created_at", "pk")
    )


def shared_steps(cohort: Cohort) -> QuerySet[ActionStep]:
    """Steps their owners shared with the group (for the cohort's space)."""
    return (
        ActionStep.objects.filter(
            place__cohort=cohort,
            place__status=Place.Status.CONFIRMED,
            shared=True,
        )
        .exclude(status=ActionStep.Status.DROPPED)
        .select_related("owner", "session")
        .order_by("-session__starts_at", "owner__full_name", "pk")
    )


@dataclass(frozen=True)
class Partner:
    """The person's group in the latest round they were introduced in."""

    round: CatchUpRound
    pair: CatchUpPair
    partners: list = field(default_factory=list)
    meet_before: Session | None = None


def current_partner(user, *, cohort: Cohort | None = None, now=None) -> Partner | None:
    """Who the person meets for a catch-up now: the latest sent round whose
    next session has not started (in ``cohort`` if given)."""
    now = now or timezone.now()
    rows = (
        CatchUpMember.objects.filter(user=user, round__status=CatchUpRound.Status.SENT)
        .select_related("round__after_session", "round__cohort__programme", "pair")
        .order_by("-round__after_session__starts_at")
    )
    if cohort is not None:
        rows = rows.filter(round__cohort=cohort)
    for row in rows[:5]:
        meet_before = (
            Session.objects.filter(
                cohort_id=row.round.cohort_id,
                starts_at__gt=row.round.after_session.starts_at,
                is_cancelled=False,
            )
            .order_by("starts_at")
            .first()
        )
        if meet_before is not None and meet_before.starts_at <= now:
            continue
        partners = [
            m.user
            for m in row.pair.members.select_related("user__organisation")
            if m.user_id != user.pk
        ]
        return Partner(
            round=row.round, pair=row.pair, partners=partners, meet_before=meet_before
        )
    return None


def my_log(user) -> QuerySet[CpdLogEntry]:
    return CpdLogEntry.objects.owned_by(user).select_related("place__cohort")


# --- CPD counting (read by cpd.eligibility) ------------------------------------


def cpd_activity_sessions(place_ids: Iterable[int]) -> dict[int, set[int]]:
    """Per place: the sessions with at least one step done with a reflection."""
    result: dict[int, set[int]] = defaultdict(set)
    rows = (
        ActionStep.objects.filter(place_id__in=list(place_ids))
        .counted_for_cpd()
        .values_list("place_id", "session_id")
    )
    for place_id, session_id in rows:
        result[place_id].add(session_id)
    return result


def logged_minutes(place_ids: Iterable[int]) -> dict[int, int]:
    """Per place: minutes of learning logged against it."""
    rows = (
        CpdLogEntry.objects.filter(place_id__in=list(place_ids))
        .values("place_id")
        .annotate(total=Sum("minutes"))
    )
    return {row["place_id"]: row["total"] or 0 for row in rows}


# --- Facilitator pages ---------------------------------------------------------


@dataclass
class PersonSteps:
    place: Place
    steps: list = field(default_factory=list)
    follow_up: FollowUp | None = None
    past_follow_ups: list = field(default_factory=list)

    @property
    def is_stuck(self) -> bool:
        """Open steps past their date, or none set after a past session."""
        return any(s.is_overdue for s in self.steps)


def cohort_practice_counts(cohort: Cohort) -> tuple[int, int, int]:
    """(action steps done, action steps recorded, catch-ups held) in a cohort."""
    steps = ActionStep.objects.filter(place__cohort=cohort).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=ActionStep.Status.DONE))
    )
    held = CatchUpPair.objects.filter(
        round__cohort=cohort, outcome=CatchUpPair.Outcome.MET
    ).count()
    return steps["done"], steps["total"], held


def cohort_steps(cohort: Cohort, *, today: dt.date | None = None) -> list[PersonSteps]:
    """Every confirmed participant with all their steps, comments and follow-ups,
    in a fixed number of queries."""
    today = today or timezone.localdate()
    places = list(
        Place.objects.confirmed()
        .filter(cohort=cohort)
        .select_related("attendee")
        .order_by("attendee_name", "pk")
    )
    by_place = {p.pk: PersonSteps(place=p) for p in places}
    steps = (
        ActionStep.objects.filter(place__in=places)
        .select_related("session")
        .prefetch_related(
            Prefetch("comments", queryset=StepComment.objects.select_related("author"))
        )
        .order_by("session__starts_at", "created_at", "pk")
    )
    for step in steps:
        step.is_overdue = step.is_open and step.by_when < today
        by_place[step.place_id].steps.append(step)
    for follow_up in FollowUp.objects.filter(place__in=places).select_related(
        "flagged_by", "contacted_by"
    ):
        person = by_place[follow_up.place_id]
        if follow_up.is_open:
            person.follow_up = follow_up
        else:
            person.past_follow_ups.append(follow_up)
    return list(by_place.values())


def round_overview(round: CatchUpRound) -> list[CatchUpPair]:
    return list(
        round.pairs.prefetch_related(
            Prefetch(
                "members",
                queryset=CatchUpMember.objects.select_related("user__organisation"),
            )
        )
        .select_related("reported_by")
        .order_by("position", "pk")
    )


# --- Participant pages ---------------------------------------------------------


def my_places(user) -> QuerySet[Place]:
    """The person's confirmed places, newest cohort first."""
    return (
        Place.objects.confirmed()
        .filter(attendee=user)
        .select_related("cohort__programme")
        .prefetch_related("sessions", "cohort__sessions")
        .order_by("-created_at", "-pk")
    )


def place_in(user, cohort_id: int) -> Place | None:
    return my_places(user).filter(cohort_id=cohort_id).first()


def step_sessions(place: Place, *, now=None) -> list[Session]:
    """Sessions the person may set steps after: covered, and already started."""
    now = now or timezone.now()
    return [s for s in place.covered_sessions() if s.starts_at <= now]


def step_for_owner(user, step_id: int) -> ActionStep | None:
    return (
        ActionStep.objects.filter(pk=step_id, owner=user)
        .select_related("session__cohort__programme", "place")
        .prefetch_related(
            Prefetch("comments", queryset=StepComment.objects.select_related("author"))
        )
        .first()
    )


def pair_for_member(user, pair_id: int) -> CatchUpPair | None:
    return (
        CatchUpPair.objects.filter(pk=pair_id, members__user=user)
        .select_related("round__cohort__programme", "round__after_session")
        .first()
    )


def open_round_for(user, cohort: Cohort) -> CatchUpRound | None:
    """A round of the cohort still being drawn, which the person may sit out."""
    return (
        CatchUpRound.objects.filter(cohort=cohort, status=CatchUpRound.Status.DRAFT)
        .select_related("after_session")
        .order_by("-after_session__starts_at")
        .first()
    )
