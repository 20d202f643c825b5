"""Selection in the admin: read, filter, note, decide, run another group.

The availability tally is a staff screen in ``applications/staff_views.py``.

Facilitators see only their own programmes' rows; coordinators see all.
Every decision goes through ``applications.selection`` (locks, emails, audit).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from applications import staff_views
from applications.admin_forms import AnotherGroupForm, MessageForm
from applications.availability import day_label, time_options
from applications.errors import ApplicationError
from applications.messages import MessageText, message_for
from applications.models import (
    Application,
    DecisionMessage,
    ExpressionOfInterest,
    TimeSlot,
)
from applications.selection import (
    decide,
    run_another_group,
    save_reviewer_notes,
    withdraw,
)
from bookings.capacity import places_left
from cohorts.models import Cohort
from cohorts.services import CohortError
from cop.admin import ProgrammeScopedAdmin
from cop.refusals import refusal_text, show_refusal


class CohortScopedAdmin(ProgrammeScopedAdmin):
    """Rows hang off a cohort; facilitators see and pick only their cohorts."""

    programme_path = "cohort__programme"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cohort":
            kwargs["queryset"] = Cohort.objects.facilitated_by(
                request.user
            ).select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


ROLE_SHORT = {
    Application.Role.FRONT_LINE: _lazy("Front line"),
    Application.Role.DESIGNING: _lazy("Designs or commissions"),
}


@admin.register(Application)
class ApplicationAdmin(CohortScopedAdmin):
    # Short headings and values so every column fits 1280px beside the
    # admin's navigation and the filters (static/css/admin.css wraps them).
    list_display = [
        "applicant_name",
        "cohort",
        "status",
        "role_short",
        "supported",
        "availability",
        "submitted_on",
    ]
    list_filter = [
        "status",
        "role",
        "organisation_supports",
        ("cohort", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "applicant__full_name",
        "applicant__email",
        "organisation_name",
        "motivation",
        "hopes",
        "challenge",
        "reviewer_notes",
    ]
    list_select_related = ["applicant", "cohort__programme"]
    list_per_page = 100
    date_hierarchy = "submitted_at"
    actions = [
        "shortlist",
        "accept",
        "waitlist",
        "decline",
        "mark_withdrawn",
        "run_another_group",
    ]
    readonly_fields = [
        "applicant",
        "applicant_email",
        "cohort",
        "status",
        "submitted_at",
        "decided_at",
        "place",
        "motivation",
        "hopes",
        "challenge",
        "role",
        "organisation_name",
        "organisation_supports",
        "availability",
    ]
    fieldsets = [
        (
            _lazy("Applicant"),
            {
                "fields": [
                    "applicant",
                    "applicant_email",
                    "cohort",
                    "role",
                    "organisation_name",
                    "organisation_supports",
                ]
            },
        ),
        (_lazy("Answers"), {"fields": ["motivation", "hopes", "challenge"]}),
        (_lazy("Availability"), {"fields": ["availability"]}),
        (
            _lazy("Review"),
            {
                "fields": [
                    "status",
                    "reviewer_notes",
                    "submitted_at",
                    "decided_at",
                    "place",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        # Drafts are the applicant's own until submitted; reviewers see counts only.
        # The availability column reads each cohort's own time slots: prefetch.
        return (
            super()
            .get_queryset(request)
            .exclude(status=Application.Status.DRAFT)
            .prefetch_related("cohort__time_slots")
        )

    def has_add_permission(self, request):
        return False  # applications come from applicants

    def has_delete_permission(self, request, obj=None):
        return False  # decisions are kept; withdraw instead

    @admin.display(description=_lazy("Applicant"), ordering="applicant__full_name")
    def applicant_name(self, obj):
        return obj.applicant.full_name or obj.applicant.email

    @admin.display(description=_lazy("Email"))
    def applicant_email(self, obj):
        return obj.applicant.email

    @admin.display(description=_lazy("Role"), ordering="role")
    def role_short(self, obj):
        return ROLE_SHORT.get(obj.role, "-")

    @admin.display(
        description=_lazy("Employer supports"),
        boolean=True,
        ordering="organisation_supports",
    )
    def supported(self, obj):
        return obj.organisation_supports

    @admin.display(description=_lazy("Submitted"), ordering="submitted_at")
    def submitted_on(self, obj):
        if obj.submitted_at is None:
            return "-"
        return date_format(timezone.localtime(obj.submitted_at), "j M Y")

    @admin.display(description=_lazy("Availability"))
    def availability(self, obj):
        options = {o.code: o.label for o in time_options(obj.cohort)}
        days = ", ".join(day_label(d)[:3] for d in obj.preferred_days)
        times = ", ".join(options.get(t, t) for t in obj.preferred_times)
        return f"{days} · {times}" if days or times else "-"

    def save_model(self, request, obj, form, change):
        # Only reviewer notes are editable here; the service saves and audits.
        if "reviewer_notes" in form.changed_data:
            save_reviewer_notes(
                application_id=obj.pk, notes=obj.reviewer_notes, actor=request.user
            )

    # --- decisions ---------------------------------------------------------

    @admin.action(
        description=_lazy("Shortlist selected applications"), permissions=["change"]
    )
    def shortlist(self, request, queryset):
        return self._decide(request, queryset, Application.Status.SHORTLISTED)

    @admin.action(
        description=_lazy("Accept selected (give places, email them)"),
        permissions=["change"],
    )
    def accept(self, request, queryset):
        return self._decide(request, queryset, Application.Status.ACCEPTED)

    @admin.action(
        description=_lazy("Put selected on the waiting list (email them)"),
        permissions=["change"],
    )
    def waitlist(self, request, queryset):
        return self._decide(request, queryset, Application.Status.WAITLISTED)

    @admin.action(
        description=_lazy("Decline selected (email them)"), permissions=["change"]
    )
    def decline(self, request, queryset):
        return self._decide(request, queryset, Application.Status.DECLINED)

    def _one_cohort(self, request, queryset) -> Cohort | None:
        cohort_ids = set(queryset.values_list("cohort_id", flat=True))
        if len(cohort_ids) != 1:
            self.message_user(
                request,
                _("Choose applications from one cohort at a time."),
                messages.ERROR,
            )
            return None
        return Cohort.objects.select_related("programme").get(pk=cohort_ids.pop())

    def _decide(self, request, queryset, decision: str):
        cohort = self._one_cohort(request, queryset)
        if cohort is None:
            return None
        ids = list(queryset.values_list("pk", flat=True))
        emailed = decision != Application.Status.SHORTLISTED
        form = None
        if emailed:
            text = message_for(cohort, decision)
            form = MessageForm(
                request.POST if "apply" in request.POST else None,
                initial={"subject": text.subject, "body": text.body},
            )
            if not form.is_bound or not form.is_valid():
                return self._confirm_page(request, queryset, cohort, decision, form)
        message = MessageText(**form.cleaned_data) if form else None
        try:
            done = decide(
                cohort_id=cohort.pk,
                application_ids=ids,
                decision=decision,
                actor=request.user,
                message=message,
            )
        except ApplicationError as error:
            show_refusal(request, error)
            return None
        self.message_user(
            request,
            _("%(n)d application(s) now %(status)s.")
            % {"n": len(done), "status": Application.Status(decision).label.lower()},
            messages.SUCCESS,
        )
        return None

    def _confirm_page(self, request, queryset, cohort, decision, form, **extra):
        return TemplateResponse(
            request,
            "admin/applications/application/confirm_decision.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Confirm: %(decision)s")
                % {"decision": Application.Status(decision).label},
                "opts": self.model._meta,
                "cohort": cohort,
                "applications": queryset.select_related("applicant"),
                "form": form,
                "action": request.POST.get("action"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "decision": decision,
                "places_left": places_left(cohort),
                **extra,
            },
        )

    @admin.action(
        description=_lazy("Mark selected as withdrawn (releases places)"),
        permissions=["change"],
    )
    def mark_withdrawn(self, request, queryset):
        done, refused = 0, []
        for application in queryset:
            try:
                withdraw(application_id=application.pk, actor=request.user)
                done += 1
            except ApplicationError as error:
                refused.append(refusal_text(error, about=application.applicant))
        if done:
            self.message_user(
                request, _("%(n)d withdrawn.") % {"n": done}, messages.SUCCESS
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(
        description=_lazy("Run another group: move selected to a cohort"),
        permissions=["change"],
    )
    def run_another_group(self, request, queryset):
        source = self._one_cohort(request, queryset)
        if source is None:
            return None
        text = message_for(source, DecisionMessage.Kind.MOVED)
        form = AnotherGroupForm(
            request.POST if "apply" in request.POST else None,
            source=source,
            initial={
                "subject": text.subject,
                "body": text.body,
                "new_name": _("%(name)s (group 2)") % {"name": source.name},
                "new_slug": f"{source.slug}-group-2",
            },
        )
        if not form.is_bound or not form.is_valid():
            return self._confirm_page(
                request, queryset, source, "moved", form, another_group=True
            )
        data = form.cleaned_data
        try:
            target, moved = run_another_group(
                source_cohort_id=source.pk,
                application_ids=list(queryset.values_list("pk", flat=True)),
                actor=request.user,
                message=MessageText(data["subject"], data["body"]),
                target_cohort_id=data["target"].pk if data["target"] else None,
                new_name=data["new_name"],
                new_slug=data["new_slug"],
            )
        except (ApplicationError, CohortError) as error:
            show_refusal(request, error)
            return None
        self.message_user(
            request,
            _("Moved %(n)d applicant(s) to %(cohort)s.")
            % {"n": len(moved), "cohort": target},
            messages.SUCCESS,
        )
        return None

    # --- availability tally ---------------------------------------------------

    def get_urls(self):
        # The availability tally lives in applications/staff_views.py.
        return [*staff_views.urlpatterns, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        cohorts = (
            Cohort.objects.facilitated_by(request.user)
            .filter(programme__booking_mode="application")
            .exclude(status=Cohort.Status.CANCELLED)
            .select_related("programme")
            .distinct()
        )
        extra_context = {**(extra_context or {}), "tally_cohorts": cohorts}
        return super().changelist_view(request, extra_context)


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(CohortScopedAdmin):
    list_display = [
        "name",
        "email",
        "organisation",
        "role",
        "cohort",
        "applied",
        "created_at",
    ]
    list_filter = [
        ("cohort", admin.RelatedOnlyFieldListFilter),
        "remind_before_deadline",
    ]
    search_fields = ["name", "email", "organisation", "role"]
    list_select_related = ["cohort__programme"]
    readonly_fields = ["user", "created_at"]

    def get_queryset(self, request):
        applied = Application.objects.filter(
            cohort=OuterRef("cohort"), applicant__email__iexact=OuterRef("email")
        ).exclude(status=Application.Status.DRAFT)
        return super().get_queryset(request).annotate(has_applied=Exists(applied))

    @admin.display(description=_lazy("Applied"), boolean=True, ordering="has_applied")
    def applied(self, obj):
        return obj.has_applied


@admin.register(DecisionMessage)
class DecisionMessageAdmin(CohortScopedAdmin):
    list_display = ["cohort", "kind", "subject", "updated_at"]
    list_filter = ["kind", ("cohort", admin.RelatedOnlyFieldListFilter)]


@admin.register(TimeSlot)
class TimeSlotAdmin(CohortScopedAdmin):
    list_display = ["cohort", "label", "starts_at", "ends_at", "position"]
    list_filter = [("cohort", admin.RelatedOnlyFieldListFilter)]
