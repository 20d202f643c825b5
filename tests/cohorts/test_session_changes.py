"""Calendar files: parsed back, and updated when a session moves or is cancelled."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from bookings.reminders import scan_session_reminders
from cohorts import session_changes
from cohorts import session_changes as kinds
from cohorts.calendar import session_uid
from cohorts.models import Session
from cohorts.session_changes import register_attendee_source, session_changed
from cop.models import AuditEvent
from notifications.batches import Recipient
from notifications.models import Notification
from tests.factories import UserFactory
from tests.ics import parse_ics
from tests.notifications.conftest import confirmed_place, utc

pytestmark = pytest.mark.django_db


def parse(message) -> tuple[Calendar, object, str]:
    _filename, content, mimetype = message.attachments[0]
    calendar = parse_ics(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event, mimetype


def test_reminder_invite_has_the_times_uid_sequence_and_method(session, committed):
    confirmed_place(session.cohort)
    with time_machine.travel(utc(2026, 6, 21, 9), tick=False), committed():
        scan_session_reminders(now=utc(2026, 6, 21, 9))

    calendar, event, mimetype = parse(mail.outbox[0])

    assert mimetype == "text/calendar; method=REQUEST"
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == session_uid(session)
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == utc(2026, 6, 23, 9)
    assert event.decoded("DTEND") == utc(2026, 6, 23, 11)
    assert str(event["LOCATION"]) == "https://meet.example/shared-ground-1"


def test_moving_a_session_sends_an_update_with_the_same_uid_and_higher_sequence(
    session, committed
):
    confirmed_place(session.cohort)
    session.starts_at += dt.timedelta(days=7)
    session.ends_at += dt.timedelta(days=7)
    session.save()

    with committed():
        queued = session_changed(session=session, changed_fields=["starts_at"])

    calendar, event, _mimetype = parse(mail.outbox[0])
    assert queued == 1
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == session_uid(session)
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == utc(2026, 6, 30, 9)
    assert "Tuesday 30 June 2026, 10:00-12:00" in mail.outbox[0].body


def test_each_change_raises_the_sequence_and_sends_again(session, committed):
    confirmed_place(session.cohort)

    with committed():
        session_changed(session=session, changed_fields=["starts_at"])
        session_changed(session=session, changed_fields=["venue"])

    sequences = [int(parse(m)[1]["SEQUENCE"]) for m in mail.outbox]
    assert sequences == [1, 2]
    session.refresh_from_db()
    assert session.sequence == 2


def test_cancelling_a_session_sends_a_cancel(session, committed):
    confirmed_place(session.cohort)
    session.is_cancelled = True
    session.save()

    with committed():
        session_changed(session=session, changed_fields=["is_cancelled"])

    calendar, event, mimetype = parse(mail.outbox[0])
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert mimetype == "text/calendar; method=CANCEL"
    assert mail.outbox[0].subject.startswith("Cancelled:")


def test_editing_the_description_sends_nothing(session, committed):
    confirmed_place(session.cohort)

    with committed():
        queued = session_changed(session=session, changed_fields=["description"])

    assert queued == 0
    assert mail.outbox == []
    session.refresh_from_db()
    assert session.sequence == 0


def test_moving_a_session_in_the_admin_sends_the_update(client, session, committed):
    place = confirmed_place(session.cohort)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:cohorts_session_change", args=[session.pk])
    data = {
        "cohort": session.cohort_id,
        "number": 1,
        "title": session.title,
        "starts_at_0": "30/06/2026",
        "starts_at_1": "10:00:00",
        "ends_at_0": "30/06/2026",
        "ends_at_1": "12:00:00",
        "mode": Session.Mode.ONLINE,
        "joining_link": session.joining_link,
        "attendance_cutoff_hours": 72,
    }

    with committed():
        response = client.post(url, data)

    assert response.status_code == 302, response.content[:2000]
    update = Notification.objects.get(kind=kinds.SESSION_UPDATED)
    assert update.recipient_email == place.attendee_email
    assert update.variant == "seq1"
    assert int(parse(mail.outbox[0])[1]["SEQUENCE"]) == 1


@pytest.fixture
def guests_source():
    """A second attendee source, as a community app would register for guests."""
    guests: list[Recipient] = []
    register_attendee_source("tests.guests", lambda session: guests)
    yield guests
    session_changes._SOURCES.pop("tests.guests")


def test_every_registered_attendee_source_gets_the_update_once(
    session, committed, guests_source
):
    place = confirmed_place(session.cohort)
    guests_source.append(Recipient(email="guest@example.org", name="Guest"))
    guests_source.append(Recipient(email=place.attendee_email, name="Same person"))

    with committed():
        queued = session_changed(session=session, changed_fields=["venue"])

    assert queued == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["guest@example.org", place.attendee_email]
    )


def test_changing_a_session_records_who_changed_what(session):
    actor = UserFactory()

    session_changed(session=session, changed_fields=["starts_at"], actor=actor)

    event = AuditEvent.objects.get(action="cohorts.session.changed")
    assert event.actor == actor
    assert event.data["fields"] == ["starts_at"]
    assert event.data["sequence"] == 1
