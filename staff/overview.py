"""One cohort at a glance: places, funnel, money, attendance, certificates.

Every figure is an aggregate query; the attendance grid reads one page of
people with their sessions and marks in three queries, so the page costs the
same for ten participants as for ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ExpressionOfInterest
from bookings.models import Invoice, Payment, Place, Refund, WaitingListEntry
from cohorts.models import Cohort, Session
from cpd.attendance import Mark, RegisterResult, record_register, register_places
from cpd.models import Attendance, Certificate

GRID_PAGE = 50
ZERO = Decimal("0.00")


def places(cohort: Cohort) -> dict[str, int]:
    now = timezone.now()
    figures = Place.objects.filter(cohort=cohort).aggregate(
        confirmed=Count("pk", filter=Q(status=Place.Status.CONFIRMED)),
        held=Count(
            "pk",
            filter=Q(status=Place.Status.HELD, order__hold_expires_at__gt=now),
        ),
        free=Count("pk", filter=Q(status=Place.Status.CONFIRMED, is_free_place=True)),
    )
    waiting = WaitingListEntry.objects.filter(
        cohort=cohort, status=WaitingListEntry.Status.WAITING
    ).count()
    left = max(cohort.capacity - figures["confirmed"] - figures["held"], 0)
    return {"capacity": cohort.capacity, **figures, "waiting": waiting, "left": left}


def funnel(cohort: Cohort) -> list[tuple[str, int]]:
    """Interest, applied, accepted, booked, attended at least once, certified."""
    applications = Application.objects.filter(cohort=cohort).aggregate(
        applied=Count("pk", filter=~Q(status=Application.Status.DRAFT)),
        accepted=Count("pk", filter=Q(status=Application.Status.ACCEPTED)),
    )
    booked = Place.objects.confirmed().filter(cohort=cohort).count()
    attended = (
        Attendance.objects.filter(
            session__cohort=cohort,
            status=Attendance.Status.ATTENDED,
            place__status=Place.Status.CONFIRMED,
        )
        .values("place_id")
        .distinct()
        .count()
    )
    certified = Certificate.objects.valid().filter(cohort=cohort).count()
    return [
        (_("Interest"), ExpressionOfInterest.objects.filter(cohort=cohort).count()),
        (_("Applied"), applications["applied"]),
        (_("Accepted"), applications["accepted"]),
        (_("Booked"), booked),
        (_("Attended at least once"), attended),
        (_("Certified"), certified),
    ]


def money(cohort: Cohort) -> dict[str, Decimal]:
    invoices = Invoice.objects.filter(order__cohort=cohort).aggregate(
        invoiced=Sum("amount"),
        owed=Sum("amount", filter=Q(status=Invoice.Status.ISSUED)),
    )
    paid = Payment.objects.filter(
        order__cohort=cohort,
        status__in=[
            Payment.Status.PAID,
            Payment.Status.REFUNDED,
            Payment.Status.PARTLY_REFUNDED,
        ],
    ).aggregate(paid=Sum("amount"))["paid"]
    refunded = Refund.objects.filter(
        payment__order__cohort=cohort, status=Refund.Status.SUCCEEDED
    ).aggregate(total=Sum("amount"))["total"]
    discounts = (
        Place.objects.confirmed()
        .filter(cohort=cohort)
        .aggregate(
            free=Sum("list_price", filter=Q(is_free_place=True)),
            discounts=Sum("discount", filter=Q(is_free_place=False)),
        )
    )
    return {
        "invoiced": invoices["invoiced"] or ZERO,
        "paid": paid or ZERO,
        "owed": invoices["owed"] or ZERO,
        "refunded": refunded or ZERO,
        "free_places": discounts["free"] or ZERO,
        "discounts": discounts["discounts"] or ZERO,
    }


def certificates(cohort: Cohort) -> dict[str, int]:
    return Certificate.objects.filter(cohort=cohort).aggregate(
        valid=Count("pk", filter=Q(status=Certificate.Status.VALID)),
        revoked=Count("pk", filter=Q(status=Certificate.Status.REVOKED)),
        replaced=Count("pk", filter=Q(status=Certificate.Status.REPLACED)),
        last_issued=Max("issued_at"),
    )


def dates(cohort: Cohort) -> dict[str, Any]:
    return Session.objects.filter(cohort=cohort, is_cancelled=False).aggregate(
        first=Min("starts_at"), last=Max("ends_at"), count=Count("pk")
    )


def feedback_summary(cohort: Cohort) -> dict[str, Any] | None:
    """Feedback for the cohort. Wire to ``evaluation`` when it lands."""
    return None


def space_url(cohort: Cohort) -> str:
    """The cohort's space (staff see it as members do, with their own tools)."""
    return reverse("community:space", args=[cohort.pk])


# --- The attendance grid ---------------------------------------------------------


@dataclass
class Cell:
    session: Session
    expected: bool
    status: str


@dataclass
class Row:
    place: Place
    cells: list[Cell]


def grid_sessions(cohort: Cohort) -> list[Session]:
    return list(cohort.sessions.filter(is_cancelled=False).order_by("starts_at"))


def grid(
    cohort: Cohort, sessions: list[Session], page_number: Any = 1
) -> tuple[Page, list[Row]]:
    """One page of confirmed participants by sessions, with their marks."""
    people = (
        Place.objects.confirmed()
        .filter(cohort=cohort)
        .select_related("attendee")
        .prefetch_related("sessions")
        .order_by("attendee_name", "pk")
    )
    page = Paginator(people, GRID_PAGE).get_page(page_number)
    on_page = list(page.object_list)
    marks = {
        (a.place_id, a.session_id): a.status
        for a in Attendance.objects.filter(place__in=[p.pk for p in on_page]).only(
            "place_id", "session_id", "status"
        )
    }
    rows = []
    for place in on_page:
        chosen = {s.pk for s in place.sessions.all()}
        rows.append(
            Row(
                place=place,
                cells=[
                    Cell(
                        session=session,
                        expected=not chosen or session.pk in chosen,
                        status=marks.get((place.pk, session.pk), ""),
                    )
                    for session in sessions
                ],
            )
        )
    return page, rows


def mark_all_attended(*, session: Session, actor: Any) -> int:
    """Mark everyone expected at ``session`` attended (the register's rules)."""
    done = set(
        Attendance.objects.filter(
            session=session, status=Attendance.Status.ATTENDED
        ).values_list("place_id", flat=True)
    )
    marks = [
        Mark(place_id=place.pk, status=Attendance.Status.ATTENDED)
        for place in register_places(session)
        if place.pk not in done
    ]
    return _saved_or_refused(record_register(session=session, marks=marks, actor=actor))


def _saved_or_refused(result: RegisterResult) -> int:
    """How many lines were saved; a refused line (the register's rules) is
    raised so the grid shows why. The register keeps the valid lines."""
    if result.refused:
        raise next(iter(result.refused.values()))
    return result.saved


def mark_cells(*, session: Session, changes: dict[int, str], actor: Any) -> int:
    """Record the changed cells of one session's column (the register's rules)."""
    current = dict(
        Attendance.objects.filter(session=session).values_list("place_id", "status")
    )
    marks = [
        Mark(place_id=place_id, status=status)
        for place_id, status in changes.items()
        if status and current.get(place_id) != status
    ]
    return _saved_or_refused(record_register(session=session, marks=marks, actor=actor))
