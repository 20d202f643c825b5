"""Forms behind the selection admin's intermediate pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.availability import Tally
from cohorts.models import Cohort
from cop.limits import PAGE, form_limit


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Email subject"), max_length=200)
    body = forms.CharField(
        label=_("Email message"),
        **form_limit(PAGE),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=_(
            "Saved as this cohort's wording. Placeholders: {name}, {programme}, "
            "{cohort}, {first_session}. Session dates and links are added below."
        ),
    )


class AnotherGroupForm(MessageForm):
    target = forms.ModelChoiceField(
        label=_("Move them to"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("A new cohort (copied from this one)"),
    )
    new_name = forms.CharField(
        label=_("Name of the new cohort"), max_length=120, required=False
    )
    new_slug = forms.SlugField(label=_("Web address of the new cohort"), required=False)

    field_order = ["target", "new_name", "new_slug", "subject", "body"]

    def __init__(self, *args, source: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Cohort.objects.filter(programme=source.programme)
            .exclude(pk=source.pk)
            .exclude(status__in=[Cohort.Status.CANCELLED, Cohort.Status.FINISHED])
        )

    def clean(self):
        data = super().clean()
        if not data.get("target") and not (
            data.get("new_name") and data.get("new_slug")
        ):
            raise forms.ValidationError(
                _("Choose a cohort, or give the new cohort a name and web address.")
            )
        return data


class ScheduleForm(forms.Form):
    slot = forms.ChoiceField(label=_("Day and time"))
    first_date = forms.DateField(
        label=_("Date of the first session"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    count = forms.IntegerField(
        label=_("Number of weekly sessions"), min_value=1, max_value=26, initial=6
    )

    def __init__(self, *args, tally: Tally, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [
            (row.key, f"{row.label}: {row.count}") for row in tally.rows
        ]
        if tally.best:
            self.fields["slot"].initial = tally.best[0].key

    def chosen(self) -> tuple[int, str, dt.date, int]:
        day, code = self.cleaned_data["slot"].split(":", 1)
        return (
            int(day),
            code,
            self.cleaned_data["first_date"],
            self.cleaned_data["count"],
        )
