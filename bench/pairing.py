"""Benchmark: time to draw one catch-up round, with the repeat constraint.

For 20 (a cohort), 200 and 2,000 members (a network-wide round), members
spread over organisations, the draw runs for several rounds in a row, each
with the history of all earlier rounds (so the repeat constraint bites), and
reports the median and slowest time per round, repeats and same-organisation
pairs. Pure Python; no database.

    .venv/bin/python bench/pairing.py [--sizes 20,200,2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from practice.pairing import (
    Member,
    draw,
    history_pairs,
    repeats_in,
)  # after sys.path: run as a script


def same_organisation(groups, organisation_of) -> int:
    return sum(
        1
        for group in groups
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if organisation_of[a] == organisation_of[b]
    )


def run(size: int, rounds: int, organisations: int) -> dict[str, float]:
    members = [Member(i, i % organisations) for i in range(size)]
    organisation_of = {m.id: m.organisation for m in members}
    history: set[frozenset[int]] = set()
    times, repeats, colleagues = [], 0, 0
    for number in range(rounds):
        start = time.perf_counter()
        groups = draw(members, history=history, seed=1000 + number)
        times.append(time.perf_counter() - start)
        repeats += repeats_in(groups, history)
        colleagues += same_organisation(groups, organisation_of)
        history |= history_pairs(groups)
    return {
        "median": statistics.median(times),
        "slowest": max(times),
        "repeats": repeats,
        "colleagues": colleagues,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,200,2000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--organisations", type=int, default=12)
    args = parser.parse_args()
    print(
        f"{'members':>8} {'rounds':>6} {'median s':>9} {'slowest s':>9} "
        f"{'repeats':>7} {'colleague pairs':>15}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        result = run(size, args.rounds, args.organisations)
        print(
            f"{size:>8} {args.rounds:>6} {result['median']:>9.3f} "
            f"{result['slowest']:>9.3f} {result['repeats']:>7} "
            f"{result['colleagues']:>15}"
        )


if __name__ == "__main__":
    main()
