"""The waiting list: joining, position, offers that expire and move on."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from bookings import waiting_list
from bookings.capacity import CohortFull, places_left
from bookings.errors import BookingError
from bookings.models import WaitingListEntry, WaitingListOffer
from bookings.services import Attendee, cancel_places
from notifications.models import Notification
from tests.bookings.helpers import book, people
from tests.factories import CohortFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(booker):
    """A two-place cohort, fully booked by one order of two."""
    cohort = CohortFactory(capacity=2)
    add_sessions(cohort, 6)
    order = book(cohort, booker, None, count=2)
    return cohort, order


def join(cohort, email="wait@example.org", places=1, any_future=False, **kwargs):
    return waiting_list.join_waiting_list(
        programme=cohort.programme,
        cohort=None if any_future else cohort,
        name="Wanda Waiting",
        email=email,
        places_wanted=places,
        **kwargs,
    )


def test_joining_sends_a_confirmation_with_a_link_to_leave(full):
    cohort, _order = full
    entry = join(cohort)
    note = Notification.objects.get(kind="bookings_waiting_list_joined")
    assert note.recipient_email == "wait@example.org"
    assert f"/bookings/waiting-list/{entry.token}/" in note.body_text
    assert "number 1 in line" in note.body_text


def test_position_counts_people_ahead(full):
    cohort, _order = full
    first = join(cohort, "a@example.org")
    second = join(cohort, "b@example.org", any_future=True)
    third = join(cohort, "c@example.org")
    assert [waiting_list.position(e) for e in (first, second, third)] == [1, 2, 3]


def test_joining_twice_is_refused(full):
    cohort, _order = full
    join(cohort)
    with pytest.raises(BookingError, match="already on this waiting list"):
        join(cohort, "WAIT@example.org")
    assert WaitingListEntry.objects.count() == 1


def test_invalid_email_is_refused(full):
    cohort, _order = full
    with pytest.raises(BookingError, match="valid email"):
        join(cohort, "nope")
    assert not WaitingListEntry.objects.exists()


def test_cancellation_offers_the_place_to_the_next_person(
    full, booker, django_capture_on_commit_callbacks
):
    cohort, order = full
    entry = join(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_places(
            order_id=order.pk, place_ids=[order.places.first().pk], actor=booker
        )
    offer = WaitingListOffer.objects.get()
    assert (offer.entry, offer.places, offer.cohort) == (entry, 1, cohort)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    note = Notification.objects.get(kind="bookings_waiting_list_offer")
    assert f"/bookings/offer/{offer.token}/" in note.body_text


def test_offered_place_is_kept_from_the_public(full, booker):
    cohort, order = full
    join(cohort)
    cancel_places(order_id=order.pk, place_ids=[order.places.first().pk], actor=booker)
    waiting_list.offer_free_places(cohort_id=cohort.pk)
    assert places_left(cohort) == 0
    with pytest.raises(CohortFull):
        book(cohort, booker, None, attendees=[Attendee("Sneak", "sneak@example.org")])


def test_offer_holder_can_book_the_kept_place(full, booker):
    cohort, order = full
    entry = join(cohort)
    cancel_places(order_id=order.pk, place_ids=[order.places.first().pk], actor=booker)
    offer = waiting_list.offer_free_places(cohort_id=cohort.pk)[0]
    booked = book(
        cohort,
        UserFactory(email="wait@example.org"),
        None,
        attendees=[Attendee("Wanda", "wait@example.org")],
        offer_token=offer.token,
    )
    assert booked.places.count() == 1
    entry.refresh_from_db()
    offer.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.BOOKED
    assert offer.status == WaitingListOffer.Status.ACCEPTED


def test_unused_offer_expires_and_moves_on(
    full, booker, django_capture_on_commit_callbacks
):
    cohort, order = full
    first = join(cohort, "first@example.org")
    second = join(cohort, "second@example.org")
    cancel_places(order_id=order.pk, place_ids=[order.places.first().pk], actor=booker)
    offer = waiting_list.offer_free_places(cohort_id=cohort.pk)[0]
    assert offer.entry == first
    with (
        time_machine.travel(offer.expires_at + dt.timedelta(minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        waiting_list.expire_offers()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitingListEntry.Status.EXPIRED
    assert second.status == WaitingListEntry.Status.OFFERED


def test_expired_offer_cannot_be_used(full, booker):
    cohort, order = full
    join(cohort)
    cancel_places(order_id=order.pk, place_ids=[order.places.first().pk], actor=booker)
    offer = waiting_list.offer_free_places(cohort_id=cohort.pk)[0]
    with (
        time_machine.travel(offer.expires_at + dt.timedelta(minutes=1)),
        pytest.raises(BookingError, match="expired"),
    ):
        book(
            cohort,
            UserFactory(email="wait@example.org"),
            None,
            attendees=[Attendee("W", "wait@example.org")],
            offer_token=offer.token,
        )


def test_organisation_waiting_for_several_places_is_offered_what_is_free(full, booker):
    cohort, order = full
    join(cohort, places=3)
    cancel_places(order_id=order.pk, actor=booker)
    offer = waiting_list.offer_free_places(cohort_id=cohort.pk)[0]
    assert offer.places == 2


def test_any_future_cohort_entry_is_offered_a_place(full, booker):
    cohort, _order = full
    entry = join(cohort, any_future=True)
    later = CohortFactory(programme=cohort.programme, capacity=5)
    add_sessions(later, 6, first=timezone.now() + dt.timedelta(days=200))
    offers = waiting_list.offer_free_places(cohort_id=later.pk)
    assert [o.entry for o in offers] == [entry]


def test_no_offers_once_the_cohort_has_started(full, booker):
    cohort, order = full
    join(cohort)
    cancel_places(order_id=order.pk, place_ids=[order.places.first().pk], actor=booker)
    with time_machine.travel(cohort.starts_at + dt.timedelta(minutes=1)):
        assert waiting_list.offer_free_places(cohort_id=cohort.pk) == []
    assert not WaitingListOffer.objects.exists()


def test_leaving_the_list_withdraws_an_open_offer(full, booker):
    cohort, order = full
    entry = join(cohort)
    cancel_places(order_id=order.pk, place_ids=[order.places.first().pk], actor=booker)
    waiting_list.offer_free_places(cohort_id=cohort.pk)
    waiting_list.leave_waiting_list(entry=entry)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.LEFT
    assert WaitingListOffer.objects.get().status == WaitingListOffer.Status.WITHDRAWN
    assert places_left(cohort) == 1


def test_staff_can_move_an_entry_to_the_top(full):
    cohort, _order = full
    join(cohort, "a@example.org")
    late = join(cohort, "b@example.org")
    waiting_list.move_to_top(entry=late, actor=None)
    late.refresh_from_db()
    assert waiting_list.position(late) == 1


def test_staff_can_promote_an_entry_ahead_of_the_queue(full, booker):
    cohort, order = full
    join(cohort, "a@example.org")
    late = join(cohort, "b@example.org")
    cancel_places(order_id=order.pk, place_ids=[order.places.first().pk], actor=booker)
    offer = waiting_list.promote(entry=late, cohort=cohort, actor=None)
    assert offer.entry == late


def test_promote_with_no_free_place_is_refused(full):
    cohort, _order = full
    entry = join(cohort)
    with pytest.raises(CohortFull):
        waiting_list.promote(entry=entry, cohort=cohort, actor=None)
    assert not WaitingListOffer.objects.exists()


def test_raised_capacity_offers_places(full):
    cohort, _order = full
    join(cohort, places=2)
    cohort.capacity = 4
    cohort.save()
    assert waiting_list.offer_free_places(cohort_id=cohort.pk)[0].places == 2


def test_free_places_remain_for_the_public_when_nobody_waits(booker):
    cohort = CohortFactory(capacity=3)
    add_sessions(cohort, 6)
    book(cohort, booker, None, attendees=people(1))
    assert waiting_list.offer_free_places(cohort_id=cohort.pk) == []
    assert places_left(cohort) == 2
