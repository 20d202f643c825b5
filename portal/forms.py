"""The person's own forms: their details, and deleting their account."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cop.affiliation import change_organisation, refresh_confirmation
from cop.models import User


class ProfileForm(forms.ModelForm):
    """The person's own details. Email and password have allauth's pages."""

    class Meta:
        model = User
        fields = [
            "full_name",
            "job_role",
            "organisation",
            "access_needs",
            "dietary_requirements",
            "optional_emails",
        ]
        labels = {
            "full_name": _("Full name"),
            "job_role": _("Job role"),
            "organisation": _("Organisation"),
            "access_needs": _("Access needs"),
            "dietary_requirements": _("Dietary requirements"),
            "optional_emails": _("Send me reminders and news"),
        }
        help_texts = {
            "full_name": _("As it should appear on your certificates."),
            "access_needs": _(
                "Anything we should arrange for in-person sessions. Only the "
                "facilitators of your sessions see this."
            ),
            "dietary_requirements": _(
                "For sessions with lunch or refreshments. Only the facilitators "
                "of your sessions see this."
            ),
            "optional_emails": _(
                "Session reminders and programme news. Booking confirmations, "
                "invoices and certificates are always sent."
            ),
        }
        widgets = {
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            "dietary_requirements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["organisation"].empty_label = _("Not listed / none")
        self.initial_organisation = self.instance.organisation

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your full name."))
        return name

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        if "organisation" in self.changed_data:
            # A new organisation starts unconfirmed, and a contact for one
            # organisation is not a contact for the next.
            user.organisation = self.initial_organisation
            change_organisation(user, self.cleaned_data["organisation"])
        if commit:
            user.save()
            refresh_confirmation(user)
        return user


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone"), required=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your current password."))
        return password
