"""Staff's own questions: definitions and answer checks shared by both forms."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cohorts import questions
from cohorts.models import Question
from tests.factories import CohortFactory

K = Question.Kind


def question(kind, *, options="", required=False, pk=1) -> Question:
    return Question(pk=pk, kind=kind, text="Q", options=options, required=required)


@pytest.mark.django_db
def test_a_choice_question_without_options_is_refused():
    cohort = CohortFactory()
    q = Question(cohort=cohort, form="application", kind=K.SINGLE_CHOICE, text="Q")

    with pytest.raises(ValidationError, match="at least two options"):
        q.full_clean()


@pytest.mark.django_db
def test_a_question_for_both_a_programme_and_a_cohort_is_refused():
    cohort = CohortFactory()
    q = Question(
        cohort=cohort,
        programme=cohort.programme,
        form="booking",
        kind=K.SHORT_TEXT,
        text="Q",
    )

    with pytest.raises(ValidationError, match="either a programme or a cohort"):
        q.full_clean()


@pytest.mark.parametrize(
    ("kind", "options", "value"),
    [
        (K.NUMBER, "", "twelve"),
        (K.NUMBER, "", True),
        (K.DATE, "", "31/02/2030"),
        (K.YES_NO, "", "maybe"),
        (K.YES_NO, "", ["yes"]),
        (K.SINGLE_CHOICE, "Red\nBlue", "Green"),
        (K.MULTIPLE_CHOICE, "Red\nBlue", "Red"),
        (K.MULTIPLE_CHOICE, "Red\nBlue", ["Red", "Green"]),
        (K.SHORT_TEXT, "", 12),
        (K.SHORT_TEXT, "", "x" * 301),
    ],
)
def test_an_answer_of_the_wrong_type_is_refused_with_the_question_named(
    kind, options, value
):
    q = question(kind, options=options)

    with pytest.raises(questions.AnswerError, match="not a valid"):
        questions.check_answers([q], {q.pk: value})


@pytest.mark.parametrize(
    ("kind", "options", "value", "stored"),
    [
        (K.NUMBER, "", "12.50", "12.50"),
        (K.DATE, "", dt.date(2030, 2, 5), "2030-02-05"),
        (K.YES_NO, "", "yes", True),
        (K.YES_NO, "", False, False),
        (K.MULTIPLE_CHOICE, "Red\nBlue\nGreen", ["Green", "Red"], ["Red", "Green"]),
        (K.LONG_TEXT, "", "  Housing  ", "Housing"),
    ],
)
def test_answers_are_stored_in_one_plain_form(kind, options, value, stored):
    q = question(kind, options=options)

    assert questions.check_answers([q], {q.pk: value}) == {q.pk: stored}


def test_a_required_question_left_empty_is_refused_when_required():
    q = question(K.SHORT_TEXT, required=True)

    with pytest.raises(questions.AnswerError, match="Please answer"):
        questions.check_answers([q], {q.pk: ""})


def test_a_required_question_may_be_left_empty_in_a_draft():
    q = question(K.SHORT_TEXT, required=True)

    assert questions.check_answers([q], {q.pk: ""}, require=False) == {}


def test_an_answer_to_a_question_not_asked_is_refused():
    q = question(K.SHORT_TEXT)

    with pytest.raises(questions.AnswerError, match="not asked"):
        questions.check_answers([q], {99: "sneaky"})


@pytest.mark.django_db
def test_programme_questions_come_before_the_cohorts_own():
    cohort = CohortFactory()
    own = Question.objects.create(
        cohort=cohort, form="application", kind=K.SHORT_TEXT, text="Own", position=0
    )
    shared = Question.objects.create(
        programme=cohort.programme,
        form="application",
        kind=K.SHORT_TEXT,
        text="Shared",
        position=5,
    )
    Question.objects.create(
        cohort=cohort, form="booking", kind=K.SHORT_TEXT, text="Booking only"
    )

    assert list(questions.questions_for(cohort, "application")) == [shared, own]


def test_form_fields_follow_the_question_kind_and_help_text():
    q = question(K.MULTIPLE_CHOICE, options="Red\nBlue", required=True)
    q.help_text = "Pick any"

    field = questions.form_fields([q])[questions.field_name(q)]

    assert field.required
    assert field.help_text == "Pick any"
    assert [c[0] for c in field.choices] == ["Red", "Blue"]


def test_an_answer_stored_before_the_question_changed_kind_still_displays():
    q = question(K.DATE)

    assert questions.display(q, "Housing") == "Housing"
