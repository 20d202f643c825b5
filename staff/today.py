"""What needs doing today, across the programmes a member of staff can see.

Each function is one aggregate query over the user's cohorts, so the page
costs the same for ten participants as for ten thousand. Items owned by apps
built in parallel (feedback, action steps, catch-ups) are the small functions
at the end, returning nothing until the lead wires them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from bookings.models import Invoice, Place, WaitingListOffer
from cohorts.models import Cohort, Session
from cop.models import User
from cpd.models import Attendance, Certificate
from evaluation.models import SessionFeedback
from practice.models import CatchUpPair, FollowUp

REGISTER_LOOKBACK = dt.timedelta(days=120)
LIST_LIMIT = 10


@dataclass
class Item:
    """One line of the page: what, how many, where it is done."""

    label: str
    count: int
    url: str
    detail: str = ""
    rows: list[Any] = field(default_factory=list)


def scoped_cohorts(user: User) -> QuerySet[Cohort]:
    return Cohort.objects.facilitated_by(user)


def applications_waiting(user: User) -> Item:
    figures = Application.objects.filter(
        cohort__in=scoped_cohorts(user),
        status__in=[Application.Status.SUBMITTED, Application.Status.SHORTLISTED],
    ).aggregate(count=Count("pk"), oldest=Min("submitted_at"))
    oldest = figures["oldest"]
    detail = ""
    if oldest is not None:
        days = (timezone.now() - oldest).days
        detail = _("oldest waiting %(days)d days") % {"days": days}
    return Item(
        label=_("Applications waiting for a decision"),
        count=figures["count"],
        url=reverse("admin:applications_application_changelist")
        + "?status__in=submitted,shortlisted",
        detail=detail,
    )


def registers_to_fill(user: User, now: dt.datetime | None = None) -> Item:
    """Ended sessions with confirmed places and nothing recorded yet."""
    now = now or timezone.now()
    sessions = (
        Session.objects.facilitated_by(user)
        .filter(
            ends_at__lte=now,
            ends_at__gte=now - REGISTER_LOOKBACK,
            is_cancelled=False,
        )
        .exclude(cohort__status__in=[Cohort.Status.DRAFT, Cohort.Status.CANCELLED])
        .filter(
            Exists(Place.objects.confirmed().filter(cohort_id=OuterRef("cohort_id"))),
            ~Exists(Attendance.objects.filter(session_id=OuterRef("pk"))),
        )
        .select_related("cohort__programme")
        .order_by("ends_at")
    )
    rows = list(sessions[:LIST_LIMIT])
    count = len(rows) if len(rows) < LIST_LIMIT else sessions.count()
    return Item(
        label=_("Registers not filled for sessions that have ended"),
        count=count,
        url=reverse("admin:cpd_registers"),
        rows=rows,
    )


def overdue_invoices(user: User, today: dt.date | None = None) -> Item:
    figures = Invoice.objects.filter(
        order__cohort__in=scoped_cohorts(user),
        status=Invoice.Status.ISSUED,
        due_on__lt=today or timezone.localdate(),
    ).aggregate(count=Count("pk"), total=Sum("amount"), oldest=Min("due_on"))
    detail = ""
    if figures["count"]:
        detail = _("£%(total)s owed, oldest due %(day)s") % {
            "total": f"{figures['total']:,.2f}",
            "day": f"{figures['oldest']:%-d %B %Y}",
        }
    return Item(
        label=_("Overdue invoices"),
        count=figures["count"],
        url=reverse("admin:bookings_invoice_changelist") + "?status__exact=issued",
        detail=detail,
    )


def offers_out(user: User) -> Item:
    figures = WaitingListOffer.objects.filter(
        cohort__in=scoped_cohorts(user),
        status=WaitingListOffer.Status.OPEN,
        expires_at__gt=timezone.now(),
    ).aggregate(count=Count("pk"), soonest=Min("expires_at"))
    detail = ""
    if figures["soonest"] is not None:
        soonest = timezone.localtime(figures["soonest"])
        detail = _("first expires %(when)s") % {
            "when": f"{soonest:%A} {soonest.day} {soonest:%B, %H:%M}"
        }
    return Item(
        label=_("Waiting-list offers out"),
        count=figures["count"],
        url=reverse("admin:bookings_waitinglistentry_changelist")
        + "?status__exact=offered",
        detail=detail,
    )


def certificates_to_see_to(user: User, now: dt.datetime | None = None) -> Item:
    """Cohorts whose sessions are all over with no certificate issued yet, and
    certificates whose attendance changed after they were issued."""
    now = now or timezone.now()
    ready = (
        scoped_cohorts(user)
        .filter(status__in=[Cohort.Status.RUNNING, Cohort.Status.FINISHED])
        .filter(
            Exists(Session.objects.filter(cohort_id=OuterRef("pk"))),
            ~Exists(
                Session.objects.filter(
                    cohort_id=OuterRef("pk"), is_cancelled=False, ends_at__gt=now
                )
            ),
            ~Exists(Certificate.objects.filter(cohort_id=OuterRef("pk"))),
            Exists(Place.objects.confirmed().filter(cohort_id=OuterRef("pk"))),
        )
        .select_related("programme")
        .order_by("pk")
    )
    rows = list(ready[:LIST_LIMIT])
    out_of_date = (
        Certificate.objects.valid()
        .filter(cohort__in=scoped_cohorts(user))
        .filter(
            Exists(
                Attendance.objects.filter(
                    place_id=OuterRef("place_id"),
                    recorded_at__gt=OuterRef("issued_at"),
                )
            )
        )
        .count()
    )
    detail = ""
    if out_of_date:
        detail = _(
            "%(n)d issued certificates are out of date after attendance changed"
        ) % {"n": out_of_date}
    return Item(
        label=_("Certificates ready to issue or out of date"),
        count=len(rows) + out_of_date,
        url=reverse("admin:cpd_registers"),
        detail=detail,
        rows=rows,
    )


def week_ahead(user: User, now: dt.datetime | None = None) -> list[Session]:
    now = now or timezone.now()
    return list(
        Session.objects.facilitated_by(user)
        .filter(
            is_cancelled=False,
            ends_at__gt=now,
            starts_at__lt=now + dt.timedelta(days=7),
        )
        .exclude(cohort__status=Cohort.Status.CANCELLED)
        .select_related("cohort__programme")
        .annotate(
            expected=Count(
                "cohort__places",
                filter=Q(cohort__places__status=Place.Status.CONFIRMED),
                distinct=True,
            )
        )
        .order_by("starts_at")
    )


# --- Where the lead wires the apps built in parallel ---------------------------


def new_feedback(user: User) -> Item:
    """Session feedback given in the last seven days."""
    since = timezone.now() - dt.timedelta(days=7)
    count = SessionFeedback.objects.filter(
        session__cohort__in=scoped_cohorts(user), updated_at__gte=since
    ).count()
    return Item(
        label=_("New session feedback (last 7 days)"),
        count=count,
        url=reverse("evaluation:staff_index"),
    )


def action_steps_flagged(user: User) -> Item:
    """People flagged to contact about their action steps, not yet contacted."""
    count = FollowUp.objects.filter(
        place__cohort__in=scoped_cohorts(user), contacted_at__isnull=True
    ).count()
    return Item(
        label=_("People to contact about their action steps"),
        count=count,
        url=reverse("practice:staff_index"),
    )


def catch_ups_not_met(user: User) -> Item:
    """Catch-up pairs in sent rounds that said they could not meet."""
    count = CatchUpPair.objects.filter(
        round__cohort__in=scoped_cohorts(user),
        outcome=CatchUpPair.Outcome.NOT_MET,
    ).count()
    return Item(
        label=_("Catch-up pairs who could not meet"),
        count=count,
        url=reverse("practice:staff_index"),
    )


def session_space_url(session: Session) -> str:
    """A session's page in the cohort space."""
    return reverse("community:session", args=[session.cohort_id, session.pk])


def today(user: User) -> dict[str, Any]:
    items = [
        applications_waiting(user),
        registers_to_fill(user),
        overdue_invoices(user),
        offers_out(user),
        certificates_to_see_to(user),
        new_feedback(user),
        action_steps_flagged(user),
        catch_ups_not_met(user),
    ]
    sessions = week_ahead(user)
    for session in sessions:
        session.space_url = session_space_url(session)  # type: ignore[attr-defined]
    return {"items": [item for item in items if item is not None], "sessions": sessions}
