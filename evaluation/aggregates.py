"""Pure arithmetic for results pages, exports and the review report.

No database here: callers pass plain values (scores, answer rows, ratings
keyed by respondent key). Anonymous and named answers are counted the same
way; nothing in these results carries a name.

Rules:
- Means and spreads are Decimals to two places, rounded half up; an empty
  list has no mean (None), never 0.
- A distribution lists every point of the scale, 0 where nobody chose it.
- A response rate is responded / invited, as a whole percent (half up); with
  nobody invited it is 0 %.
- Change per dimension pairs each person's start with their own end: a
  person's score for a dimension is the mean of their ratings of its
  statements; the change is end minus start; the spread is the population
  standard deviation of those changes. People with only one of the two
  are counted (``started_only``, ``ended_only``) but not in the change.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
SCALE = (1, 2, 3, 4, 5)


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mean(values: Iterable[int | Decimal]) -> Decimal | None:
    items = [Decimal(v) for v in values]
    if not items:
        return None
    return _round(sum(items, Decimal("0")) / len(items))


def spread(values: Iterable[int | Decimal]) -> Decimal | None:
    """Population standard deviation, two places; None for no values."""
    items = [Decimal(v) for v in values]
    if not items:
        return None
    centre = sum(items, Decimal("0")) / len(items)
    variance = sum(((v - centre) ** 2 for v in items), Decimal("0")) / len(items)
    return _round(variance.sqrt())


def distribution(values: Iterable[int], scale: Sequence[int] = SCALE) -> dict[int, int]:
    counts = Counter(values)
    return {point: counts.get(point, 0) for point in scale}


@dataclass(frozen=True)
class Rate:
    responded: int
    invited: int

    @property
    def percent(self) -> int:
        if not self.invited:
            return 0
        exact = Decimal(self.responded * 100) / Decimal(self.invited)
        return int(exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    def __str__(self) -> str:
        return f"{self.responded} of {self.invited} ({self.percent}%)"


def response_rate(*, responded: int, invited: int) -> Rate:
    return Rate(responded=responded, invited=invited)


@dataclass(frozen=True)
class ScaleSummary:
    """Mean, spread and distribution of 1-5 scores."""

    count: int
    mean: Decimal | None
    spread: Decimal | None
    distribution: dict[int, int]


def summarise_scale(values: Iterable[int]) -> ScaleSummary:
    scores = [v for v in values if v is not None]
    return ScaleSummary(
        count=len(scores),
        mean=mean(scores),
        spread=spread(scores),
        distribution=distribution(scores),
    )


# --- Questionnaire answers --------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    """One answer as stored: a number (scale, yes = 1 / no = 0), text or choices."""

    number: int | None = None
    text: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionSummary:
    kind: str
    answered: int
    scale: ScaleSummary | None = None
    counts: dict[str, int] = field(default_factory=dict)
    texts: tuple[str, ...] = ()


def summarise_question(
    kind: str, rows: Iterable[AnswerRow], options: Sequence[str] = ()
) -> QuestionSummary:
    """What the results page shows for one question.

    Choice counts list the question's options in order, then any answer no
    longer among them (an option renamed after people answered).
    """
    rows = list(rows)
    if kind == "scale":
        scores = [r.number for r in rows if r.number is not None]
        return QuestionSummary(kind, len(scores), scale=summarise_scale(scores))
    if kind == "yes_no":
        answers = [r.number for r in rows if r.number is not None]
        counts = {"Yes": answers.count(1), "No": answers.count(0)}
        return QuestionSummary(kind, len(answers), counts=counts)
    if kind in {"single", "multiple"}:
        chosen = [r.choices for r in rows if r.choices]
        tally = Counter(choice for choices in chosen for choice in choices)
        counts = {option: tally.pop(option, 0) for option in options}
        counts.update(sorted(tally.items()))
        return QuestionSummary(kind, len(chosen), counts=counts)
    texts = tuple(r.text.strip() for r in rows if r.text.strip())
    return QuestionSummary(kind, len(texts), texts=texts)


# --- Session feedback trend -------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    label: str
    count: int
    mean: Decimal | None


def trend(sessions: Sequence[tuple[str, Sequence[int]]]) -> list[TrendPoint]:
    """Mean usefulness per session, in the order given."""
    return [
        TrendPoint(label=label, count=len(scores), mean=mean(scores))
        for label, scores in sessions
    ]


# --- Empowerment change ---------------------------------------------------------


@dataclass(frozen=True)
class RatingRow:
    """One rating: whose assessment (key), which stage, which dimension, score."""

    key: str
    stage: str  # "start" or "end"
    dimension: str
    score: int


@dataclass(frozen=True)
class DimensionChange:
    dimension: str
    people: int
    start_mean: Decimal | None
    end_mean: Decimal | None
    mean_change: Decimal | None
    spread: Decimal | None
    started_only: int = 0
    ended_only: int = 0


def person_scores(rows: Iterable[RatingRow]) -> dict[tuple[str, str, str], Decimal]:
    """(key, stage, dimension) -> that person's mean for the dimension."""
    scores: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for row in rows:
        scores[(row.key, row.stage, row.dimension)].append(row.score)
    return {k: Decimal(sum(v)) / len(v) for k, v in scores.items()}


def dimension_change(
    rows: Iterable[RatingRow], dimensions: Sequence[str]
) -> list[DimensionChange]:
    """Per dimension, in the order given: paired start/end means and change."""
    scores = person_scores(rows)
    results = []
    for dimension in dimensions:
        starts = {
            k: v for (k, s, d), v in scores.items() if d == dimension and s == "start"
        }
        ends = {
            k: v for (k, s, d), v in scores.items() if d == dimension and s == "end"
        }
        paired = sorted(set(starts) & set(ends))
        changes = [ends[k] - starts[k] for k in paired]
        results.append(
            DimensionChange(
                dimension=dimension,
                people=len(paired),
                start_mean=mean(starts[k] for k in paired),
                end_mean=mean(ends[k] for k in paired),
                mean_change=mean(changes),
                spread=spread(changes),
                started_only=len(set(starts) - set(ends)),
                ended_only=len(set(ends) - set(starts)),
            )
        )
    return results


def dimension_means(
    rows: Iterable[RatingRow], dimensions: Sequence[str], *, stage: str
) -> dict[str, Decimal | None]:
    """One assessment stage's mean per dimension (over people's own means)."""
    scores = person_scores(r for r in rows if r.stage == stage)
    return {
        d: mean(v for (_, _, dim), v in scores.items() if dim == d) for d in dimensions
    }
