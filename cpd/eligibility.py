"""Who earns a CPD certificate, with how many hours and points, and why not.

A session counts as attended when the register says "attended" and, if
minutes were recorded, the participant was there for at least the
programme's share of it (e.g. 75%). Cancelled sessions never count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bookings.models import Place
from cohorts.models import Cohort, Session
from cpd.models import Attendance, CpdPolicy

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Eligibility:
    place: Place
    attended: list[Session] = field(default_factory=list)  # in date order
    min_sessions: int = 0
    hours: Decimal = Decimal("0")
    points: Decimal = Decimal("0")
    uncapped_points: Decimal = Decimal("0")
    notes: list[str] = field(default_factory=list)

    @property
    def sessions_attended(self) -> int:
        return len(self.attended)

    @property
    def sessions_short(self) -> int:
        return max(0, self.min_sessions - self.sessions_attended)

    @property
    def is_eligible(self) -> bool:
        return self.sessions_short == 0

    @property
    def is_capped(self) -> bool:
        return self.points < self.uncapped_points

    @property
    def reason(self) -> str:
        """Why not, in words a participant understands; '' when eligible."""
        if self.is_eligible:
            return ""
        short = self.sessions_short
        words = {1: _("One"), 2: _("Two"), 3: _("Three")}
        count = words.get(short, str(short))
        return ngettext(
            "%(count)s more session needed (%(done)d of %(min)d attended).",
            "%(count)s more sessions needed (%(done)d of %(min)d attended).",
            short,
        ) % {"count": count, "done": self.sessions_attended, "min": self.min_sessions}


def _in_words(number: int) -> str:
    words = {1: _("one"), 2: _("two"), 3: _("three"), 4: _("four"), 5: _("five")}
    return words.get(number, str(number))


def progress_summary(eligibility: Eligibility, sessions_total: int) -> str:
    """One plain sentence for the participant: '2 of 6 sessions attended; one
    more needed for a certificate.'"""
    done = eligibility.sessions_attended
    total = max(sessions_total, done)
    if total == 0:
        return _("No sessions scheduled yet; a certificate needs %(min)d.") % {
            "min": eligibility.min_sessions
        }
    attended = ngettext(
        "%(done)d of %(total)d session attended",
        "%(done)d of %(total)d sessions attended",
        total,
    ) % {"done": done, "total": total}
    if eligibility.is_eligible:
        return _(
            "%(attended)s: enough for a certificate, which is issued when the "
            "cohort finishes."
        ) % {"attended": attended}
    if total < eligibility.min_sessions:
        return _(
            "%(attended)s; a certificate needs %(min)d, more than this booking "
            "includes."
        ) % {"attended": attended, "min": eligibility.min_sessions}
    short = eligibility.sessions_short
    return ngettext(
        "%(attended)s; %(more)s more needed for a certificate.",
        "%(attended)s; %(more)s more needed for a certificate.",
        short,
    ) % {"attended": attended, "more": _in_words(short)}


def threshold_minutes(session: Session, policy: CpdPolicy) -> int:
    """Minutes present needed for ``session`` to count (rounded up)."""
    length = session.duration.total_seconds() / 60
    return math.ceil(length * policy.attendance_threshold_percent / 100)


def counts_as_attended(attendance: Attendance, policy: CpdPolicy) -> bool:
    if attendance.status != Attendance.Status.ATTENDED:
        return False
    if attendance.session.is_cancelled:
        return False
    if attendance.minutes_present is None:
        return True
    return attendance.minutes_present >= threshold_minutes(attendance.session, policy)


def session_hours(session: Session, policy: CpdPolicy) -> Decimal:
    if policy.hours_per_session is not None:
        return policy.hours_per_session
    hours = Decimal(session.duration.total_seconds()) / Decimal(3600)
    return hours.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def session_points(session: Session, policy: CpdPolicy) -> Decimal:
    if session.cpd_points is not None:
        return session.cpd_points
    return policy.points_per_session


def assess(
    place: Place, *, policy: CpdPolicy, attendances: Iterable[Attendance]
) -> Eligibility:
    """Assess one place from its attendance rows (with sessions loaded)."""
    attended = []
    notes = []
    activities = 0
    for row in sorted(attendances, key=lambda a: a.session.starts_at):
        if counts_as_attended(row, policy):
            attended.append(row.session)
            activities += int(row.activity_completed)
        elif row.status == Attendance.Status.ATTENDED and not row.session.is_cancelled:
            notes.append(
                _(
                    "Session %(number)d: present %(minutes)d of %(length)d minutes; "
                    "%(needed)d needed to count."
                )
                % {
                    "number": row.session.number,
                    "minutes": row.minutes_present,
                    "length": row.session.duration.total_seconds() // 60,
                    "needed": threshold_minutes(row.session, policy),
                }
            )
    hours = sum((session_hours(s, policy) for s in attended), Decimal("0"))
    uncapped = sum((session_points(s, policy) for s in attended), Decimal("0"))
    uncapped += policy.activity_points * activities
    points = uncapped
    if policy.max_points is not None:
        points = min(points, policy.max_points)
    return Eligibility(
        place=place,
        attended=attended,
        min_sessions=policy.min_sessions,
        hours=hours,
        points=points,
        uncapped_points=uncapped,
        notes=notes,
    )


def assess_place(place: Place) -> Eligibility:
    policy = CpdPolicy.for_programme(place.cohort.programme)
    rows = Attendance.objects.filter(place=place).select_related("session")
    return assess(place, policy=policy, attendances=rows)


def assess_places(places: Iterable[Place]) -> list[Eligibility]:
    """Several places (of any cohorts) in one query for all their attendance.

    Read the places with ``select_related("cohort__programme__cpd_policy")``
    so that their policies come with them.
    """
    places = list(places)
    by_place: dict[int, list[Attendance]] = {p.pk: [] for p in places}
    rows = Attendance.objects.filter(place__in=places).select_related("session")
    for row in rows:
        by_place[row.place_id].append(row)
    return [
        assess(
            place,
            policy=CpdPolicy.for_programme(place.cohort.programme),
            attendances=by_place[place.pk],
        )
        for place in places
    ]


def assess_cohort(cohort: Cohort) -> list[Eligibility]:
    """Every confirmed place of ``cohort``, in a fixed number of queries."""
    policy = CpdPolicy.for_programme(cohort.programme)
    places = list(
        Place.objects.confirmed()
        .filter(cohort=cohort)
        .select_related("attendee")
        .order_by("attendee_name", "pk")
    )
    by_place: dict[int, list[Attendance]] = {p.pk: [] for p in places}
    rows = Attendance.objects.filter(place__in=places).select_related("session")
    for row in rows:
        by_place[row.place_id].append(row)
    return [
        assess(place, policy=policy, attendances=by_place[place.pk]) for place in places
    ]
