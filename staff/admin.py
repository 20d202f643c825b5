"""The cohort list gains start date, booked/capacity, waiting and next session,
and a link to each cohort's overview (through ``cop.admin.add_list_columns``;
cohorts' admin module is not imported). Messages staff wrote are listed
read-only; their copies are in the email log."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from bookings.models import Place, WaitingListEntry
from cohorts.models import Cohort, Session
from cop.admin import ProgrammeScopedAdmin, add_list_columns
from staff.models import CohortMessage


def _count(queryset, field: str = "cohort_id"):
    return Coalesce(
        Subquery(
            queryset.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def annotate_cohort_list(queryset):
    now = timezone.now()
    live = Session.objects.filter(cohort_id=OuterRef("pk"), is_cancelled=False)
    return queryset.annotate(
        list_starts_at=Subquery(
            live.order_by().values("cohort_id").annotate(m=Min("starts_at")).values("m")
        ),
        list_next_session=Subquery(
            live.filter(ends_at__gt=now).order_by("starts_at").values("starts_at")[:1]
        ),
        list_booked=_count(Place.objects.confirmed()),
        list_waiting=_count(
            WaitingListEntry.objects.filter(status=WaitingListEntry.Status.WAITING)
        ),
    )


@admin.display(description=_("starts"), ordering="list_starts_at")
def starts(cohort: Cohort) -> str:
    value = getattr(cohort, "list_starts_at", None)
    return f"{timezone.localtime(value):%-d %b %Y}" if value else "-"


@admin.display(description=_("booked / capacity"))
def booked(cohort: Cohort) -> str:
    return f"{getattr(cohort, 'list_booked', 0)} / {cohort.capacity}"


@admin.display(description=_("waiting"), ordering="list_waiting")
def waiting(cohort: Cohort) -> int:
    return getattr(cohort, "list_waiting", 0)


@admin.display(description=_("next session"))
def next_session(cohort: Cohort) -> str:
    value = getattr(cohort, "list_next_session", None)
    if not value:
        return "-"
    local = timezone.localtime(value)
    return f"{local:%a} {local.day} {local:%b, %H:%M}"


@admin.display(description=_("overview"))
def overview_link(cohort: Cohort) -> str:
    return format_html(
        '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
        reverse("staff:cohort_overview", args=[cohort.pk]),
        _("Overview"),
        cohort,
    )


add_list_columns(
    Cohort,
    starts,
    booked,
    waiting,
    next_session,
    overview_link,
    annotate=annotate_cohort_list,
    replaces=("capacity",),  # shown as booked / capacity
)


@admin.register(CohortMessage)
class CohortMessageAdmin(ProgrammeScopedAdmin):
    programme_path = "cohort__programme"
    list_display = ["subject", "cohort", "audience", "recipients", "sent_at"]
    list_filter = ["audience", "about_place"]
    list_select_related = ["cohort__programme"]
    search_fields = ["subject", "cohort__name"]
    FIELDS = (
        "cohort",
        "audience",
        "subject",
        "body",
        "about_place",
        "recipients",
        "created_at",
        "sent_at",
    )
    fields = FIELDS
    readonly_fields = FIELDS

    def has_add_permission(self, request):
        return False  # written from a cohort's overview ("Email this cohort")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
