"""Participant pages: feedback, questionnaires, assessments and the journal.

Every page checks the person has a confirmed place in the cohort (else 404)
and hands the decision to a service; refusals show the service's message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cohorts.models import Cohort, Session
from cop.errors import DomainError
from cop.pdf import render_pdf
from cop.refusals import show_refusal
from evaluation import access, assessments, charts, feedback, journal, questionnaires
from evaluation.aggregates import dimension_means
from evaluation.forms import (
    AssessmentForm,
    ConsentForm,
    FeedbackForm,
    JournalForm,
    QuestionnaireForm,
)
from evaluation.keys import respondent_key
from evaluation.models import QuestionnaireRun, Response, SessionFeedback


def _cohort(request, cohort_id: int) -> Cohort:
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    access.require_participant(request.user, cohort)
    return cohort


@login_required
def index(request):
    cohorts = access.participant_cohorts(request.user).order_by("-created_at")
    return render(request, "evaluation/index.html", {"cohorts": cohorts})


def own_chart(user, cohort: Cohort, *, chart_id: str = "own-chart"):
    """The person's start and end means per dimension, or None before any."""
    rows = assessments.rating_rows([cohort], user=user)
    if not rows:
        return None
    names = assessments.dimension_names()
    start = dimension_means(rows, names, stage="start")
    end = dimension_means(rows, names, stage="end")
    return {
        "svg": charts.start_end_chart(
            names,
            start,
            end,
            chart_id=chart_id,
            title="Your empowerment ratings, start and end",
        ),
        "headers": ["Dimension", "Start", "End"],
        "rows": [(name, start[name], end[name]) for name in names],
    }


@login_required
def cohort_page(request, cohort_id: int):
    """Everything the person can answer for one cohort, and their own chart."""
    cohort = _cohort(request, cohort_id)
    user, now = request.user, timezone.now()
    sessions = list(cohort.sessions.filter(is_cancelled=False).order_by("starts_at"))
    windows = feedback.windows_for(sessions)
    keys = {respondent_key(user, f"session:{s.pk}"): s.pk for s in sessions}
    given = set(
        SessionFeedback.objects.filter(
            session__in=sessions, respondent_key__in=list(keys)
        ).values_list("session_id", flat=True)
    )
    session_rows = [
        {
            "session": s,
            "given": s.pk in given,
            "open": windows[s.pk].is_open(now),
            "closes_at": windows[s.pk].closes_at,
        }
        for s in sessions
    ]
    runs = list(cohort.questionnaire_runs.select_related("questionnaire"))
    answered = set(
        Response.objects.filter(
            run__in=runs,
            respondent_key__in=[questionnaires.run_key(user, r) for r in runs],
        ).values_list("run_id", flat=True)
    )
    stages = []
    for stage in assessments.Stage:
        window = assessments.stage_window(cohort, stage)
        stages.append(
            {
                "stage": stage,
                "done": assessments.own_assessment(user, cohort, stage) is not None,
                "open": window.is_open(now),
                "window": window,
            }
        )
    context = {
        "cohort": cohort,
        "sessions": session_rows,
        "runs": [
            {"run": r, "answered": r.pk in answered, "open": r.is_open(now)}
            for r in runs
        ],
        "stages": stages,
        "chart": own_chart(user, cohort),
        "has_journal": journal.questions_for(cohort).exists(),
        "now": now,
    }
    return render(request, "evaluation/cohort.html", context)


@login_required
@never_cache
def feedback_page(request, session_id: int):
    session = get_object_or_404(Session.objects.select_related("cohort"), pk=session_id)
    access.require_participant(request.user, session.cohort)
    if session.is_cancelled:
        raise Http404
    existing = feedback.own_feedback(request.user, session)
    window = feedback.feedback_window(session)
    now = timezone.now()
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                feedback.give_feedback(
                    session=session,
                    user=request.user,
                    usefulness=form.cleaned_data["usefulness"],
                    worked=form.cleaned_data["worked"],
                    change=form.cleaned_data["change"],
                    anonymous=form.cleaned_data["anonymous"],
                    revision=form.cleaned_data["revision"],
                )
            except DomainError as error:
                show_refusal(form, error)
            else:
                messages.success(request, "Thank you: your feedback is saved.")
                return redirect("evaluation:cohort", session.cohort_id)
    else:
        initial = {}
        if existing:
            initial = {
                "usefulness": existing.usefulness,
                "worked": existing.worked,
                "change": existing.change,
                "anonymous": existing.anonymous,
                "revision": existing.revision,
            }
        form = FeedbackForm(initial=initial)
    return render(
        request,
        "evaluation/feedback.html",
        {
            "session": session,
            "cohort": session.cohort,
            "form": form,
            "existing": existing,
            "window": window,
            "is_open": window.is_open(now),
            "now": now,
        },
    )


