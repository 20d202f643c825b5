"""Every calendar file the product makes is valid and written in UTC."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from applications.interest import dropin_calendar
from cohorts.calendar import build_calendar
from tests.factories import CohortFactory, add_sessions
from tests.ics import events, parse_ics

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_a_session_edited_in_london_time_is_written_in_utc():
    """A session moved in the admin carries London time until it is reloaded;
    the updated invite used to say TZID=Europe/London with no VTIMEZONE."""
    session = add_sessions(CohortFactory(), count=1)[0]
    session.starts_at = dt.datetime(2026, 7, 7, 10, 0, tzinfo=LONDON)
    session.ends_at = dt.datetime(2026, 7, 7, 12, 0, tzinfo=LONDON)
    body = build_calendar([session], method="REQUEST").decode()
    assert "TZID" not in body
    assert "DTSTART:20260707T090000Z" in body  # 10:00 BST is 09:00 UTC
    (event,) = events(body)
    assert event.decoded("dtstart") == session.starts_at


def test_a_cancelled_session_keeps_its_uid_and_raises_its_sequence():
    session = add_sessions(CohortFactory(), count=1)[0]
    before = events(build_calendar([session], method="REQUEST"))[0]
    session.is_cancelled = True
    session.sequence += 1
    after = events(build_calendar([session], method="CANCEL"))[0]
    assert after["uid"] == before["uid"]
    assert after["sequence"] > before["sequence"]
    assert after["status"] == "CANCELLED"


def test_the_dropin_calendar_is_valid_and_in_utc():
    start = timezone.now().astimezone(LONDON) + dt.timedelta(days=3)
    cohort = CohortFactory(dropin_starts_at=start)
    body = dropin_calendar(cohort).decode()
    assert "TZID" not in body
    parse_ics(body)


def test_the_validator_refuses_a_tzid_without_a_vtimezone():
    body = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\n"
        "UID:a@b\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Europe/London:20260707T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(AssertionError, match="VTIMEZONE"):
        parse_ics(body)
