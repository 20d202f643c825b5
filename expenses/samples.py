"""Sample expense claim for the email template previews (unsaved objects)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from expenses.models import ExpenseClaim


def sample_claim(context: dict[str, Any]) -> dict[str, Any]:
    """Builds on the cohort sample (cohorts registers first)."""
    today = timezone.localdate()
    claim = ExpenseClaim(
        cohort=context["cohort"],
        claimant=context["user"],
        amount=Decimal("23.40"),
        description="Train fare to the Leeds session",
        incurred_on=today - dt.timedelta(days=3),
        reviewer_note="Paid with the next expenses run.",
    )
    return {
        "claim": claim,
        "claims_url": settings.SITE_URL + reverse("expenses:claims"),
    }
