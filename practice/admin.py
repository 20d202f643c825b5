"""Registration and list settings; the working screens are in staff_views."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from practice.models import (
    ActionStep,
    CatchUpRound,
    CpdLogEntry,
    FollowUp,
    PracticeSettings,
    StepComment,
)


class FacilitatorScoped(admin.ModelAdmin):
    """Facilitators see rows of their own programmes; coordinators all."""

    cohort_path = "place__cohort"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_coordinator:
            return queryset
        return queryset.filter(
            **{f"{self.cohort_path}__in": Cohort.objects.facilitated_by(request.user)}
        )


class StepCommentInline(admin.TabularInline):
    model = StepComment
    extra = 0
    fields = ["body", "author", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # comments go through the staff page, which emails


@admin.register(ActionStep)
class ActionStepAdmin(FacilitatorScoped):
    list_display = ["what_short", "owner", "session", "status", "by_when", "shared"]
    list_filter = ["status", "shared", "place__cohort"]
    search_fields = ["what", "owner__full_name", "owner__email"]
    list_select_related = ["owner", "session"]
    readonly_fields = ["place", "session", "owner", "created_at", "completed_at"]
    inlines = [StepCommentInline]

    @admin.display(description=_("step"))
    def what_short(self, obj: ActionStep) -> str:
        return obj.what[:80]

    def has_add_permission(self, request):
        return False  # participants add their own steps

    def has_change_permission(self, request, obj=None):
        return False  # the participant's own words; staff comment on the page


@admin.register(FollowUp)
class FollowUpAdmin(FacilitatorScoped):
    list_display = ["place", "reason", "flagged_at", "contacted_at"]
    list_filter = ["place__cohort"]
    list_select_related = ["place"]
    readonly_fields = ["place", "step", "flagged_by", "flagged_at", "contacted_by"]

    def has_add_permission(self, request):
        return False


@admin.register(CatchUpRound)
class CatchUpRoundAdmin(FacilitatorScoped):
    cohort_path = "cohort"
    list_display = ["__str__", "cohort", "status", "automatic", "open_round"]
    list_filter = ["status", "cohort"]
    list_select_related = ["after_session", "cohort"]
    readonly_fields = ["cohort", "after_session", "seed", "status", "sent_at"]

    @admin.display(description=_("pairs"))
    def open_round(self, obj: CatchUpRound) -> str:
        url = reverse("practice:staff_round", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("See the pairs"))

    def has_add_permission(self, request):
        return False  # rounds are drawn on the staff page


@admin.register(CpdLogEntry)
class CpdLogEntryAdmin(FacilitatorScoped):
    list_display = ["what", "user", "kind", "on", "minutes"]
    list_filter = ["kind", "place__cohort"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the participant's own log


@admin.register(PracticeSettings)
class PracticeSettingsAdmin(admin.ModelAdmin):
    list_display = ["programme", "automatic_rounds", "nudge_days_before"]
