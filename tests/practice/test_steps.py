"""Action steps: who may add them, what is refused, progress and follow-up."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from practice import steps
from practice.errors import PracticeError
from practice.models import ActionStep, FollowUp
from tests.factories import PlaceFactory, UserFactory
from tests.practice.conftest import make_step, member

pytestmark = pytest.mark.django_db


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def test_a_participant_adds_a_step_after_a_session_they_attended(participant, sessions):
    step = steps.add_step(
        user=participant,
        session=sessions[0],
        what="Ask the tenants' group what they need",
        by_when=in_days(10),
        who_might_help="Housing officer",
    )
    assert step.status == ActionStep.Status.NOT_STARTED
    assert step.place.attendee == participant
    assert not step.shared


def test_a_by_when_in_the_past_is_refused_and_nothing_saved(participant, sessions):
    with pytest.raises(PracticeError, match="from today onwards") as refusal:
        steps.add_step(
            user=participant, session=sessions[0], what="Try", by_when=in_days(-1)
        )
    assert refusal.value.field == "by_when"
    assert not ActionStep.objects.exists()


def test_a_step_for_a_session_without_a_place_is_refused(cohort, sessions):
    stranger = UserFactory()
    with pytest.raises(PracticeError, match="have a place in"):
        steps.add_step(
            user=stranger, session=sessions[0], what="Try", by_when=in_days(3)
        )
    assert not ActionStep.objects.exists()


def test_a_partial_package_allows_steps_only_after_its_chosen_sessions(
    cohort, sessions
):
    user = UserFactory()
    place = PlaceFactory(order__cohort=cohort, attendee=user)
    place.sessions.set([sessions[1], sessions[3], sessions[5]])
    with pytest.raises(PracticeError, match="have a place in"):
        steps.add_step(user=user, session=sessions[0], what="Try", by_when=in_days(3))
    assert steps.add_step(
        user=user, session=sessions[1], what="Try", by_when=in_days(3)
    )


def test_a_cancelled_place_cannot_add_steps(place, participant, sessions):
    place.status = "cancelled"
    place.save()
    with pytest.raises(PracticeError, match="have a place in"):
        steps.add_step(
            user=participant, session=sessions[0], what="Try", by_when=in_days(3)
        )


def test_steps_wait_until_the_session_has_taken_place(participant, sessions):
    with pytest.raises(PracticeError, match="once the session has taken place"):
        steps.add_step(
            user=participant, session=sessions[4], what="Try", by_when=in_days(30)
        )


def test_a_fourth_step_for_one_session_is_refused(participant, sessions):
    for n in range(3):
        steps.add_step(
            user=participant, session=sessions[0], what=f"Try {n}", by_when=in_days(3)
        )
    with pytest.raises(PracticeError, match="already have three"):
        steps.add_step(
            user=participant, session=sessions[0], what="One more", by_when=in_days(3)
        )
    assert ActionStep.objects.count() == 3


def test_an_empty_step_is_refused(participant, sessions):
    with pytest.raises(PracticeError, match="Say what you will try") as refusal:
        steps.add_step(
            user=participant, session=sessions[0], what="  ", by_when=in_days(3)
        )
    assert refusal.value.field == "what"


def test_marking_a_step_done_records_when(place, sessions, participant):
    step = make_step(place, sessions[0])
    steps.update_step(
        user=participant, step=step, status="done", reflection="It worked."
    )
    step.refresh_from_db()
    assert step.status == "done"
    assert step.completed_at is not None
    assert step.counts_for_cpd


def test_a_done_step_without_a_reflection_does_not_count_for_cpd(
    place, sessions, participant
):
    step = make_step(place, sessions[0])
    steps.update_step(user=participant, step=step, status="done")
    step.refresh_from_db()
    assert not step.counts_for_cpd


def test_nobody_else_may_update_a_step(place, sessions, cohort):
    step = make_step(place, sessions[0])
    someone = member(cohort)
    with pytest.raises(PracticeError, match="your own"):
        steps.update_step(user=someone, step=step, status="done", reflection="Ha")
    step.refresh_from_db()
    assert step.status == "not_started"


def test_a_facilitator_comment_emails_the_participant_once(
    place, sessions, facilitator, django_capture_on_commit_callbacks
):
    step = make_step(place, sessions[0])
    with django_capture_on_commit_callbacks(execute=True):
        steps.comment_on_step(actor=facilitator, step=step, body="Try the library too.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [place.attendee.email]
    assert "Try the library too." in mail.outbox[0].body


def test_an_empty_comment_is_refused(place, sessions, facilitator):
    step = make_step(place, sessions[0])
    with pytest.raises(PracticeError, match="Write a comment"):
        steps.comment_on_step(actor=facilitator, step=step, body=" ")
    assert not step.comments.exists()
    assert mail.outbox == []


def test_a_person_is_marked_to_contact_once_until_the_contact_is_recorded(
    place, facilitator
):
    follow_up = steps.flag_to_contact(actor=facilitator, place=place, reason="Quiet")
    with pytest.raises(PracticeError, match="already marked"):
        steps.flag_to_contact(actor=facilitator, place=place, reason="Again")
    steps.record_follow_up(
        actor=facilitator, follow_up=follow_up, outcome="Phoned; back next time."
    )
    follow_up.refresh_from_db()
    assert follow_up.contacted_by == facilitator
    assert not follow_up.is_open
    assert steps.flag_to_contact(actor=facilitator, place=place, reason="New worry")
    assert FollowUp.objects.count() == 2


def test_recording_a_follow_up_twice_is_refused(place, facilitator):
    follow_up = steps.flag_to_contact(actor=facilitator, place=place, reason="Quiet")
    steps.record_follow_up(actor=facilitator, follow_up=follow_up, outcome="Called")
    with pytest.raises(PracticeError, match="already recorded"):
        steps.record_follow_up(actor=facilitator, follow_up=follow_up, outcome="Again")
    follow_up.refresh_from_db()
    assert follow_up.outcome == "Called"
