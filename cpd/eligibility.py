"""Who earns a CPD certificate, with how many hours and points, and why not.

A session counts as attended when the register says "attended" and, if
minutes were recorded, the participant was there for at least the
programme's share of it (e.g. 75%). Cancelled sessions never count.

Beyond sessions, the policy may count practice between them (``practice``):
- an activity: an attended session after which the participant marked an
  action step done with a reflection earns ``activity_points`` (once per
  session, however many steps);
- logged learning (self-directed learning and catch-ups, in minutes) adds
  CPD hours or points (``log_points_per_hour``) as ``log_counts_as`` says,
  up to ``log_max``.
The cohort's ``max_points`` caps the sum of all points.
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
from cpd.models import Attendance, CpdPolicy, LogCredit
from practice.selectors import cpd_activity_sessions, logged_minutes

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
    activities: int = 0
    activity_points: Decimal = Decimal("0")
    logged_minutes: int = 0
    log_hours: Decimal = Decimal("0")
    log_points: Decimal = Decimal("0")

    @property
    def logged_time(self) -> str:
        return hours_and_minutes(self.logged_minutes)

    def practice_summary(self) -> dict[str, object]:
        """What practice between sessions added, for the certificate snapshot."""
        return {
            "activities": self.activities,
            "activity_points": str(self.activity_points),
            "logged_minutes": self.logged_minutes,
            "logged_time": self.logged_time,
            "log_hours": str(self.log_hours),
            "log_points": str(self.log_points),
        }

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


def hours_and_minutes(minutes: int) -> str:
    """'2 hours 30 minutes', '45 minutes', '1 hour'."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(ngettext("%d hour", "%d hours", hours) % hours)
    if rest or not hours:
        parts.append(ngettext("%d minute", "%d minutes", rest) % rest)
    return " ".join(parts)


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


def log_credit(minutes: int, policy: CpdPolicy) -> tuple[Decimal, Decimal]:
    """(hours, points) that ``minutes`` of logged learning add under ``policy``."""
    hours = (Decimal(minutes) / Decimal(60)).quantize(TWO_PLACES, ROUND_HALF_UP)
    if policy.log_counts_as == LogCredit.HOURS:
        if policy.log_max is not None:
            hours = min(hours, policy.log_max)
        return hours, Decimal("0")
    if policy.log_counts_as == LogCredit.POINTS:
        points = (hours * policy.log_points_per_hour).quantize(
            TWO_PLACES, ROUND_HALF_UP
        )
        if policy.log_max is not None:
            points = min(points, policy.log_max)
        return Decimal("0"), points
    return Decimal("0"), Decimal("0")


def assess(
    place: Place,
    *,
    policy: CpdPolicy,
    attendances: Iterable[Attendance],
    activity_sessions: Iterable[int] = (),
    minutes_logged: int = 0,
) -> Eligibility:
    """Assess one place from its attendance rows (with sessions loaded), the
    sessions after which it completed an action step, and its logged minutes."""
    attended = []
    notes = []
    activities = 0
    done_after = set(activity_sessions)
    for row in sorted(attendances, key=lambda a: a.session.starts_at):
        if counts_as_attended(row, policy):
            attended.append(row.session)
            activities += int(row.session_id in done_after)
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
    activity_points = policy.activity_points * activities
    log_hours, log_points = log_credit(minutes_logged, policy)
    hours += log_hours
    uncapped += activity_points + log_points
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
        activities=activities,
        activity_points=activity_points,
        logged_minutes=minutes_logged,
        log_hours=log_hours,
        log_points=log_points,
    )


def assess_place(place: Place) -> Eligibility:
    policy = CpdPolicy.for_programme(place.cohort.programme)
    rows = Attendance.objects.filter(place=place).select_related("session")
    return assess(
        place,
        policy=policy,
        attendances=rows,
        activity_sessions=cpd_activity_sessions([place.pk]).get(place.pk, ()),
        minutes_logged=logged_minutes([place.pk]).get(place.pk, 0),
    )


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
    activities = cpd_activity_sessions(list(by_place))
    minutes = logged_minutes(list(by_place))
    return [
        assess(
            place,
            policy=CpdPolicy.for_programme(place.cohort.programme),
            attendances=by_place[place.pk],
            activity_sessions=activities.get(place.pk, ()),
            minutes_logged=minutes.get(place.pk, 0),
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
    ids = list(by_place)
    activities = cpd_activity_sessions(ids)
    minutes = logged_minutes(ids)
    return [
        assess(
            place,
            policy=policy,
            attendances=by_place[place.pk],
            activity_sessions=activities.get(place.pk, ()),
            minutes_logged=minutes.get(place.pk, 0),
        )
        for place in places
    ]
