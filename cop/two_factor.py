"""Staff two-factor rules: who must use a second factor, and whether they did.

allauth's MFA does the work (TOTP, recovery codes, rate-limited checks); this
module only answers the two questions the admin gate asks.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


def has_second_factor(user) -> bool:
    """True once the person has set up an authenticator app."""
    return Authenticator.objects.filter(
        user_id=user.pk, type=Authenticator.Type.TOTP
    ).exists()


def passed_second_factor(request: HttpRequest) -> bool:
    """True if this session proved the second factor (at login or since)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_activation(sender, request=None, user=None, authenticator=None, **kwargs):
    """Count setting up the app as passing the second factor for this session.

    Activation means typing a valid code from the new app, so asking for a
    second code straight away would prove nothing more. Connected to allauth's
    ``authenticator_added`` signal: the only hook allauth offers here.
    """
    if request is None or authenticator is None:
        return
    if authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type
    )
