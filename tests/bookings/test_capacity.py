"""places_left's hand-written query must agree with the ORM rules it mirrors."""

import datetime as dt

import pytest
from django.utils import timezone

from bookings.capacity import (
    CapacityError,
    change_capacity,
    places_left,
    places_offered,
    places_taken,
)
from bookings.models import Order, Place, WaitingListEntry, WaitingListOffer
from bookings.waiting_list import join_waiting_list
from cop.models import AuditEvent
from tests.factories import CohortFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def held(cohort, expires_in_minutes):
    return PlaceFactory(
        order__cohort=cohort,
        order__status=Order.Status.PENDING,
        order__payment_method=Order.PaymentMethod.CARD,
        order__hold_expires_at=timezone.now()
        + dt.timedelta(minutes=expires_in_minutes),
        status=Place.Status.HELD,
    )


def offer(cohort, places, expires_in_hours, status=WaitingListOffer.Status.OPEN):
    entry = WaitingListEntry.objects.create(
        programme=cohort.programme,
        cohort=cohort,
        name="W",
        email="w@example.org",
        places_wanted=places,
        position=WaitingListEntry.objects.count() + 1,
    )
    return WaitingListOffer.objects.create(
        entry=entry,
        cohort=cohort,
        places=places,
        status=status,
        expires_at=timezone.now() + dt.timedelta(hours=expires_in_hours),
    )


def test_places_left_counts_confirmed_live_holds_and_open_offers_only():
    cohort = CohortFactory(capacity=20)
    PlaceFactory.create_batch(3, order__cohort=cohort)  # confirmed
    PlaceFactory(order__cohort=cohort, status=Place.Status.CANCELLED)
    held(cohort, expires_in_minutes=20)  # still held
    held(cohort, expires_in_minutes=-5)  # hold ran out
    offer(cohort, 2, expires_in_hours=24)
    offer(cohort, 4, expires_in_hours=-1)  # expired by time
    offer(cohort, 5, expires_in_hours=24, status=WaitingListOffer.Status.ACCEPTED)
    other = CohortFactory(programme=cohort.programme)
    PlaceFactory.create_batch(2, order__cohort=other)

    assert places_taken(cohort) == 4
    assert places_offered(cohort) == 2
    assert places_left(cohort) == 20 - 4 - 2
    assert places_left(other) == other.capacity - 2


def test_places_left_can_leave_out_the_offer_being_accepted():
    cohort = CohortFactory(capacity=5)
    mine = offer(cohort, 2, expires_in_hours=24)
    offer(cohort, 1, expires_in_hours=24)
    assert places_left(cohort) == 2
    assert places_left(cohort, except_offer=mine) == 4
    assert places_offered(cohort, except_offer=mine) == 1


def test_places_left_never_goes_below_zero():
    cohort = CohortFactory(capacity=3)
    PlaceFactory.create_batch(3, order__cohort=cohort)
    cohort.capacity = 2  # lowered behind the model's back
    assert places_left(cohort) == 0


def test_capacity_cannot_drop_below_places_taken():
    cohort = CohortFactory(capacity=5)
    for _ in range(3):
        PlaceFactory(order__cohort=cohort)

    with pytest.raises(CapacityError) as refused:
        change_capacity(cohort=cohort, capacity=2)

    assert refused.value.message == (
        "Capacity cannot be lower than the 3 places already taken."
    )
    assert refused.value.field == "capacity"
    cohort.refresh_from_db()
    assert cohort.capacity == 5
    change_capacity(cohort=cohort, capacity=3)
    cohort.refresh_from_db()
    assert cohort.capacity == 3


def test_raising_capacity_offers_freed_places_after_commit(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory(capacity=1)
    PlaceFactory(order__cohort=cohort)
    join_waiting_list(
        programme=cohort.programme, cohort=cohort, name="W", email="w@example.org"
    )

    with django_capture_on_commit_callbacks(execute=True):
        change_capacity(cohort=cohort, capacity=2)

    assert WaitingListOffer.objects.filter(cohort=cohort).count() == 1
    assert AuditEvent.objects.filter(action="bookings.cohort.capacity_changed").exists()
