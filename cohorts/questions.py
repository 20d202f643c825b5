"""Questions about a cohort: staff's own questions on booking and application forms.

Cohorts owns the questions (``cohorts.models.Question``) and this module, so
that both bookings (answers stored with the place) and applications (answers
stored with the application) can build the same form fields and check the
same answers without importing each other.

Answers are JSON values: text for text questions, a list of option texts for
multiple choice, ``True``/``False`` for yes/no, a number as a string (exact,
Decimal) and a date as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Question
from cop.errors import DomainError

Kind = Question.Kind
FIELD_PREFIX = "question_"


class AnswerError(DomainError):
    """An answer of the wrong type, or a required question left unanswered."""


def questions_for(cohort: Cohort, form: str) -> QuerySet[Question]:
    """The programme's questions, then the cohort's own, each in their order."""
    return (
        Question.objects.filter(form=form)
        .filter(Q(programme_id=cohort.programme_id) | Q(cohort=cohort))
        # The programme's questions (no cohort) first, on every database:
        # PostgreSQL sorts NULL last unless told.
        .order_by(F("cohort_id").asc(nulls_first=True), "position", "pk")
    )


def field_name(question: Question) -> str:
    return f"{FIELD_PREFIX}{question.pk}"


def form_fields(
    questions: Iterable[Question], *, enforce_required: bool = True
) -> dict[str, forms.Field]:
    """Form fields for the questions, keyed by ``field_name``.

    ``enforce_required=False`` lets a draft be saved with answers missing
    (the application form checks required answers only when submitting).
    """
    fields: dict[str, forms.Field] = {}
    for question in questions:
        fields[field_name(question)] = _field(question, enforce_required)
    return fields


def _field(question: Question, enforce_required: bool) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.required and enforce_required,
    }
    choices = [(option, option) for option in question.option_list]
    match question.kind:
        case Kind.SHORT_TEXT:
            return forms.CharField(max_length=300, **common)
        case Kind.LONG_TEXT:
            return forms.CharField(
                max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), **common
            )
        case Kind.SINGLE_CHOICE:
            return forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, **common
            )
        case Kind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        case Kind.YES_NO:
            return forms.TypedChoiceField(
                choices=[("yes", _("Yes")), ("no", _("No"))],
                widget=forms.RadioSelect,
                **common,
            )
        case Kind.NUMBER:
            return forms.DecimalField(max_digits=12, decimal_places=2, **common)
        case Kind.DATE:
            return forms.DateField(
                widget=forms.DateInput(attrs={"type": "date"}), **common
            )
    raise ValueError(f"Unknown question kind {question.kind!r}")


def initial_values(
    questions: Iterable[Question], answers: Mapping[int, Any]
) -> dict[str, Any]:
    """Form initial data from stored answers (``{question_id: value}``)."""
    initial: dict[str, Any] = {}
    for question in questions:
        if question.pk not in answers:
            continue
        value = answers[question.pk]
        if question.kind == Kind.YES_NO:
            value = "yes" if value else "no"
        initial[field_name(question)] = value
    return initial


def answers_from_form(
    questions: Iterable[Question], cleaned_data: Mapping[str, Any]
) -> dict[int, Any]:
    """``{question_id: raw value}`` from a valid form, for ``check_answers``."""
    return {
        question.pk: cleaned_data.get(field_name(question)) for question in questions
    }


def check_answers(
    questions: Iterable[Question],
    answers: Mapping[int, Any],
    *,
    require: bool = True,
) -> dict[int, Any]:
    """Check and normalise answers; raise ``AnswerError`` naming the first problem.

    Returns ``{question_id: JSON value}`` with unanswered questions left out.
    An answer to a question not asked is refused.
    """
    questions = list(questions)
    asked = {question.pk for question in questions}
    unknown = set(answers) - asked
    if unknown:
        raise AnswerError(_("That question is not asked on this form."))
    clean: dict[int, Any] = {}
    for question in questions:
        value = normalise(question, answers.get(question.pk))
        if value is None:
            if require and question.required:
                raise AnswerError(
                    _("Please answer: %(question)s") % {"question": question.text},
                    field=field_name(question),
                )
            continue
        clean[question.pk] = value
    return clean


def normalise(question: Question, value: Any) -> Any:
    """The stored form of one answer; None when unanswered; AnswerError if wrong."""
    if value is None or value == "" or value == []:
        return None
    result = _NORMALISERS[question.kind](question, value)
    if result is _WRONG:
        raise AnswerError(
            _("The answer to “%(question)s” is not a valid %(kind)s.")
            % {"question": question.text, "kind": question.get_kind_display().lower()},
            field=field_name(question),
        )
    return result


_WRONG = object()


def _text(question: Question, value: Any) -> Any:
    limit = 300 if question.kind == Kind.SHORT_TEXT else 4000
    if not isinstance(value, str) or len(value) > limit:
        return _WRONG
    return value.strip() or None


def _single(question: Question, value: Any) -> Any:
    return value if value in question.option_list else _WRONG


def _multiple(question: Question, value: Any) -> Any:
    options = question.option_list
    if isinstance(value, str) or not all(v in options for v in value):
        return _WRONG
    return [option for option in options if option in value]


def _yes_no(question: Question, value: Any) -> Any:
    if not isinstance(value, bool | str):
        return _WRONG
    return {True: True, "yes": True, False: False, "no": False}.get(value, _WRONG)


def _number(question: Question, value: Any) -> Any:
    if isinstance(value, bool):
        return _WRONG
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return _WRONG
    return str(number) if number.is_finite() else _WRONG


def _date(question: Question, value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        return _WRONG


_NORMALISERS: dict[str, Callable[[Question, Any], Any]] = {
    Kind.SHORT_TEXT: _text,
    Kind.LONG_TEXT: _text,
    Kind.SINGLE_CHOICE: _single,
    Kind.MULTIPLE_CHOICE: _multiple,
    Kind.YES_NO: _yes_no,
    Kind.NUMBER: _number,
    Kind.DATE: _date,
}


def display(question: Question, value: Any) -> str:
    """An answer as words, for the admin, exports and lists."""
    if value is None or value == "":
        return ""
    # A question's kind may change after answers were given: show what is
    # stored rather than fail.
    if question.kind == Kind.MULTIPLE_CHOICE and isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if question.kind == Kind.YES_NO and isinstance(value, bool):
        return _("Yes") if value else _("No")
    if question.kind == Kind.DATE:
        try:
            return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)
