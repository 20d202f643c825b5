"""Staff's own booking questions on the booking form, answered with the place.

Small on purpose so the booking form can be reworked around it: the form
calls ``add_question_fields`` in ``__init__`` and the template includes
``cohorts/_question_fields.html`` with ``form.question_fields``; the view
passes ``question_answers(form)`` to ``book_places``, which checks them
before anything is written and stores them with the booker's own place
(the questions are about the person attending; colleagues booked by
someone else are not asked).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from bookings.models import Place, PlaceAnswer
from cohorts import questions
from cohorts.models import Cohort, Question


def booking_questions(cohort: Cohort) -> list[Question]:
    return list(questions.questions_for(cohort, Question.Form.BOOKING))


def add_question_fields(form: forms.Form, cohort: Cohort) -> None:
    """Add the cohort's booking questions to ``form`` (``form.question_fields``)."""
    asked = booking_questions(cohort)
    form.fields.update(questions.form_fields(asked))
    form.booking_questions = asked  # type: ignore[attr-defined]
    form.question_fields = [  # type: ignore[attr-defined]
        form[questions.field_name(q)] for q in asked
    ]


def question_answers(form: forms.Form) -> dict[int, Any]:
    """``{question_id: value}`` from a valid form, for ``book_places``."""
    asked = getattr(form, "booking_questions", [])
    return questions.answers_from_form(asked, form.cleaned_data)


def check_place_answers(cohort: Cohort, answers: Mapping[int, Any]) -> dict[int, Any]:
    """Checked answers; raises ``cohorts.questions.AnswerError`` naming the problem."""
    return questions.check_answers(booking_questions(cohort), answers)


def save_place_answers(*, place: Place, answers: Mapping[int, Any]) -> None:
    """Store checked answers with the place (inside the booking's transaction)."""
    PlaceAnswer.objects.bulk_create(
        PlaceAnswer(place=place, question_id=pk, value=value)
        for pk, value in answers.items()
    )


def answers_by_place(places) -> dict[int, dict[int, Any]]:
    """``{place_id: {question_id: value}}`` in one query (exports)."""
    ids = [p.pk for p in places]
    found: dict[int, dict[int, Any]] = {pk: {} for pk in ids}
    rows = PlaceAnswer.objects.filter(place_id__in=ids).values_list(
        "place_id", "question_id", "value"
    )
    for place_id, question_id, value in rows:
        found[place_id][question_id] = value
    return found
