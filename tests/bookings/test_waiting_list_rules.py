"""Nobody waits for places they can book now, or in a cohort they are in."""

import pytest
from django.urls import reverse

from bookings import waiting_list
from bookings.errors import BookingError
from bookings.models import WaitingListEntry
from bookings.services import Attendee
from tests.bookings.helpers import book, people
from tests.cop import builders
from tests.factories import CohortFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db


def join(cohort, email="wait@example.org", places=1, user=None):
    return waiting_list.join_waiting_list(
        programme=cohort.programme,
        cohort=cohort,
        name="Wanda Waiting",
        email=email,
        places_wanted=places,
        user=user,
    )


def test_joining_a_cohort_with_free_places_is_refused(cohort):
    with pytest.raises(waiting_list.PlacesAvailable, match="you can book now"):
        join(cohort)
    assert not WaitingListEntry.objects.exists()


def test_waiting_for_more_places_than_are_free_is_allowed(booker):
    cohort = CohortFactory(capacity=3)
    add_sessions(cohort, 6)
    book(cohort, booker, None, count=2)
    assert join(cohort, places=2).places_wanted == 2


def test_someone_with_a_place_cannot_join_its_waiting_list(booker):
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    book(cohort, booker, None, attendees=[Attendee("Ada", "ada@example.org")])
    with pytest.raises(BookingError, match="already have a place"):
        join(cohort, email="ADA@example.org")
    assert not WaitingListEntry.objects.exists()


def test_someone_with_a_place_may_wait_for_colleagues(booker):
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    book(cohort, booker, None, attendees=[Attendee("Ada", "ada@example.org")])
    entry = join(cohort, email="ada@example.org", places=3)
    assert entry.places_wanted == 3


def test_join_page_links_to_booking_when_places_are_free(client, cohort):
    page = client.get(reverse("bookings:join_waiting_list", args=[cohort.pk]))
    assert reverse("bookings:book", args=[cohort.pk]) in page.content.decode()


def test_join_page_shows_the_refusal(client, booker):
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    book(cohort, booker, None, attendees=people(1))
    client.force_login(booker)
    response = client.post(
        reverse("bookings:join_waiting_list", args=[cohort.pk]),
        {
            "name": "Person 0",
            "email": "person0@northtown.gov.uk",
            "places_wanted": 1,
            "scope": "cohort",
        },
    )
    assert "already have a place" in response.content.decode()
    assert not WaitingListEntry.objects.exists()


def test_dashboard_links_to_the_waiting_list_entry(client):
    person = UserFactory()
    entry = builders.waiting(person)
    client.force_login(person)
    page = client.get(reverse("account:dashboard")).content.decode()
    assert reverse("bookings:waiting_list_entry", args=[entry.token]) in page
