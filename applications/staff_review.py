"""Reviewers' screens and the applications CSV (included by ApplicationAdmin).

Reviewers assigned to a cohort's panel score its applications here; the
coordinator reads the scores in the application list and decides there.
Anonymised panels: reviewers see "Applicant 12", never a name, email or
organisation, on these pages and in the CSV.
"""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _

from applications import review
from applications.answers import (
    answer_rows,
    answers_by_application,
    application_questions,
)
from applications.models import Application, ReviewCriterion
from applications.review import ReviewError, applicant_view, review_stats
from cohorts import questions
from cohorts.models import Cohort
from cop.refusals import show_refusal
from cop.staff_screens import render_screen, staff_screen


def _reviewable_cohort(request: HttpRequest, cohort_id: int) -> Cohort:
    """A cohort the person reviews, or facilitates; 404 otherwise."""
    user = request.user
    facilitated = Cohort.objects.facilitated_by(user).filter(pk=cohort_id)
    if cohort_id in review.reviewer_cohort_ids(user) or facilitated.exists():
        return Cohort.objects.select_related("programme").get(pk=cohort_id)
    raise Http404


def _anonymised_for(request: HttpRequest, cohort: Cohort) -> bool:
    return cohort.pk in review.anonymised_cohort_ids(request.user)


@staff_screen()
def review_list(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The cohort's applications with the reviewer's own score and progress."""
    cohort = _reviewable_cohort(request, cohort_id)
    anonymised = _anonymised_for(request, cohort)
    panel = review.panel_for(cohort)
    applications = list(
        Application.objects.in_the_running()
        .filter(cohort=cohort)
        .select_related("applicant")
        .prefetch_related("reviews")
        .order_by("submitted_at", "pk")
    )
    blind = panel is not None and panel.blind_until_scored
    is_reviewer = review.is_reviewer(request.user, panel)
    rows = []
    for application in applications:
        reviews = list(application.reviews.all())
        mine = next((r for r in reviews if r.reviewer_id == request.user.pk), None)
        show_others = not (blind and is_reviewer and mine is None)
        rows.append(
            {
                "application": application,
                "who": applicant_view(application, anonymised=anonymised),
                "mine": mine,
                "stats": review_stats([r.total for r in reviews])
                if show_others
                else None,
            }
        )
    return render_screen(
        request,
        "admin/applications/application/review_list.html",
        title=_("Review: %(cohort)s") % {"cohort": cohort},
        model=Application,
        cohort=cohort,
        rows=rows,
        is_reviewer=is_reviewer,
        scored=sum(1 for row in rows if row["mine"]),
    )


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )

    def __init__(self, *args, criteria: list[ReviewCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                coerce=int,
                choices=[
                    (n, str(n))
                    for n in range(criterion.min_score, criterion.max_score + 1)
                ],
                widget=forms.RadioSelect,
            )

    def scores(self) -> dict[int, object]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}


@staff_screen()
def review_application(request: HttpRequest, application_id: int) -> HttpResponse:
    """Read one application and score it against the cohort's criteria."""
    application = (
        Application.objects.in_the_running()
        .select_related("cohort__programme", "applicant")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise Http404
    cohort = _reviewable_cohort(request, application.cohort_id)
    panel = review.panel_for(cohort)
    criteria = list(ReviewCriterion.objects.filter(cohort=cohort))
    mine = application.reviews.filter(reviewer_id=request.user.pk).first()
    initial = {}
    if mine:
        initial = {"comment": mine.comment} | {
            f"criterion_{s.criterion_id}": s.value for s in mine.scores.all()
        }
    form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review.score_application(
                application_id=application.pk,
                reviewer=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ReviewError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect("admin:applications_review_list", cohort.pk)
    anonymised = _anonymised_for(request, cohort)
    return render_screen(
        request,
        "admin/applications/application/review_application.html",
        title=_("Review an application"),
        model=Application,
        cohort=cohort,
        application=application,
        who=applicant_view(application, anonymised=anonymised),
        answers=answer_rows(application),
        form=form,
        is_reviewer=review.is_reviewer(request.user, panel),
        reviews=[
            r
            for r in review.visible_reviews(application, request.user, panel=panel)
            if r.reviewer_id != request.user.pk
        ],
    )


FIXED_COLUMNS = [
    "Applicant",
    "Email",
    "Organisation",
    "Status",
    "Role",
    "Organisation supports",
    "Why",
    "Hopes",
    "Challenge",
    "Reviews",
    "Mean score",
    "Spread",
]


@staff_screen("applications.view_application")
def applications_csv(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The cohort's submitted applications with answers and review statistics."""
    cohort = _reviewable_cohort(request, cohort_id)
    anonymised = _anonymised_for(request, cohort)
    asked = application_questions(cohort)
    applications = list(
        Application.objects.filter(cohort=cohort)
        .exclude(status=Application.Status.DRAFT)
        .select_related("applicant")
        .prefetch_related("reviews")
        .order_by("submitted_at", "pk")
    )
    answers = answers_by_application(applications)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="applications-{cohort.programme.slug}-{cohort.slug}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([*FIXED_COLUMNS, *(q.text for q in asked)])
    for application in applications:
        who = applicant_view(application, anonymised=anonymised)
        stats = review_stats([r.total for r in application.reviews.all()])
        writer.writerow(
            [
                who.name,
                who.email,
                who.organisation,
                application.get_status_display(),
                application.get_role_display(),
                "yes" if application.organisation_supports else "no",
                application.motivation,
                application.hopes,
                application.challenge,
                stats.count,
                stats.mean if stats.mean is not None else "",
                stats.spread if stats.spread is not None else "",
                *(
                    questions.display(q, answers[application.pk].get(q.pk))
                    for q in asked
                ),
            ]
        )
    return response


# Included by ApplicationAdmin.get_urls, so under /admin/applications/application/.
urlpatterns = [
    path("review/<int:cohort_id>/", review_list, name="applications_review_list"),
    path(
        "review/application/<int:application_id>/",
        review_application,
        name="applications_review_application",
    ),
    path(
        "export/<int:cohort_id>.csv",
        applications_csv,
        name="applications_application_csv",
    ),
]
