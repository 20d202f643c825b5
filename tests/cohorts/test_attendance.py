"""Coming in person or online: plans, the cut-off, catering numbers for the venue."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from bookings.reminders import place_holders
from cohorts.attendance import AttendanceError, numbers_for, say_how_i_attend
from cohorts.models import AttendanceIntention, Session
from notifications.services import render_email
from tests.factories import ProgrammeFactory, SessionFactory, UserFactory
from tests.notifications.conftest import confirmed_place

IN_PERSON = AttendanceIntention.How.IN_PERSON
ONLINE = AttendanceIntention.How.ONLINE


@pytest.fixture
def half_day(db):
    """A hybrid half day with lunch, ten days away (cut-off three days before)."""
    start = timezone.now() + dt.timedelta(days=10)
    return SessionFactory(
        mode=Session.Mode.HYBRID,
        venue="Friends Meeting House, Manchester",
        catering=True,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
    )


def participant(session):
    return confirmed_place(session.cohort).attendee


def test_a_participant_says_they_come_in_person_with_their_needs(half_day):
    person = participant(half_day)

    say_how_i_attend(
        session=half_day, user=person, how=IN_PERSON, dietary_requirements="Vegan"
    )

    numbers = numbers_for(half_day)
    assert (numbers.in_person, numbers.online) == (1, 0)
    assert numbers.dietary == [(person.full_name, "Vegan")]


def test_changing_your_mind_replaces_your_plan(half_day):
    person = participant(half_day)
    say_how_i_attend(session=half_day, user=person, how=IN_PERSON)

    say_how_i_attend(session=half_day, user=person, how=ONLINE)

    numbers = numbers_for(half_day)
    assert (numbers.in_person, numbers.online) == (0, 1)


def test_a_change_after_the_cut_off_is_refused_and_changes_nothing(half_day):
    person = participant(half_day)
    say_how_i_attend(session=half_day, user=person, how=IN_PERSON)
    late = half_day.starts_at - dt.timedelta(hours=10)

    with pytest.raises(AttendanceError, match="closed"):
        say_how_i_attend(session=half_day, user=person, how=ONLINE, now=late)

    assert AttendanceIntention.objects.get(user=person).how == IN_PERSON


def test_someone_without_a_place_cannot_say_they_come(half_day):
    with pytest.raises(AttendanceError, match="Only participants"):
        say_how_i_attend(session=half_day, user=UserFactory(), how=IN_PERSON)

    assert not AttendanceIntention.objects.exists()


def test_online_only_sessions_take_no_plans(half_day):
    Session.objects.filter(pk=half_day.pk).update(mode=Session.Mode.ONLINE)
    half_day.refresh_from_db()

    with pytest.raises(AttendanceError, match="online only"):
        say_how_i_attend(session=half_day, user=participant(half_day), how=IN_PERSON)


def test_joining_online_is_not_offered_for_an_in_person_only_session(half_day):
    Session.objects.filter(pk=half_day.pk).update(mode=Session.Mode.IN_PERSON)
    half_day.refresh_from_db()

    with pytest.raises(AttendanceError, match="Choose one"):
        say_how_i_attend(session=half_day, user=participant(half_day), how=ONLINE)


def test_the_participant_page_saves_a_plan(client, half_day):
    person = participant(half_day)
    client.force_login(person)

    response = client.post(
        reverse("account:session_attendance", args=[half_day.pk]),
        {"how": IN_PERSON, "dietary_requirements": "No nuts", "access_needs": ""},
    )

    assert response.status_code == 302
    assert (
        AttendanceIntention.objects.get(user=person).dietary_requirements == "No nuts"
    )


def test_the_participant_page_is_404_for_someone_without_a_place(client, half_day):
    client.force_login(UserFactory())

    response = client.get(reverse("account:session_attendance", args=[half_day.pk]))

    assert response.status_code == 404


def test_staff_download_the_venue_list_with_needs_and_numbers(client, half_day):
    person = participant(half_day)
    say_how_i_attend(
        session=half_day,
        user=person,
        how=IN_PERSON,
        dietary_requirements="Vegan",
        access_needs="Step-free access",
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(
        reverse("admin:cohorts_session_catering_csv", args=[half_day.pk])
    )

    body = response.content.decode()
    assert f'{person.full_name},{person.email},"In person, at the venue",Vegan' in body
    assert "Step-free access" in body
    assert "In person,1" in body


def test_the_numbers_screen_is_404_for_a_facilitator_of_another_programme(
    client, half_day
):
    other = UserFactory(is_staff=True)
    other.user_permissions.add(*Permission.objects.filter(codename="view_session"))
    ProgrammeFactory().facilitators.add(other)
    client.force_login(other)

    response = client.get(reverse("admin:cohorts_session_catering", args=[half_day.pk]))

    assert response.status_code == 404


def test_staff_see_the_numbers_and_needs_per_session(client, half_day):
    say_how_i_attend(
        session=half_day,
        user=participant(half_day),
        how=IN_PERSON,
        dietary_requirements="Halal",
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:cohorts_session_catering", args=[half_day.pk]))

    assert "Halal" in response.content.decode()


def _reminder_text(session, person) -> str:
    (recipient,) = [r for r in place_holders(session) if r.user == person]
    _subject, text, _html = render_email(
        "notifications_session_reminder",
        {
            "session": session,
            "cohort": session.cohort,
            "programme": session.cohort.programme,
            "lead": "tomorrow",
            "name": recipient.name,
            **recipient.context,
        },
    )
    return text


def test_a_reminder_gives_the_venue_and_lunch_to_someone_coming_in_person(half_day):
    person = participant(half_day)
    say_how_i_attend(session=half_day, user=person, how=IN_PERSON)

    text = _reminder_text(half_day, person)

    assert "Where: Friends Meeting House" in text
    assert "Lunch or refreshments are provided" in text
    assert "Join here" not in text


def test_a_reminder_gives_only_the_link_to_someone_joining_online(half_day):
    person = participant(half_day)
    say_how_i_attend(session=half_day, user=person, how=ONLINE)

    text = _reminder_text(half_day, person)

    assert f"Join here: {half_day.joining_link}" in text
    assert "Friends Meeting House" not in text
    assert "Lunch" not in text


def test_a_reminder_asks_someone_undecided_to_say_how_they_will_attend(half_day):
    person = participant(half_day)

    text = _reminder_text(half_day, person)

    assert reverse("account:session_attendance", args=[half_day.pk]) in text
