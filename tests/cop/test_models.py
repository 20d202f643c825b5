import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cop.models import OrganisationType
from tests.factories import OrganisationFactory, TierFactory

pytestmark = pytest.mark.django_db


def test_membership_tier_applies_only_between_its_dates():
    tier = TierFactory(name="Advanced", free_places_per_cohort=2)
    org = OrganisationFactory(
        membership_tier=tier,
        membership_valid_from=dt.date(2026, 4, 1),
        membership_valid_until=dt.date(2027, 3, 31),
    )
    assert org.tier_on(dt.date(2026, 3, 31)) is None
    assert org.tier_on(dt.date(2026, 4, 1)) == tier
    assert org.tier_on(dt.date(2027, 3, 31)) == tier
    assert org.tier_on(dt.date(2027, 4, 1)) is None


def test_non_member_has_no_tier():
    assert OrganisationFactory().tier_on(dt.date(2026, 6, 1)) is None


def test_membership_that_ends_before_it_starts_is_refused():
    org = OrganisationFactory.build(
        membership_tier=TierFactory(),
        membership_valid_from=dt.date(2026, 4, 1),
        membership_valid_until=dt.date(2026, 3, 1),
    )
    with pytest.raises(ValidationError) as caught:
        org.full_clean()
    assert caught.value.message_dict["membership_valid_until"] == [
        "Membership cannot end before it starts."
    ]


def test_free_places_go_only_to_the_tiers_organisation_types():
    tier = TierFactory(free_places_per_cohort=2)
    assert tier.free_places_for(OrganisationType.LOCAL_GOVERNMENT) == 2
    assert tier.free_places_for(OrganisationType.CHARITY) == 0


def test_tier_with_unknown_organisation_type_is_refused():
    tier = TierFactory.build(free_place_organisation_types=["spaceport"])
    with pytest.raises(ValidationError) as caught:
        tier.full_clean()
    assert "spaceport" in caught.value.message_dict["free_place_organisation_types"][0]
