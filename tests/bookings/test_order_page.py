"""The order page and per-place calendars: each place shows its own sessions."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from bookings.services import Attendee
from tests.bookings.helpers import book
from tests.factories import OrganisationFactory, TierFactory, UserFactory
from tests.ics import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def partial(cohort, three, booker, council):
    """A private booking of sessions 1, 3 and 4 for the booker themself."""
    ids = list(
        cohort.sessions.filter(number__in=[1, 3, 4]).values_list("pk", flat=True)
    )
    return book(
        cohort,
        booker,
        three,
        attendees=[Attendee(booker.full_name, booker.email)],
        session_ids=ids,
        organisation_id=council.pk,
    )


def order_page(client, order, person) -> str:
    client.force_login(person)
    response = client.get(reverse("bookings:order_detail", args=[order.reference]))
    assert response.status_code == 200
    return response.content.decode()


def test_order_page_lists_only_the_chosen_sessions_of_a_partial_package(
    client, partial, booker
):
    page = order_page(client, partial, booker)
    for number in (1, 3, 4):
        assert f"Session {number}:" in page
    for number in (2, 5, 6):
        assert f"Session {number}:" not in page


def test_order_page_lists_every_session_of_a_full_package(
    client, cohort, six, booker, council
):
    order = book(
        cohort,
        booker,
        six,
        attendees=[Attendee("Ada", booker.email)],
        organisation_id=council.pk,
    )
    page = order_page(client, order, booker)
    for number in range(1, 7):
        assert f"Session {number}:" in page


def test_place_calendar_has_only_the_chosen_sessions(client, partial, booker):
    place = partial.places.get()
    client.force_login(booker)
    response = client.get(reverse("bookings:place_calendar", args=[place.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert len(events(body)) == 3
    assert "meet.example/s1" in body
    assert "meet.example/s2" not in body


def test_place_calendar_is_not_found_for_anyone_else(client, partial):
    place = partial.places.get()
    client.force_login(UserFactory())
    response = client.get(reverse("bookings:place_calendar", args=[place.pk]))
    assert response.status_code == 404


def test_place_calendar_needs_sign_in(client, partial):
    place = partial.places.get()
    response = client.get(reverse("bookings:place_calendar", args=[place.pk]))
    assert response.status_code == 302


def test_order_page_offers_cancel_before_the_cut_off(client, partial, booker):
    page = order_page(client, partial, booker)
    assert reverse("bookings:cancel", args=[partial.reference]) in page


def test_order_page_says_it_can_no_longer_be_cancelled_after_the_cut_off(
    client, partial, booker
):
    after = partial.cohort.starts_at - dt.timedelta(days=1)
    with time_machine.travel(after):
        page = order_page(client, partial, booker)
    assert reverse("bookings:cancel", args=[partial.reference]) not in page
    assert "can no longer be cancelled online" in page


def test_cancel_page_after_the_cut_off_offers_no_form_or_credit_note(
    client, partial, booker
):
    after = partial.cohort.starts_at - dt.timedelta(days=1)
    with time_machine.travel(after):
        client.force_login(booker)
        response = client.get(reverse("bookings:cancel", args=[partial.reference]))
    page = response.content.decode()
    assert "can no longer be cancelled online" in page
    assert "credit note" not in page
    assert 'name="places"' not in page


def test_discounted_amounts_do_not_break_across_lines(client, cohort, six, booker):
    tier = TierFactory(discount_percent=33)
    member_of = OrganisationFactory(membership_tier=tier)
    order = book(cohort, booker, six, count=1, organisation_id=member_of.pk)
    page = order_page(client, order, booker)
    assert '<span class="amount">(\u2212£247.50)</span>' in page
