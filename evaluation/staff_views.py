"""Facilitators' results pages, in the admin's look, scoped to their cohorts.

Every view is wrapped by ``admin.site.admin_view`` (signed-in staff only)
and lives below /admin/ so the two-factor gate applies; a cohort or
programme the person does not facilitate is a 404. Anonymous answers are
shown without names, always.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from openpyxl import Workbook

from cohorts.models import Session
from cop.errors import DomainError
from cop.pdf import render_pdf
from cop.refusals import show_refusal
from evaluation import (
    access,
    assessments,
    charts,
    journal,
    questionnaires,
)
from evaluation import (
    report as reports,
)
from evaluation.aggregates import summarise_scale
from evaluation.forms import CohortReviewForm
from evaluation.models import QuestionnaireRun, Response, SessionFeedback

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def staff_page(view):
    return admin.site.admin_view(view)


def _context(request, title: str, **extra):
    return {**admin.site.each_context(request), "title": title, **extra}


@staff_page
def index(request):
    cohorts = access.staff_cohorts(request.user).order_by("-created_at")
    programmes = access.staff_programmes(request.user)
    return render(
        request,
        "evaluation/staff/index.html",
        _context(
            request, "Feedback and evaluation", cohorts=cohorts, programmes=programmes
        ),
    )


@staff_page
def cohort_results(request, cohort_id: int):
    cohort = access.staff_cohort(request.user, cohort_id)
    summary = reports.feedback_summary(cohort)
    runs = list(cohort.questionnaire_runs.select_related("questionnaire"))
    invited = access.confirmed_places(cohort).count()
    responded = defaultdict(int)
    for run_id in Response.objects.filter(run__in=runs).values_list(
        "run_id", flat=True
    ):
        responded[run_id] += 1
    changes = assessments.cohort_change(cohort)
    review = assessments.cohort_change(cohort, review=True)
    context = _context(
        request,
        f"Feedback and evaluation: {cohort}",
        cohort=cohort,
        summary=summary,
        runs=[(run, responded[run.pk], invited) for run in runs],
        changes=changes,
        review=review,
        trend_chart=charts.trend_chart(
            summary.trend, chart_id="trend", title="Mean usefulness of each session"
        )
        if summary.overall.count
        else None,
        change_chart=charts.change_chart(
            changes, chart_id="change", title="Participants' ratings, start and end"
        )
        if any(c.people for c in changes)
        else None,
        review_chart=charts.change_chart(
            review, chart_id="review", title="Your review of the cohort, start and end"
        )
        if any(c.people for c in review)
        else None,
    )
    return render(request, "evaluation/staff/cohort.html", context)


@staff_page
def session_results(request, session_id: int):
    session = get_object_or_404(Session, pk=session_id)
    cohort = access.staff_cohort(request.user, session.cohort_id)
    answers = list(
        SessionFeedback.objects.filter(session=session)
        .select_related("respondent")
        .order_by("created_at")
    )
    summary = summarise_scale(a.usefulness for a in answers)
    comments = [
        {
            "by": a.respondent.full_name
            if a.respondent and not a.anonymous
            else "Anonymous",
            "usefulness": a.usefulness,
            "worked": a.worked,
            "change": a.change,
        }
        for a in answers
        if a.worked or a.change
    ]
    invited = access.confirmed_places(cohort).count()
    return render(
        request,
        "evaluation/staff/session.html",
        _context(
            request,
            f"Feedback on session {session.number}: {session.title}",
            cohort=cohort,
            session=session,
            summary=summary,
            comments=comments,
            invited=invited,
            chart=charts.distribution_chart(
                summary, chart_id="usefulness", title="How useful the session was"
            )
            if summary.count
            else None,
        ),
    )


def _staff_run(request, run_id: int) -> QuestionnaireRun:
    run = get_object_or_404(
        QuestionnaireRun.objects.select_related("questionnaire", "cohort__programme"),
        pk=run_id,
    )
    access.staff_cohort(request.user, run.cohort_id)
    return run


@staff_page
def run_results(request, run_id: int):
    run = _staff_run(request, run_id)
    results = questionnaires.run_results(run)
    return render(
        request,
        "evaluation/staff/run.html",
        _context(
            request,
            f"{run.questionnaire.title}: {run.cohort}",
            run=run,
            results=results,
            items=reports.with_charts(results, prefix="q"),
            now=timezone.now(),
        ),
    )


@staff_page
def run_export(request, run_id: int, fmt: str):
    run = _staff_run(request, run_id)
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    try:
        header, rows = questionnaires.export_table(
            run, named=request.GET.get("named") == "1"
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("evaluation:staff_run", run.pk)
    name = f"{run.cohort.programme.slug}-{run.cohort.slug}-questionnaire-{run.pk}"
    if fmt == "csv":
        return _csv_response(f"{name}.csv", header, rows)
    return _xlsx_response(f"{name}.xlsx", run.questionnaire.title, header, rows)


def _csv_response(filename: str, header, rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_response(filename: str, title: str, header, rows) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Answers")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_page
def cohort_review(request, cohort_id: int, stage: str):
    cohort = access.staff_cohort(request.user, cohort_id)
    if stage not in assessments.Stage.values:
        raise Http404
    statements = assessments.active_statements()
    existing = cohort.assessments.filter(is_cohort_review=True, stage=stage).first()
    if request.method == "POST":
        form = CohortReviewForm(request.POST, statements=statements)
        try:
            assessments.save_cohort_review(
                cohort=cohort,
                actor=request.user,
                stage=stage,
                scores=form.raw_scores(),
                notes=form.raw_notes(),
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The cohort review is saved.")
            return redirect("evaluation:staff_cohort", cohort.pk)
    else:
        initial = {}
        if existing:
            initial = {
                f"s{r.statement_id}": str(r.score) for r in existing.ratings.all()
            }
            initial["notes"] = existing.notes
        form = CohortReviewForm(initial=initial, statements=statements)
    return render(
        request,
        "evaluation/staff/review.html",
        _context(
            request,
            f"Cohort review ({assessments.Stage(stage).label.lower()}): {cohort}",
            cohort=cohort,
            form=form,
            stage=assessments.Stage(stage),
        ),
    )


@staff_page
def programme_empowerment(request, programme_id: int):
    programme = access.staff_programmes(request.user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    per_cohort = assessments.programme_change(programme)
    names = assessments.dimension_names()
    chart = None
    if any(c.people for _, changes in per_cohort for c in changes):
        chart = charts.programme_chart(
            [(cohort.name, changes) for cohort, changes in per_cohort],
            names,
            chart_id="programme",
            title=f"Mean change per dimension, {programme.name}",
        )
    return render(
        request,
        "evaluation/staff/programme.html",
        _context(
            request,
            f"Empowerment across cohorts: {programme}",
            programme=programme,
            per_cohort=per_cohort,
            chart=chart,
        ),
    )


@staff_page
def report(request, cohort_id: int):
    cohort = access.staff_cohort(request.user, cohort_id)
    return render(
        request,
        "evaluation/staff/report.html",
        _context(
            request, f"Review report: {cohort}", report=reports.build_report(cohort)
        ),
    )


@staff_page
def report_pdf(request, cohort_id: int):
    cohort = access.staff_cohort(request.user, cohort_id)
    pdf = render_pdf(
        "evaluation/report_pdf.html",
        {"report": reports.build_report(cohort), "printed_at": timezone.now()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="review-{cohort.programme.slug}-{cohort.slug}.pdf"'
    )
    return response


@staff_page
def research_export(request):
    """Consented journal answers from the staff member's programmes, anonymised."""
    rows = journal.research_rows(access.staff_programmes(request.user))
    return _csv_response("research-journal-answers.csv", journal.RESEARCH_HEADER, rows)
