"""allauth's emails in the site's name: subject prefix and the provider's name."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        # allauth's default is "[<site domain>] ", e.g. "[127.0.0.1:8060] ".
        return f"{settings.PROVIDER_NAME}: {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        extra: dict[str, Any] = {
            "provider_name": settings.PROVIDER_NAME,
            "site_url": settings.SITE_URL,
        }
        super().send_mail(template_prefix, email, {**extra, **context})
