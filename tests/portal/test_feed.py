"""The private calendar feed: contents, moves, cancellations, tokens and reset."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Session
from cohorts.session_changes import session_changed
from portal.feed import feed_for, reset_feed
from portal.personal_data import anonymise_user
from tests.applications.factories import InterestFactory, RecruitingCohortFactory
from tests.factories import SessionFactory, UserFactory
from tests.ics import events, parse_ics
from tests.notifications.conftest import confirmed_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(full_name="Priya Shah")


@pytest.fixture
def session(person):
    start = (timezone.now() + dt.timedelta(days=20)).replace(microsecond=0)
    session = SessionFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    confirmed_place(session.cohort, attendee=person)
    return session


def read(client, person) -> bytes:
    feed = feed_for(person)
    response = client.get(reverse("portal:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def by_summary(body, text):
    return [e for e in events(body) if text in str(e.get("summary"))]


def test_the_feed_holds_the_persons_booked_sessions_in_london_time(
    client, person, session
):
    body = read(client, person)

    (event,) = events(body)
    assert event.decoded("dtstart") == timezone.localtime(session.starts_at)
    assert str(event["dtstart"].params["TZID"]) == "Europe/London"


def test_every_tzid_in_the_feed_has_a_vtimezone(client, person, session):
    calendar = parse_ics(read(client, person))  # parse_ics checks each TZID

    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_a_moved_session_keeps_its_uid_with_the_new_time_and_a_higher_sequence(
    client, person, session
):
    (before,) = events(read(client, person))
    session.starts_at += dt.timedelta(days=7)
    session.ends_at += dt.timedelta(days=7)
    session.save()
    session_changed(session=session, changed_fields=["starts_at", "ends_at"])

    (after,) = events(read(client, person))

    assert after["uid"] == before["uid"]
    assert after.decoded("dtstart") - before.decoded("dtstart") == dt.timedelta(days=7)
    assert after["sequence"] > before["sequence"]


def test_a_cancelled_session_stays_in_the_feed_marked_cancelled(
    client, person, session
):
    session.is_cancelled = True
    session.save()
    session_changed(session=session, changed_fields=["is_cancelled"])

    (event,) = events(read(client, person))

    assert event["status"] == "CANCELLED"


def test_the_feed_holds_the_drop_in_the_person_registered_for(client, person):
    cohort = RecruitingCohortFactory()
    InterestFactory(cohort=cohort, user=person, email=person.email)

    (event,) = by_summary(read(client, person), "drop-in")

    assert str(event["uid"]).startswith(f"cop-dropin-{cohort.pk}@")


def test_the_feed_leaves_out_other_peoples_sessions(client, person, session):
    other = SessionFactory(title="Not mine")
    confirmed_place(other.cohort)

    assert by_summary(read(client, person), "Not mine") == []


def test_a_hybrid_session_shows_the_venue_and_the_link(client, person, session):
    Session.objects.filter(pk=session.pk).update(
        mode=Session.Mode.HYBRID, venue="Town hall, Leeds"
    )

    (event,) = events(read(client, person))

    assert str(event["location"]) == "Town hall, Leeds"
    assert session.joining_link in str(event["description"])


def test_an_unknown_token_is_404(client):
    response = client.get(reverse("portal:calendar_feed", args=["not-a-token"]))

    assert response.status_code == 404


def test_after_a_reset_the_old_url_is_404_and_the_new_one_works(
    client, person, session
):
    old = feed_for(person).token

    new = reset_feed(user=person).token

    assert client.get(reverse("portal:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("portal:calendar_feed", args=[new])).status_code == 200


def test_someone_signed_in_with_another_persons_token_gets_404(client, person, session):
    token = feed_for(person).token
    client.force_login(UserFactory())

    response = client.get(reverse("portal:calendar_feed", args=[token]))

    assert response.status_code == 404


def test_the_profile_offers_a_webcal_link_and_resets_the_address(client, person):
    client.force_login(person)
    token = feed_for(person).token

    page = client.get(reverse("account:profile")).content.decode()
    client.post(reverse("account:calendar_feed_reset"))

    assert f"/calendar/{token}.ics" in page
    assert 'href="webcal://' in page
    assert feed_for(person).token != token


def test_erasing_the_person_removes_their_feed(client, person, session):
    token = feed_for(person).token

    anonymise_user(user=person, actor=None, reason="test")

    assert client.get(reverse("portal:calendar_feed", args=[token])).status_code == 404


def test_the_feed_holds_sessions_the_person_is_invited_to_as_a_guest(client, person):
    from community.models import GuestInvitation

    start = (timezone.now() + dt.timedelta(days=9)).replace(microsecond=0)
    talk = SessionFactory(
        title="Asset mapping", starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    GuestInvitation.objects.create(
        session=talk, name=person.full_name, email=person.email, topic="Maps"
    )
    withdrawn = SessionFactory(title="Withdrawn talk", starts_at=start)
    GuestInvitation.objects.create(
        session=withdrawn, name="P", email=person.email, topic="x", is_withdrawn=True
    )
    body = read(client, person)
    assert by_summary(body, "Asset mapping")
    assert not by_summary(body, "Withdrawn talk")
