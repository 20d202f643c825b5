"""The person's CPD record: certificates and totals per year, and cohorts
in progress (with how far along against the sessions their place covers).

It reads certificates (cpd) and places (bookings), so it lives at the top.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from bookings.models import Place
from cpd.eligibility import Eligibility, assess_places, progress_summary
from cpd.models import Certificate
from cpd.selectors import certificates_for


@dataclass
class YearTotal:
    year: int
    hours: Decimal = Decimal("0")
    points: Decimal = Decimal("0")
    certificates: list[Certificate] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    """A cohort in progress: how far along, against the sessions booked."""

    eligibility: Eligibility
    sessions_total: int

    @property
    def place(self):
        return self.eligibility.place

    @property
    def summary(self) -> str:
        return progress_summary(self.eligibility, self.sessions_total)


def sessions_booked(place) -> int:
    """Sessions the place is expected at (chosen ones, else all), not cancelled."""
    return len(place.covered_sessions())


@dataclass
class CpdRecord:
    years: list[YearTotal]
    in_progress: list[Progress]

    @property
    def total_points(self) -> Decimal:
        return sum((y.points for y in self.years), Decimal("0"))

    @property
    def total_hours(self) -> Decimal:
        return sum((y.hours for y in self.years), Decimal("0"))


def cpd_record(user) -> CpdRecord:
    """Certificates grouped by the year of their last session, newest first,
    and the user's cohorts without a certificate yet, with how far along."""
    years: dict[int, YearTotal] = defaultdict(lambda: YearTotal(0))
    certificates = list(certificates_for(user))
    for certificate in certificates:
        year = certificate.last_session_on.year
        total = years[year]
        total.year = year
        total.hours += certificate.hours
        total.points += certificate.points
        total.certificates.append(certificate)
    certified = {c.place_id for c in certificates}
    revoked = set(
        Certificate.objects.owned_by(user)
        .exclude(status=Certificate.Status.VALID)
        .values_list("place_id", flat=True)
    )
    places = (
        Place.objects.confirmed()
        .filter(attendee=user)
        .exclude(pk__in=certified | revoked)
        .select_related("cohort__programme__cpd_policy", "attendee")
        .prefetch_related("sessions", "cohort__sessions")
        .order_by("-created_at")
    )
    # One query for every place's attendance, not two per place.
    in_progress = [
        Progress(eligibility, sessions_booked(eligibility.place))
        for eligibility in assess_places(places)
    ]
    return CpdRecord(
        years=sorted(years.values(), key=lambda y: y.year, reverse=True),
        in_progress=in_progress,
    )
