"""What CPD counts from practice between sessions, under the policy's caps."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cpd.certificates import issue_certificate, render_certificate
from cpd.eligibility import assess_cohort, assess_place
from cpd.models import Attendance, CpdPolicy, LogCredit
from practice.models import CpdLogEntry
from tests.practice.conftest import make_step

pytestmark = pytest.mark.django_db


def attend(place, sessions):
    for session in sessions:
        Attendance.objects.create(session=session, place=place, status="attended")


def done(place, session, reflection="Residents came back with ideas."):
    return make_step(place, session, status="done", reflection=reflection)


def log(place, minutes):
    return CpdLogEntry.objects.create(
        user=place.attendee,
        place=place,
        what="Read the toolkit",
        on=timezone.localdate() - dt.timedelta(days=1),
        minutes=minutes,
    )


@pytest.fixture
def all_past(cohort, sessions):
    """All six sessions have taken place."""
    start = timezone.now() - dt.timedelta(weeks=8)
    for i, session in enumerate(sessions):
        session.starts_at = start + dt.timedelta(weeks=i)
        session.ends_at = session.starts_at + dt.timedelta(hours=2)
        session.save()
    return sessions


def test_the_seed_programme_caps_six_sessions_with_activities_at_twenty_points(
    place, all_past
):
    attend(place, all_past)
    for session in all_past:
        done(place, session)
    result = assess_place(place)
    assert result.activities == 6
    assert result.uncapped_points == Decimal("24")  # 6 x 3 + 6 x 1
    assert result.points == Decimal("20")


def test_six_sessions_without_steps_earn_eighteen_points(place, all_past):
    attend(place, all_past)
    assert assess_place(place).points == Decimal("18")


def test_a_step_done_with_a_reflection_counts_as_that_sessions_activity(
    place, sessions
):
    attend(place, sessions[:3])
    done(place, sessions[0])
    result = assess_place(place)
    assert result.activities == 1
    assert result.points == Decimal("10")


def test_several_steps_after_one_session_count_as_one_activity(place, sessions):
    attend(place, sessions[:3])
    done(place, sessions[0])
    done(place, sessions[0])
    assert assess_place(place).activities == 1


def test_a_done_step_without_a_reflection_does_not_count(place, sessions):
    attend(place, sessions[:3])
    done(place, sessions[0], reflection="")
    make_step(place, sessions[1], status="trying", reflection="Half way")
    assert assess_place(place).activities == 0


def test_a_step_after_a_session_not_attended_does_not_count(place, sessions):
    attend(place, sessions[1:3])
    done(place, sessions[0])
    assert assess_place(place).activities == 0


def test_the_registers_tick_box_no_longer_counts(place, sessions):
    for session in sessions[:3]:
        Attendance.objects.create(
            session=session, place=place, status="attended", activity_completed=True
        )
    assert assess_place(place).points == Decimal("9")


def test_steps_earn_nothing_when_the_policy_gives_no_activity_points(
    place, sessions, cohort
):
    CpdPolicy.objects.filter(programme=cohort.programme).update(
        activity_points=Decimal("0")
    )
    attend(place, sessions[:3])
    done(place, sessions[0])
    assert assess_place(place).points == Decimal("9")


def test_logged_learning_adds_points_up_to_the_logs_cap(place, sessions, cohort):
    CpdPolicy.objects.filter(programme=cohort.programme).update(
        log_counts_as=LogCredit.POINTS,
        log_points_per_hour=Decimal("1"),
        log_max=Decimal("2"),
    )
    attend(place, sessions[:3])
    log(place, 90)
    assert assess_place(place).log_points == Decimal("1.50")
    log(place, 240)
    result = assess_place(place)
    assert result.logged_minutes == 330
    assert result.log_points == Decimal("2")
    assert result.points == Decimal("11")


def test_logged_learning_adds_hours_when_the_policy_says_hours(place, sessions, cohort):
    CpdPolicy.objects.filter(programme=cohort.programme).update(
        log_counts_as=LogCredit.HOURS, hours_per_session=Decimal("2")
    )
    attend(place, sessions[:3])
    log(place, 150)
    result = assess_place(place)
    assert result.hours == Decimal("8.50")
    assert result.points == Decimal("9")


def test_logged_learning_is_only_listed_by_default(place, sessions):
    attend(place, sessions[:3])
    log(place, 600)
    result = assess_place(place)
    assert result.logged_minutes == 600
    assert result.points == Decimal("9")


def test_activities_and_logged_learning_stay_within_the_cohort_cap(
    place, all_past, cohort
):
    CpdPolicy.objects.filter(programme=cohort.programme).update(
        log_counts_as=LogCredit.POINTS, log_max=Decimal("5")
    )
    attend(place, all_past)
    for session in all_past:
        done(place, session)
    log(place, 600)
    result = assess_place(place)
    assert result.uncapped_points == Decimal("29")
    assert result.points == Decimal("20")


def test_the_cohort_assessment_counts_steps_in_a_fixed_number_of_queries(
    cohort, sessions, django_assert_max_num_queries
):
    from tests.practice.conftest import member

    for _ in range(8):
        place = member(cohort).places.get()
        attend(place, sessions[:3])
        done(place, sessions[0])
        log(place, 30)
    with django_assert_max_num_queries(6):
        results = assess_cohort(cohort)
    assert [r.activities for r in results] == [1] * 8


def test_the_certificate_keeps_what_practice_added(place, all_past, cohort):
    CpdPolicy.objects.filter(programme=cohort.programme).update(
        log_counts_as=LogCredit.HOURS
    )
    attend(place, all_past[:3])
    done(place, all_past[0])
    log(place, 120)
    certificate, _ = issue_certificate(place=place)
    assert certificate.practice["activities"] == 1
    assert certificate.practice["logged_minutes"] == 120
    assert certificate.practice["log_hours"] == "2.00"


def test_the_certificate_pdf_lists_the_activities_and_logged_learning(
    place, all_past, cohort
):
    attend(place, all_past[:3])
    done(place, all_past[0])
    log(place, 150)
    certificate, _ = issue_certificate(place=place)
    pages = PdfReader(io.BytesIO(render_certificate(certificate))).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "action steps completed between sessions: 1" in text
    assert "2 hours 30 minutes" in text


def test_the_cpd_record_shows_steps_and_logged_learning(client, place, sessions):
    attend(place, sessions[:3])
    done(place, sessions[0])
    log(place, 45)
    client.force_login(place.attendee)
    page = client.get("/cpd/").content.decode()
    assert "Action steps completed between sessions: 1" in page
    assert "Logged learning: 45 minutes" in page
