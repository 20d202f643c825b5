"""Nobody can attend a session that has not happened yet.

The clock is moved so that a session on 26 January 2027 is still to come.
Apologies and absences may be recorded in advance; attendance, minutes and
meeting reports only once the session has started.
"""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cpd.attendance import AttendanceError, record_attendance
from cpd.attendance_import import ReportError, apply_import, preview
from cpd.check_in import check_in, open_check_in
from cpd.models import Attendance
from portal.cpd_record import cpd_record

pytestmark = pytest.mark.django_db

SAMPLE = (Path(__file__).parent / "data" / "zoom_participants.csv").read_bytes()
STARTS = dt.datetime(2027, 1, 26, 10, 0, tzinfo=dt.UTC)
WEEK_BEFORE = STARTS - dt.timedelta(days=7)


@pytest.fixture
def upcoming(sessions):
    """Session 1 on Tuesday 26 January 2027, 10:00-12:00."""
    session = sessions[0]
    session.starts_at = STARTS
    session.ends_at = STARTS + dt.timedelta(hours=2)
    session.save()
    return session


def register_post(place, status, minutes=""):
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-place_id": str(place.pk),
        "form-0-status": status,
        "form-0-minutes_present": str(minutes),
    }


def test_attended_is_refused_before_the_session_starts(upcoming, place):
    with (
        time_machine.travel(WEEK_BEFORE, tick=False),
        pytest.raises(AttendanceError, match="has not started yet"),
    ):
        record_attendance(session=upcoming, place=place, status="attended")
    assert not Attendance.objects.exists()


def test_minutes_present_are_refused_before_the_session_starts(upcoming, place):
    with (
        time_machine.travel(WEEK_BEFORE, tick=False),
        pytest.raises(AttendanceError, match="has not started yet"),
    ):
        record_attendance(
            session=upcoming, place=place, status="absent", minutes_present=0
        )
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("status", ["apologies", "absent"])
def test_apologies_and_absence_may_be_recorded_in_advance(upcoming, place, status):
    with time_machine.travel(WEEK_BEFORE, tick=False):
        record_attendance(session=upcoming, place=place, status=status)
    assert Attendance.objects.get(place=place).status == status


def test_attended_is_accepted_once_the_session_has_started(upcoming, place):
    with time_machine.travel(STARTS + dt.timedelta(minutes=5), tick=False):
        record_attendance(session=upcoming, place=place, status="attended")
    assert Attendance.objects.get(place=place).status == "attended"


def test_register_refuses_attended_for_a_future_session_with_a_message(
    client, facilitator, upcoming, place
):
    url = reverse("admin:cpd_register", args=[upcoming.pk])
    with time_machine.travel(WEEK_BEFORE, tick=False):
        client.force_login(facilitator)
        page = client.post(url, register_post(place, "attended"), follow=True)
    text = page.content.decode()
    assert "Session 1 has not started yet (Tuesday 26 January 2027, 10:00)" in text
    assert not Attendance.objects.exists()
    with time_machine.travel(WEEK_BEFORE, tick=False):
        record = cpd_record(place.attendee)
    assert record.in_progress[0].eligibility.sessions_attended == 0


def test_register_page_says_the_session_has_not_started(
    client, facilitator, upcoming, place
):
    with time_machine.travel(WEEK_BEFORE, tick=False):
        client.force_login(facilitator)
        page = client.get(reverse("admin:cpd_register", args=[upcoming.pk]))
    assert "This session has not started yet." in page.content.decode()


def test_register_saves_apologies_in_advance(client, facilitator, upcoming, place):
    url = reverse("admin:cpd_register", args=[upcoming.pk])
    with time_machine.travel(WEEK_BEFORE, tick=False):
        client.force_login(facilitator)
        response = client.post(url, register_post(place, "apologies"))
    assert response.status_code == 302
    assert Attendance.objects.get(place=place).status == "apologies"


def test_import_preview_of_a_future_session_is_refused(upcoming, place):
    with (
        time_machine.travel(WEEK_BEFORE, tick=False),
        pytest.raises(ReportError, match="Import its meeting report after"),
    ):
        preview(upcoming, SAMPLE)


def test_import_confirm_for_a_future_session_saves_nothing(upcoming, place):
    with (
        time_machine.travel(WEEK_BEFORE, tick=False),
        pytest.raises(ReportError, match="has not started yet"),
    ):
        apply_import(session=upcoming, plan={place.pk: 120}, actor=None)
    assert not Attendance.objects.exists()


def test_import_page_shows_why_a_future_report_is_refused(
    client, facilitator, upcoming, place
):
    url = reverse("admin:cpd_register_import", args=[upcoming.pk])
    with time_machine.travel(WEEK_BEFORE, tick=False):
        client.force_login(facilitator)
        page = client.post(
            url, {"report": SimpleUploadedFile("r.csv", SAMPLE, "text/csv")}
        )
    assert "Import its meeting report after the meeting." in page.content.decode()
    assert not Attendance.objects.exists()


def test_self_check_in_keeps_its_window_before_the_start(upcoming, place, facilitator):
    upcoming.mode = "in_person"
    upcoming.save()
    entry = open_check_in(session=upcoming, actor=facilitator)
    early = STARTS - dt.timedelta(minutes=20)
    with time_machine.travel(early, tick=False):
        attendance = check_in(user=place.attendee, code=entry.code)
    assert attendance.status == "attended"
    assert attendance.recorded_at == early
