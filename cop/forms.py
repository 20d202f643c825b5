from django import forms
from django.utils.translation import gettext_lazy as _

from cop.affiliation import change_organisation
from cop.models import Organisation


class SignupDetailsForm(forms.Form):
    """Extra fields asked at sign-up (allauth calls ``signup``)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("As it should appear on your certificates."),
    )
    job_role = forms.CharField(label=_("Job role"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("Not listed / none"),
    )

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.job_role = self.cleaned_data["job_role"]
        change_organisation(user, self.cleaned_data["organisation"])
        user.save()
