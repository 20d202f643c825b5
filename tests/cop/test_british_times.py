"""Times are shown and accepted on the 24-hour clock, British style."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats

from tests.factories import CohortFactory, UserFactory, add_sessions

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def coordinator():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_admin_shows_times_on_the_24_hour_clock(client, coordinator):
    cohort = CohortFactory()
    add_sessions(cohort, 1)
    session = cohort.sessions.get()
    session.starts_at = dt.datetime(2031, 5, 6, 14, 7, tzinfo=LONDON)
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    client.force_login(coordinator)
    listing = client.get(reverse("admin:cohorts_session_changelist")).content.decode()
    assert "6 May 2031, 14:07" in listing
    assert "p.m." not in listing


def test_british_formats_use_the_24_hour_clock():
    moment = dt.datetime(2031, 5, 6, 14, 7, tzinfo=LONDON)
    assert formats.date_format(moment, "DATETIME_FORMAT") == "6 May 2031, 14:07"
    assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "06/05/2031 14:07"
    assert formats.time_format(moment.time()) == "14:07"


def test_british_dates_and_times_are_accepted_as_input():
    assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")
    assert formats.get_format("TIME_INPUT_FORMATS")[0] == "%H:%M"
    assert "%d/%m/%Y %H:%M" in formats.get_format("DATETIME_INPUT_FORMATS")
