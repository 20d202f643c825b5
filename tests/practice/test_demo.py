"""The demo shows practice between sessions in a running cohort."""

import io

import pytest
from django.core.management import call_command

from cop.models import User
from cpd.eligibility import assess_place
from practice import selectors
from practice.models import ActionStep, CatchUpMember, CpdLogEntry, FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_member_has_open_steps_and_a_catch_up_partner(demo):
    member = User.objects.get(email="member@example.com")
    assert selectors.open_steps(member).count() == 2
    partner = selectors.current_partner(member)
    assert partner is not None
    assert partner.partners


def test_the_facilitator_sees_who_is_stuck_and_who_met(demo):
    member = User.objects.get(email="member@example.com")
    cohort = member.places.get(cohort__slug="autumn-2026").cohort
    people = selectors.cohort_steps(cohort)
    assert any(p.is_stuck for p in people)
    assert any(p.follow_up for p in people)
    first_round = cohort.catch_up_rounds.order_by("after_session__starts_at").first()
    assert first_round.pairs.filter(outcome="met").exists()


def test_the_demo_members_cpd_counts_their_completed_step(demo):
    member = User.objects.get(email="member@example.com")
    place = member.places.get(cohort__slug="autumn-2026")
    result = assess_place(place)
    assert result.activities == 1
    assert result.points == 10  # three sessions at 3 and one activity at 1


def test_running_the_demo_twice_adds_no_practice_rows(demo):
    counts = [
        m.objects.count() for m in (ActionStep, CatchUpMember, CpdLogEntry, FollowUp)
    ]
    call_command("seed_demo", stdout=io.StringIO())
    assert [
        m.objects.count() for m in (ActionStep, CatchUpMember, CpdLogEntry, FollowUp)
    ] == counts
