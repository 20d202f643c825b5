"""allauth as the site uses it: emails in the site's name (subject prefix and
the provider's name), and a fresh sign-in counting as "recently signed in"."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.http import HttpRequest


def signed_in_recently(request: HttpRequest | None) -> bool:
    """True if this session proved who it is (password, emailed code or second
    factor) within allauth's reauthentication timeout, at sign-in or since."""
    if request is None or not request.user.is_authenticated:
        return False
    methods = app_settings.REAUTHENTICATION_METHODS
    times = [
        record.get("at", 0)
        for record in get_authentication_records(request, request.user)
        if record.get("method") in methods
    ]
    return bool(times) and time.time() - max(times) < (
        app_settings.REAUTHENTICATION_TIMEOUT
    )


class AccountAdapter(DefaultAccountAdapter):
    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Not straight after signing in. allauth counts only a separate
        reauthentication, so staff who had just typed their password were
        asked for it again on the next page (setting up two-factor sign-in,
        which the admin requires first)."""
        if signed_in_recently(self.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def format_email_subject(self, subject: str) -> str:
        # allauth's default is "[<site domain>] ", e.g. "[127.0.0.1:8060] ".
        return f"{settings.PROVIDER_NAME}: {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        extra: dict[str, Any] = {
            "provider_name": settings.PROVIDER_NAME,
            "site_url": settings.SITE_URL,
        }
        super().send_mail(template_prefix, email, {**extra, **context})
