"""Questionnaires for a cohort: answering, results, reminders and exports.

A run is open from ``opens_at`` until ``closes_at``. Each confirmed
participant answers once (a replayed submission is refused); anonymous runs
store no link to the person. Results are computed from plain value rows in a
fixed number of queries, whatever the number of respondents.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import access
from evaluation.aggregates import (
    AnswerRow,
    QuestionSummary,
    Rate,
    response_rate,
    summarise_question,
)
from evaluation.errors import EvaluationError
from evaluation.keys import respondent_key
from evaluation.models import Answer, Question, QuestionnaireRun, Response

Raw = str | Sequence[str] | None


DEFAULT_OPEN_DAYS = 14


def default_window(cohort) -> tuple[dt.datetime, dt.datetime] | None:
    """Opening at the last session, closing two weeks after it ends."""
    last = cohort.sessions.filter(is_cancelled=False).order_by("-starts_at").first()
    if last is None:
        return None
    return last.starts_at, last.ends_at + dt.timedelta(days=DEFAULT_OPEN_DAYS)


def run_key(user, run: QuestionnaireRun) -> str:
    return respondent_key(user, f"run:{run.pk}")


def has_answered(user, run: QuestionnaireRun) -> bool:
    return Response.objects.filter(run=run, respondent_key=run_key(user, run)).exists()


def open_runs_for(user, cohort, now: dt.datetime | None = None):
    now = now or timezone.now()
    return QuestionnaireRun.objects.filter(
        cohort=cohort, opens_at__lte=now, closes_at__gt=now
    ).select_related("questionnaire")


def _first(raw: Raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.strip()
    return str(raw[0]).strip() if raw else ""


def clean_answer(question: Question, raw: Raw) -> Answer | None:
    """An unsaved Answer from form input, or None when left empty.

    Raises EvaluationError (about the question's field) for input outside
    what the question allows.
    """
    field = f"q{question.pk}"
    kind = question.kind
    if kind == Question.Kind.MULTIPLE:
        values = [raw] if isinstance(raw, str) else list(raw or [])
        values = [v.strip() for v in values if v and v.strip()]
        if any(v not in question.options for v in values):
            raise EvaluationError(_("Choose from the options given."), field=field)
        return Answer(question=question, choices=values) if values else None
    value = _first(raw)
    if not value:
        return None
    return _clean_value(question, value, field)


def _clean_value(question: Question, value: str, field: str) -> Answer:
    kind = question.kind
    if kind == Question.Kind.SCALE:
        if value not in {"1", "2", "3", "4", "5"}:
            raise EvaluationError(_("Choose a number from 1 to 5."), field=field)
        return Answer(question=question, number=int(value))
    if kind == Question.Kind.YES_NO:
        if value not in {"yes", "no"}:
            raise EvaluationError(_("Answer yes or no."), field=field)
        return Answer(question=question, number=1 if value == "yes" else 0)
    if kind == Question.Kind.SINGLE:
        if value not in question.options:
            raise EvaluationError(_("Choose one of the options given."), field=field)
        return Answer(question=question, choices=[value])
    limit = 300 if kind == Question.Kind.SHORT_TEXT else 5000
    if len(value) > limit:
        raise EvaluationError(
            _("Keep this answer under %(limit)d characters.") % {"limit": limit},
            field=field,
        )
    return Answer(question=question, text=value)


def submit_response(
    *,
    run: QuestionnaireRun,
    user,
    answers: Mapping[int, Raw],
    now: dt.datetime | None = None,
) -> Response:
    """Record ``user``'s answers to ``run``, once; all or nothing."""
    now = now or timezone.now()
    if not access.is_participant(user, run.cohort):
        raise EvaluationError(_("This questionnaire is for the cohort's participants."))
    if now < run.opens_at:
        raise EvaluationError(_("This questionnaire is not open yet."))
    if now >= run.closes_at:
        raise EvaluationError(_("This questionnaire has closed."))
    rows = []
    for question in run.questionnaire.questions.all():
        answer = clean_answer(question, answers.get(question.pk))
        if answer is None and question.required:
            raise EvaluationError(_("Answer this question."), field=f"q{question.pk}")
        if answer is not None:
            rows.append(answer)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                run=run,
                respondent=None if run.questionnaire.anonymous else user,
                respondent_key=run_key(user, run),
            )
            for answer in rows:
                answer.response = response
            Answer.objects.bulk_create(rows)
    except IntegrityError:
        raise EvaluationError(
            _("You have already answered this questionnaire.")
        ) from None
    return response


