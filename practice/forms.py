"""Forms parse input only; the services in steps, catchups and learning_log
decide and refuse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cop.errors import DomainError
from practice.models import ActionStep, CpdLogEntry


class DateInput(forms.DateInput):
    input_type = "date"


def show_refusal(form: forms.Form, error: DomainError) -> None:
    """Put a service's refusal beside its field, or at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class StepForm(forms.Form):
    session = forms.TypedChoiceField(label=_("After session"), coerce=int)
    what = forms.CharField(
        label=_("What will you try?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One concrete thing, e.g. 'Run a listening walk on Elm Road'."),
    )
    by_when = forms.DateField(label=_("By when"), widget=DateInput)
    who_might_help = forms.CharField(
        label=_("Who might help"), max_length=200, required=False
    )
    shared = forms.BooleanField(
        label=_("Share this step with the group"),
        required=False,
        help_text=_("Otherwise only you and the facilitators see it."),
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {s.pk: s for s in sessions}
        self.fields["session"].choices = [
            (s.pk, f"{s.number}. {s.title}") for s in sessions
        ]
        if sessions:
            self.fields["session"].initial = sessions[-1].pk


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How is it going?"),
        choices=ActionStep.Status.choices,
        widget=forms.RadioSelect,
    )
    reflection = forms.CharField(
        label=_("Reflection"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What happened and what you learned. A step done with a reflection "
            "counts towards CPD where the programme awards points for it."
        ),
    )
    shared = forms.BooleanField(label=_("Share with the group"), required=False)


class LogForm(forms.Form):
    place = forms.TypedChoiceField(label=_("Cohort"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=CpdLogEntry.Kind.choices)
    what = forms.CharField(label=_("What you did"), max_length=300)
    on = forms.DateField(label=_("When"), widget=DateInput)
    minutes = forms.IntegerField(
        label=_("Minutes"), min_value=1, max_value=100_000, widget=forms.NumberInput
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {p.pk: p for p in places}
        self.fields["place"].choices = [(p.pk, str(p.cohort)) for p in places]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The participant is emailed your comment."),
    )


class FlagForm(forms.Form):
    reason = forms.CharField(label=_("Why contact them"), max_length=300)


class FollowUpForm(forms.Form):
    outcome = forms.CharField(
        label=_("What happened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StartRoundForm(forms.Form):
    after_session = forms.TypedChoiceField(label=_("After session"), coerce=int)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {s.pk: s for s in sessions}
        self.fields["after_session"].choices = [
            (s.pk, f"{s.number}. {s.title}") for s in sessions
        ]


class SwapForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Move"), coerce=int)
    other = forms.TypedChoiceField(label=_("Swap with"), coerce=int)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        choices = [(p.pk, p.full_name or p.email) for p in people]
        self.fields["person"].choices = choices
        self.fields["other"].choices = choices
