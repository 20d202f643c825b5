"""Deployment checks: settings a real site must set (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def provider_settings(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Invoices must not go out with the demo bank details."""
    if settings.INVOICE_PAYMENT_INSTRUCTIONS.strip():
        return []
    return [
        Warning(
            "INVOICE_PAYMENT_INSTRUCTIONS is not set, so invoices print the demo "
            "bank details.",
            hint="Set it to how to pay (bank, sort code, account); \\n starts "
            "a new line.",
            id="cop.W001",
        )
    ]
