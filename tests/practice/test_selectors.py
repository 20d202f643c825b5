"""What the dashboard reads: open steps and the current catch-up partner."""

import datetime as dt

import pytest

from practice import catchups
from practice.selectors import current_partner, open_steps
from tests.practice.conftest import make_step, member

pytestmark = pytest.mark.django_db


def test_open_steps_leave_out_done_and_dropped_ones(place, sessions, participant):
    keep = make_step(place, sessions[0], status="trying")
    make_step(place, sessions[0], status="done", reflection="Yes")
    make_step(place, sessions[1], status="dropped")
    assert list(open_steps(participant)) == [keep]


def test_the_current_partner_is_from_the_latest_sent_round(
    cohort, sessions, facilitator, participant
):
    other = member(cohort)
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    assert current_partner(participant) is None  # not sent yet
    catchups.send_introductions(actor=facilitator, round=round)
    partner = current_partner(participant)
    assert partner.partners == [other]
    assert partner.meet_before == sessions[3]


def test_no_partner_once_the_next_session_has_started(
    cohort, sessions, facilitator, participant
):
    member(cohort)
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    catchups.send_introductions(actor=facilitator, round=round)
    later = sessions[3].starts_at + dt.timedelta(minutes=1)
    assert current_partner(participant, now=later) is None
