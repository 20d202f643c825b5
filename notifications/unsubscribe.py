"""Signed unsubscribe links for optional emails.

The token is the address signed with the site's key: it never expires (a link
in an old email must still work), is the same in every email to one address,
and cannot be forged to unsubscribe someone else.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse

from cop.errors import DomainError
from notifications.models import OptOut

SALT = "notifications.unsubscribe"


class BadTokenError(DomainError):
    pass


def make_token(email: str) -> str:
    return signing.Signer(salt=SALT).sign_object(email.lower(), compress=True)


def read_token(token: str) -> str:
    try:
        return signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError) as error:
        raise BadTokenError("This unsubscribe link is not valid.") from error


def unsubscribe_url(email: str) -> str:

    path = reverse("notifications:unsubscribe", kwargs={"token": make_token(email)})
    return f"{settings.SITE_URL}{path}"


def is_opted_out(email: str) -> bool:
    email = email.lower()
    if OptOut.objects.filter(email=email).exists():
        return True
    return (
        get_user_model()
        .objects.filter(email__iexact=email, optional_emails=False)
        .exists()
    )


def opted_out_among(emails: set[str]) -> set[str]:
    """The addresses among ``emails`` that turned optional emails off (2 queries)."""
    if not emails:
        return set()
    lowered = {e.lower() for e in emails}
    found = set(
        OptOut.objects.filter(email__in=lowered).values_list("email", flat=True)
    )
    found |= {
        e.lower()
        for e in get_user_model()
        .objects.filter(email__in=lowered, optional_emails=False)
        .values_list("email", flat=True)
    }
    return found


@transaction.atomic
def opt_out(*, email: str) -> None:
    """Turn optional emails off for this address and its account, if any."""
    email = email.lower()
    OptOut.objects.get_or_create(email=email)
    get_user_model().objects.filter(email__iexact=email).update(optional_emails=False)


@transaction.atomic
def opt_in(*, email: str) -> None:
    email = email.lower()
    OptOut.objects.filter(email=email).delete()
    get_user_model().objects.filter(email__iexact=email).update(optional_emails=True)
