"""Questionnaire builder, dimensions and reflective questions for staff.

Registration and list settings only; results pages are in ``staff_views``.
Facilitators see and edit only their own programmes' questionnaires, runs
and questions (coordinators see all). Answers are not listed here at all:
they are read on the results pages, where anonymity is kept.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from cohorts.models import Cohort, Programme
from evaluation.models import (
    Dimension,
    Question,
    Questionnaire,
    QuestionnaireRun,
    ReflectiveQuestion,
    Statement,
)
from evaluation.questionnaires import default_window


def _programmes(request):
    if request.user.is_coordinator:
        return Programme.objects.all()
    return Programme.objects.filter(facilitators=request.user)


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 1
    fields = [
        ("position", "kind", "required"),
        "text",
        "help_text",
        "choices",
        ("scale_low", "scale_high"),
    ]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    change_list_template = "evaluation/admin/change_list.html"
    list_display = ["title", "programme", "anonymous", "is_default"]
    list_filter = ["anonymous", "programme"]
    inlines = [QuestionInline]
    fields = ["title", "programme", "introduction", "anonymous", "is_default"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("programme")
        if request.user.is_coordinator:
            return queryset
        return queryset.filter(
            Q(programme__in=_programmes(request)) | Q(programme__isnull=True)
        )

    def has_change_permission(self, request, obj=None):
        """Questionnaires for every programme are the coordinators' to change."""
        everyones = obj is not None and obj.programme_id is None
        if everyones and not request.user.is_coordinator:
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme":
            kwargs["queryset"] = _programmes(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(QuestionnaireRun)
class QuestionnaireRunAdmin(admin.ModelAdmin):
    change_list_template = "evaluation/admin/change_list.html"
    list_display = ["questionnaire", "cohort", "opens_at", "closes_at", "results"]
    list_filter = ["cohort__programme"]
    fields = [
        "questionnaire",
        "cohort",
        "opens_at",
        "closes_at",
        "remind_days_before_close",
    ]

    def get_changeform_initial_data(self, request):
        """A new run for a cohort (?cohort=): the default evaluation, opening at
        the last session and closing two weeks after it."""
        initial = super().get_changeform_initial_data(request)
        cohort_id = str(initial.get("cohort", ""))
        cohort = None
        if cohort_id.isdigit():
            cohort = (
                Cohort.objects.facilitated_by(request.user).filter(pk=cohort_id).first()
            )
        window = default_window(cohort) if cohort else None
        if window:
            initial.setdefault("opens_at", window[0])
            initial.setdefault("closes_at", window[1])
        default = Questionnaire.objects.filter(is_default=True).first()
        if default:
            initial.setdefault("questionnaire", default.pk)
        return initial

    @admin.display(description="Results")
    def results(self, run):
        url = reverse("evaluation:staff_run", args=[run.pk])
        return format_html('<a href="{}">Results</a>', url)

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .select_related("questionnaire", "cohort__programme")
        )
        return queryset.filter(cohort__in=Cohort.objects.facilitated_by(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cohort":
            kwargs["queryset"] = Cohort.objects.facilitated_by(request.user)
        if db_field.name == "questionnaire":
            programmes = _programmes(request)
            kwargs["queryset"] = Questionnaire.objects.filter(
                Q(programme__isnull=True) | Q(programme__in=programmes)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 1
    fields = ["position", "text", "is_active"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "summary", "position"]
    inlines = [StatementInline]


@admin.register(ReflectiveQuestion)
class ReflectiveQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "programme", "session", "position"]
    list_filter = ["programme"]
    fields = ["programme", "session", "text", "position"]

    def get_queryset(self, request):
        queryset = (
            super().get_queryset(request).select_related("programme", "session__cohort")
        )
        return queryset.filter(programme__in=_programmes(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme":
            kwargs["queryset"] = _programmes(request)
        if db_field.name == "session":
            kwargs["queryset"] = db_field.related_model.objects.filter(
                cohort__in=Cohort.objects.facilitated_by(request.user)
            ).select_related("cohort__programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
