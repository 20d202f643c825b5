"""The practice app's personal data: export and erasure."""

import json

import pytest
from django.utils import timezone

from practice import catchups, personal_data, steps
from practice.models import ActionStep, CatchUpMember, CpdLogEntry, FollowUp
from tests.practice.conftest import make_step, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(place, sessions, facilitator, cohort):
    step = make_step(place, sessions[0], reflection="Learned a lot")
    steps.comment_on_step(actor=facilitator, step=step, body="Nice work")
    steps.flag_to_contact(actor=facilitator, place=place, reason="Check in")
    CpdLogEntry.objects.create(
        user=place.attendee,
        place=place,
        what="Toolkit",
        on=timezone.localdate(),
        minutes=40,
    )
    member(cohort)
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    return round


def test_the_export_holds_steps_comments_follow_ups_catch_ups_and_the_log(
    history, participant
):
    data = personal_data.export(participant)
    json.dumps(data)  # JSON-ready
    assert data["action_steps"][0]["reflection"] == "Learned a lot"
    assert data["action_steps"][0]["facilitator_comments"][0]["body"] == "Nice work"
    assert data["follow_ups"][0]["marked_to_contact_at"]
    assert data["cpd_log"][0]["minutes"] == 40
    assert len(data["catch_ups"]) == 1


def test_the_export_names_no_staff_and_holds_no_staff_notes(
    history, participant, facilitator
):
    text = json.dumps(personal_data.export(participant))
    assert facilitator.full_name not in text
    assert "Check in" not in text


def test_erasure_removes_the_persons_practice_data_only(history, participant, cohort):
    personal_data.erase(participant)
    assert not ActionStep.objects.filter(owner=participant).exists()
    assert not FollowUp.objects.exists()
    assert not CpdLogEntry.objects.filter(user=participant).exists()
    assert not CatchUpMember.objects.filter(user=participant).exists()
    assert CatchUpMember.objects.exists()  # the other member's row stays
