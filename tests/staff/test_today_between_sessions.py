"""Today counts what the space, practice and evaluation need from staff."""

import pytest

from community.models import GuestInvitation
from practice.models import FollowUp
from staff import messaging
from staff.today import action_steps_flagged, today
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_people_flagged_to_contact_are_counted_until_contacted(
    cohort, other_cohort, facilitator
):
    mine = FollowUp.objects.create(place=PlaceFactory(order__cohort=cohort), reason="x")
    FollowUp.objects.create(place=PlaceFactory(order__cohort=other_cohort), reason="y")
    assert action_steps_flagged(facilitator).count == 1  # other programmes not seen
    mine.contacted_at = mine.flagged_at
    mine.save()
    assert action_steps_flagged(facilitator).count == 0


def test_today_lists_feedback_steps_and_catch_ups(facilitator):
    labels = [item.label for item in today(facilitator)["items"]]
    assert "People to contact about their action steps" in labels
    assert "Catch-up pairs who could not meet" in labels
    assert "New session feedback (last 7 days)" in labels


def test_a_message_to_guests_reaches_each_invited_guest_once(cohort, sessions):
    GuestInvitation.objects.create(
        session=sessions[0], name="Gita Guest", email="gita@x.example", topic="Maps"
    )
    GuestInvitation.objects.create(
        session=sessions[1],
        name="Old",
        email="old@x.example",
        topic="t",
        is_withdrawn=True,
    )
    found = messaging.recipients(cohort, messaging.Audience.GUESTS)
    assert [r.email for r in found] == ["gita@x.example"]
