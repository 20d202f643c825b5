"""The claim form: what it was for, how much, and the receipt."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from expenses.receipts import check_receipt, max_bytes


class ExpenseClaimForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Programme"), queryset=Cohort.objects.none(), empty_label=None
    )
    description = forms.CharField(
        label=_("What was it for?"),
        max_length=300,
        help_text=_("For example: train fare to the in-person session."),
    )
    incurred_on = forms.DateField(
        label=_("Date of the expense"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    amount = forms.DecimalField(
        label=_("Amount (£)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("5000"),
        decimal_places=2,
        max_digits=8,
    )
    receipt = forms.FileField(
        label=_("Receipt"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}
        ),
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        limit = max_bytes() // (1024 * 1024)
        self.fields["receipt"].help_text = _(
            "A PDF or a photo (JPEG, PNG or WebP), up to %(limit)s MB."
        ) % {"limit": limit}

    def clean_receipt(self):
        receipt = self.cleaned_data["receipt"]
        check_receipt(receipt)
        return receipt
