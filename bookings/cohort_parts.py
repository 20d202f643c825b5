"""What bookings tells cohorts about a cohort (registered in ``ready``).

Places left for the public pages, whether someone holds a place, the prices
a cohort page lists, and copying prices when a cohort is copied.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bookings.models import Place, PriceOption
from bookings.pricing import price_places, terms_for
from bookings.services import free_places_used
from cohorts.models import Cohort
from cop.affiliation import may_book_as
from cop.models import MembershipTier, OrganisationType


def holds_place(user, cohort: Cohort) -> bool:
    return Place.objects.confirmed().filter(cohort=cohort, attendee=user).exists()


@dataclass(frozen=True)
class TierTerms:
    """One membership tier said in full: discount, free places, for whom."""

    name: str
    discount_percent: str
    free_places: int
    free_place_types: list[str]


def tier_terms() -> list[TierTerms]:
    labels = dict(OrganisationType.choices)
    return [
        TierTerms(
            name=tier.name,
            discount_percent=f"{Decimal(tier.discount_percent).normalize():f}",
            free_places=tier.free_places_per_cohort,
            free_place_types=[
                str(labels.get(t, t)) for t in tier.free_place_organisation_types
            ],
        )
        for tier in MembershipTier.objects.order_by("-free_places_per_cohort", "name")
    ]


def cohort_page_context(user, cohort: Cohort) -> dict[str, Any]:
    """Prices said in full: each package, the member terms per tier and, for a
    signed-in confirmed member, their own price for each package."""
    options = list(cohort.price_options.filter(is_active=True))
    context: dict[str, Any] = {"price_options": options}
    if not options:
        return context
    context["tier_terms"] = tier_terms()
    if getattr(user, "is_authenticated", False) and may_book_as(
        user, user.organisation_id
    ):
        now = timezone.now()
        terms = terms_for(
            user.organisation,
            on=timezone.localdate(now),
            free_places_used=free_places_used(cohort, user.organisation, now),
        )
        if terms.is_member:
            context["member_terms"] = terms
            context["member_discount"] = f"{terms.discount_percent.normalize():f}"
            context["member_organisation"] = user.organisation
            context["member_prices"] = [
                (option, price_places(list_price=option.price, count=1, terms=terms))
                for option in options
            ]
    return context


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
