"""Worked tables for the arithmetic behind results pages (no database)."""

from decimal import Decimal

import pytest

from evaluation.aggregates import (
    AnswerRow,
    RatingRow,
    dimension_change,
    dimension_means,
    distribution,
    mean,
    response_rate,
    spread,
    summarise_question,
    summarise_scale,
    trend,
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([4], Decimal("4.00")),
        ([1, 2], Decimal("1.50")),
        ([1, 2, 2], Decimal("1.67")),
        ([5, 5, 4, 3], Decimal("4.25")),
        ([Decimal("0.5"), Decimal("-1")], Decimal("-0.25")),
    ],
)
def test_mean_is_two_places_half_up_and_none_when_empty(values, expected):
    assert mean(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([3, 3, 3], Decimal("0.00")),
        ([1, 5], Decimal("2.00")),
        ([1, 2, 3, 4], Decimal("1.12")),
    ],
)
def test_spread_is_the_population_standard_deviation(values, expected):
    assert spread(values) == expected


def test_distribution_lists_every_point_of_the_scale():
    assert distribution([5, 5, 2]) == {1: 0, 2: 1, 3: 0, 4: 0, 5: 2}


@pytest.mark.parametrize(
    ("responded", "invited", "percent", "words"),
    [
        (0, 0, 0, "0 of 0 (0%)"),
        (1, 3, 33, "1 of 3 (33%)"),
        (2, 3, 67, "2 of 3 (67%)"),
        (1, 8, 13, "1 of 8 (13%)"),  # 12.5 rounds half up
        (20, 20, 100, "20 of 20 (100%)"),
    ],
)
def test_response_rate_is_a_whole_percent_rounded_half_up(
    responded, invited, percent, words
):
    rate = response_rate(responded=responded, invited=invited)
    assert rate.percent == percent
    assert str(rate) == words


def test_scale_summary_counts_anonymous_and_named_answers_alike():
    # Three named answers (4, 5, 3) and two anonymous ones (2, 5): the summary
    # holds only numbers, so the anonymous ones are counted but never linked.
    summary = summarise_scale([4, 5, 3, 2, 5])
    assert summary.count == 5
    assert summary.mean == Decimal("3.80")
    assert summary.distribution == {1: 0, 2: 1, 3: 1, 4: 1, 5: 2}


def test_choice_counts_keep_the_options_order_then_retired_options():
    rows = [
        AnswerRow(choices=("Met people",)),
        AnswerRow(choices=("Tried something", "Met people")),
        AnswerRow(choices=("Old option",)),
        AnswerRow(),
    ]
    summary = summarise_question(
        "multiple", rows, ["Tried something", "Met people", "Nothing"]
    )
    assert summary.answered == 3
    assert summary.counts == {
        "Tried something": 1,
        "Met people": 2,
        "Nothing": 0,
        "Old option": 1,
    }


def test_yes_no_counts_yes_as_one_and_no_as_zero():
    rows = [AnswerRow(number=1), AnswerRow(number=0), AnswerRow(number=1)]
    assert summarise_question("yes_no", rows).counts == {"Yes": 2, "No": 1}


def test_text_answers_drop_blanks():
    rows = [
        AnswerRow(text=" Great "),
        AnswerRow(text="  "),
        AnswerRow(text="More time"),
    ]
    summary = summarise_question("long_text", rows)
    assert summary.texts == ("Great", "More time")
    assert summary.answered == 2


def test_trend_gives_each_sessions_mean_in_order():
    points = trend([("Session 1", [3, 4]), ("Session 2", []), ("Session 3", [5])])
    assert [(p.label, p.count, p.mean) for p in points] == [
        ("Session 1", 2, Decimal("3.50")),
        ("Session 2", 0, None),
        ("Session 3", 1, Decimal("5.00")),
    ]


# Worked table: two dimensions, three people.
#   Ana   Confident start 2,2 -> 2.0; end 4,4 -> 4.0; change +2.0
#         Inclusive start 3   -> 3.0; end 3   -> 3.0; change  0.0
#   Ben   Confident start 3,4 -> 3.5; end 4,5 -> 4.5; change +1.0
#         Inclusive start 2   -> 2.0; end 4   -> 4.0; change +2.0
#   Cat   start only (counted as started_only, not in the change)
#   Confident: start mean 2.75, end mean 4.25, change mean 1.50, spread 0.50
#   Inclusive: start mean 2.50, end mean 3.50, change mean 1.00, spread 1.00
WORKED = [
    RatingRow("ana", "start", "Confident", 2),
    RatingRow("ana", "start", "Confident", 2),
    RatingRow("ana", "end", "Confident", 4),
    RatingRow("ana", "end", "Confident", 4),
    RatingRow("ana", "start", "Inclusive", 3),
    RatingRow("ana", "end", "Inclusive", 3),
    RatingRow("ben", "start", "Confident", 3),
    RatingRow("ben", "start", "Confident", 4),
    RatingRow("ben", "end", "Confident", 4),
    RatingRow("ben", "end", "Confident", 5),
    RatingRow("ben", "start", "Inclusive", 2),
    RatingRow("ben", "end", "Inclusive", 4),
    RatingRow("cat", "start", "Confident", 1),
    RatingRow("cat", "start", "Inclusive", 1),
]


def test_change_per_dimension_pairs_each_persons_start_and_end():
    confident, inclusive = dimension_change(WORKED, ["Confident", "Inclusive"])
    assert (
        confident.people,
        confident.start_mean,
        confident.end_mean,
        confident.mean_change,
        confident.spread,
    ) == (2, Decimal("2.75"), Decimal("4.25"), Decimal("1.50"), Decimal("0.50"))
    assert (
        inclusive.people,
        inclusive.start_mean,
        inclusive.end_mean,
        inclusive.mean_change,
        inclusive.spread,
    ) == (2, Decimal("2.50"), Decimal("3.50"), Decimal("1.00"), Decimal("1.00"))


def test_people_with_only_a_start_are_counted_but_not_in_the_change():
    confident, _ = dimension_change(WORKED, ["Confident", "Inclusive"])
    assert confident.started_only == 1
    assert confident.ended_only == 0


def test_a_dimension_nobody_rated_has_no_change():
    [organised] = dimension_change(WORKED, ["Organised"])
    assert organised.people == 0
    assert organised.mean_change is None


def test_dimension_means_for_one_stage_average_peoples_own_means():
    means = dimension_means(WORKED, ["Confident", "Inclusive"], stage="start")
    # Confident: Ana 2.0, Ben 3.5, Cat 1.0 -> 2.17; Inclusive: 3, 2, 1 -> 2.00
    assert means == {"Confident": Decimal("2.17"), "Inclusive": Decimal("2.00")}
