"""'How did it go?' nudges and automatic rounds, from the periodic scan."""

import datetime as dt

import pytest
from django.core import mail

from notifications.models import Notification
from practice import kinds
from practice.models import CatchUpRound, PracticeSettings
from practice.nudges import scan_automatic_rounds, scan_nudges
from tests.practice.conftest import make_step, member

pytestmark = pytest.mark.django_db


def before(session, days: float) -> dt.datetime:
    return session.starts_at - dt.timedelta(days=days)


def nudges():
    return Notification.objects.filter(kind=kinds.NUDGE)


def test_an_open_step_is_nudged_a_few_days_before_the_next_session(
    place, sessions, django_capture_on_commit_callbacks
):
    step = make_step(place, sessions[2])
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_nudges(now=before(sessions[3], 2)) == 1
    assert [m.to for m in mail.outbox] == [[place.attendee.email]]
    assert step.what in mail.outbox[0].body
    assert f"/practice/steps/{step.pk}/" in mail.outbox[0].body


def test_no_nudge_earlier_than_the_programme_says(place, sessions, cohort):
    make_step(place, sessions[2])
    PracticeSettings.objects.create(programme=cohort.programme, nudge_days_before=2)
    assert scan_nudges(now=before(sessions[3], 3)) == 0
    assert scan_nudges(now=before(sessions[3], 1)) == 1


def test_a_step_is_nudged_only_once(place, sessions):
    make_step(place, sessions[2])
    scan_nudges(now=before(sessions[3], 2))
    assert scan_nudges(now=before(sessions[3], 1)) == 0
    assert scan_nudges(now=before(sessions[4], 1)) == 0  # still open later on
    assert nudges().count() == 1


def test_done_and_dropped_steps_are_not_nudged(place, sessions):
    make_step(place, sessions[2], status="done", reflection="Went well")
    make_step(place, sessions[2], status="dropped")
    assert scan_nudges(now=before(sessions[3], 2)) == 0


def test_each_open_step_gets_its_own_nudge(place, sessions, cohort):
    make_step(place, sessions[1])
    make_step(place, sessions[2], what="Call the school")
    other = member(cohort).places.get()
    make_step(other, sessions[2])
    assert scan_nudges(now=before(sessions[3], 2)) == 3


def test_people_who_turned_off_optional_emails_are_not_nudged(
    place, sessions, django_capture_on_commit_callbacks
):
    from notifications.models import OptOut

    OptOut.objects.create(email=place.attendee.email)
    make_step(place, sessions[2])
    with django_capture_on_commit_callbacks(execute=True):
        scan_nudges(now=before(sessions[3], 2))
    assert mail.outbox == []
    assert nudges().get().status == Notification.Status.SKIPPED


def test_an_automatic_round_is_drawn_and_sent_the_day_after_a_session(cohort, sessions):
    people = [member(cohort) for _ in range(4)]
    PracticeSettings.objects.create(programme=cohort.programme, automatic_rounds=True)
    now = sessions[2].ends_at + dt.timedelta(days=1, hours=1)
    assert scan_automatic_rounds(now=now) >= 1
    round = CatchUpRound.objects.get(after_session=sessions[2])
    assert round.automatic
    assert round.status == CatchUpRound.Status.SENT
    assert round.members.count() == len(people)
    assert scan_automatic_rounds(now=now) == 0


def test_programmes_without_automatic_rounds_get_none(cohort, sessions):
    for _ in range(4):
        member(cohort)
    now = sessions[2].ends_at + dt.timedelta(days=1, hours=1)
    assert scan_automatic_rounds(now=now) == 0
    assert not CatchUpRound.objects.exists()
