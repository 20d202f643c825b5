"""Expenses' personal data: a person's claims and receipts.

Expense claims are financial records kept for six years (HMRC): erasure keeps
them whole, receipts included.
"""

from __future__ import annotations

from typing import Any

from cop.models import User
from cop.privacy import declare, keep, rows
from expenses.models import ExpenseClaim

FINANCIAL = "A financial record kept for six years (HMRC)."

DECLARATIONS = [
    declare(
        ExpenseClaim,
        keep("description", reason=FINANCIAL),
        keep("receipt", reason=FINANCIAL),
        keep("receipt_name", reason=FINANCIAL),
        keep("receipt_content_type", reason=FINANCIAL),
        keep("reviewer_note", reason=FINANCIAL),
    ),
]


def export(user: User) -> dict[str, Any]:
    return {"expense_claims": rows(ExpenseClaim.objects.filter(claimant=user))}


def erase(user: User) -> None:
    """Nothing to clear: claims are financial records, kept whole."""
