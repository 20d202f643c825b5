"""What bookings tells cohorts about a cohort (registered in ``ready``).

Places left for the public pages, whether someone holds a place, the prices
a cohort page lists, and copying prices when a cohort is copied.
"""

from __future__ import annotations

from typing import Any

from bookings.models import Place, PriceOption
from cohorts.models import Cohort


def holds_place(user, cohort: Cohort) -> bool:
    return Place.objects.confirmed().filter(cohort=cohort, attendee=user).exists()


def cohort_page_context(user, cohort: Cohort) -> dict[str, Any]:
    return {"price_options": cohort.price_options.filter(is_active=True)}


def copy_prices(*, source: Cohort, copy: Cohort) -> None:
    """Copy the source cohort's prices onto its copy (same transaction)."""
    PriceOption.objects.bulk_create(
        PriceOption(
            cohort=copy,
            name=option.name,
            price=option.price,
            sessions_included=option.sessions_included,
            is_active=option.is_active,
            position=option.position,
        )
        for option in source.price_options.all()
    )