# --- Results ---------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    summary: QuestionSummary


@dataclass(frozen=True)
class RunResults:
    run: QuestionnaireRun
    rate: Rate
    questions: list[QuestionResult]


def answer_rows(
    run: QuestionnaireRun, questions: Sequence[Question]
) -> dict[int, list[AnswerRow]]:
    """Every answer of the run as plain rows per question: three queries.

    Each kind reads only the column it uses, so the JSON list of choices is
    decoded only for choice questions (most of the cost at 40,000 answers).
    """
    rows: dict[int, list[AnswerRow]] = defaultdict(list)
    answers = Answer.objects.filter(response__run=run)
    numeric = [q.pk for q in questions if q.is_numeric]
    text = [q.pk for q in questions if q.is_text]
    choice = [q.pk for q in questions if q.pk not in numeric and q.pk not in text]
    for question_id, number in answers.filter(question_id__in=numeric).values_list(
        "question_id", "number"
    ):
        rows[question_id].append(AnswerRow(number=number))
    for question_id, choices in answers.filter(question_id__in=choice).values_list(
        "question_id", "choices"
    ):
        rows[question_id].append(AnswerRow(choices=tuple(choices or ())))
    for question_id, value in answers.filter(question_id__in=text).values_list(
        "question_id", "text"
    ):
        rows[question_id].append(AnswerRow(text=value))
    return rows


def run_results(run: QuestionnaireRun) -> RunResults:
    questions = list(run.questionnaire.questions.all())
    rows = answer_rows(run, questions)
    responded = Response.objects.filter(run=run).count()
    invited = access.confirmed_places(run.cohort).count()
    return RunResults(
        run=run,
        rate=response_rate(responded=responded, invited=max(invited, responded)),
        questions=[
            QuestionResult(q, summarise_question(q.kind, rows[q.pk], q.options))
            for q in questions
        ],
    )


# --- Exports ----------------------------------------------------------------------


def export_table(
    run: QuestionnaireRun, *, named: bool = False
) -> tuple[list[str], list[list[Any]]]:
    """Header and one row per response, for CSV and Excel.

    A named export of an anonymous questionnaire is refused: its answers
    carry no name to give, and we never try to work one out.
    """
    if named and run.questionnaire.anonymous:
        raise EvaluationError(
            _(
                "This questionnaire is anonymous: its answers cannot be exported "
                "with names."
            )
        )
    questions = list(run.questionnaire.questions.all())
    header = ["Response", "Submitted"]
    if named:
        header += ["Name", "Email"]
    header += [q.text for q in questions]
    responses = Response.objects.filter(run=run).order_by("submitted_at", "pk")
    if named:
        responses = responses.select_related("respondent")
    by_response = _cells(run, questions)
    rows = []
    for index, response in enumerate(responses.iterator(chunk_size=2000), 1):
        row: list[Any] = [
            index,
            timezone.localtime(response.submitted_at).replace(tzinfo=None),
        ]
        if named:
            person = response.respondent
            row += [person.full_name if person else "", person.email if person else ""]
        answers = by_response.get(response.pk, {})
        row += [answers.get(q.pk, "") for q in questions]
        rows.append(row)
    return header, rows


def _cells(
    run: QuestionnaireRun, questions: Sequence[Question]
) -> dict[int, dict[int, Any]]:
    """response id -> question id -> the cell to write; three queries.

    As in ``answer_rows``, each kind reads only its own column.
    """
    cells: dict[int, dict[int, Any]] = defaultdict(dict)
    answers = Answer.objects.filter(response__run=run)
    yes_no = {q.pk for q in questions if q.kind == Question.Kind.YES_NO}
    numeric = [q.pk for q in questions if q.is_numeric]
    text = [q.pk for q in questions if q.is_text]
    choice = [q.pk for q in questions if q.pk not in numeric and q.pk not in text]
    for response_id, question_id, number in answers.filter(
        question_id__in=numeric
    ).values_list("response_id", "question_id", "number"):
        if number is not None and question_id in yes_no:
            number = "Yes" if number else "No"
        cells[response_id][question_id] = "" if number is None else number
    for response_id, question_id, choices in answers.filter(
        question_id__in=choice
    ).values_list("response_id", "question_id", "choices"):
        cells[response_id][question_id] = "; ".join(choices or ())
    for response_id, question_id, value in answers.filter(
        question_id__in=text
    ).values_list("response_id", "question_id", "text"):
        cells[response_id][question_id] = value
    return cells
