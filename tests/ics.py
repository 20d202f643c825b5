"""One validator for every calendar file the product makes (RFC 5545 basics)."""

from __future__ import annotations

import re

from icalendar import Calendar


def parse_ics(body: bytes | str) -> Calendar:
    """Parse an .ics and check what calendar apps rely on.

    It parses with ``icalendar``; it has VERSION and PRODID; every event has a
    UID, DTSTAMP and DTSTART; and every TZID used has a VTIMEZONE (RFC 5545
    3.2.19: Outlook mis-times updates without one).
    """
    text = body.decode() if isinstance(body, bytes) else body
    calendar = Calendar.from_ical(text)
    assert calendar.get("version") == "2.0"
    assert calendar.get("prodid")
    events = list(calendar.walk("VEVENT"))
    assert events, "no events"
    for event in events:
        for required in ("uid", "dtstamp", "dtstart"):
            assert event.get(required) is not None, f"event without {required}"
    defined = {str(tz.get("tzid")) for tz in calendar.walk("VTIMEZONE")}
    used = set(re.findall(r";TZID=([^:;]+)", text))
    assert used <= defined, f"TZID without VTIMEZONE: {sorted(used - defined)}"
    return calendar


def events(body: bytes | str) -> list:
    return list(parse_ics(body).walk("VEVENT"))
