"""Who meets whom for a coffee catch-up: pure functions, no database.

The rules, in order of weight:

1. Everyone who has not opted out is in exactly one group; groups are pairs,
   and an odd number of people makes exactly one trio.
2. No two people meet again while a new pairing is possible (the history
   holds every earlier pair of the cohort).
3. People from different organisations are preferred to colleagues.
4. Among equally good draws, the stored seed decides, so the same seed, the
   same people and the same history always give the same groups.

This is a maximum-weight matching (networkx, Edmonds' blossom algorithm) on
a graph of candidate pairs. The weights make one repeat cost more than any
number of same-organisation pairs can gain, and one same-organisation pair
cost more than any tie-breaking jitter. Small groups use every possible
pair; large ones use a seeded sample of new partners per person, and a
network-wide round is matched in shuffled blocks of a few hundred, which
keeps the draw fast (see docs/performance.md); whoever a sample left
unmatched is paired among themselves over every possible pair.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

JITTER = 64  # a random 0..63 per pair: only ever breaks ties
FULL_GRAPH_UP_TO = 120  # members; above this, sample candidates
CANDIDATES_PER_MEMBER = 12
BLOCK = 200  # a network-wide round is matched in shuffled blocks of this size


@dataclass(frozen=True)
class Member:
    id: int
    organisation: int | None = None


Group = tuple[int, ...]


def pair_key(a: int, b: int) -> frozenset[int]:
    return frozenset((a, b))


def history_pairs(groups: Iterable[Iterable[int]]) -> set[frozenset[int]]:
    """Every two people who were in one group (a trio holds three pairs)."""
    pairs: set[frozenset[int]] = set()
    for group in groups:
        for a, b in itertools.combinations(sorted(set(group)), 2):
            pairs.add(pair_key(a, b))
    return pairs


@dataclass(frozen=True)
class Weights:
    """Penalties scaled to the group size, so that all the jitter of a round
    weighs less than one same-organisation pair, and all the same-organisation
    pairs of a round weigh less than one repeat (exact integer arithmetic)."""

    same_organisation: int
    repeat: int
    base: int

    @classmethod
    def for_size(cls, size: int) -> Weights:
        same = JITTER * (size + 1)
        repeat = same * (size + 1)
        return cls(same_organisation=same, repeat=repeat, base=2 * repeat)

    def of(
        self,
        a: Member,
        b: Member,
        history: set[frozenset[int]],
        rng: random.Random,
    ) -> int:
        value = self.base
        if pair_key(a.id, b.id) in history:
            value -= self.repeat
        if a.organisation is not None and a.organisation == b.organisation:
            value -= self.same_organisation
        return value + rng.randrange(JITTER)


def _candidate_edges(
    members: Sequence[Member], history: set[frozenset[int]], rng: random.Random
) -> Iterable[tuple[Member, Member]]:
    if len(members) <= FULL_GRAPH_UP_TO:
        yield from itertools.combinations(members, 2)
        return
    seen: set[frozenset[int]] = set()
    for member in members:
        others = rng.sample(members, min(len(members), CANDIDATES_PER_MEMBER * 3))
        chosen = 0
        for other in others:
            if other.id == member.id:
                continue
            key = pair_key(member.id, other.id)
            if key in history or key in seen:
                continue
            seen.add(key)
            chosen += 1
            yield member, other
            if chosen >= CANDIDATES_PER_MEMBER:
                break


def _match(
    members: Sequence[Member],
    history: set[frozenset[int]],
    rng: random.Random,
    *,
    full: bool = False,
) -> list[tuple[int, int]]:
    weights = Weights.for_size(len(members))
    graph = nx.Graph()
    graph.add_nodes_from(m.id for m in members)
    edges = (
        itertools.combinations(members, 2)
        if full
        else _candidate_edges(members, history, rng)
    )
    for a, b in edges:
        graph.add_edge(a.id, b.id, weight=weights.of(a, b, history, rng))
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    return sorted(tuple(sorted(edge)) for edge in matching)  # type: ignore[misc]


def _trio_cost(
    pair: tuple[int, ...],
    extra: Member,
    by_id: dict[int, Member],
    history: set[frozenset[int]],
) -> tuple[int, int]:
    """(repeats, same organisation) that adding ``extra`` to ``pair`` causes."""
    repeats = sum(pair_key(extra.id, other) in history for other in pair)
    same = sum(
        extra.organisation is not None
        and by_id[other].organisation == extra.organisation
        for other in pair
    )
    return repeats, same


def draw(
    members: Sequence[Member],
    *,
    history: Iterable[frozenset[int]] = (),
    seed: int,
) -> list[Group]:
    """Groups for one round: pairs, plus one trio when the count is odd.

    ``members`` are the people taking part (opt-outs already removed);
    ``history`` the pairs of earlier rounds. Fewer than two people make no
    groups. The result is sorted, each group's ids ascending.
    """
    if len(members) < 2:
        return []
    history = set(history)
    rng = random.Random(seed)
    ordered = sorted(members, key=lambda m: m.id)
    rng.shuffle(ordered)
    by_id = {m.id: m for m in ordered}
    pairs: list[tuple[int, int]] = []
    for start in range(0, len(ordered), BLOCK):
        block = ordered[start : start + BLOCK]
        if len(ordered) - start - BLOCK < BLOCK // 2:
            block = ordered[start:]  # a short tail joins the last block
        pairs += _match(block, history, rng)
        if len(block) > BLOCK:
            break
    matched = {i for p in pairs for i in p}
    left = [m for m in ordered if m.id not in matched]
    if len(left) > 1:
        # The sample left some unmatched: pair them among themselves.
        pairs += _match(left, history, rng, full=True)
        matched = {i for p in pairs for i in p}
        left = [m for m in left if m.id not in matched]
    groups: list[Group] = [tuple(p) for p in pairs]
    if left:
        (extra,) = left
        best = min(
            range(len(groups)),
            key=lambda i: (_trio_cost(groups[i], extra, by_id, history), i),
        )
        groups[best] = tuple(sorted((*groups[best], extra.id)))
    return sorted(groups)


def repeats_in(groups: Iterable[Group], history: Iterable[frozenset[int]]) -> int:
    """How many pairs in ``groups`` met before (for tests and the bench)."""
    seen = set(history)
    return sum(1 for pair in history_pairs(groups) if pair in seen)
