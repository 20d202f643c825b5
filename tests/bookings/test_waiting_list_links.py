"""Waiting-list and offer links work only for the person they were made for."""

import pytest
from django.urls import reverse

from bookings import waiting_list
from bookings.errors import BookingError
from bookings.models import Place, WaitingListEntry, WaitingListOffer
from bookings.services import Attendee, cancel_places
from tests.bookings.helpers import book
from tests.factories import CohortFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(booker):
    """Wanda (no account) waits for a full cohort and is offered the freed place."""
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    order = book(cohort, booker, None, count=1)
    entry = waiting_list.join_waiting_list(
        programme=cohort.programme,
        cohort=cohort,
        name="Wanda",
        email="wanda@example.org",
    )
    cancel_places(order_id=order.pk, actor=booker)
    offer = waiting_list.offer_free_places(cohort_id=cohort.pk)[0]
    return entry, offer


@pytest.fixture
def waiting():
    cohort = CohortFactory(capacity=1, status="full")
    add_sessions(cohort, 6)
    return waiting_list.join_waiting_list(
        programme=cohort.programme,
        cohort=cohort,
        name="Wanda",
        email="wanda@example.org",
    )


def entry_url(entry):
    return reverse("bookings:waiting_list_entry", args=[entry.token])


def offer_url(offer):
    return reverse("bookings:offer", args=[offer.token])


def test_anonymous_visitor_with_the_entry_link_is_sent_to_sign_in(client, waiting):
    response = client.get(entry_url(waiting))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anonymous_visitor_cannot_take_someone_off_the_list(client, waiting):
    client.post(entry_url(waiting), {"action": "leave"})
    waiting.refresh_from_db()
    assert waiting.status == WaitingListEntry.Status.WAITING


def test_another_signed_in_person_gets_404_for_the_entry(client, waiting):
    client.force_login(UserFactory(email="mallory@example.org"))
    assert client.get(entry_url(waiting)).status_code == 404


def test_another_signed_in_person_cannot_leave_for_them(client, offered):
    entry, offer = offered
    client.force_login(UserFactory(email="mallory@example.org"))
    response = client.post(entry_url(entry), {"action": "leave"})
    assert response.status_code == 404
    entry.refresh_from_db()
    offer.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert offer.status == WaitingListOffer.Status.OPEN


def test_person_who_signs_up_with_the_entry_email_sees_and_leaves_it(client, waiting):
    client.force_login(UserFactory(email="Wanda@Example.org"))
    assert client.get(entry_url(waiting)).status_code == 200
    client.post(entry_url(waiting), {"action": "leave"})
    waiting.refresh_from_db()
    assert waiting.status == WaitingListEntry.Status.LEFT


def test_account_that_joined_sees_its_entry_whatever_email_it_gave(client):
    contact = UserFactory(email="contact@northtown.gov.uk")
    cohort = CohortFactory(capacity=1, status="full")
    add_sessions(cohort, 6)
    entry = waiting_list.join_waiting_list(
        programme=cohort.programme,
        cohort=cohort,
        name="Team",
        email="training@northtown.gov.uk",
        places_wanted=3,
        user=contact,
    )
    client.force_login(contact)
    assert client.get(entry_url(entry)).status_code == 200


def test_another_person_following_the_offer_link_gets_404(client, offered):
    _entry, offer = offered
    client.force_login(UserFactory(email="mallory@example.org"))
    assert client.get(offer_url(offer)).status_code == 404


def test_offer_link_sends_an_anonymous_visitor_to_sign_in(client, offered):
    _entry, offer = offered
    response = client.get(offer_url(offer))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_offer_link_takes_its_person_to_the_booking_form(client, offered):
    _entry, offer = offered
    client.force_login(UserFactory(email="wanda@example.org"))
    response = client.get(offer_url(offer))
    assert response.status_code == 302
    assert f"?offer={offer.token}" in response.url


def test_another_person_cannot_book_the_kept_place_with_the_token(offered):
    entry, offer = offered
    mallory = UserFactory(email="mallory@example.org")
    with pytest.raises(BookingError, match="made to someone else"):
        book(
            offer.cohort,
            mallory,
            None,
            attendees=[Attendee("Mallory", "mallory@example.org")],
            offer_token=offer.token,
        )
    entry.refresh_from_db()
    offer.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert offer.status == WaitingListOffer.Status.OPEN
    assert not Place.objects.live().filter(attendee_email="mallory@example.org")


def test_the_person_offered_books_the_kept_place(offered):
    entry, offer = offered
    wanda = UserFactory(email="wanda@example.org")
    order = book(
        offer.cohort,
        wanda,
        None,
        attendees=[Attendee("Wanda", "wanda@example.org")],
        offer_token=offer.token,
    )
    entry.refresh_from_db()
    assert order.places.count() == 1
    assert entry.status == WaitingListEntry.Status.BOOKED
