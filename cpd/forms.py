from django import forms
from django.utils.translation import gettext_lazy as _

from cop.limits import NOTE, form_limit
from cpd.attendance_import import max_bytes
from cpd.models import Attendance


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=12,
        help_text=_("The six characters the facilitator is showing."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class RegisterLineForm(forms.Form):
    place_id = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=Attendance.Status.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    minutes_present = forms.IntegerField(
        label=_("Minutes present"), min_value=0, required=False
    )
    activity_completed = forms.BooleanField(label=_("Activity done"), required=False)


RegisterFormSet = forms.formset_factory(RegisterLineForm, extra=0)


class ImportForm(forms.Form):
    report = forms.FileField(
        label=_("Participant report (CSV)"),
        help_text=_(
            "The attendance or participant report your meeting tool exports, "
            "with name, email, join and leave times and duration."
        ),
    )

    def clean_report(self):
        report = self.cleaned_data["report"]
        if report.size > max_bytes():
            raise forms.ValidationError(
                _("The file is too large (over %(size)d KB). Is it the right report?")
                % {"size": max_bytes() // 1024}
            )
        return report


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        **form_limit(NOTE),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit trail; never shown publicly."),
    )
