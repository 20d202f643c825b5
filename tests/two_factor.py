"""Test helpers for staff two-factor sign-in (allauth MFA, TOTP)."""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt

TOTP_PERIOD = 30


def give_authenticator(user) -> str:
    """Set up an authenticator app for ``user``; returns its secret."""
    existing = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).first()
    if existing:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str, *, offset: int = 0) -> str:
    """The code the app shows now (``offset`` periods later, for a fresh one)."""
    counter = int(time.time()) // TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def mark_second_factor_passed(client, user) -> None:
    """Make ``client``'s session look as if ``user`` entered a code at login."""
    authenticator_secret = give_authenticator(user)
    assert authenticator_secret
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
