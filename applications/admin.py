"""Selection in the admin: read, filter, note, decide, run another group.

The availability tally is a staff screen in ``applications/staff_views.py``.

Facilitators see only their own programmes' rows; coordinators see all.
Every decision goes through ``applications.selection`` (locks, emails, audit).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from applications import review, staff_review, staff_views
from applications.admin_forms import AnotherGroupForm, MessageForm
from applications.answers import answer_rows
from applications.availability import day_label, time_options
from applications.errors import ApplicationError
from applications.messages import MessageText, message_for
from applications.models import (
    Application,
    DecisionMessage,
    ExpressionOfInterest,
    ReviewCriterion,
    ReviewPanel,
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
        "review_count",
        "review_mean",
        "review_spread",
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
        "own_answers",
        "review_scores",
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
        (
            _lazy("Answers"),
            {"fields": ["motivation", "hopes", "challenge", "own_answers"]},
        ),
        (_lazy("Availability"), {"fields": ["availability"]}),
        (
            _lazy("Review"),
            {
                "fields": [
                    "review_scores",
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
        # Review statistics are annotated so the columns sort in the database;
        # the shown figures come from applications.review.review_stats.
        return (
            super()
            .get_queryset(request)
            .exclude(status=Application.Status.DRAFT)
            .prefetch_related("cohort__time_slots", "reviews")
            .annotate(
                hide_name=Exists(
                    ReviewPanel.objects.filter(
                        cohort=OuterRef("cohort"),
                        reviewers=request.user,
                        anonymised=True,
                    )
                ),
                n_reviews=Count("reviews", distinct=True),
                mean_total=Avg("reviews__total"),
                spread_total=Max("reviews__total") - Min("reviews__total"),
            )
        )

    def get_search_fields(self, request):
        """Reviewers on an anonymised panel cannot find people by name."""
        fields = super().get_search_fields(request)
        if review.anonymised_cohort_ids(request.user):
            identifying = {
                "applicant__full_name",
                "applicant__email",
                "organisation_name",
            }
            return [f for f in fields if f not in identifying]
        return fields

    def get_list_display(self, request):
        """Scores stay hidden from reviewers on blind panels (they score on the
        review screen, where they see others' scores once they have scored)."""
        columns = super().get_list_display(request)
        if review.blind_cohort_ids(request.user):
            hidden = {"review_count", "review_mean", "review_spread"}
            return [c for c in columns if c not in hidden]
        return columns

    def get_fieldsets(self, request, obj=None):
        """Reviewers on an anonymised panel see no name, email or organisation;
        on a blind panel, no scores until they have scored this application."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        hidden = set()
        if obj.cohort_id in review.anonymised_cohort_ids(request.user):
            hidden |= {"applicant", "applicant_email", "organisation_name"}
        if obj.cohort_id in review.blind_cohort_ids(request.user) and not (
            obj.reviews.filter(reviewer_id=request.user.pk).exists()
        ):
            hidden.add("review_scores")
        if not hidden:
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in hidden],
                },
            )
            for name, options in fieldsets
        ]

    def _stats(self, obj):
        return review.review_stats([r.total for r in obj.reviews.all()])

    @admin.display(description=_lazy("Reviews"), ordering="n_reviews")
    def review_count(self, obj):
        return self._stats(obj).count

    @admin.display(
        description=_lazy("Mean score"),
        # Ascending puts unscored first; a second click, highest mean first.
        ordering=F("mean_total").asc(nulls_first=True),
    )
    def review_mean(self, obj):
        mean = self._stats(obj).mean
        return "-" if mean is None else mean

    @admin.display(description=_lazy("Spread"), ordering="spread_total")
    def review_spread(self, obj):
        spread = self._stats(obj).spread
        return "-" if spread is None else spread

    @admin.display(description=_lazy("Your own questions"))
    def own_answers(self, obj):
        rows = answer_rows(obj)
        if not rows:
            return "-"
        return format_html_join(
            "", "<p><strong>{}</strong><br>{}</p>", ((q, a or "-") for q, a in rows)
        )

    @admin.display(description=_lazy("Reviewers' scores"))
    def review_scores(self, obj):
        reviews = obj.reviews.select_related("reviewer").prefetch_related(
            "scores__criterion"
        )
        if not reviews:
            return "-"
        return format_html_join(
            "",
            "<p><strong>{}</strong>: {} ({}){}</p>",
            (
                (
                    r.reviewer.full_name or r.reviewer.email,
                    r.total,
                    ", ".join(f"{s.criterion.name} {s.value}" for s in r.scores.all()),
                    f". {r.comment}" if r.comment else "",
                )
                for r in reviews
            ),
        )

    def has_add_permission(self, request):
        return False  # applications come from applicants

    def has_delete_permission(self, request, obj=None):
        return False  # decisions are kept; withdraw instead

    @admin.display(description=_lazy("Applicant"), ordering="applicant__full_name")
    def applicant_name(self, obj):
        # Annotated in get_queryset: the viewer reviews for an anonymised panel.
        if getattr(obj, "hide_name", False):
            return review.applicant_view(obj, anonymised=True).name
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
        return [
            *staff_views.urlpatterns,
            *staff_review.urlpatterns,
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        cohorts = (
            Cohort.objects.facilitated_by(request.user)
            .filter(programme__booking_mode="application")
            .exclude(status=Cohort.Status.CANCELLED)
            .select_related("programme")
            .distinct()
        )
        reviewing = (
            Cohort.objects.filter(pk__in=review.reviewer_cohort_ids(request.user))
            .select_related("programme")
            .order_by("programme__name", "name")
        )
        extra_context = {
            **(extra_context or {}),
            "tally_cohorts": cohorts,
            "reviewing_cohorts": reviewing,
        }
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


@admin.register(ReviewPanel)
class ReviewPanelAdmin(CohortScopedAdmin):
    """Per cohort: who reviews, whether scores are blind and names hidden.

    The criteria are the cohort's (``ReviewCriterion``), listed beside it.
    """

    list_display = [
        "cohort",
        "reviewer_names",
        "blind_until_scored",
        "anonymised",
        "review",
    ]
    list_filter = ["anonymised", "blind_until_scored"]
    filter_horizontal = ["reviewers"]
    list_select_related = ["cohort__programme"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("reviewers")

    @admin.display(description=_lazy("Reviewers"))
    def reviewer_names(self, obj):
        return ", ".join(r.full_name or r.email for r in obj.reviewers.all()) or "-"

    @admin.display(description=_lazy("Review screen"))
    def review(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:applications_review_list", args=[obj.cohort_id]),
            _("Open"),
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "reviewers":
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(
                is_staff=True, is_active=True
            ).order_by("full_name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(CohortScopedAdmin):
    list_display = ["name", "cohort", "min_score", "max_score", "position"]
    list_filter = [("cohort", admin.RelatedOnlyFieldListFilter)]
    list_editable = ["position"]


@admin.register(DecisionMessage)
class DecisionMessageAdmin(CohortScopedAdmin):
    list_display = ["cohort", "kind", "subject", "updated_at"]
    list_filter = ["kind", ("cohort", admin.RelatedOnlyFieldListFilter)]


@admin.register(TimeSlot)
class TimeSlotAdmin(CohortScopedAdmin):
    list_display = ["cohort", "label", "starts_at", "ends_at", "position"]
    list_filter = [("cohort", admin.RelatedOnlyFieldListFilter)]
