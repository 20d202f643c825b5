import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from bookings.models import Order, Place
from tests.factories import CohortFactory, PlaceFactory, UserFactory, add_sessions


@pytest.fixture
def cohort():
    """A running cohort: three sessions held, three to come (one tomorrow)."""
    cohort = CohortFactory(
        name="2025-26", programme__name="Shared Practice", status="running"
    )
    add_sessions(cohort, 6, first=timezone.now() - dt.timedelta(weeks=3, hours=-1))
    return cohort


@pytest.fixture
def sessions(cohort):
    return list(cohort.sessions.order_by("number"))


@pytest.fixture
def other_cohort():
    cohort = CohortFactory(name="Elsewhere", programme__name="Other Programme")
    add_sessions(cohort, 2, first=timezone.now() + dt.timedelta(days=2))
    return cohort


@pytest.fixture
def place(cohort):
    return PlaceFactory(
        order__cohort=cohort,
        attendee=UserFactory(full_name="Siân O'Connor", email="sian@council.example"),
    )


def staff_member(group_name: str, *programmes):
    user = UserFactory(is_staff=True, full_name=f"{group_name} Person")
    user.groups.add(Group.objects.get(name=group_name))
    for programme in programmes:
        programme.facilitators.add(user)
    return user


@pytest.fixture
def facilitator(cohort):
    return staff_member("Facilitators", cohort.programme)


@pytest.fixture
def coordinator():
    return staff_member("Coordinators")


def crowd(cohort, count: int, *, start: int = 0) -> None:
    """``count`` confirmed places in ``cohort``, made in bulk (no accounts)."""
    booker = UserFactory(full_name="Bulk Booker")
    orders = Order.objects.bulk_create(
        Order(
            cohort=cohort,
            booker=booker,
            status=Order.Status.CONFIRMED,
            payment_method=Order.PaymentMethod.FREE,
            total=0,
            billing_email=f"crowd{start + i}@example.org",
        )
        for i in range(count)
    )
    Place.objects.bulk_create(
        Place(
            order=order,
            cohort=cohort,
            attendee_name=f"Crowd Person {start + i:05d}",
            attendee_email=f"crowd{start + i}@example.org",
            status=Place.Status.CONFIRMED,
        )
        for i, order in enumerate(orders)
    )
