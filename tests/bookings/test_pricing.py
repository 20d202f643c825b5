"""The worked-price table from the seed facts, as pure pricing functions."""

from decimal import Decimal

import pytest

from bookings.pricing import (
    NON_MEMBER,
    MemberTerms,
    PriceBreakdown,
    member_terms,
    price_places,
)

SIX = Decimal("750.00")
THREE = Decimal("450.00")
STANDARD = MemberTerms("Standard", Decimal("33"), 0)
STANDARD_COUNCIL = MemberTerms("Standard", Decimal("33"), 1)
ADVANCED_COUNCIL = MemberTerms("Advanced", Decimal("33"), 2)


@pytest.mark.parametrize(
    ("who", "terms", "list_price", "places", "expected"),
    [
        ("non-member charity", NON_MEMBER, SIX, 1, "750.00"),
        ("non-member charity", NON_MEMBER, THREE, 1, "450.00"),
        ("Standard member charity", STANDARD, SIX, 1, "502.50"),
        ("Standard member charity", STANDARD, THREE, 2, "603.00"),
        ("Advanced member council", ADVANCED_COUNCIL, SIX, 1, "0.00"),
        ("Advanced member council", ADVANCED_COUNCIL, SIX, 3, "502.50"),
        ("Standard member council", STANDARD_COUNCIL, SIX, 2, "502.50"),
    ],
)
def test_worked_price_table(who, terms, list_price, places, expected):
    breakdown = price_places(list_price=list_price, count=places, terms=terms)
    assert breakdown.total == Decimal(expected), who


def test_each_place_is_rounded_half_up_before_adding():
    # 33% off 10.05 is 6.7335 -> 6.73 each; adding first would give 13.47.
    terms = MemberTerms("Standard", Decimal("33"), 0)
    breakdown = price_places(list_price=Decimal("10.05"), count=2, terms=terms)
    assert [p.total for p in breakdown.places] == [Decimal("6.73"), Decimal("6.73")]
    assert breakdown.total == Decimal("13.46")


def test_half_penny_rounds_up():
    terms = MemberTerms("Half", Decimal("50"), 0)
    breakdown = price_places(list_price=Decimal("0.05"), count=1, terms=terms)
    assert breakdown.total == Decimal("0.03")


def test_breakdown_shows_list_price_discount_and_free_place_per_place():
    breakdown = price_places(list_price=SIX, count=3, terms=ADVANCED_COUNCIL)
    first, _second, third = breakdown.places
    assert (first.list_price, first.free_place, first.total) == (
        SIX,
        True,
        Decimal("0.00"),
    )
    assert first.discount_label == "Free member place"
    assert (third.discount, third.total) == (Decimal("247.50"), Decimal("502.50"))
    assert third.discount_label == "Member discount 33%"
    assert breakdown.free_places == 2


def test_free_cohort_never_uses_free_places():
    breakdown = price_places(list_price=Decimal("0"), count=2, terms=ADVANCED_COUNCIL)
    assert breakdown.total == 0
    assert breakdown.free_places == 0


def test_breakdown_survives_a_round_trip_through_json():
    breakdown = price_places(list_price=THREE, count=2, terms=STANDARD_COUNCIL)
    assert PriceBreakdown.from_json(breakdown.as_json()) == breakdown


def test_free_places_left_come_from_tier_data_and_use():
    class Tier:
        name = "Advanced"
        discount_percent = Decimal("33")

        def free_places_for(self, organisation_type):
            return 2 if organisation_type == "local_government" else 0

    council = member_terms(
        tier=Tier(), organisation_type="local_government", free_places_used=1
    )
    charity = member_terms(tier=Tier(), organisation_type="charity", free_places_used=0)
    assert council.free_places_left == 1
    assert charity.free_places_left == 0
    assert member_terms(tier=None, organisation_type="x", free_places_used=0) == (
        NON_MEMBER
    )


def test_no_places_is_refused():
    with pytest.raises(ValueError):
        price_places(list_price=SIX, count=0)
