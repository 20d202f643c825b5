"""Answers to staff's own questions, read for pages, the admin and CSV exports."""

from __future__ import annotations

from collections.abc import Iterable

from applications.models import Application, ApplicationAnswer
from cohorts import questions
from cohorts.models import Cohort, Question


def application_questions(cohort: Cohort) -> list[Question]:
    return list(questions.questions_for(cohort, Question.Form.APPLICATION))


def answers_by_application(
    applications: Iterable[Application],
) -> dict[int, dict[int, object]]:
    """``{application_id: {question_id: value}}`` in one query."""
    ids = [a.pk for a in applications]
    found: dict[int, dict[int, object]] = {pk: {} for pk in ids}
    rows = ApplicationAnswer.objects.filter(application_id__in=ids).values_list(
        "application_id", "question_id", "value"
    )
    for application_id, question_id, value in rows:
        found[application_id][question_id] = value
    return found


def answer_rows(application: Application) -> list[tuple[str, str]]:
    """(question, answer in words) for each question asked, in order."""
    stored = dict(application.answers.values_list("question_id", "value"))
    return [
        (question.text, questions.display(question, stored.get(question.pk)))
        for question in application_questions(application.cohort)
    ]
