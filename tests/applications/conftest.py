import pytest
from django.contrib.auth.models import Group, Permission

from cop.models import COORDINATORS_GROUP, FACILITATORS_GROUP
from tests.applications.factories import RecruitingCohortFactory
from tests.factories import UserFactory
from tests.two_factor import mark_second_factor_passed

STAFF_APPS = [
    "cohorts",
    "bookings",
    "applications",
    "expenses",
    "cpd",
    "notifications",
]


@pytest.fixture
def cohort(db):
    return RecruitingCohortFactory()


@pytest.fixture
def practitioner(db):
    return UserFactory(full_name="Asha Patel")


def _staff(group_name: str):
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=STAFF_APPS).exclude(
            codename__startswith="delete_"
        )
    )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def facilitator(db, cohort):
    user = _staff(FACILITATORS_GROUP)
    cohort.programme.facilitators.add(user)
    return user


@pytest.fixture
def coordinator(db):
    return _staff(COORDINATORS_GROUP)


@pytest.fixture
def staff_client(client):
    """Log a staff member in past the two-factor gate: staff_client(user)."""

    def login(user):
        client.force_login(user)
        mark_second_factor_passed(client, user)
        return client

    return login
