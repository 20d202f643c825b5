"""Turn the chosen slot into the cohort's weekly session dates in one step."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.availability import TimeOption, day_label
from applications.errors import ApplicationError
from cohorts import public_cache
from cohorts.models import Cohort, Session
from cohorts.session_changes import session_changed
from cop.audit import record


def london(day: dt.date, time: dt.time) -> dt.datetime:
    """That wall-clock time in the UK on that day (BST or GMT as it falls)."""
    return timezone.make_aware(
        dt.datetime.combine(day, time), timezone.get_default_timezone()
    )


def weekly_dates(
    first_date: dt.date, option: TimeOption, count: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    return [
        (london(day, option.starts_at), london(day, option.ends_at))
        for day in (first_date + dt.timedelta(weeks=i) for i in range(count))
    ]


def schedule_weekly_sessions(
    *,
    cohort: Cohort,
    weekday: int,
    option: TimeOption,
    first_date: dt.date,
    actor,
    count: int = 6,
) -> list[Session]:
    """Set sessions 1..count to the chosen weekday and time, weekly from ``first_date``.

    Existing sessions keep their titles and links and are moved (their
    calendar sequence rises so calendar apps update them); missing ones are
    created. Times are UK wall-clock, so 14:00 stays 14:00 across a clock
    change.
    """
    if first_date.weekday() != weekday:
        raise ApplicationError(
            _("%(date)s is a %(actual)s; choose a %(wanted)s to start.")
            % {
                "date": first_date.strftime("%d/%m/%Y"),
                "actual": day_label(first_date.weekday()),
                "wanted": day_label(weekday),
            }
        )
    if first_date <= timezone.localdate():
        raise ApplicationError(_("Choose a start date in the future."))
    if not 1 <= count <= 26:
        raise ApplicationError(_("Choose between 1 and 26 sessions."))
    dates = weekly_dates(first_date, option, count)
    sessions: list[Session] = []
    moved: list[Session] = []
    with transaction.atomic():
        existing = {
            s.number: s
            for s in Session.objects.select_for_update().filter(cohort=cohort)
        }
        for other in existing.values():
            clash = other.number > count and any(
                other.starts_at < end and start < other.ends_at for start, end in dates
            )
            if clash:
                raise ApplicationError(
                    _("Session %(n)d would overlap the new dates; move it first.")
                    % {"n": other.number}
                )
        for number, (starts_at, ends_at) in enumerate(dates, 1):
            session = existing.get(number) or Session(
                cohort=cohort, number=number, title=_("Session %(n)d") % {"n": number}
            )
            if session.pk and (session.starts_at, session.ends_at) != (
                starts_at,
                ends_at,
            ):
                moved.append(session)
            session.starts_at, session.ends_at = starts_at, ends_at
            sessions.append(session)
        for session in sessions:
            session.save()
        for session in moved:  # raises SEQUENCE, audits, sends updated invites
            session_changed(
                session=session, changed_fields=["starts_at", "ends_at"], actor=actor
            )
        record(
            "cohorts.cohort.sessions_scheduled",
            cohort,
            actor=actor,
            weekday=weekday,
            time=option.code,
            first_date=first_date,
            count=count,
        )
    public_cache.forget_cohort(cohort_id=cohort.pk)  # the public session list
    return sessions
