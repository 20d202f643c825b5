"""Pairing as pure functions: tables of cases, no database."""

import itertools

import pytest

from practice.pairing import Member, draw, history_pairs, repeats_in


def members(count: int, organisations: int | None = None) -> list[Member]:
    return [
        Member(i + 1, (i % organisations) + 1 if organisations else None)
        for i in range(count)
    ]


def everyone_in(groups) -> list[int]:
    return sorted(i for group in groups for i in group)


def same_organisation_pairs(groups, people) -> int:
    org = {m.id: m.organisation for m in people}
    return sum(
        1
        for group in groups
        for a, b in itertools.combinations(group, 2)
        if org[a] is not None and org[a] == org[b]
    )


@pytest.mark.parametrize("count", [2, 3, 4, 5, 19, 20, 21, 37])
def test_everyone_is_in_exactly_one_group(count):
    people = members(count)
    groups = draw(people, seed=7)
    assert everyone_in(groups) == [m.id for m in people]


@pytest.mark.parametrize(
    ("count", "trios"), [(2, 0), (3, 1), (4, 0), (5, 1), (20, 0), (21, 1), (199, 1)]
)
def test_an_odd_count_makes_exactly_one_trio(count, trios):
    groups = draw(members(count), seed=3)
    assert sum(len(g) == 3 for g in groups) == trios
    assert all(len(g) in (2, 3) for g in groups)


@pytest.mark.parametrize("count", [0, 1])
def test_fewer_than_two_people_make_no_groups(count):
    assert draw(members(count), seed=1) == []


@pytest.mark.parametrize(
    ("count", "organisations", "rounds"),
    [(20, None, 5), (20, 4, 5), (21, 5, 5), (8, 2, 5), (200, 10, 3)],
)
def test_nobody_meets_twice_while_a_new_pairing_is_possible(
    count, organisations, rounds
):
    people = members(count, organisations)
    history: set[frozenset[int]] = set()
    for round_number in range(rounds):
        groups = draw(people, history=history, seed=round_number)
        assert repeats_in(groups, history) == 0, f"round {round_number + 1}"
        history |= history_pairs(groups)


def test_four_people_meet_again_only_once_every_new_pair_is_used():
    people = members(4)
    history: set[frozenset[int]] = set()
    for _ in range(3):  # three rounds use all six pairs of four people
        groups = draw(people, history=history, seed=11)
        assert repeats_in(groups, history) == 0
        history |= history_pairs(groups)
    fourth = draw(people, history=history, seed=11)
    assert everyone_in(fourth) == [1, 2, 3, 4]
    assert repeats_in(fourth, history) == 2


@pytest.mark.parametrize(
    ("organisations_of", "same_organisation_pairs_expected"),
    [
        ([1, 1, 2, 2], 0),  # two colleagues each side: cross pairs exist
        ([1, 1, 1, 2], 1),  # three colleagues: one pair is unavoidable
        ([1, 1, 1, 1], 2),  # all colleagues: nothing else possible
        ([1, 1, 2, 2, 3, 3], 0),
        ([1, 1, 1, 1, 2, 2], 1),
        ([None, None, 1, 1], 0),  # no organisation is never "the same"
    ],
)
def test_colleagues_are_paired_only_when_unavoidable(
    organisations_of, same_organisation_pairs_expected
):
    people = [Member(i + 1, org) for i, org in enumerate(organisations_of)]
    for seed in range(10):
        groups = draw(people, seed=seed)
        assert same_organisation_pairs(groups, people) == (
            same_organisation_pairs_expected
        )


def test_avoiding_a_repeat_outweighs_avoiding_colleagues():
    # Every cross-organisation pair met before; only colleagues are new.
    people = [Member(1, 1), Member(2, 1), Member(3, 2), Member(4, 2)]
    history = {frozenset(p) for p in [(1, 3), (2, 4), (1, 4), (2, 3)]}
    groups = draw(people, history=history, seed=5)
    assert groups == [(1, 2), (3, 4)]


def test_the_trio_is_placed_without_repeats_when_possible():
    people = members(5)
    history = {frozenset((1, 2)), frozenset((3, 4))}
    groups = draw(people, history=history, seed=2)
    assert repeats_in(groups, history) == 0


@pytest.mark.parametrize("count", [6, 21, 200])
def test_the_same_seed_gives_the_same_pairs(count):
    people = members(count, 4)
    history = history_pairs(draw(people, seed=99))
    first = draw(people, history=history, seed=12345)
    again = draw(list(reversed(people)), history=set(history), seed=12345)
    assert first == again


def test_a_different_seed_gives_a_different_draw():
    people = members(20)
    draws = {tuple(draw(people, seed=seed)) for seed in range(5)}
    assert len(draws) > 1


def test_opted_out_members_are_simply_not_passed_in():
    people = members(10)
    taking_part = [m for m in people if m.id not in {3, 7}]
    groups = draw(taking_part, seed=4)
    assert 3 not in everyone_in(groups)
    assert 7 not in everyone_in(groups)
    assert len(everyone_in(groups)) == 8
