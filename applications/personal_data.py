"""Applications' personal data: expressions of interest and applications.

An expression of interest made before signing up is matched by any verified
email address of the person, and linked to them when erased.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from applications.models import Application, ExpressionOfInterest
from cop.models import User
from cop.privacy import (
    DELETED_NAME,
    anonymous_email,
    declare,
    keep,
    rows,
    verified_emails,
    wipe,
)

APPLICATION = declare(
    Application,
    wipe("motivation"),
    wipe("hopes"),
    wipe("challenge"),
    wipe("organisation_name"),
    wipe("preferred_days", []),
    wipe("preferred_times", []),
    keep(
        "reviewer_notes",
        reason="Staff notes on the selection; not exported, available on a "
        "subject access request.",
    ),
)
EXPRESSION_OF_INTEREST = declare(
    ExpressionOfInterest,
    wipe("name", DELETED_NAME),
    wipe("email", anonymous_email),
    wipe("organisation"),
    wipe("role"),
)
DECLARATIONS = [
    APPLICATION,
    EXPRESSION_OF_INTEREST,
]


def _interest(user: User, emails: list[str]):
    return ExpressionOfInterest.objects.filter(Q(user=user) | Q(email__in=emails))


def export(user: User) -> dict[str, Any]:
    return {
        "applications": rows(
            Application.objects.filter(applicant=user), hide={"reviewer_notes"}
        ),
        "expressions_of_interest": rows(_interest(user, verified_emails(user))),
    }


def erase(user: User) -> None:
    """Clear answers and contact details."""
    APPLICATION.erase(Application.objects.filter(applicant=user), user)
    # Linked to the person first, so the anonymised rows stay theirs.
    _interest(user, verified_emails(user)).update(user=user)
    EXPRESSION_OF_INTEREST.erase(ExpressionOfInterest.objects.filter(user=user), user)
