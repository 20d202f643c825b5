"""Sessions in a series: a rule, London wall-clock time, skips, limits."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Session
from cohorts.series import (
    SeriesError,
    SeriesRule,
    create_series,
    parse_dates,
    series_dates,
)
from tests.factories import CohortFactory, ProgrammeFactory, SessionFactory, UserFactory

TEN, NOON = dt.time(10, 0), dt.time(12, 0)


def rule(**overrides) -> SeriesRule:
    values = {
        "first_date": dt.date(2030, 2, 5),  # a Tuesday in GMT
        "starts": TEN,
        "ends": NOON,
        "count": 6,
        "every_weeks": 4,
        "skip": frozenset(),
    }
    return SeriesRule(**(values | overrides))


def test_every_fourth_tuesday_keeps_ten_oclock_london_across_both_clock_changes():
    # 5 Feb 2030 to 12 Nov 2030 spans the March and October clock changes.
    dates = series_dates(rule(count=11))

    local = [timezone.localtime(start) for start, _end in dates]
    assert all(moment.strftime("%A %H:%M") == "Tuesday 10:00" for moment in local)
    utc_hours = [start.astimezone(dt.UTC).hour for start, _end in dates]
    assert utc_hours == [10, 10, 9, 9, 9, 9, 9, 9, 9, 9, 10]


def test_skipped_dates_do_not_count_towards_the_number_of_sessions():
    dates = series_dates(rule(count=3, skip=frozenset({dt.date(2030, 3, 5)})))

    days = [timezone.localtime(start).date() for start, _end in dates]
    assert days == [dt.date(2030, 2, 5), dt.date(2030, 4, 2), dt.date(2030, 4, 30)]


@pytest.mark.django_db
def test_a_rule_for_500_sessions_is_refused_and_creates_nothing():
    cohort = CohortFactory()

    with pytest.raises(SeriesError, match="between 1 and 52"):
        create_series(cohort=cohort, rule=rule(count=500), title="")

    assert not cohort.sessions.exists()


@pytest.mark.django_db
def test_series_numbers_new_sessions_after_the_existing_ones():
    cohort = CohortFactory()
    SessionFactory(
        cohort=cohort, number=1, starts_at=timezone.now() + dt.timedelta(days=2)
    )

    created = create_series(cohort=cohort, rule=rule(count=2), title="")

    assert [s.number for s in created] == [2, 3]
    assert [s.title for s in created] == ["Session 2", "Session 3"]


@pytest.mark.django_db
def test_a_date_overlapping_an_existing_session_is_refused_and_creates_nothing():
    cohort = CohortFactory()
    start = dt.datetime(2030, 3, 5, 11, 0, tzinfo=dt.UTC)
    SessionFactory(
        cohort=cohort, number=1, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )

    with pytest.raises(SeriesError, match="overlaps session 1"):
        create_series(cohort=cohort, rule=rule(), title="")

    assert cohort.sessions.count() == 1


@pytest.mark.django_db
def test_a_first_date_in_the_past_is_refused():
    with pytest.raises(SeriesError, match="future"):
        create_series(
            cohort=CohortFactory(), rule=rule(first_date=dt.date(2020, 1, 7)), title=""
        )


def test_skip_dates_that_are_not_dates_get_a_clear_message():
    with pytest.raises(SeriesError, match="is not a date"):
        parse_dates("26/12/2030\nChristmas")


def test_skip_dates_are_read_in_british_and_iso_forms():
    assert parse_dates("26/12/2030, 2031-01-02") == {
        dt.date(2030, 12, 26),
        dt.date(2031, 1, 2),
    }


@pytest.fixture
def facilitator(db):
    return UserFactory(is_staff=True, is_superuser=True)


def _form(**overrides):
    return {
        "title": "",
        "first_date": "2030-02-05",
        "starts": "10:00",
        "ends": "12:00",
        "every_weeks": "4",
        "count": "6",
        "skip": "",
        "mode": Session.Mode.ONLINE,
        "venue": "",
    } | overrides


def test_staff_create_a_series_from_the_cohort_screen(client, facilitator):
    cohort = CohortFactory()
    client.force_login(facilitator)

    response = client.post(
        reverse("admin:cohorts_cohort_series", args=[cohort.pk]), _form()
    )

    assert response.status_code == 302
    assert cohort.sessions.count() == 6


def test_the_series_screen_shows_the_refusal_and_creates_nothing(client, facilitator):
    cohort = CohortFactory()
    client.force_login(facilitator)

    response = client.post(
        reverse("admin:cohorts_cohort_series", args=[cohort.pk]), _form(count="500")
    )

    assert response.status_code == 200
    assert "between 1 and 52" in response.content.decode()
    assert not cohort.sessions.exists()


def test_a_facilitator_of_another_programme_gets_404_on_the_series_screen(client, db):
    other = UserFactory(is_staff=True)
    other.user_permissions.add(*Permission.objects.filter(codename="add_session"))
    ProgrammeFactory().facilitators.add(other)
    cohort = CohortFactory()
    client.force_login(other)

    response = client.get(reverse("admin:cohorts_cohort_series", args=[cohort.pk]))

    assert response.status_code == 404
