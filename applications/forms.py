from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.availability import day_choices, time_options
from applications.models import Application, ExpressionOfInterest
from cohorts import questions
from cohorts.models import Cohort, Question
from cop.limits import PARAGRAPHS, form_limit


class InterestForm(forms.ModelForm):
    class Meta:
        model = ExpressionOfInterest
        fields = ["name", "email", "organisation", "role", "remind_before_deadline"]
        labels = {
            "role": _("Your role"),
            "remind_before_deadline": _(
                "Email me a reminder before the application deadline"
            ),
        }
        help_texts = {"remind_before_deadline": ""}


REQUIRED_TO_SUBMIT = {
    "motivation": _("Tell us why you want to take part."),
    "hopes": _("Tell us what you hope to achieve."),
    "challenge": _("Tell us about a challenge or question you would bring."),
    "role": _("Choose the description that fits your role."),
    "organisation_supports": _(
        "Confirm that your organisation supports you taking part."
    ),
    "preferred_days": _("Choose at least one day you could attend."),
    "preferred_times": _("Choose at least one time of day you could attend."),
}


class ApplicationForm(forms.Form):
    """Answers and availability; complete answers are required only to submit."""

    motivation = forms.CharField(
        label=_("Why do you want to take part?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        **form_limit(PARAGRAPHS),
    )
    hopes = forms.CharField(
        label=_("What do you hope to achieve?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        **form_limit(PARAGRAPHS),
    )
    challenge = forms.CharField(
        label=_("What challenge or question would you bring to the group?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        **form_limit(PARAGRAPHS),
    )
    role = forms.ChoiceField(
        label=_("Your role"),
        choices=Application.Role.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    organisation_name = forms.CharField(
        label=_("Your organisation"), max_length=200, required=False
    )
    organisation_supports = forms.BooleanField(
        label=_("My organisation supports me taking part (time to attend)"),
        required=False,
    )
    preferred_days = forms.MultipleChoiceField(
        label=_("Which days of the week could you attend?"),
        choices=day_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    preferred_times = forms.MultipleChoiceField(
        label=_("Which times of day could you attend? (UK time)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, cohort: Cohort, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.fields["preferred_times"].choices = [
            (option.code, option.display) for option in time_options(cohort)
        ]
        # Staff's own questions come after the programme's fixed ones.
        self.questions = list(
            questions.questions_for(cohort, Question.Form.APPLICATION)
        )
        self.fields.update(
            questions.form_fields(self.questions, enforce_required=submitting)
        )

    @property
    def question_fields(self) -> list:
        return [self[questions.field_name(q)] for q in self.questions]

    @classmethod
    def initial_from(cls, application: Application | None, user) -> dict[str, Any]:
        # The organisation comes from the profile until the applicant types one
        # (a draft saved before it was filled in starts from the profile too).
        profile_organisation = getattr(user.organisation, "name", "")
        if application is None:
            return {"organisation_name": profile_organisation}
        initial = {name: getattr(application, name) for name in REQUIRED_TO_SUBMIT}
        initial["organisation_name"] = (
            application.organisation_name or profile_organisation
        )
        initial["preferred_days"] = [str(d) for d in application.preferred_days]
        stored = dict(application.answers.values_list("question_id", "value"))
        initial |= questions.initial_values(
            questions.questions_for(application.cohort, Question.Form.APPLICATION),
            stored,
        )
        return initial

    def clean(self):
        data = super().clean()
        if self.submitting:
            for name, message in REQUIRED_TO_SUBMIT.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    def answers(self) -> dict[str, Any]:
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith(questions.FIELD_PREFIX)
        }
        data["preferred_days"] = sorted(int(d) for d in data["preferred_days"])
        return data

    def question_answers(self) -> dict[int, Any]:
        """``{question_id: value}`` for ``save_application(question_answers=...)``."""
        return questions.answers_from_form(self.questions, self.cleaned_data)
