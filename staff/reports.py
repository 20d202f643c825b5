"""Network reports: pure aggregate functions over a date range and programme.

A cohort is in the report when one of its sessions starts in the range. Each
table is a ``Table`` (a title, column headings and rows of plain values) so
the page, the charts and the CSV and Excel downloads share one source. Every
table is one or two grouped queries: the cost does not grow with the number
of participants. Region is not recorded for organisations, so it is left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ExpressionOfInterest
from bookings.models import Payment, Place, WaitingListEntry
from cohorts.models import Cohort, Programme, Session
from cop.models import OrganisationType, User
from cpd.models import Attendance, Certificate

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    programme: Programme | None = None

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(
            self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz
        )
        return start, end


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    chart: str = "bar"  # how charts.py draws it: bar, pie or none
    description: str = ""


def cohorts_in(period: Period, user: User) -> QuerySet[Cohort]:
    start, end = period.bounds()
    cohorts = Cohort.objects.facilitated_by(user).filter(
        Exists(
            Session.objects.filter(
                cohort_id=OuterRef("pk"), starts_at__gte=start, starts_at__lt=end
            )
        )
    )
    if period.programme is not None:
        cohorts = cohorts.filter(programme=period.programme)
    return cohorts.exclude(status=Cohort.Status.CANCELLED)


def _places(period: Period, user: User) -> QuerySet[Place]:
    return Place.objects.confirmed().filter(cohort__in=cohorts_in(period, user))


def participants_by_type(period: Period, user: User) -> Table:
    labels = dict(OrganisationType.choices)
    rows = (
        _places(period, user)
        .values("attendee__organisation__type")
        .annotate(
            people=Count("attendee_email", distinct=True),
            organisations=Count("attendee__organisation", distinct=True),
        )
        .order_by("-people")
    )
    return Table(
        key="organisation_types",
        title=_("Participants and organisations by organisation type"),
        columns=[_("Organisation type"), _("Participants"), _("Organisations")],
        rows=[
            [
                str(labels.get(r["attendee__organisation__type"], _("Not known"))),
                r["people"],
                r["organisations"],
            ]
            for r in rows
        ],
        description=_(
            "Confirmed participants of cohorts with a session in the period."
        ),
    )


def participants_by_tier(period: Period, user: User) -> Table:
    rows = (
        _places(period, user)
        .values("attendee__organisation__membership_tier__name")
        .annotate(
            people=Count("attendee_email", distinct=True),
            organisations=Count("attendee__organisation", distinct=True),
        )
        .order_by("-people")
    )
    return Table(
        key="membership_tiers",
        title=_("Participants and organisations by membership tier"),
        columns=[_("Membership tier"), _("Participants"), _("Organisations")],
        rows=[
            [
                r["attendee__organisation__membership_tier__name"] or _("Not a member"),
                r["people"],
                r["organisations"],
            ]
            for r in rows
        ],
    )


def new_and_returning(period: Period, user: User) -> Table:
    """Returning: had a confirmed place in an earlier cohort (one with a
    session before the period that is not itself in the report)."""
    start, _end = period.bounds()
    cohorts = cohorts_in(period, user)
    earlier = (
        Place.objects.confirmed()
        .filter(
            Exists(
                Session.objects.filter(
                    cohort_id=OuterRef("cohort_id"), starts_at__lt=start
                )
            )
        )
        .exclude(cohort__in=cohorts)
        .values("attendee_email")
    )
    figures = _places(period, user).aggregate(
        all=Count("attendee_email", distinct=True),
        returning=Count(
            "attendee_email", distinct=True, filter=Q(attendee_email__in=earlier)
        ),
    )
    return Table(
        key="new_returning",
        title=_("New and returning participants"),
        columns=[_("Participants"), _("Number")],
        rows=[
            [_("New"), figures["all"] - figures["returning"]],
            [_("Returning"), figures["returning"]],
        ],
        chart="pie",
    )


def _rate(attended: int, expected: int) -> Decimal:
    if not expected:
        return Decimal("0.0")
    return (Decimal(attended) * 100 / Decimal(expected)).quantize(Decimal("0.1"))


def _counts(queryset: QuerySet, key: str) -> dict[int, int]:
    return dict(
        queryset.order_by().values(key).annotate(n=Count("pk")).values_list(key, "n")
    )


def attendance_by_session(period: Period, user: User) -> Table:
    """Expected at a session: confirmed places that chose no sessions (they
    come to all) plus those that chose it (the register's rule). Four grouped
    queries, combined here."""
    start, end = period.bounds()
    held = Session.objects.filter(
        cohort__in=cohorts_in(period, user),
        is_cancelled=False,
        starts_at__gte=start,
        starts_at__lt=min(end, timezone.now()),
    )
    sessions = list(
        held.annotate(
            programme_name=F("cohort__programme__name"), cohort_name=F("cohort__name")
        )
        .order_by("starts_at")
        .values(
            "pk",
            "cohort_id",
            "programme_name",
            "cohort_name",
            "number",
            "title",
            "starts_at",
        )
    )
    confirmed = Place.objects.confirmed()
    everything = _counts(
        confirmed.filter(cohort__in=held.values("cohort_id"), sessions=None),
        "cohort_id",
    )
    chosen = _counts(
        Place.sessions.through.objects.filter(
            session__in=held, place__status=Place.Status.CONFIRMED
        ),
        "session_id",
    )
    attended = _counts(
        Attendance.objects.filter(
            session__in=held,
            status=Attendance.Status.ATTENDED,
            place__status=Place.Status.CONFIRMED,
        ),
        "session_id",
    )
    rows = []
    for s in sessions:
        expected = everything.get(s["cohort_id"], 0) + chosen.get(s["pk"], 0)
        came = attended.get(s["pk"], 0)
        rows.append(
            [
                f"{s['programme_name']}: {s['cohort_name']}",
                f"{s['number']}. {s['title']}",
                timezone.localtime(s["starts_at"]).date(),
                expected,
                came,
                _rate(came, expected),
            ]
        )
    return Table(
        key="attendance_sessions",
        title=_("Attendance rate per session"),
        columns=[
            _("Cohort"),
            _("Session"),
            _("Date"),
            _("Expected"),
            _("Attended"),
            _("Rate (%)"),
        ],
        rows=rows,
        chart="none",
    )


def attendance_by_cohort(sessions: Table) -> Table:
    """Per cohort, from the per-session table (no further query)."""
    totals: dict[str, list[int]] = {}
    for cohort, _session, _day, expected, attended, _pc in sessions.rows:
        total = totals.setdefault(cohort, [0, 0])
        total[0] += expected
        total[1] += attended
    return Table(
        key="attendance_cohorts",
        title=_("Attendance rate per cohort"),
        columns=[_("Cohort"), _("Expected"), _("Attended"), _("Rate (%)")],
        rows=[[c, e, a, _rate(a, e)] for c, (e, a) in totals.items()],
        description=_(
            "Sessions held in the period; expected is the confirmed places due at each."
        ),
    )


def certificates_issued(period: Period, user: User) -> Table:
    start, end = period.bounds()
    certificates = Certificate.objects.valid().filter(
        cohort__in=Cohort.objects.facilitated_by(user),
        issued_at__gte=start,
        issued_at__lt=end,
    )
    if period.programme is not None:
        certificates = certificates.filter(cohort__programme=period.programme)
    rows = (
        certificates.values("cohort__programme__name")
        .annotate(count=Count("pk"), points=Sum("points"), hours=Sum("hours"))
        .order_by("cohort__programme__name")
    )
    return Table(
        key="certificates",
        title=_("Certificates and CPD points issued"),
        columns=[_("Programme"), _("Certificates"), _("CPD points"), _("Hours")],
        rows=[
            [r["cohort__programme__name"], r["count"], r["points"], r["hours"]]
            for r in rows
        ],
    )


def income(period: Period, user: User) -> Table:
    """Booked value, payments received, discounts and free places, per cohort."""
    cohorts = cohorts_in(period, user)
    paid = (
        Payment.objects.filter(
            order__cohort_id=OuterRef("pk"),
            status__in=[
                Payment.Status.PAID,
                Payment.Status.PARTLY_REFUNDED,
                Payment.Status.REFUNDED,
            ],
        )
        .order_by()
        .values("order__cohort_id")
        .annotate(net=Sum(F("amount") - F("amount_refunded")))
        .values("net")
    )
    confirmed = Q(places__status=Place.Status.CONFIRMED)
    rows = (
        cohorts.annotate(
            booked=Sum("places__total", filter=confirmed),
            discounts=Sum(
                "places__discount", filter=confirmed & Q(places__is_free_place=False)
            ),
            free=Sum(
                "places__list_price", filter=confirmed & Q(places__is_free_place=True)
            ),
            received=Subquery(paid),
        )
        .select_related("programme")
        .order_by("programme__name", "name")
    )
    return Table(
        key="income",
        title=_("Income by programme and cohort"),
        columns=[
            _("Programme"),
            _("Cohort"),
            _("Booked (£)"),
            _("Received (£)"),
            _("Discounts given (£)"),
            _("Free places value (£)"),
        ],
        rows=[
            [
                c.programme.name,
                c.name,
                c.booked or ZERO,
                c.received or ZERO,
                c.discounts or ZERO,
                c.free or ZERO,
            ]
            for c in rows
        ],
        description=_("Received is card and invoice payments less refunds."),
    )


def unmet_demand(period: Period, user: User) -> Table:
    """Waiting lists and interest that found no confirmed place in the programme."""
    cohorts = cohorts_in(period, user)
    waiting_rows = (
        WaitingListEntry.objects.filter(cohort__in=cohorts)
        .exclude(status=WaitingListEntry.Status.BOOKED)
        .annotate(key=Lower("email"))
    )
    interest_rows = ExpressionOfInterest.objects.filter(cohort__in=cohorts).annotate(
        key=Lower("email")
    )
    fields = ("cohort__programme__name", "cohort__programme_id", "key")
    waiting = list(waiting_rows.values_list(*fields).distinct())
    interest = list(interest_rows.values_list(*fields).distinct())
    placed = set(
        Place.objects.confirmed()
        .annotate(key=Lower("attendee_email"))
        .filter(
            Q(key__in=waiting_rows.values("key"))
            | Q(key__in=interest_rows.values("key"))
        )
        .values_list("cohort__programme_id", "key")
    )
    counts: dict[str, list[int]] = {}
    for column, rows in ((0, waiting), (1, interest)):
        for name, programme_id, key in rows:
            if (programme_id, key) not in placed:
                counts.setdefault(name, [0, 0])[column] += 1
    return Table(
        key="unmet_demand",
        title=_("Unmet demand"),
        columns=[
            _("Programme"),
            _("On a waiting list, no place"),
            _("Interest, no place"),
        ],
        rows=[[name, *counts[name]] for name in sorted(counts)],
    )


def network_report(period: Period, user: User) -> list[Table]:
    sessions = attendance_by_session(period, user)
    return [
        participants_by_type(period, user),
        participants_by_tier(period, user),
        new_and_returning(period, user),
        attendance_by_cohort(sessions),
        sessions,
        certificates_issued(period, user),
        income(period, user),
        unmet_demand(period, user),
    ]
