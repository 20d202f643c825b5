"""Expenses for free programmes: claim, approve or reject, export for payment."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.places import is_free
from bookings.models import Place
from cohorts.models import Cohort
from cop.audit import record
from expenses.errors import ExpenseError
from expenses.models import ExpenseClaim
from expenses.receipts import check_receipt
from notifications.services import notify


def may_claim(user, cohort: Cohort) -> bool:
    """Confirmed participants of a free cohort may claim expenses."""
    return (
        is_free(cohort)
        and Place.objects.confirmed().filter(cohort=cohort, attendee=user).exists()
    )


def submit_claim(
    *,
    cohort: Cohort,
    claimant,
    amount: Decimal,
    description: str,
    receipt: UploadedFile,
    incurred_on: dt.date | None = None,
) -> ExpenseClaim:
    if not may_claim(claimant, cohort):
        raise ExpenseError(
            _("Only participants in a free cohort can claim expenses for it.")
        )
    if amount <= 0:
        raise ExpenseError(_("Enter an amount greater than £0."))
    content_type = check_receipt(receipt)
    with transaction.atomic():
        claim = ExpenseClaim(
            cohort=cohort,
            claimant=claimant,
            amount=amount.quantize(Decimal("0.01")),
            description=description.strip(),
            incurred_on=incurred_on,
            receipt_name=(receipt.name or "receipt")[:200],
            receipt_content_type=content_type,
        )
        claim.receipt.save(receipt.name or "receipt", receipt, save=False)
        claim.save()
        record(
            "applications.expense.submitted", claim, actor=claimant, amount=claim.amount
        )
    return claim


def review_claims(
    *, claim_ids: Iterable[int], approve: bool, actor, note: str = ""
) -> list[ExpenseClaim]:
    """Approve or reject claims awaiting a decision; others are refused."""
    status = ExpenseClaim.Status.APPROVED if approve else ExpenseClaim.Status.REJECTED
    with transaction.atomic():
        claims = list(
            ExpenseClaim.objects.select_for_update(of=("self",))
            .filter(pk__in=list(claim_ids))
            .select_related("claimant", "cohort__programme")
        )
        decided = [c for c in claims if c.status != ExpenseClaim.Status.SUBMITTED]
        if decided:
            raise ExpenseError(
                _("Some claims have already been decided: %(claims)s. Nothing changed.")
                % {"claims": ", ".join(str(c.pk) for c in decided)}
            )
        now = timezone.now()
        for claim in claims:
            claim.status = status
            claim.reviewer = actor
            claim.reviewed_at = now
            claim.reviewer_note = note
            claim.save(
                update_fields=["status", "reviewer", "reviewed_at", "reviewer_note"]
            )
            record(f"applications.expense.{status}", claim, actor=actor, note=note)
            notify(
                kind=f"expenses_claim_{status}",
                to=claim.claimant.email,
                context={
                    "claim": claim,
                    "cohort": claim.cohort,
                    "claims_url": settings.SITE_URL + reverse("expenses:claims"),
                },
                about=claim,
                user=claim.claimant,
                cohort=claim.cohort,
            )
    return claims


CSV_HEADER = [
    "Claim",
    "Name",
    "Email",
    "Organisation",
    "Programme",
    "Cohort",
    "What for",
    "Date of expense",
    "Amount (GBP)",
    "Submitted",
    "Approved",
    "Approved by",
]


def approved_claims_csv(claims: Iterable[ExpenseClaim]) -> str:
    """Approved claims as CSV for the finance team; other statuses are left out."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for claim in claims:
        if claim.status != ExpenseClaim.Status.APPROVED:
            continue
        person = claim.claimant
        writer.writerow(
            [
                claim.pk,
                _safe(person.full_name),
                _safe(person.email),
                _safe(getattr(person.organisation, "name", "")),
                _safe(claim.cohort.programme.name),
                _safe(claim.cohort.name),
                _safe(claim.description),
                claim.incurred_on.isoformat() if claim.incurred_on else "",
                f"{claim.amount:.2f}",
                timezone.localtime(claim.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(claim.reviewed_at).strftime("%Y-%m-%d %H:%M")
                if claim.reviewed_at
                else "",
                _safe(str(claim.reviewer or "")),
            ]
        )
    return out.getvalue()


def _safe(value: str) -> str:
    """Stop spreadsheet apps running a cell that starts like a formula."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value
