"""The CPD learning log and its refusals."""

import datetime as dt

import pytest
from django.utils import timezone

from practice.errors import PracticeError
from practice.learning_log import log_learning
from practice.models import CpdLogEntry
from tests.practice.conftest import member

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


def test_learning_is_logged_in_minutes(participant, place):
    entry = log_learning(
        user=participant,
        place=place,
        what="Read the toolkit",
        on=TODAY,
        minutes=90,
        today=TODAY,
    )
    assert entry.minutes == 90
    assert entry.kind == CpdLogEntry.Kind.SELF_DIRECTED


def test_ten_thousand_minutes_in_a_day_is_refused(participant, place):
    with pytest.raises(PracticeError, match="24 hours") as refusal:
        log_learning(
            user=participant,
            place=place,
            what="Reading",
            on=TODAY,
            minutes=10_000,
            today=TODAY,
        )
    assert refusal.value.field == "minutes"
    assert not CpdLogEntry.objects.exists()


def test_entries_on_one_day_may_not_add_up_to_more_than_24_hours(participant, place):
    log_learning(
        user=participant,
        place=place,
        what="Course",
        on=TODAY,
        minutes=1000,
        today=TODAY,
    )
    with pytest.raises(PracticeError, match="more than 24 hours"):
        log_learning(
            user=participant,
            place=place,
            what="More",
            on=TODAY,
            minutes=500,
            today=TODAY,
        )
    assert CpdLogEntry.objects.count() == 1


def test_learning_in_the_future_is_refused(participant, place):
    with pytest.raises(PracticeError, match="on or after the day"):
        log_learning(
            user=participant,
            place=place,
            what="Plan",
            on=TODAY + dt.timedelta(days=1),
            minutes=30,
            today=TODAY,
        )


def test_logging_against_someone_elses_place_is_refused(cohort, place):
    someone = member(cohort)
    with pytest.raises(PracticeError, match="your own cohorts"):
        log_learning(
            user=someone,
            place=place,
            what="Reading",
            on=timezone.localdate(),
            minutes=30,
        )
    assert not CpdLogEntry.objects.exists()