@login_required
@never_cache
def questionnaire_page(request, run_id: int):
    run = get_object_or_404(
        QuestionnaireRun.objects.select_related("questionnaire", "cohort__programme"),
        pk=run_id,
    )
    access.require_participant(request.user, run.cohort)
    questions = list(run.questionnaire.questions.all())
    answered = questionnaires.has_answered(request.user, run)
    if request.method == "POST":
        form = QuestionnaireForm(request.POST, questions=questions)
        try:
            questionnaires.submit_response(
                run=run, user=request.user, answers=form.raw_answers()
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Thank you: your answers are saved.")
            return redirect("evaluation:cohort", run.cohort_id)
    else:
        form = QuestionnaireForm(questions=questions)
    return render(
        request,
        "evaluation/questionnaire.html",
        {
            "run": run,
            "cohort": run.cohort,
            "form": form,
            "answered": answered,
            "is_open": run.is_open(timezone.now()),
        },
    )


@login_required
@never_cache
def assessment_page(request, cohort_id: int, stage: str):
    cohort = _cohort(request, cohort_id)
    if stage not in assessments.Stage.values:
        raise Http404
    statements = assessments.active_statements()
    existing = assessments.own_assessment(request.user, cohort, stage)
    window = assessments.stage_window(cohort, stage)
    if request.method == "POST":
        form = AssessmentForm(request.POST, statements=statements)
        try:
            assessments.save_self_assessment(
                cohort=cohort, user=request.user, stage=stage, scores=form.raw_scores()
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Your ratings are saved.")
            return redirect("evaluation:cohort", cohort.pk)
    else:
        initial = {}
        if existing:
            initial = {
                f"s{r.statement_id}": str(r.score) for r in existing.ratings.all()
            }
        form = AssessmentForm(initial=initial, statements=statements)
    return render(
        request,
        "evaluation/assessment.html",
        {
            "cohort": cohort,
            "stage": assessments.Stage(stage),
            "form": form,
            "existing": existing,
            "is_open": window.is_open(timezone.now()),
            "window": window,
            "now": timezone.now(),
        },
    )


@login_required
@never_cache
def journal_page(request, cohort_id: int):
    cohort = _cohort(request, cohort_id)
    sections = journal.journal(request.user, cohort)
    if request.method == "POST":
        form = JournalForm(request.POST, sections=sections)
        try:
            journal.save_answers(
                cohort=cohort, user=request.user, answers=form.answers()
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Your journal is saved.")
            return redirect("evaluation:journal", cohort.pk)
    else:
        form = JournalForm(sections=sections)
    return render(
        request,
        "evaluation/journal.html",
        {
            "cohort": cohort,
            "form": form,
            "sections": sections,
            "consented": journal.has_consented(request.user),
        },
    )


@login_required
@never_cache
def journal_pdf(request, cohort_id: int):
    cohort = _cohort(request, cohort_id)
    pdf = render_pdf(
        "evaluation/journal_pdf.html",
        {
            "cohort": cohort,
            "person": request.user,
            "sections": journal.journal(request.user, cohort),
            "printed_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="journal-{cohort.programme.slug}-{cohort.slug}.pdf"'
    )
    return response


@login_required
@never_cache
def research_consent(request):
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            journal.set_research_consent(
                user=request.user, given=form.cleaned_data["given"]
            )
            messages.success(
                request,
                "Thank you: your choice is saved."
                if form.cleaned_data["given"]
                else "Your answers will not be pooled for research.",
            )
            return redirect(reverse("evaluation:consent"))
    else:
        form = ConsentForm(initial={"given": journal.has_consented(request.user)})
    return render(request, "evaluation/consent.html", {"form": form})
