from pathlib import Path

import pytest

from cpd.attendance_import import (
    ReportError,
    apply_import,
    parse_minutes,
    parse_report,
    preview,
)
from cpd.models import Attendance
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db

SAMPLE = (Path(__file__).parent / "data" / "zoom_participants.csv").read_bytes()


@pytest.fixture
def register(cohort, place):
    """Siân (place), Tom, Priya (joined as a guest) and Jo (never joined)."""
    people = {"sian": place}
    for key, name, email in [
        ("tom", "Tom Reed", "tom@housing.example"),
        ("priya", "Priya Shah", "priya@police.example"),
        ("jo", "Jo Baker", "jo@charity.example"),
    ]:
        people[key] = PlaceFactory(
            order__cohort=cohort, attendee=UserFactory(full_name=name, email=email)
        )
    return people


def test_reconnects_are_added_up_and_matched_by_email(sessions, register):
    result = preview(sessions[0], SAMPLE)
    by_name = {m.place.attendee_name: m for m in result.matches}
    assert by_name["Siân O'Connor"].minutes == 117
    assert by_name["Siân O'Connor"].person.connections == 2
    assert by_name["Siân O'Connor"].matched_by == "email"
    assert by_name["Tom Reed"].minutes == 70


def test_guest_without_email_is_matched_by_name(sessions, register):
    result = preview(sessions[0], SAMPLE)
    priya = next(m for m in result.matches if m.place == register["priya"])
    assert priya.matched_by == "name"
    assert priya.minutes == 117


def test_unmatched_rows_and_absentees_are_listed(sessions, register):
    result = preview(sessions[0], SAMPLE)
    assert sorted(p.name for p, _why in result.unmatched) == [
        "Fran Facilitator",
        "iPhone",
    ]
    assert result.not_in_report == [register["jo"]]


def test_preview_saves_nothing(sessions, register):
    preview(sessions[0], SAMPLE)
    assert not Attendance.objects.exists()


def test_confirming_saves_minutes_and_marks_absentees(sessions, register):
    plan = preview(sessions[0], SAMPLE).plan()
    saved = apply_import(session=sessions[0], plan=plan, actor=None)
    assert saved == 4
    rows = {a.place_id: a for a in Attendance.objects.all()}
    assert rows[register["sian"].pk].minutes_present == 117
    assert rows[register["sian"].pk].source == "import"
    assert rows[register["tom"].pk].status == "attended"
    assert rows[register["jo"].pk].status == "absent"


def test_import_keeps_apologies_already_recorded(sessions, register):
    Attendance.objects.create(
        session=sessions[0], place=register["jo"], status="apologies"
    )
    plan = preview(sessions[0], SAMPLE).plan()
    apply_import(session=sessions[0], plan=plan, actor=None)
    assert Attendance.objects.get(place=register["jo"]).status == "apologies"


def test_two_participants_with_one_name_are_not_guessed(cohort, sessions, register):
    PlaceFactory(
        order__cohort=cohort,
        attendee=UserFactory(full_name="Priya Shah", email="p.shah@nhs.example"),
    )
    result = preview(sessions[0], SAMPLE)
    assert "More than one participant has this name." in [
        why for _p, why in result.unmatched
    ]


def test_minutes_are_capped_at_the_session_length(sessions, register):
    data = b"Name,Email,Duration\nTom Reed,tom@housing.example,500\n"
    assert preview(sessions[0], data).matches[0].minutes == 120


def test_overlapping_connections_are_not_counted_twice(sessions, register):
    data = (
        b"Name,Email,Join time,Leave time,Duration\n"
        b"Tom Reed,tom@housing.example,2023-05-23 10:00:00,2023-05-23 11:00:00,60\n"
        b"Tom Reed,tom@housing.example,2023-05-23 10:30:00,2023-05-23 11:10:00,40\n"
    )
    assert preview(sessions[0], data).matches[0].minutes == 70


def test_teams_report_in_utf16_with_tabs_and_a_summary_block(sessions, register):
    text = (
        "1. Summary\nMeeting title\tShared Practice\n\n2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\n"
        "Tom Reed\t23/05/2023, 10:00:00\t23/05/2023, 11:35:00\t1h 35m\t"
        "tom@housing.example\n"
    )
    result = preview(sessions[0], text.encode("utf-16"))
    assert result.matches[0].minutes == 95


@pytest.mark.parametrize(
    ("value", "minutes"),
    [("65", 65), ("64.6", 65), ("1:05:00", 65), ("1h 5m", 65), ("45m 30s", 46)],
)
def test_duration_formats(value, minutes):
    assert parse_minutes(value) == minutes


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"Name,Email,Duration\n", "no participants"),
        (b"Who,When\nTom,today\n", "needs columns for name or email"),
        ("Name,Duration\nSiân,60\n".encode("latin-1"), "encoding is not recognised"),
        (b"PK\x03\x04rest-of-a-zip", "Excel workbook"),
        (b"Name,Duration\nTom,lots\n", "Line 2: the duration is missing"),
    ],
)
def test_bad_files_get_a_clear_message(data, message):
    with pytest.raises(ReportError, match=message):
        parse_report(data)


def test_huge_files_are_refused(settings):
    settings.CPD_IMPORT_MAX_BYTES = 1024
    data = b"Name,Email,Duration\n" + b"Tom,tom@x.example,60\n" * 100
    with pytest.raises(ReportError, match="too large"):
        parse_report(data)


DATA = Path(__file__).parent / "data"


def test_zoom_export_with_meeting_data_reads_the_participants_table(sessions, register):
    """Zoom's "export with meeting data" puts a meeting summary table first;
    its host email and meeting length must not be read as a participant."""
    result = preview(sessions[0], (DATA / "zoom_with_meeting_data.csv").read_bytes())
    minutes = {m.person.email or m.person.name: m.minutes for m in result.matches}
    assert minutes["sian@council.example"] == 117
    assert minutes["tom@housing.example"] == 70
    assert "host@network.example" not in {p.email for p, _ in result.unmatched}


def test_teams_full_attendance_report_reads_only_the_participants_section(
    sessions, register
):
    """Summary, participants and in-meeting activities, UTF-16 with tabs: the
    participants section gives each person once, with their total time."""
    data = (DATA / "teams_attendance_report.csv").read_bytes()
    assert data.startswith(b"\xff\xfe")
    result = preview(sessions[0], data)
    minutes = {m.person.email or m.person.name: m.minutes for m in result.matches}
    assert minutes["sian@council.example"] == 117
    assert minutes["tom@housing.example"] == 70
    assert all(m.person.connections == 1 for m in result.matches)


@pytest.mark.parametrize(
    "data",
    [
        b'Name,"Email,Duration\n' + b"Tom,tom@x.example,60\n" * 8000,
        b"Name,Email,Duration" + b"x" * 140_000 + b"\nTom,tom@x.example,60\n",
        b"Name,Email,Duration\nTom," + b"x" * 140_000 + b",60\n",
    ],
    ids=["stray quote in header", "header over 128 KB", "row over 128 KB"],
)
def test_malformed_csv_gets_a_message_not_a_server_error(data, settings):
    settings.CPD_IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ReportError):
        parse_report(data)
