import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Programme
from cop.audit import record
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PlaceFactory,
    PriceOptionFactory,
    ProgrammeFactory,
    UserFactory,
    add_sessions,
)
from tests.ics import parse_ics

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_programme_list_shows_published_programmes_only(client):
    ProgrammeFactory(name="Neighbourhood Working")
    ProgrammeFactory(name="Hidden Pilot", is_published=False)
    page = client.get(reverse("cohorts:programme_list")).content.decode()
    assert "Neighbourhood Working" in page
    assert "Hidden Pilot" not in page


def test_programme_list_query_count_does_not_grow_with_cohorts(
    client, django_assert_max_num_queries
):
    for _ in range(5):
        add_sessions(CohortFactory(), 6)
    with django_assert_max_num_queries(4):
        client.get(reverse("cohorts:programme_list"))


def test_draft_and_private_cohorts_are_not_listed(client):
    programme = ProgrammeFactory()
    CohortFactory(programme=programme, name="Open Spring")
    CohortFactory(programme=programme, name="Draft Autumn", status=Cohort.Status.DRAFT)
    CohortFactory(
        programme=programme, name="Bespoke Council", private_to=OrganisationFactory()
    )
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Open Spring" in page
    assert "Draft Autumn" not in page
    assert "Bespoke Council" not in page


def test_draft_cohort_page_is_not_found_for_the_public(client):
    cohort = CohortFactory(status=Cohort.Status.DRAFT)
    assert client.get(cohort.get_absolute_url()).status_code == 404


def test_private_cohort_page_is_visible_to_its_organisation_only(client):
    org = OrganisationFactory()
    cohort = CohortFactory(private_to=org)
    client.force_login(UserFactory())
    assert client.get(cohort.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(organisation=org, organisation_confirmed=True))
    assert client.get(cohort.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("status", "places_taken", "expected"),
    [
        (Cohort.Status.OPEN, 0, "Open for booking"),
        (Cohort.Status.OPEN, 2, "Fully booked"),
        (Cohort.Status.FULL, 0, "Fully booked"),
        (Cohort.Status.FINISHED, 0, "Finished"),
    ],
)
def test_cohort_page_states(client, status, places_taken, expected):
    cohort = CohortFactory(status=status, capacity=2)
    add_sessions(cohort, 6)
    for _ in range(places_taken):
        PlaceFactory(order__cohort=cohort)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert expected in page


def test_application_cohort_after_deadline_reads_applications_closed(client):
    now = timezone.now()
    cohort = CohortFactory(
        programme=ProgrammeFactory(booking_mode=Programme.BookingMode.APPLICATION),
        applications_open_at=now - dt.timedelta(days=20),
        application_deadline=now - dt.timedelta(hours=1),
    )
    add_sessions(cohort, 6)
    assert (
        "Applications closed" in client.get(cohort.get_absolute_url()).content.decode()
    )


def test_application_cohort_within_window_is_open_for_applications(client):
    now = timezone.now()
    cohort = CohortFactory(
        programme=ProgrammeFactory(booking_mode=Programme.BookingMode.APPLICATION),
        applications_open_at=now - dt.timedelta(days=1),
        application_deadline=now + dt.timedelta(days=10),
    )
    add_sessions(cohort, 6)
    assert (
        "Open for applications"
        in client.get(cohort.get_absolute_url()).content.decode()
    )


def test_cohort_page_shows_dates_in_london_time_and_prices(client):
    cohort = CohortFactory()
    add_sessions(cohort, 1, first=dt.datetime(2030, 5, 21, 10, tzinfo=LONDON))
    PriceOptionFactory(cohort=cohort, name="All six sessions")
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "Tuesday 21 May 2030, 10:00-12:00" in page
    assert "All six sessions: £750.00" in page


def test_joining_link_is_shown_only_to_confirmed_participants(client):
    cohort = CohortFactory()
    add_sessions(cohort, 1)
    link = cohort.sessions.get().joining_link
    assert link not in client.get(cohort.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert link not in client.get(cohort.get_absolute_url()).content.decode()
    place = PlaceFactory(order__cohort=cohort)
    client.force_login(place.attendee)
    assert link in client.get(cohort.get_absolute_url()).content.decode()


def test_calendar_download_parses_with_the_right_times(client):
    cohort = CohortFactory()
    add_sessions(cohort, 6, first=dt.datetime(2030, 3, 19, 10, tzinfo=LONDON))
    response = client.get(
        reverse("cohorts:cohort_calendar", args=[cohort.programme.slug, cohort.slug])
    )
    assert response["Content-Type"].startswith("text/calendar")
    events = parse_ics(response.content).walk("VEVENT")
    assert len(events) == 6
    starts = [e.decoded("dtstart").astimezone(LONDON) for e in events]
    # Every session is at 10:00 London time, before and after the clocks change.
    assert {(s.hour, s.minute) for s in starts} == {(10, 0)}
    assert starts[1].utcoffset() != starts[2].utcoffset()
    assert len({str(e["uid"]) for e in events}) == 6
    public_ics = response.content.decode()
    assert "meet.example" not in public_ics


def test_application_cohort_says_its_times_are_chosen_with_the_group(client):
    programme = ProgrammeFactory(booking_mode=Programme.BookingMode.APPLICATION)
    cohort = CohortFactory(programme=programme)
    add_sessions(cohort, count=6)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "The session times are chosen with the group" in page
    assert "(provisional)" in page


def test_application_cohort_times_are_fixed_once_staff_schedule_them(client):
    programme = ProgrammeFactory(booking_mode=Programme.BookingMode.APPLICATION)
    cohort = CohortFactory(programme=programme)
    add_sessions(cohort, count=6)
    record("cohorts.cohort.sessions_scheduled", cohort)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "chosen with the group" not in page
    assert "(provisional)" not in page


def test_booked_cohort_lists_its_session_times_as_fixed(client):
    cohort = CohortFactory()
    add_sessions(cohort, count=6)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "chosen with the group" not in page
