"""Import attendance from an online meeting's participant report (CSV).

Zoom, Teams and similar tools export one row per connection: name, email,
join time, leave time and duration in minutes. Someone who reconnected
appears several times. We match rows to the register by email, then by
name, add up each person's minutes (without double counting overlapping
connections) and show a preview; nothing is saved until the facilitator
confirms.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cop.errors import DomainError
from cop.templatetags.cop_tags import format_when
from cpd.attendance import has_started, record_attendance, register_places
from cpd.models import Attendance

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000

# Header spellings seen in exports, after lower-casing and dropping "(...)".
COLUMNS = {
    "name": {"name", "full name", "participant", "participant name", "display name"},
    "email": {"email", "user email", "email address", "e-mail", "attendee email"},
    "join": {"join time", "joined", "first join", "join", "first join time"},
    "leave": {"leave time", "left", "last leave", "leave", "last leave time"},
    "duration": {
        "duration",
        "duration minutes",
        "minutes",
        "in-meeting duration",
        "time in meeting",
        "attendance duration",
    },
}
TIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y, %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y, %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y, %I:%M:%S %p",
    "%m/%d/%y %I:%M:%S %p",
]


class ReportError(DomainError):
    """The file cannot be read as a participant report; the message says why."""


@dataclass(frozen=True)
class ReportRow:
    line: int
    name: str
    email: str
    joined: dt.datetime | None
    left: dt.datetime | None
    minutes: int


@dataclass
class Person:
    """All the rows of one person in the report, combined."""

    name: str
    email: str
    rows: list[ReportRow] = field(default_factory=list)
    minutes: int = 0

    @property
    def connections(self) -> int:
        return len(self.rows)


@dataclass
class Match:
    place: object
    person: Person
    matched_by: str  # "email" or "name"
    minutes: int


@dataclass
class Preview:
    session: object
    matches: list[Match]
    unmatched: list[tuple[Person, str]]  # person, why
    not_in_report: list  # places on the register missing from the report

    def plan(self) -> dict[int, int]:
        """place id -> minutes: what confirming the preview will save."""
        return {m.place.pk: m.minutes for m in self.matches}


def max_bytes() -> int:
    return int(settings.CPD_IMPORT_MAX_BYTES)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; nothing else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif data.startswith(b"PK\x03\x04"):
        raise ReportError(
            _("This looks like an Excel workbook. Save it as CSV and try again.")
        )
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise ReportError(
        _(
            "The file's text encoding is not recognised. Export the report again "
            "as CSV (UTF-8) and upload that."
        )
    )


def normalise_header(header: str) -> str:
    header = re.sub(r"\(.*?\)", " ", header.strip().lower())
    return " ".join(header.replace("_", " ").split())


def normalise_name(name: str) -> str:
    """Compare names without case, accents, '(Guest)' tags or extra spaces."""
    name = re.sub(r"\(.*?\)", " ", name)
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(name.casefold().split())


def parse_time(value: str) -> dt.datetime | None:
    value = value.strip()
    for fmt in TIME_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt)  # noqa: DTZ007 (only differences used)
        except ValueError:
            continue
    return None


def parse_minutes(value: str) -> int | None:
    """'65', '65.5', '1:05:00', '1h 5m 3s' -> whole minutes (rounded)."""
    value = value.strip().lower()
    if not value:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return round(float(value))
    if re.fullmatch(r"\d+:\d{2}(:\d{2})?", value):
        parts = [int(p) for p in value.split(":")]
        if len(parts) == 2:
            parts.append(0)
        hours, minutes, seconds = parts
        return round(hours * 60 + minutes + seconds / 60)
    found = re.findall(r"(\d+)\s*([hms])", value)
    if found:
        units = {unit: int(number) for number, unit in found}
        return round(
            units.get("h", 0) * 60 + units.get("m", 0) + units.get("s", 0) / 60
        )
    return None


def _columns(fieldnames: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for original in fieldnames:
        key = normalise_header(original or "")
        for column, spellings in COLUMNS.items():
            if key in spellings and column not in found:
                found[column] = original
    has_time = "duration" in found or ("join" in found and "leave" in found)
    if ("name" not in found and "email" not in found) or not has_time:
        raise ReportError(
            _(
                "The file needs columns for name or email, and for duration in "
                "minutes (or join and leave times). Found: %(found)s."
            )
            % {"found": ", ".join(f for f in fieldnames if f) or _("no columns")}
        )
    return found


def _delimiter(line: str) -> str:
    """Teams writes tabs, some locales semicolons, Zoom commas."""
    if "\t" in line:
        return "\t"
    return ";" if line.count(";") > line.count(",") else ","


def _recognised(line: str) -> int:
    """How many report columns a line names, if it reads as a table header."""
    try:
        cells = next(csv.reader([line], delimiter=_delimiter(line)), [])
    except csv.Error:
        return 0
    names = {normalise_header(cell) for cell in cells}
    found = {c for c, spellings in COLUMNS.items() if names & spellings}
    has_time = "duration" in found or {"join", "leave"} <= found
    return len(found) if has_time and found & {"name", "email"} else 0


def _participant_table(lines: list[str]) -> list[str]:
    """The participants table inside a report that may hold other sections.

    Zoom's "export with meeting data" puts a meeting summary table above the
    participants; Teams' full attendance report has a summary, the
    participants and the in-meeting activities. The participants table is
    the one whose header names the most report columns (the meeting summary
    names only the host's email and the meeting's length); it ends at the
    first blank line.
    """
    scores = [(_recognised(line), -index) for index, line in enumerate(lines[:60])]
    best, start = max(scores, default=(0, 0))
    start = -start if best else 0
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines)
    )
    return lines[start:end]


def _read_rows(text: str) -> tuple[csv.DictReader, dict[str, str]]:
    table = _participant_table(text.splitlines())
    delimiter = _delimiter(table[0]) if table else ","
    reader = csv.DictReader(io.StringIO("\n".join(table)), delimiter=delimiter)
    return reader, _columns(list(reader.fieldnames or []))


def parse_report(data: bytes) -> list[ReportRow]:
    """Read a participant report; raise ReportError with a clear message."""
    if not data or not data.strip():
        raise ReportError(_("The file is empty."))
    if len(data) > max_bytes():
        raise ReportError(
            _("The file is too large (over %(size)d KB). Is it the right report?")
            % {"size": max_bytes() // 1024}
        )
    rows: list[ReportRow] = []
    reader = None
    try:
        reader, columns = _read_rows(decode(data))
        for record in reader:
            if len(rows) >= MAX_ROWS:
                raise ReportError(
                    _("The file has more than %(max)d rows.") % {"max": MAX_ROWS}
                )
            row = _row(record, columns, reader.line_num)
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        # A stray quote or an enormous line: say where, never a server error.
        raise ReportError(
            _("The file is not valid CSV (line %(line)d).")
            % {"line": reader.line_num if reader else 1}
        ) from error
    if not rows:
        raise ReportError(_("The file has a header but no participants."))
    return rows


def _row(record: dict, columns: dict[str, str], line: int) -> ReportRow | None:
    def get(column: str) -> str:
        return (record.get(columns.get(column, ""), "") or "").strip()

    name, email = get("name"), get("email").lower()
    if not name and not email:
        return None
    joined, left = parse_time(get("join")), parse_time(get("leave"))
    minutes = parse_minutes(get("duration")) if "duration" in columns else None
    if minutes is None and joined and left and left >= joined:
        minutes = round((left - joined).total_seconds() / 60)
    if minutes is None:
        raise ReportError(
            _("Line %(line)d: the duration is missing or not a number of minutes.")
            % {"line": line}
        )
    return ReportRow(line, name, email, joined, left, minutes)


def combine(rows: list[ReportRow]) -> list[Person]:
    """One Person per email (or name, when there is no email)."""
    people: dict[str, Person] = {}
    for row in rows:
        key = row.email or "name:" + normalise_name(row.name)
        person = people.setdefault(key, Person(name=row.name, email=row.email))
        person.rows.append(row)
    for person in people.values():
        person.minutes = _total_minutes(person.rows)
    return list(people.values())


def _total_minutes(rows: list[ReportRow]) -> int:
    """Add up the minutes; overlapping connections (phone and laptop at once)
    count once, when the report gives join and leave times."""
    added = sum(r.minutes for r in rows)
    if not all(r.joined and r.left and r.left >= r.joined for r in rows):
        return added
    spans = sorted((r.joined, r.left) for r in rows)
    merged = dt.timedelta()
    start, end = spans[0]
    for s, e in spans[1:]:
        if s <= end:
            end = max(end, e)
        else:
            merged += end - start
            start, end = s, e
    merged += end - start
    overlap = sum((e - s for s, e in spans), dt.timedelta()) - merged
    if overlap <= dt.timedelta(minutes=1):
        return added
    return min(added, round(merged.total_seconds() / 60))


def ensure_started(session) -> None:
    """A report for a meeting that has not happened yet is the wrong file."""
    if not has_started(session):
        raise ReportError(
            _(
                "Session %(number)d has not started yet (%(when)s). Import its "
                "meeting report after the meeting."
            )
            % {"number": session.number, "when": format_when(session.starts_at)}
        )


def preview(session, data: bytes) -> Preview:
    """Match a report to ``session``'s register without saving anything."""
    ensure_started(session)
    people = combine(parse_report(data))
    places = list(register_places(session))
    length = int(session.duration.total_seconds() // 60)
    by_email: dict[str, object] = {}
    by_name: dict[str, list] = defaultdict(list)
    for place in places:
        emails = {place.attendee_email.lower()}
        if place.attendee_id:
            emails.add(place.attendee.email.lower())
        for email in emails:
            by_email[email] = place
        by_name[normalise_name(place.attendee_name)].append(place)
    matched: dict[int, Match] = {}
    unmatched: list[tuple[Person, str]] = []
    for person in sorted(people, key=lambda p: not p.email):
        place, how, why = _find(person, by_email, by_name)
        if place is not None and place.pk in matched:
            # Two report identities for one participant (e.g. joined by email
            # once and as a guest once): add the minutes together.
            match = matched[place.pk]
            match.minutes = min(length, match.minutes + person.minutes)
            match.person.rows.extend(person.rows)
        elif place is not None:
            matched[place.pk] = Match(place, person, how, min(length, person.minutes))
        else:
            unmatched.append((person, why))
    missing = [p for p in places if p.pk not in matched]
    matches = sorted(matched.values(), key=lambda m: m.place.attendee_name)
    return Preview(session, matches, unmatched, missing)


def _find(person: Person, by_email, by_name) -> tuple[object | None, str, str]:
    if person.email and person.email in by_email:
        return by_email[person.email], "email", ""
    candidates = by_name.get(normalise_name(person.name), [])
    if len(candidates) == 1:
        return candidates[0], "name", ""
    if len(candidates) > 1:
        return None, "", _("More than one participant has this name.")
    return None, "", _("No participant on the register with this email or name.")


def apply_import(
    *, session, plan: dict[int, int], actor, mark_missing_absent: bool = True
) -> int:
    """Save a confirmed preview: present people with their minutes.

    People on the register but not in the report are marked absent, unless
    they already have an entry (e.g. sent apologies). Returns rows saved.
    """
    ensure_started(session)
    places = {p.pk: p for p in register_places(session)}
    unknown = set(plan) - set(places)
    if unknown:
        raise ReportError(_("The register changed since the preview. Upload again."))
    saved = 0
    with transaction.atomic():
        recorded = set(
            Attendance.objects.filter(session=session).values_list(
                "place_id", flat=True
            )
        )
        for place_id, place in places.items():
            if place_id in plan:
                record_attendance(
                    session=session,
                    place=place,
                    status=Attendance.Status.ATTENDED,
                    minutes_present=plan[place_id],
                    activity_completed=_activity_done(session, place),
                    actor=actor,
                    source=Attendance.Source.IMPORT,
                )
            elif mark_missing_absent and place_id not in recorded:
                record_attendance(
                    session=session,
                    place=place,
                    status=Attendance.Status.ABSENT,
                    actor=actor,
                    source=Attendance.Source.IMPORT,
                )
            else:
                continue
            saved += 1
    return saved


def _activity_done(session, place) -> bool:
    """Keep an activity already ticked on the register."""
    return Attendance.objects.filter(
        session=session, place=place, activity_completed=True
    ).exists()
