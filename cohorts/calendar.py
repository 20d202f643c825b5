"""iCalendar (.ics) files for a cohort's sessions.

Each session keeps one UID for life and a SEQUENCE that rises when it moves
or is cancelled, so calendar apps update the event instead of adding another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from cohorts.models import Session


def session_uid(session: Session) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"cop-session-{session.pk}@{host}"


def new_calendar(method: str = "PUBLISH") -> Calendar:
    """An empty calendar with the product's headers.

    Every time in the product's calendars is written in UTC (``...Z``), so no
    TZID appears and no VTIMEZONE is needed (RFC 5545 requires one for each
    TZID; Outlook mis-times updates without it). Calendar apps show the
    times in each reader's own zone.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//CoP Cohorts//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def utc(moment: dt.datetime) -> dt.datetime:
    """A moment in UTC for a calendar file (see ``new_calendar``)."""
    return moment.astimezone(dt.UTC)


def london(moment: dt.datetime) -> dt.datetime:
    """A moment in Europe/London, written with TZID (see ``finish_local``)."""
    return timezone.localtime(moment, timezone.get_default_timezone())


def finish_local(calendar: Calendar) -> bytes:
    """Add a VTIMEZONE for every TZID used (RFC 5545), then serialise."""
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_event(
    session: Session, *, now: dt.datetime, include_private: bool, local: bool = False
) -> Event:
    """One session's event; ``local`` writes London times with a TZID.

    A subscribed feed uses local times so recurring readers (Outlook, Google)
    show 10:00 whatever the reader's zone and across clock changes; the
    calendar must then carry the matching VTIMEZONE (``finish_local``).
    """
    event = _event(session, now, include_private)
    if local:
        for name in ("dtstart", "dtend"):
            del event[name]
        event.add("dtstart", london(session.starts_at))
        event.add("dtend", london(session.ends_at))
    return event


def build_calendar(
    sessions: Iterable[Session],
    *,
    method: str = "PUBLISH",
    include_private: bool = False,
) -> bytes:
    """An .ics with one event per session.

    ``include_private`` adds the joining link: only for confirmed participants.
    """
    calendar = new_calendar(method)
    now = timezone.now()
    for session in sessions:
        calendar.add_component(_event(session, now, include_private))
    return calendar.to_ical()


def _event(session: Session, now, include_private: bool) -> Event:
    cohort = session.cohort
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", utc(now))
    event.add("dtstart", utc(session.starts_at))
    event.add("dtend", utc(session.ends_at))
    event.add("summary", f"{cohort.programme.name}: {session.title}")
    description = [
        f"Session {session.number} of {cohort.programme.name} ({cohort.name})."
    ]
    if session.is_hybrid:
        event.add("location", session.venue)
        if include_private and session.joining_link:
            event.add("url", session.joining_link)
            description.append(
                f"In person at {session.venue}, or join online: {session.joining_link}"
            )
    elif session.is_in_person:
        event.add("location", session.venue)
    elif include_private and session.joining_link:
        event.add("location", session.joining_link)
        event.add("url", session.joining_link)
        description.append(f"Join: {session.joining_link}")
    else:
        event.add("location", "Online")
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    return event


def session_attachment(session: Session, *, method: str = "REQUEST") -> tuple:
    """The session's .ics as an email attachment (with the joining link)."""
    ics = build_calendar([session], method=method, include_private=True)
    return (
        f"session-{session.number}.ics",
        ics.decode(),
        f"text/calendar; method={method}",
    )
