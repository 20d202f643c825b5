import datetime as dt
from decimal import Decimal

import pytest

from cop.models import OrganisationType
from tests.cohorts.conftest import committed, session  # noqa: F401  (shared)
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PriceOptionFactory,
    TierFactory,
    UserFactory,
    add_sessions,
)

WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture(autouse=True)
def _stripe_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_ENABLED = False
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.BOOKING_HOLD_MINUTES = 30


@pytest.fixture
def standard():
    return TierFactory(
        name="Standard",
        discount_percent=Decimal("33"),
        free_places_per_cohort=1,
        free_place_organisation_types=[OrganisationType.LOCAL_GOVERNMENT],
    )


@pytest.fixture
def advanced():
    return TierFactory(
        name="Advanced",
        discount_percent=Decimal("33"),
        free_places_per_cohort=2,
        free_place_organisation_types=[OrganisationType.LOCAL_GOVERNMENT],
    )


@pytest.fixture
def council(advanced):
    return OrganisationFactory(
        name="Northtown Council",
        type=OrganisationType.LOCAL_GOVERNMENT,
        membership_tier=advanced,
        membership_valid_from=dt.date(2020, 1, 1),
    )


@pytest.fixture
def cohort():
    cohort = CohortFactory(capacity=20)
    add_sessions(cohort, 6)
    return cohort


@pytest.fixture
def six(cohort):
    return PriceOptionFactory(cohort=cohort, name="All six sessions", price="750.00")


@pytest.fixture
def three(cohort):
    return PriceOptionFactory(
        cohort=cohort, name="Any three sessions", price="450.00", sessions_included=3
    )


@pytest.fixture
def booker():
    return UserFactory(full_name="Ada Booker", email="ada@northtown.gov.uk")
