"""The account dashboard: my sessions, bookings, applications and certificates."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Session
from tests.cop import builders
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    TierFactory,
    UserFactory,
    add_sessions,
)
from tests.ics import events

pytestmark = pytest.mark.django_db


def dashboard(client, person) -> str:
    client.force_login(person)
    response = client.get(reverse("account:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("account:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_empty_dashboard_says_what_to_do_next(client):
    page = dashboard(client, UserFactory())
    assert "You have no sessions coming up." in page
    assert "You have no bookings yet." in page
    assert "You have no CPD certificates yet." in page


def test_upcoming_online_session_shows_time_and_joining_link(client):
    person = UserFactory()
    cohort = CohortFactory()
    first = dt.datetime(2031, 5, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    add_sessions(cohort, count=2, first=first)
    builders.booking(person, cohort=cohort)
    page = dashboard(client, person)
    assert "Tuesday 20 May 2031, 10:00-12:00" in page
    assert "https://meet.example/s1" in page
    assert reverse("account:calendar") in page


def test_in_person_session_shows_the_venue(client):
    person = UserFactory()
    cohort = CohortFactory()
    (session,) = add_sessions(cohort, count=1)
    session.mode = Session.Mode.IN_PERSON
    session.venue = "Eastvale Civic Centre, Room 2"
    session.save()
    builders.booking(person, cohort=cohort)
    page = dashboard(client, person)
    assert "Eastvale Civic Centre, Room 2" in page


def test_joining_link_is_not_shown_for_a_cancelled_place(client):
    person = UserFactory()
    cohort = CohortFactory()
    add_sessions(cohort, count=1)
    place = builders.booking(person, cohort=cohort)
    place.status = "cancelled"
    place.save()
    page = dashboard(client, person)
    assert "https://meet.example/s1" not in page


def test_partial_package_shows_only_the_chosen_sessions(client):
    person = UserFactory()
    cohort = CohortFactory()
    sessions = add_sessions(cohort, count=3)
    place = builders.booking(person, cohort=cohort)
    place.sessions.set([sessions[1]])
    page = dashboard(client, person)
    assert "https://meet.example/s2" in page
    assert "https://meet.example/s1" not in page


def test_my_calendar_has_my_sessions_with_joining_links(client):
    person = UserFactory()
    cohort = CohortFactory()
    add_sessions(cohort, count=2)
    builders.booking(person, cohort=cohort)
    add_sessions(CohortFactory(), count=1)  # someone else's cohort
    client.force_login(person)
    response = client.get(reverse("account:calendar"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert len(events(body)) == 2
    assert "meet.example/s1" in body


def test_booking_shows_payment_status_and_invoice(client):
    person = UserFactory()
    place = builders.booking(
        person, status="pending", payment_method="invoice", total=Decimal("450.00")
    )
    builders.invoice_for(place.order, number=42)
    page = dashboard(client, person)
    assert place.order.reference in page
    assert "£450.00" in page
    assert "Awaiting payment" in page
    assert "INV-000042" in page


def test_place_booked_by_a_colleague_is_listed_without_their_total(client):
    person, contact = UserFactory(), UserFactory(full_name="Pat Contact")
    place = builders.booking(person, booker=contact, total=Decimal("1500.00"))
    page = dashboard(client, person)
    assert place.order.reference in page
    assert "Booked for you by Pat Contact" in page
    assert "£1,500.00" not in page


def test_other_peoples_bookings_are_not_shown(client):
    person = UserFactory()
    theirs = builders.booking(UserFactory())
    page = dashboard(client, person)
    assert theirs.order.reference not in page


def test_applications_and_their_status_are_listed(client):
    person = UserFactory()
    application = builders.application(person, status="shortlisted")
    page = dashboard(client, person)
    assert str(application.cohort) in page
    assert "Shortlisted" in page


def test_waiting_list_places_are_listed(client):
    person = UserFactory()
    entry = builders.waiting(person)
    page = dashboard(client, person)
    assert str(entry.cohort) in page
    assert "Waiting" in page


def test_certificates_have_download_links_and_total_points(client):
    person = UserFactory()
    first = builders.certificate(builders.booking(person), points="12.00")
    builders.certificate(builders.booking(person), points="6.50")
    page = dashboard(client, person)
    assert reverse("cpd:download", args=[first.number]) in page
    assert "18.5" in page


def test_organisation_contact_sees_colleagues_and_free_places(client):
    tier = TierFactory(name="Advanced", free_places_per_cohort=2)
    council = OrganisationFactory(
        type="local_government",
        membership_tier=tier,
        membership_valid_from=dt.date(2020, 1, 1),
    )
    contact = UserFactory(organisation=council, is_organisation_contact=True)
    colleague = UserFactory(organisation=council, full_name="Jo Colleague")
    cohort = CohortFactory()
    place = builders.booking(
        colleague, cohort=cohort, booker=contact, organisation=council
    )
    place.is_free_place = True
    place.save()
    page = dashboard(client, contact)
    assert "Jo Colleague" in page
    assert "Free places left" in page
    assert "<td>2</td><td>1</td><td>1</td>" in page


def test_people_who_are_not_contacts_do_not_see_colleagues(client):
    council = OrganisationFactory()
    person = UserFactory(organisation=council)
    builders.booking(UserFactory(organisation=council, full_name="Jo Colleague"))
    page = dashboard(client, person)
    assert "Jo Colleague" not in page


def test_dashboard_queries_do_not_grow_with_bookings(client):
    person = UserFactory()

    def count() -> int:
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("account:dashboard")).status_code == 200
        return len(queries)

    cohort = CohortFactory()
    add_sessions(cohort, count=2)
    builders.certificate(builders.booking(person, cohort=cohort))
    builders.application(person)
    builders.waiting(person)
    few = count()
    for _ in range(4):
        other = CohortFactory()
        add_sessions(other, count=3)
        place = builders.booking(person, cohort=other, payment_method="invoice")
        builders.invoice_for(place.order, number=100 + other.pk)
        builders.certificate(place)
        builders.application(person)
        builders.waiting(person)
    assert count() == few


def test_cohort_calendar_link_gives_only_my_chosen_sessions(client):
    person = UserFactory()
    cohort = CohortFactory()
    sessions = add_sessions(cohort, count=3)
    place = builders.booking(person, cohort=cohort)
    place.sessions.set([sessions[0], sessions[2]])
    page = dashboard(client, person)
    url = reverse("bookings:place_calendar", args=[place.pk])
    assert url in page
    body = client.get(url).content.decode()
    assert len(events(body)) == 2
    assert "meet.example/s2" not in body


def test_colleague_sees_the_booking_reference_without_a_link_to_the_order(client):
    contact = UserFactory(full_name="Olu Contact")
    colleague = UserFactory()
    place = builders.booking(colleague, booker=contact)
    order_url = reverse("bookings:order_detail", args=[place.order.reference])
    page = dashboard(client, colleague)
    assert place.order.reference in page
    assert order_url not in page
    assert client.get(order_url).status_code == 404


def test_booker_sees_the_booking_reference_as_a_link_to_the_order(client):
    booker = UserFactory()
    place = builders.booking(booker)
    page = dashboard(client, booker)
    order_url = reverse("bookings:order_detail", args=[place.order.reference])
    assert f'<a href="{order_url}">{place.order.reference}</a>' in page


def test_the_dashboard_shows_open_action_steps_and_unread_discussions(client):
    import datetime as dt

    from django.utils import timezone

    from practice.models import ActionStep
    from tests.community.factories import PostFactory, ThreadFactory, make_space

    space = make_space()
    place = space.member.places.get(cohort=space.cohort)
    ActionStep.objects.create(
        place=place,
        session=space.sessions[0],
        owner=space.member,
        what="Run a listening walk on the estate",
        by_when=timezone.localdate() + dt.timedelta(days=5),
    )
    thread = ThreadFactory(cohort=space.cohort, author=space.other_member)
    PostFactory(thread=thread, author=space.other_member)

    client.force_login(space.member)
    page = client.get(reverse("account:dashboard")).content.decode()
    assert "Run a listening walk on the estate" in page
    assert "1 discussion with new posts" in page
