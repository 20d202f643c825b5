"""Forms parse input; the services decide what is allowed (and say why)."""

from __future__ import annotations

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from evaluation.models import Question

SCALE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was this session for your work?"),
        help_text=_("1 is not at all useful, 5 is very useful."),
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how useful the session was, from 1 to 5."),
            "invalid_choice": _("Choose how useful the session was, from 1 to 5."),
        },
    )
    worked = forms.CharField(
        label=_("What worked well?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change = forms.CharField(
        label=_("What would you change?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anonymous = forms.BooleanField(
        label=_("Answer anonymously"),
        required=False,
        help_text=_(
            "Your facilitator sees your answers without your name. You can still "
            "edit them yourself until the next session."
        ),
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


def question_field(question: Question) -> forms.Field:
    """One form field per question; validity is checked by the service."""
    common = {
        "label": question.text,
        "help_text": question.help_text,
        # Shown as "(optional)" or not; ``submit_response`` enforces it.
        "required": question.required,
    }
    kind = question.kind
    if kind == Question.Kind.SCALE:
        low, high = question.scale_low, question.scale_high
        hint = f"1 = {low}, 5 = {high}." if low and high else ""
        common["help_text"] = " ".join(filter(None, [question.help_text, hint]))
        return forms.ChoiceField(
            choices=SCALE_CHOICES, widget=forms.RadioSelect, **common
        )
    if kind == Question.Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
            **common,
        )
    options = [(o, o) for o in question.options]
    if kind == Question.Kind.SINGLE:
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.SHORT_TEXT:
        return forms.CharField(**common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)


class ServiceCheckedForm(forms.Form):
    """A form whose input is judged by a service, not by the fields.

    The fields only render; ``raw_*`` hands the service what was sent, and
    the view shows the service's refusal on the field it names.
    """

    def full_clean(self) -> None:
        self._errors = ErrorDict()
        self.cleaned_data = {}


class QuestionnaireForm(ServiceCheckedForm):
    """Fields ``q<pk>`` for each question, in order.

    Input is read raw from ``self.data`` for ``submit_response`` to judge.
    """

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            field = question_field(question)
            field.question = question
            self.fields[f"q{question.pk}"] = field

    def raw_answers(self) -> dict[int, object]:
        answers: dict[int, object] = {}
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == Question.Kind.MULTIPLE:
                answers[question.pk] = self.data.getlist(name)
            else:
                answers[question.pk] = self.data.get(name, "")
        return answers


class AssessmentForm(ServiceCheckedForm):
    """One 1-5 rating per statement, grouped by dimension on the page."""

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = list(statements)
        for statement in self.statements:
            self.fields[f"s{statement.pk}"] = forms.ChoiceField(
                label=statement.text,
                choices=SCALE_CHOICES,
                widget=forms.RadioSelect,
                required=True,  # shown as such; the service enforces it
            )

    def raw_scores(self) -> dict[int, object]:
        return {s.pk: self.data.get(f"s{s.pk}", "") for s in self.statements}

    def groups(self):
        """(dimension, [bound fields]) in the statements' order."""
        groups: list[tuple[object, list]] = []
        for statement in self.statements:
            if not groups or groups[-1][0] != statement.dimension:
                groups.append((statement.dimension, []))
            groups[-1][1].append(self[f"s{statement.pk}"])
        return groups


class CohortReviewForm(AssessmentForm):
    notes = forms.CharField(
        label=_("Notes for the review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def raw_notes(self) -> str:
        return self.data.get("notes", "")


class JournalForm(ServiceCheckedForm):
    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            for entry in section.entries:
                name = f"j{entry.question.pk}"
                self.fields[name] = forms.CharField(
                    label=entry.question.text,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    initial=entry.answer.text if entry.answer else "",
                )
                entry.field_name = name

    def grouped(self):
        """(section, [bound fields]) in journal order."""
        return [
            (section, [self[entry.field_name] for entry in section.entries])
            for section in self.sections
        ]

    def answers(self) -> dict[int, str]:
        return {
            int(name[1:]): self.data.get(name, "")
            for name in self.fields
            if name.startswith("j")
        }


class ConsentForm(forms.Form):
    given = forms.BooleanField(
        label=_("Yes, my journal answers may be pooled, without my name, for research"),
        required=False,
    )


class ExportForm(forms.Form):
    named = forms.BooleanField(required=False)
