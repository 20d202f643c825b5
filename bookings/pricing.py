"""Who pays what: member discounts and free places, worked out per place.

Pure functions over plain values, so the worked-price table can be tested
without a database. The ``PriceBreakdown`` they return is the single truth
shown on the booking page, the confirmation email, the invoice and the admin
(stored on the order as JSON).

Rules (all driven by ``MembershipTier`` data):
- a member organisation's tier must be valid on the booking date;
- eligible organisation types get ``free_places_per_cohort`` free places per
  cohort, counted across all of the organisation's live places in it;
- every other place gets the tier's ``discount_percent`` off;
- each place is rounded half-up to the penny before places are added up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from bookings.vat import NO_VAT, VatTerms, vat_on


class Tier(Protocol):
    """What pricing reads from a membership tier (``cop.models.MembershipTier``)."""

    name: str
    discount_percent: Decimal

    def free_places_for(self, organisation_type: str) -> int: ...


class Member(Protocol):
    """What pricing reads from an organisation (``cop.models.Organisation``)."""

    type: str

    def tier_on(self, day: dt.date) -> Tier | None: ...


PENNY = Decimal("0.01")
HUNDRED = Decimal("100")


def to_pennies(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MemberTerms:
    """What a booking organisation gets in one cohort on the booking date."""

    tier_name: str = ""
    discount_percent: Decimal = Decimal("0")
    free_places_left: int = 0

    @property
    def is_member(self) -> bool:
        return bool(self.tier_name)


NON_MEMBER = MemberTerms()


@dataclass(frozen=True)
class PlacePrice:
    """One place: list price, the discount line, a free place, what is due."""

    list_price: Decimal
    discount_percent: Decimal
    discount: Decimal
    free_place: bool
    total: Decimal
    vat: Decimal = Decimal("0.00")

    @property
    def gross(self) -> Decimal:
        """What is due for the place: its net total plus any VAT."""
        return self.total + self.vat

    @property
    def discount_label(self) -> str:
        if self.free_place:
            return "Free member place"
        if self.discount:
            return f"Member discount {self.discount_percent.normalize():f}%"
        return ""


@dataclass(frozen=True)
class PriceBreakdown:
    option_name: str
    tier_name: str
    places: tuple[PlacePrice, ...]
    total: Decimal
    vat_rate: Decimal = Decimal("0")
    vat_status: str = ""

    @property
    def vat_total(self) -> Decimal:
        return sum((place.vat for place in self.places), Decimal("0.00"))

    @property
    def amount_due(self) -> Decimal:
        """The net total (the worked-price table) plus VAT per line."""
        return self.total + self.vat_total

    @property
    def charges_vat(self) -> bool:
        return self.vat_status == "registered"

    @property
    def free_places(self) -> int:
        return sum(1 for place in self.places if place.free_place)

    @property
    def list_total(self) -> Decimal:
        return sum((place.list_price for place in self.places), Decimal("0.00"))

    @property
    def discount_total(self) -> Decimal:
        return self.list_total - self.total

    @property
    def is_free(self) -> bool:
        return self.total == 0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["total"] = str(self.total)
        data["vat_rate"] = str(self.vat_rate)
        data["places"] = [
            {k: str(v) if isinstance(v, Decimal) else v for k, v in p.items()}
            for p in data["places"]
        ]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PriceBreakdown:
        places = tuple(
            PlacePrice(
                list_price=Decimal(p["list_price"]),
                discount_percent=Decimal(p["discount_percent"]),
                discount=Decimal(p["discount"]),
                free_place=bool(p["free_place"]),
                total=Decimal(p["total"]),
                vat=Decimal(p.get("vat", "0.00")),
            )
            for p in data.get("places", [])
        )
        return cls(
            option_name=data.get("option_name", ""),
            tier_name=data.get("tier_name", ""),
            places=places,
            total=Decimal(data.get("total", "0.00")),
            vat_rate=Decimal(data.get("vat_rate", "0")),
            vat_status=data.get("vat_status", ""),
        )


def price_place(
    list_price: Decimal, discount_percent: Decimal, *, free: bool
) -> PlacePrice:
    list_price = to_pennies(Decimal(list_price))
    if free:
        return PlacePrice(list_price, Decimal("0"), list_price, True, Decimal("0.00"))
    total = to_pennies(list_price * (HUNDRED - discount_percent) / HUNDRED)
    return PlacePrice(list_price, discount_percent, list_price - total, False, total)


def price_places(
    *,
    list_price: Decimal,
    count: int,
    terms: MemberTerms = NON_MEMBER,
    option_name: str = "",
) -> PriceBreakdown:
    """The breakdown for ``count`` places at ``list_price`` under ``terms``.

    Free places are given first (they are worth the most), then the discount.
    A free cohort (list price zero) never uses up free places.
    """
    if count < 1:
        raise ValueError("At least one place is needed.")
    free_left = terms.free_places_left if list_price > 0 else 0
    places = tuple(
        price_place(list_price, terms.discount_percent, free=i < free_left)
        for i in range(count)
    )
    total = sum((p.total for p in places), Decimal("0.00"))
    return PriceBreakdown(option_name, terms.tier_name, places, total)


def add_vat(breakdown: PriceBreakdown, vat: VatTerms = NO_VAT) -> PriceBreakdown:
    """The same breakdown with VAT on each place's net total, half-up per line.

    Net amounts are untouched, so the worked-price table holds either way.
    """
    places = tuple(
        replace(place, vat=vat_on(place.total, vat.effective_rate))
        for place in breakdown.places
    )
    return replace(
        breakdown, places=places, vat_rate=vat.effective_rate, vat_status=vat.status
    )


def member_terms(
    *,
    tier: Tier | None,
    organisation_type: str,
    free_places_used: int,
) -> MemberTerms:
    """Terms from a ``MembershipTier`` (or None) for an organisation type."""
    if tier is None:
        return NON_MEMBER
    return MemberTerms(
        tier_name=tier.name,
        discount_percent=Decimal(tier.discount_percent),
        free_places_left=free_places_left(
            allowance=tier_allowance(tier, organisation_type), used=free_places_used
        ),
    )


def free_place_allowance(organisation: Member | None, *, on: dt.date) -> int:
    """Free places per cohort an organisation's membership gives on ``on``.

    The one home of the allowance: pricing, the re-check of a late card
    payment and the organisation's dashboard all ask here.
    """
    if organisation is None:
        return 0
    return tier_allowance(organisation.tier_on(on), organisation.type)


def tier_allowance(tier: Tier | None, organisation_type: str) -> int:
    """Free places per cohort under ``tier`` (None: not a member) for a type."""
    return tier.free_places_for(organisation_type) if tier is not None else 0


def free_places_left(*, allowance: int, used: int) -> int:
    """What is left of the allowance in a cohort (never below zero)."""
    return max(allowance - used, 0)


def terms_for(
    organisation: Member | None, *, on: dt.date, free_places_used: int
) -> MemberTerms:
    """Terms for an organisation (or None) whose membership must be valid ``on``."""
    if organisation is None:
        return NON_MEMBER
    return member_terms(
        tier=organisation.tier_on(on),
        organisation_type=organisation.type,
        free_places_used=free_places_used,
    )
