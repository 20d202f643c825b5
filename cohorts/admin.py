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
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _

from cohorts import extensions, public_cache, staff_views
from cohorts.models import Cohort, Programme, Question, Session
from cohorts.services import CohortError, copy_cohort
from cohorts.session_changes import session_changed
from cop.admin import ProgrammeScopedAdmin
from cop.admin_audit import audit_inline_changes
from cop.errors import DomainError
from cop.refusals import show_refusal


def _provider_name() -> str:
    return settings.PROVIDER_NAME


# The admin carries the provider's name, not "Django administration" (read
# lazily so PROVIDER_NAME can be changed in tests and per deployment).
_provider = lazy(_provider_name, str)()
admin.site.site_header = format_lazy(_("{provider} admin"), provider=_provider)
admin.site.site_title = admin.site.site_header
admin.site.index_title = _provider


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
    # cpd adds its policy inline first (cop.admin.add_inline).
    inlines = [CohortInline]

    def get_queryset(self, request):
        return super().get_queryset(request).facilitated_by(request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The public programme page keeps its text cached until it changes.
        programme = form.instance
        public_cache.forget_programme(
            programme_id=programme.pk,
            cohort_ids=programme.cohorts.values_list("pk", flat=True),
        )


class CopyCohortForm(forms.Form):
    name = forms.CharField(label=_("Name of the new cohort"), max_length=120)
    slug = forms.SlugField(label=_("Web address (slug)"))
    shift_weeks = forms.IntegerField(
        label=_("Move sessions on by (weeks)"), min_value=1, max_value=260, initial=52
    )


class CohortAdminForm(forms.ModelForm):
    """Asks the apps that own places whether a new capacity is allowed."""

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if self.instance.pk and capacity is not None:
            try:
                extensions.check_capacity(cohort=self.instance, capacity=capacity)
            except DomainError as error:
                raise ValidationError(error.message) from error
        return capacity


@admin.register(Cohort)
class CohortAdmin(ProgrammeScopedAdmin):
    form = CohortAdminForm
    list_display = ["__str__", "status", "capacity", "private_to"]
    list_filter = ["status", "programme"]
    search_fields = ["name", "programme__name"]
    list_select_related = ["programme", "private_to"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["private_to"]
    # bookings adds the price inline (cop.admin.add_inline).
    inlines = [SessionInline]
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
        # Inlines other apps add here (prices) have no service of their own:
        # audit them. Sessions go through the session-change service instead.
        audited = [] if formset.model is Session else [formset.model]
        with audit_inline_changes(request, formset, models_to_audit=audited):
            super().save_formset(request, form, formset, change)
        # Sessions moved or cancelled inline: updated invites (one service)
        for obj, changed_fields in getattr(formset, "changed_objects", []):
            if isinstance(obj, Session):
                session_changed(
                    session=obj, changed_fields=changed_fields, actor=request.user
                )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Sessions are edited inline: the public session list is cached.
        public_cache.forget_cohort(cohort_id=form.instance.pk)

    def save_model(self, request, obj, form, change):
        if not (change and "capacity" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        # Capacity goes through the owning app's service (bookings: checked
        # under the cohort lock, freed places offered to the waiting list).
        capacity = obj.capacity
        obj.capacity = form.initial["capacity"]
        super().save_model(request, obj, form, change)
        try:
            extensions.change_capacity(
                cohort=obj, capacity=capacity, actor=request.user
            )
        except DomainError as error:  # a place taken since the form was checked
            self.message_user(request, error.message, messages.ERROR)

    def get_urls(self):
        # Sessions in a series and catering numbers: cohorts/staff_views.py.
        return [*staff_views.urlpatterns, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if str(object_id).isdigit():  # anything else: the admin says it is missing
            extra_context = {
                **(extra_context or {}),
                "series_url": reverse("admin:cohorts_cohort_series", args=[object_id]),
                "questions_url": reverse("admin:cohorts_question_changelist")
                + f"?cohort__id__exact={object_id}",
            }
        return super().change_view(request, object_id, form_url, extra_context)

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
    list_display = [
        "__str__",
        "cohort",
        "starts_at",
        "mode",
        "is_cancelled",
        "numbers",
    ]
    list_filter = ["mode", "is_cancelled", "cohort__programme"]

    @admin.display(description=_("Catering numbers"))
    def numbers(self, obj):
        if not obj.has_venue:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:cohorts_session_catering", args=[obj.pk]),
            _("Numbers and needs"),
        )

    search_fields = ["title", "cohort__name", "cohort__programme__name"]
    list_select_related = ["cohort__programme"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:  # moved or cancelled: updated invites (one service)
            session_changed(
                session=obj, changed_fields=form.changed_data, actor=request.user
            )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cohort":
            kwargs["queryset"] = Cohort.objects.facilitated_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Staff's own questions for the booking and application forms.

    A question belongs to a programme (all its cohorts) or to one cohort
    (after the programme's). Facilitators see and choose only their own.
    """

    list_display = ["text", "form", "kind", "required", "position", "asked_in"]
    list_editable = ["position"]
    list_filter = [
        "form",
        "kind",
        "programme",
        ("cohort", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text"]
    list_select_related = ["programme", "cohort__programme"]
    fieldsets = [
        (_("Where it is asked"), {"fields": ["form", "programme", "cohort"]}),
        (
            _("The question"),
            {
                "fields": [
                    "text",
                    "help_text",
                    "kind",
                    "options",
                    "required",
                    "position",
                ]
            },
        ),
    ]

    @admin.display(description=_("Asked in"))
    def asked_in(self, obj):
        return obj.cohort or obj.programme

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_coordinator:
            return queryset
        return queryset.filter(
            models.Q(programme__facilitators=request.user)
            | models.Q(cohort__programme__facilitators=request.user)
        ).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme":
            kwargs["queryset"] = Programme.objects.facilitated_by(request.user)
        if db_field.name == "cohort":
            kwargs["queryset"] = Cohort.objects.facilitated_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
