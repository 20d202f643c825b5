"""Applications' personal data: expressions of interest and applications.

An expression of interest made before signing up is matched by any verified
email address of the person, and linked to them when erased.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from applications.answers import answer_rows
from applications.models import (
    Application,
    ApplicationAnswer,
    ExpressionOfInterest,
    Review,
)
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
APPLICATION_ANSWER = declare(ApplicationAnswer, wipe("value", None))
REVIEW = declare(
    Review,
    keep(
        "comment",
        reason="Reviewers' comments on the selection, like staff notes; not "
        "exported, available on a subject access request.",
    ),
)
DECLARATIONS = [
    APPLICATION,
    APPLICATION_ANSWER,
    EXPRESSION_OF_INTEREST,
    REVIEW,
]


def _interest(user: User, emails: list[str]):
    return ExpressionOfInterest.objects.filter(Q(user=user) | Q(email__in=emails))


def export(user: User) -> dict[str, Any]:
    applications = Application.objects.filter(applicant=user).select_related(
        "cohort__programme"
    )
    return {
        "applications": rows(applications, hide={"reviewer_notes"}),
        "application_answers": [
            {"application": a.pk, "question": question, "answer": answer}
            for a in applications
            for question, answer in answer_rows(a)
            if answer
        ],
        "expressions_of_interest": rows(_interest(user, verified_emails(user))),
    }


def erase(user: User) -> None:
    """Clear answers and contact details."""
    APPLICATION.erase(Application.objects.filter(applicant=user), user)
    APPLICATION_ANSWER.erase(
        ApplicationAnswer.objects.filter(application__applicant=user), user
    )
    # Linked to the person first, so the anonymised rows stay theirs.
    _interest(user, verified_emails(user)).update(user=user)
    EXPRESSION_OF_INTEREST.erase(ExpressionOfInterest.objects.filter(user=user), user)
