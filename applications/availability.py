"""Availability: the days and times applicants can offer, and the tally of them.

Each applicant picks days of the week and times of day; every (day, time)
pair they pick counts once for them. The slot with the highest count suits
the most people.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import WEEKDAYS, Application
from cohorts.models import Cohort


@dataclass(frozen=True)
class TimeOption:
    code: str
    label: str
    starts_at: dt.time
    ends_at: dt.time

    @property
    def display(self) -> str:
        return f"{self.label} ({self.starts_at:%H:%M}-{self.ends_at:%H:%M})"


def default_time_options() -> list[TimeOption]:
    return [
        TimeOption("morning", _("Morning"), dt.time(10, 0), dt.time(12, 0)),
        TimeOption("afternoon", _("Afternoon"), dt.time(14, 0), dt.time(16, 0)),
        TimeOption("evening", _("Evening"), dt.time(18, 30), dt.time(20, 30)),
    ]


def time_options(cohort: Cohort) -> list[TimeOption]:
    """The cohort's own time slots if the facilitator set any, else the defaults."""
    own = [
        TimeOption(f"slot-{slot.pk}", slot.label, slot.starts_at, slot.ends_at)
        for slot in cohort.time_slots.all()
    ]
    return own or default_time_options()


def day_choices() -> list[tuple[str, str]]:
    return [(str(number), str(label)) for number, label in WEEKDAYS]


def day_label(day: int) -> str:
    return str(dict(WEEKDAYS)[day])


@dataclass(frozen=True)
class SlotCount:
    day: int
    time: TimeOption
    count: int
    share: int  # percent of the people counted, for the bar

    @property
    def key(self) -> str:
        return f"{self.day}:{self.time.code}"

    @property
    def label(self) -> str:
        return f"{day_label(self.day)} {self.time.display}"


@dataclass(frozen=True)
class Tally:
    rows: list[SlotCount]  # every slot, most popular first
    people: int
    include_all: bool

    @property
    def best(self) -> list[SlotCount]:
        """The slot(s) that suit the most people; several when tied."""
        if not self.rows or self.rows[0].count == 0:
            return []
        top = self.rows[0].count
        return [row for row in self.rows if row.count == top]


def counted_applications(cohort: Cohort, *, include_all: bool = False):
    statuses = (
        Application.IN_THE_RUNNING if include_all else [Application.Status.ACCEPTED]
    )
    return Application.objects.filter(cohort=cohort, status__in=statuses)


def tally(cohort: Cohort, *, include_all: bool = False) -> Tally:
    """Count accepted applicants' preferred slots (or everyone still in the running)."""
    options = time_options(cohort)
    applications = counted_applications(cohort, include_all=include_all).only(
        "preferred_days", "preferred_times"
    )
    counts, people = count_slots(
        ((a.preferred_days, a.preferred_times) for a in applications),
        valid_times={o.code for o in options},
    )
    rows = [
        SlotCount(
            day=day,
            time=option,
            count=counts[(day, option.code)],
            share=round(100 * counts[(day, option.code)] / people) if people else 0,
        )
        for day, _label in WEEKDAYS
        for option in options
    ]
    # Most popular first; ties keep the week's order (Monday morning first).
    rows.sort(key=lambda row: -row.count)
    return Tally(rows=rows, people=people, include_all=include_all)


def count_slots(
    preferences: Iterable[tuple[list, list]], *, valid_times: set[str]
) -> tuple[Counter, int]:
    """Count (day, time) pairs over everyone's preferences; also how many people."""
    counts: Counter = Counter()
    people = 0
    for days, times in preferences:
        people += 1
        clean_days = {int(d) for d in days if str(d).isdigit() and 0 <= int(d) <= 6}
        clean_times = {t for t in times if t in valid_times}
        for day in clean_days:
            for code in clean_times:
                counts[(day, code)] += 1
    return counts, people


def find_option(cohort: Cohort, code: str) -> TimeOption | None:
    return next((o for o in time_options(cohort) if o.code == code), None)
