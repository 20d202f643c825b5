from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Programme
from staff.models import CohortMessage


class MessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Send to"),
        choices=CohortMessage.Audience.choices,
        widget=forms.RadioSelect,
        initial=CohortMessage.Audience.CONFIRMED,
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Merge fields: {first_name}, {next_session} and {space_link} are "
            "filled in for each person."
        ),
    )
    about_place = forms.BooleanField(
        label=_("This is practical news about their place"),
        required=False,
        help_text=_(
            "Only then does it go to people who turned off optional emails "
            "(a changed room, a new joining link). Anything else respects their choice."
        ),
    )
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class ReportForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("All programmes"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        assert isinstance(programme, forms.ModelChoiceField)
        programme.queryset = Programme.objects.facilitated_by(user).order_by("name")

    @staticmethod
    def default_range() -> dict[str, dt.date]:
        today = timezone.localdate()
        return {"start": today - dt.timedelta(days=365), "end": today}

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date must be on or after the start date."))
        if start and end and (end - start).days > 366 * 5:
            self.add_error("end", _("Choose a range of five years or less."))
        return data
