"""Booking and waiting-list forms: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.enquiries import MESSAGE_LIMIT
from bookings.models import Enquiry, Order
from bookings.place_questions import add_question_fields
from bookings.pricing import NON_MEMBER, MemberTerms, price_places, terms_for
from bookings.services import Attendee, Billing, free_places_used, payment_problems
from cohorts.models import Cohort, Session
from cop.limits import NOTE, form_limit
from cop.models import Organisation
from cop.refusals import show_refusal

MAX_COLLEAGUES = 20


class BookingForm(forms.Form):
    option = forms.ModelChoiceField(
        queryset=None,
        label=_("Package"),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Choose one of the packages offered for this cohort.")
        },
    )
    sessions = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Sessions (for a package of some sessions)"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose sessions of this cohort that have not started.")
        },
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        required=False,
        label=_("Organisation"),
        empty_label=_("Not a member / booking privately"),
        help_text=_("Member organisations get a discount and some free places."),
    )
    book_for_self = forms.BooleanField(
        required=False, initial=True, label=_("I am attending myself")
    )
    access_needs = forms.CharField(
        required=False,
        label=_("Your access needs for in-person sessions"),
        **form_limit(NOTE),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    dietary_requirements = forms.CharField(
        required=False,
        label=_("Your dietary requirements"),
        **form_limit(NOTE),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    payment_method = forms.ChoiceField(
        required=False, label=_("How will you pay?"), widget=forms.RadioSelect
    )
    purchase_order_number = forms.CharField(
        required=False, max_length=60, label=_("Purchase order number")
    )
    billing_contact = forms.CharField(
        required=False, max_length=200, label=_("Billing contact")
    )
    billing_email = forms.EmailField(
        required=False,
        label=_("Billing email"),
        help_text=_(
            "Accounts payable, for example: we email the invoice here as well as "
            "to you."
        ),
        error_messages={
            "invalid": _(
                "Enter an email address in the correct format, like name@example.org."
            )
        },
    )
    billing_address = forms.CharField(
        required=False,
        label=_("Billing address"),
        widget=forms.Textarea({"rows": 3}),
        **form_limit(NOTE),
    )
    offer = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, cohort: Cohort, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort, self.user = cohort, user
        queryset = cohort.price_options.filter(is_active=True).order_by(
            "position", "-price"
        )
        self.fields["option"].queryset = queryset
        options = list(queryset)
        self.has_options = bool(options)
        if not self.has_options:
            self.fields["option"].required = False
        else:
            # One package is always chosen: the first (the whole cohort).
            self.fields["option"].initial = options[0].pk
        self.has_partial = any(o.is_partial for o in options)
        self.partial_ids = " ".join(str(o.pk) for o in options if o.is_partial)
        self.member_terms = self._member_terms(cohort, user)
        self.fields["option"].label_from_instance = self._option_label
        self.fields["sessions"].queryset = cohort.sessions.filter(
            is_cancelled=False, starts_at__gt=timezone.now()
        ).order_by("starts_at")
        self._limit_organisation_to_confirmed(user)
        self.in_person = cohort.sessions.filter(
            mode__in=[Session.Mode.IN_PERSON, Session.Mode.HYBRID]
        ).exists()
        add_question_fields(self, cohort)  # staff's own questions (issue 18)
        self.fields["access_needs"].initial = user.access_needs
        self.fields["dietary_requirements"].initial = user.dietary_requirements
        choices = [
            (
                Order.PaymentMethod.INVOICE,
                _("Invoice (to you or to your organisation)"),
            )
        ]
        if settings.STRIPE_ENABLED:
            choices.insert(0, (Order.PaymentMethod.CARD, _("Card (secure payment)")))
        self.fields["payment_method"].choices = choices
        self.fields["payment_method"].initial = choices[0][0]
        self.card_enabled = len(choices) > 1

    def _member_terms(self, cohort: Cohort, user) -> MemberTerms:
        """The member terms the booker's confirmed organisation gets today."""
        if not (user.organisation_confirmed and user.organisation_id):
            return NON_MEMBER
        now = timezone.now()
        return terms_for(
            user.organisation,
            on=timezone.localdate(now),
            free_places_used=free_places_used(cohort, user.organisation, now),
        )

    def _option_label(self, option) -> str:
        """'All six sessions: £750.00 (your member price £502.50)'."""
        label = f"{option.name}: £{option.price}"
        terms = self.member_terms
        if not terms.is_member or not option.price:
            return label
        if terms.free_places_left:
            return label + str(
                _(" (%(organisation)s has %(n)d free place(s) left in this cohort)")
                % {"organisation": self.user.organisation, "n": terms.free_places_left}
            )
        price = price_places(list_price=option.price, count=1, terms=terms).total
        return label + str(
            _(" (your member price £%(price)s, %(percent)s%% off)")
            % {"price": price, "percent": f"{terms.discount_percent.normalize():f}"}
        )

    def _limit_organisation_to_confirmed(self, user) -> None:
        """Offer only the booker's own organisation, once their link is confirmed."""
        field = self.fields["organisation"]
        if user.organisation_confirmed and user.organisation_id:
            field.queryset = Organisation.objects.filter(pk=user.organisation_id)
            field.initial = user.organisation_id
            organisation = user.organisation
            # Start from the organisation's usual billing details.
            self.fields["billing_contact"].initial = organisation.billing_contact
            self.fields["billing_email"].initial = organisation.billing_email
            self.fields["billing_address"].initial = organisation.billing_address
            return
        field.queryset = Organisation.objects.none()
        # Nobody is stuck: an invoice can go to the booker themselves.
        self.fields["billing_contact"].initial = user.full_name
        self.fields["billing_email"].initial = user.email
        field.help_text = _(
            "Member organisations get a discount and some free places. To get "
            "the member price, add and verify your work email at a member "
            "organisation (in your profile), or ask your organisation's booking "
            "contact to confirm you. If you are confirmed before you confirm "
            "this booking, you will see the member price before you pay."
        )
        if user.organisation_id:
            field.help_text = _(
                "Your link to %(organisation)s is awaiting confirmation, so "
                "member prices are not available yet. Verify an email address "
                "at the organisation or ask the network team to confirm you."
            ) % {"organisation": user.organisation}

    @property
    def option_id(self) -> int | None:
        option = self.cleaned_data.get("option")
        return option.pk if option else None

    def check_payment(self, breakdown) -> bool:
        """At the review step, mark what an invoice still needs, field by field.

        The service decides what is missing (free places need no invoice);
        the form only places each problem beside its field.
        """
        data = self.cleaned_data
        problems = payment_problems(
            requested=data.get("payment_method") or "",
            breakdown=breakdown,
            organisation=data.get("organisation"),
            billing=self._billing_details(),
        )
        for problem in problems:
            if problem.field == "organisation":
                self.add_error("organisation", self._no_organisation_message())
            else:
                show_refusal(self, problem)
        return not self.errors

    def _no_organisation_message(self) -> str:
        if self.fields["organisation"].queryset.exists():
            return _("Invoices are for organisations: choose yours.")
        return _(
            "Invoices are only for people whose link to a member organisation "
            "is confirmed. Pay by card, or ask the network team to confirm you."
        )

    def billing(self) -> Billing | None:
        data = self.cleaned_data
        if data.get("payment_method") != Order.PaymentMethod.INVOICE:
            return None
        return self._billing_details()

    def _billing_details(self) -> Billing:
        data = self.cleaned_data
        return Billing(
            purchase_order_number=data.get("purchase_order_number", ""),
            contact=data.get("billing_contact", ""),
            email=data.get("billing_email", ""),
            address=data.get("billing_address", ""),
        )

    def self_attendee(self) -> Attendee | None:
        if not self.cleaned_data.get("book_for_self"):
            return None
        return Attendee(
            name=self.user.full_name or self.user.email,
            email=self.user.email,
            access_needs=self.cleaned_data.get("access_needs", ""),
            dietary_requirements=self.cleaned_data.get("dietary_requirements", ""),
        )


