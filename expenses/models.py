"""Expense claims for free programmes, with their receipts."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.limits import PARAGRAPHS, limited


def receipt_path(instance: ExpenseClaim, filename: str) -> str:
    """An unguessable name; the original name is kept on the claim."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"expense-receipts/{instance.cohort_id}/{secrets.token_urlsafe(16)}.{suffix}"


class ExpenseClaim(models.Model):
    """A participant's claim for expenses on a free programme."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="expense_claims"
    )
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="expense_claims",
    )
    amount = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    description = models.CharField(_("what it was for"), max_length=300)
    incurred_on = models.DateField(_("date of the expense"), null=True, blank=True)
    receipt = models.FileField(upload_to=receipt_path)
    receipt_name = models.CharField(max_length=200, blank=True)
    receipt_content_type = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer_note = models.TextField(blank=True, **limited(PARAGRAPHS))
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="expense_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} for {self.description} ({self.claimant})"
