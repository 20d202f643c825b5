"""The facilitators' workspace: programmes, cohorts and their sessions.

Facilitators see and edit only the programmes they facilitate; coordinators
(and superusers) see everything.
"""

from itertools import pairwise

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect, render
from django.utils.functional import lazy
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _

from bookings.models import PriceOption
from cohorts.models import Cohort, Programme, Session
from cohorts.services import CohortError, copy_cohort
from cop.admin_audit import audit_inline_changes
from cop.refusals import show_refusal
from cpd.admin import CpdPolicyInline
from notifications.invites import session_changed


def _provider_name() -> str:
    return settings.PROVIDER_NAME


# The admin carries the provider's name, not "Django administration" (read
# lazily so PROVIDER_NAME can be changed in tests and per deployment).
_provider = lazy(_provider_name, str)()
admin.site.site_header = format_lazy(_("{provider} admin"), provider=_provider)
admin.site.site_title = admin.site.site_header
admin.site.index_title = _provider


class ProgrammeScopedAdmin(admin.ModelAdmin):
    """Limit rows to the facilitator's programmes; ``programme_path`` says how."""

    programme_path = "programme"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_coordinator:
            return queryset
        return queryset.filter(
            **{f"{self.programme_path}__facilitators": request.user}
        ).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme" and not request.user.is_coordinator:
            kwargs["queryset"] = Programme.objects.filter(facilitators=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SessionInlineFormSet(forms.BaseInlineFormSet):
    """Catch overlaps between sessions added or moved in the same save."""

    def clean(self):
        super().clean()
        spans = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if data.get("starts_at") and data.get("ends_at"):
                spans.append((data["starts_at"], data["ends_at"], data.get("number")))
        spans.sort()
        for (_s1, end1, n1), (start2, _e2, n2) in pairwise(spans):
            if start2 < end1:
                raise ValidationError(
                    _("Sessions %(a)s and %(b)s overlap.") % {"a": n1, "b": n2}
                )


class SessionInline(admin.TabularInline):
    model = Session
    formset = SessionInlineFormSet
    extra = 0
    # Compact widgets so ten columns fit a laptop screen (the default textarea,
    # wide URL box and full-width title made the page scroll sideways).
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 16})},
        models.TextField: {
            "widget": forms.TextInput(attrs={"size": 14, "class": "session-venue"})
        },
        models.URLField: {
            "widget": forms.URLInput(attrs={"size": 16, "class": "session-link"})
        },
        models.DecimalField: {
            "widget": forms.NumberInput(attrs={"class": "vIntegerField", "step": "any"})
        },
    }
    fields = [
        "number",
        "title",
        "starts_at",
        "ends_at",
        "mode",
        "joining_link",
        "venue",
        "catering",
        "cpd_points",
        "is_cancelled",
    ]
    ordering = ["number"]

    class Media:
        css = {"all": ["css/admin.css"]}


class PriceOptionInline(admin.TabularInline):
    model = PriceOption
    extra = 0
    fields = ["name", "price", "sessions_included", "is_active", "position"]


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0
    fields = ["name", "slug", "status", "capacity"]
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "format", "booking_mode", "is_published"]
    list_filter = ["format", "booking_mode", "is_published"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["facilitators"]
    inlines = [CpdPolicyInline, CohortInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_coordinator:
            return queryset
        return queryset.filter(facilitators=request.user)


class CopyCohortForm(forms.Form):
    name = forms.CharField(label=_("Name of the new cohort"), max_length=120)
    slug = forms.SlugField(label=_("Web address (slug)"))
    shift_weeks = forms.IntegerField(
        label=_("Move sessions on by (weeks)"), min_value=1, max_value=260, initial=52
    )


@admin.register(Cohort)
class CohortAdmin(ProgrammeScopedAdmin):
    list_display = ["__str__", "status", "capacity", "private_to"]
    list_filter = ["status", "programme"]
    search_fields = ["name", "programme__name"]
    list_select_related = ["programme", "private_to"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["private_to"]
    inlines = [SessionInline, PriceOptionInline]
    actions = ["copy_to_next_year"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "programme",
                    "name",
                    "slug",
                    "status",
                    "capacity",
                    "description",
                    "private_to",
                ]
            },
        ),
        (
            _("Applications (programmes run by application)"),
            {
                "fields": [
                    "applications_open_at",
                    "application_deadline",
                    "dropin_starts_at",
                    "dropin_ends_at",
                    "dropin_joining_link",
                ],
            },
        ),
        (_("Cancellation"), {"fields": ["cancellation_cutoff_days", "refund_percent"]}),
    ]

    def save_formset(self, request, form, formset, change):
        # Price edits made here have no service of their own: audit them.
        with audit_inline_changes(request, formset, models_to_audit=[PriceOption]):
            super().save_formset(request, form, formset, change)
        # Sessions moved or cancelled inline: updated invites (notifications app)
        for obj, changed_fields in getattr(formset, "changed_objects", []):
            if isinstance(obj, Session):
                session_changed(
                    session=obj, changed_fields=changed_fields, actor=request.user
                )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # More room: offer it to the waiting list (bookings owns the rule).
            from django.db import transaction

            from bookings.tasks import offer_free_places_task

            transaction.on_commit(lambda: offer_free_places_task.delay(obj.pk))

    @admin.action(description=_("Copy cohort to next year (sessions moved on)"))
    def copy_to_next_year(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one cohort to copy."), messages.ERROR
            )
            return None
        cohort = queryset.get()
        if "apply" in request.POST:
            form = CopyCohortForm(request.POST)
            if form.is_valid():
                try:
                    copy = copy_cohort(cohort=cohort, **form.cleaned_data)
                except CohortError as error:
                    show_refusal(form, error, field="slug")
                else:
                    self.message_user(
                        request,
                        _("Created %(copy)s as a draft with %(n)d sessions.")
                        % {"copy": copy, "n": copy.sessions.count()},
                        messages.SUCCESS,
                    )
                    return redirect("admin:cohorts_cohort_change", copy.pk)
        else:
            next_name = _next_year_name(cohort.name)
            form = CopyCohortForm(
                initial={"name": next_name, "slug": slugify(next_name)}
            )
        return render(
            request,
            "admin/cohorts/copy_cohort.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Copy %(cohort)s") % {"cohort": cohort},
                "cohort": cohort,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


def _next_year_name(name: str) -> str:
    """'2026-27' becomes '2027-28'; anything else gets ' (copy)'."""
    parts = name.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        first, second = parts
        return f"{int(first) + 1}-{int(second) + 1:0{len(second)}d}"
    return f"{name} (copy)"


@admin.register(Session)
class SessionAdmin(ProgrammeScopedAdmin):
    programme_path = "cohort__programme"
    list_display = ["__str__", "cohort", "starts_at", "mode", "is_cancelled"]
    list_filter = ["mode", "is_cancelled", "cohort__programme"]
    search_fields = ["title", "cohort__name", "cohort__programme__name"]
    list_select_related = ["cohort__programme"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:  # moved or cancelled: updated invites (notifications app)
            session_changed(
                session=obj, changed_fields=form.changed_data, actor=request.user
            )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cohort":
            kwargs["queryset"] = Cohort.objects.facilitated_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
