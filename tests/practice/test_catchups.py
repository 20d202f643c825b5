"""Catch-up rounds: members, draw, redraw, swap, introductions, reports."""

import pytest
from django.core import mail

from practice import catchups
from practice.errors import PracticeError
from practice.models import CatchUpMember, CatchUpOptOut, CatchUpPair, CatchUpRound
from tests.factories import OrganisationFactory, UserFactory
from tests.practice.conftest import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(cohort):
    orgs = [OrganisationFactory() for _ in range(3)]
    return [member(cohort, organisation=orgs[i % 3]) for i in range(7)]


def groups_of(round):
    return sorted(
        tuple(sorted(m.user_id for m in pair.members.all()))
        for pair in round.pairs.prefetch_related("members")
    )


def test_a_round_pairs_every_member_with_one_trio_for_an_odd_count(
    members, sessions, facilitator
):
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    sizes = sorted(len(g) for g in groups_of(round))
    assert sizes == [2, 2, 3]
    assert CatchUpMember.objects.filter(round=round).count() == 7


def test_the_stored_seed_reproduces_the_draw(members, sessions, facilitator):
    round = catchups.start_round(
        actor=facilitator, after_session=sessions[2], seed=4242
    )
    first = groups_of(round)
    catchups.redraw(actor=facilitator, round=round, seed=4242)
    assert groups_of(round) == first


def test_a_later_round_avoids_earlier_pairs(members, sessions, facilitator):
    first = catchups.start_round(actor=facilitator, after_session=sessions[0])
    second = catchups.start_round(actor=facilitator, after_session=sessions[1])
    earlier = {frozenset(g) for g in groups_of(first) if len(g) == 2}
    assert not earlier & {frozenset(g) for g in groups_of(second) if len(g) == 2}


def test_the_last_session_has_no_round(members, sessions, facilitator):
    with pytest.raises(PracticeError, match="no later session"):
        catchups.start_round(actor=facilitator, after_session=sessions[-1])
    assert not CatchUpRound.objects.exists()


def test_a_second_round_after_the_same_session_is_refused(
    members, sessions, facilitator
):
    catchups.start_round(actor=facilitator, after_session=sessions[2])
    with pytest.raises(PracticeError, match="already a round"):
        catchups.start_round(actor=facilitator, after_session=sessions[2])
    assert CatchUpRound.objects.count() == 1


def test_opting_out_redraws_without_the_person(members, sessions, facilitator):
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    catchups.opt_out(user=members[0], round=round)
    everyone = [i for g in groups_of(round) for i in g]
    assert members[0].pk not in everyone
    assert len(everyone) == 6


def test_swapping_two_members_exchanges_their_pairs(members, sessions, facilitator):
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    a, b = members[0], members[1]
    pair_a = CatchUpMember.objects.get(round=round, user=a).pair_id
    pair_b = CatchUpMember.objects.get(round=round, user=b).pair_id
    catchups.swap(actor=facilitator, round=round, person=a, other=b)
    assert CatchUpMember.objects.get(round=round, user=a).pair_id == pair_b
    assert CatchUpMember.objects.get(round=round, user=b).pair_id == pair_a


def test_swapping_in_someone_who_sat_out_replaces_the_person(
    members, sessions, facilitator
):
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    catchups.opt_out(user=members[0], round=round)
    catchups.swap(actor=facilitator, round=round, person=members[1], other=members[0])
    assert CatchUpMember.objects.filter(round=round, user=members[0]).exists()
    assert not CatchUpMember.objects.filter(round=round, user=members[1]).exists()
    assert not CatchUpOptOut.objects.filter(round=round, user=members[0]).exists()


def test_swapping_in_someone_without_a_place_is_refused(members, sessions, facilitator):
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    before = groups_of(round)
    with pytest.raises(PracticeError, match="no place"):
        catchups.swap(
            actor=facilitator, round=round, person=members[0], other=UserFactory()
        )
    assert groups_of(round) == before


def test_introductions_email_each_member_their_partners_once(
    members, sessions, facilitator, django_capture_on_commit_callbacks
):
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    with django_capture_on_commit_callbacks(execute=True):
        assert catchups.send_introductions(actor=facilitator, round=round) == 7
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)
    pair = CatchUpMember.objects.get(round=round, user=members[0]).pair
    partner = next(m.user for m in pair.members.all() if m.user != members[0])
    letter = next(m for m in mail.outbox if m.to == [members[0].email])
    assert partner.full_name in letter.body
    assert partner.email in letter.body
    assert str(partner.organisation) in letter.body


def test_after_the_introductions_the_pairs_are_fixed(members, sessions, facilitator):
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    catchups.send_introductions(actor=facilitator, round=round)
    before = groups_of(round)
    with pytest.raises(PracticeError, match="fixed"):
        catchups.redraw(actor=facilitator, round=round)
    with pytest.raises(PracticeError, match="fixed"):
        catchups.send_introductions(actor=facilitator, round=round)
    assert groups_of(round) == before


def test_either_member_reports_that_they_met(members, sessions, facilitator):
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    catchups.send_introductions(actor=facilitator, round=round)
    pair = CatchUpMember.objects.get(round=round, user=members[0]).pair
    catchups.report_outcome(user=members[0], pair=pair, outcome="met")
    pair.refresh_from_db()
    assert pair.outcome == CatchUpPair.Outcome.MET
    assert pair.reported_by == members[0]


def test_marking_someone_elses_pair_is_refused(members, sessions, facilitator):
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    catchups.send_introductions(actor=facilitator, round=round)
    pair = CatchUpMember.objects.get(round=round, user=members[0]).pair
    outsider = next(u for u in members if not pair.members.filter(user=u).exists())
    with pytest.raises(PracticeError, match="your own catch-up"):
        catchups.report_outcome(user=outsider, pair=pair, outcome="met")
    pair.refresh_from_db()
    assert pair.outcome == CatchUpPair.Outcome.PENDING


def test_a_report_link_names_the_pair_and_the_person(members, sessions, facilitator):
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    pair = CatchUpMember.objects.get(round=round, user=members[0]).pair
    holder = catchups.read_token(catchups.report_token(pair=pair, user=members[0]))
    assert holder.pair == pair
    assert holder.user == members[0]


def test_a_tampered_report_link_is_refused():
    with pytest.raises(PracticeError, match="not valid"):
        catchups.read_token("not-a-real-token")