class ColleagueForm(forms.Form):
    name = forms.CharField(required=False, max_length=200, label=_("Name"))
    email = forms.EmailField(
        required=False,
        label=_("Email"),
        error_messages={"invalid": _("Enter a valid email address.")},
    )
    access_needs = forms.CharField(
        required=False, label=_("Access needs"), **form_limit(NOTE)
    )
    dietary_requirements = forms.CharField(
        required=False, label=_("Dietary requirements"), **form_limit(NOTE)
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("name")) != bool(data.get("email")) and not self.errors:
            raise forms.ValidationError(_("Give both a name and an email, or neither."))
        return data

    def attendee(self) -> Attendee | None:
        data = self.cleaned_data
        if not data.get("email"):
            return None
        return Attendee(
            data["name"],
            data["email"],
            data.get("access_needs", ""),
            data.get("dietary_requirements", ""),
        )


def colleague_formset(data=None, rows: int = 0) -> forms.BaseFormSet:
    formset_class = forms.formset_factory(
        ColleagueForm,
        extra=max(0, min(rows, MAX_COLLEAGUES)),
        max_num=MAX_COLLEAGUES,
        validate_max=True,
    )
    return formset_class(data, prefix="colleague")


class WaitingListForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Your name"))
    email = forms.EmailField(
        label=_("Email"),
        error_messages={"invalid": _("Enter a valid email address.")},
    )
    places_wanted = forms.IntegerField(
        min_value=1,
        max_value=20,
        initial=1,
        label=_("How many places?"),
        help_text=_("An organisation may wait for several places at once."),
    )
    scope = forms.ChoiceField(
        choices=[
            ("cohort", _("This cohort")),
            ("programme", _("Any future cohort of this programme")),
        ],
        initial="cohort",
        widget=forms.RadioSelect,
        label=_("Which places?"),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        required=False,
        label=_("Organisation (optional)"),
    )


class EnquiryForm(forms.Form):
    topic = forms.ChoiceField(
        choices=Enquiry.Topic.choices,
        widget=forms.RadioSelect,
        label=_("What is your enquiry about?"),
        error_messages={"required": _("Choose what your enquiry is about.")},
    )
    name = forms.CharField(
        max_length=200,
        label=_("Your name"),
        error_messages={
            "required": _("Enter your name."),
            "max_length": _("Your name must be 200 characters or fewer."),
        },
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We reply to this address."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _(
                "Enter an email address in the correct format, like name@example.org."
            ),
        },
    )
    organisation = forms.CharField(
        required=False,
        max_length=200,
        label=_("Organisation"),
        error_messages={
            "max_length": _("The organisation must be 200 characters or fewer.")
        },
    )
    message = forms.CharField(
        max_length=MESSAGE_LIMIT,
        label=_("Your message"),
        help_text=_("Up to 5,000 characters."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter your message."),
            "max_length": _("Keep your message to 5,000 characters or fewer."),
        },
    )


class SwapForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label=_("New attendee's name"),
        error_messages={"required": _("Enter the new attendee's name.")},
    )
    email = forms.EmailField(
        label=_("New attendee's email address"),
        help_text=_("We send the confirmation and calendar invites here."),
        error_messages={
            "required": _("Enter the new attendee's email address."),
            "invalid": _(
                "Enter an email address in the correct format, like name@example.org."
            ),
        },
    )
