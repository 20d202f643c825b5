"""Sessions in a series: create a cohort's sessions from a rule.

"Every fourth Tuesday, 10:00-12:00 London time, from 23 May, six times,
skipping 26 December". The rule works in London wall-clock time: a 10:00
session stays 10:00 across the clock changes (09:00 UTC in summer, 10:00 UTC
in winter). Skipped dates do not count towards the number of sessions.
Staff adjust single dates afterwards in the cohort's session list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import public_cache
from cohorts.models import Cohort, Session
from cop.audit import record
from cop.errors import DomainError

MAX_SESSIONS = 52
MAX_INTERVAL_WEEKS = 26


class SeriesError(DomainError):
    """A series rule was refused; nothing was created."""


@dataclass(frozen=True)
class SeriesRule:
    """Every ``every_weeks`` weeks from ``first_date``, ``count`` times."""

    first_date: dt.date
    starts: dt.time
    ends: dt.time
    count: int
    every_weeks: int = 1
    skip: frozenset[dt.date] = field(default_factory=frozenset)


def london(day: dt.date, time: dt.time) -> dt.datetime:
    """That wall-clock time in London on that day (BST or GMT as it falls)."""
    return timezone.make_aware(
        dt.datetime.combine(day, time), timezone.get_default_timezone()
    )


def check_rule(rule: SeriesRule) -> None:
    """Raise ``SeriesError`` with a clear message for a rule that cannot be used."""
    if rule.ends <= rule.starts:
        raise SeriesError(_("A session must end after it starts."), field="ends")
    if not 1 <= rule.count <= MAX_SESSIONS:
        raise SeriesError(
            _("A series has between 1 and %(max)d sessions; you asked for %(n)d.")
            % {"max": MAX_SESSIONS, "n": rule.count},
            field="count",
        )
    if not 1 <= rule.every_weeks <= MAX_INTERVAL_WEEKS:
        raise SeriesError(
            _("Choose an interval between 1 and %(max)d weeks.")
            % {"max": MAX_INTERVAL_WEEKS},
            field="every_weeks",
        )


def series_dates(rule: SeriesRule) -> list[tuple[dt.datetime, dt.datetime]]:
    """The (start, end) moments of the rule's sessions, in UTC-aware datetimes."""
    check_rule(rule)
    dates: list[tuple[dt.datetime, dt.datetime]] = []
    day = rule.first_date
    step = dt.timedelta(weeks=rule.every_weeks)
    # Skips cannot push the series on forever: at most one extra step per skip.
    for _step in range(rule.count + len(rule.skip)):
        if len(dates) == rule.count:
            break
        if day not in rule.skip:
            dates.append((london(day, rule.starts), london(day, rule.ends)))
        day += step
    return dates


@transaction.atomic
def create_series(
    *,
    cohort: Cohort,
    rule: SeriesRule,
    title: str,
    mode: str = Session.Mode.ONLINE,
    venue: str = "",
    actor=None,
) -> list[Session]:
    """Add the rule's sessions to the cohort, numbered after its last one.

    Refuses (creating nothing) a rule out of bounds, a start in the past, or
    a date that overlaps a session the cohort already has. Nobody holds the
    new sessions' places yet, so no invites are sent.
    """
    dates = series_dates(rule)
    if dates[0][0] <= timezone.now():
        raise SeriesError(_("Choose a first date in the future."), field="first_date")
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    existing = list(Session.objects.filter(cohort=cohort).order_by("starts_at"))
    for start, end in dates:
        for other in existing:
            if other.starts_at < end and start < other.ends_at:
                raise SeriesError(
                    _(
                        "%(date)s overlaps session %(n)d (%(title)s); skip that "
                        "date or move the session first."
                    )
                    % {
                        "date": timezone.localtime(start).strftime("%d/%m/%Y"),
                        "n": other.number,
                        "title": other.title,
                    },
                    field="skip",
                )
    last = Session.objects.filter(cohort=cohort).aggregate(n=Max("number"))["n"] or 0
    created = [
        Session.objects.create(
            cohort=cohort,
            number=last + index,
            title=title or _("Session %(n)d") % {"n": last + index},
            starts_at=start,
            ends_at=end,
            mode=mode,
            venue=venue,
        )
        for index, (start, end) in enumerate(dates, 1)
    ]
    record(
        "cohorts.cohort.series_created",
        cohort,
        actor=actor,
        first_date=rule.first_date,
        every_weeks=rule.every_weeks,
        count=rule.count,
        skipped=sorted(d.isoformat() for d in rule.skip),
    )
    public_cache.forget_cohort(cohort_id=cohort.pk)  # the public session list
    return created


def parse_dates(text: str) -> frozenset[dt.date]:
    """Dates typed one per line or comma-separated, as DD/MM/YYYY or YYYY-MM-DD."""
    found: set[dt.date] = set()
    for chunk in text.replace(",", "\n").splitlines():
        chunk = chunk.strip()
        if not chunk:
            continue
        found.add(_parse_date(chunk))
    return frozenset(found)


def _parse_date(chunk: str) -> dt.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(chunk, pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise SeriesError(
        _("“%(text)s” is not a date; write dates like 26/12/2023.") % {"text": chunk},
        field="skip",
    )
