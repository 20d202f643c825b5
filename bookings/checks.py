"""System checks: VAT settings that would print wrong invoices fail early."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from bookings import vat


@checks.register(checks.Tags.compatibility)
def check_vat_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        vat.terms(
            status=settings.VAT_STATUS,
            rate=settings.VAT_RATE,
            number=settings.PROVIDER_VAT_NUMBER,
        )
    except vat.VatError as error:
        return [checks.Error(error.message, id="bookings.E001")]
    return []
