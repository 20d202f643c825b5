import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cpd.attendance import record_attendance
from evaluation import report as reports
from evaluation.report import build_report
from tests.evaluation import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(cohort, sessions, person, staff):
    """Attendance, feedback, an evaluation and start/end assessments."""
    other = builders.participant(cohort, full_name="Sam Lee")
    from bookings.models import Place

    for place in Place.objects.filter(cohort=cohort):
        for session in sessions[:2]:
            record_attendance(
                session=session, place=place, status="attended", actor=staff
            )
    builders.feedback(sessions[0], person, 3)
    builders.feedback(sessions[0], other, 4, anonymous=True)
    builders.feedback(sessions[1], person, 5)
    run = builders.run(cohort)
    builders.response(run, person, {"How useful?": 5, "Best part?": "The peers"})
    for who, start, end in [(person, 2, 4), (other, 3, 4)]:
        builders.assessment(cohort, who, "start", start)
        builders.assessment(cohort, who, "end", end)
    return cohort


def test_the_report_counts_attendance_per_session(finished):
    report = build_report(finished)
    assert report.attendance.participants == 2
    assert [row.attended for row in report.attendance.sessions] == [2, 2, 0, 0]


def test_the_report_gives_the_feedback_trend(finished):
    trend = build_report(finished).feedback.trend
    assert [str(p.mean) for p in trend[:2]] == ["3.50", "5.00"]


def test_the_report_gives_the_empowerment_change(finished):
    confident = build_report(finished).empowerment[0]
    assert (confident.people, str(confident.mean_change)) == (2, "1.50")


def test_the_practice_section_is_hidden_until_the_practice_app_is_wired(finished):
    assert reports.practice_summary(finished) is None
    assert build_report(finished).practice is None


def test_the_report_page_shows_every_section_without_names(
    client, finished, staff, person
):
    client.force_login(staff)
    html = client.get(
        reverse("evaluation:staff_report", args=[finished.pk])
    ).content.decode()
    for heading in [
        "Attendance",
        "Session feedback",
        "Evaluation results",
        "Empowerment: what changed",
    ]:
        assert heading in html
    assert person.full_name not in html


def test_the_report_pdf_renders_the_charts_and_numbers(client, finished, staff):
    client.force_login(staff)
    response = client.get(reverse("evaluation:staff_report_pdf", args=[finished.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Review report" in text
    assert "Mean (1 to 5)" in text  # drawn by the trend chart's SVG only
    assert "Confident" in text


def test_the_report_counts_action_steps_done_and_catch_ups_held():
    from evaluation.report import practice_summary
    from practice.models import ActionStep, CatchUpPair, CatchUpRound
    from tests.evaluation.builders import participant, running_cohort

    cohort = running_cohort(sessions=4, started_weeks_ago=2)
    assert practice_summary(cohort) is None  # nothing recorded: section hidden
    person = participant(cohort)
    place = person.places.get(cohort=cohort)
    session = cohort.sessions.order_by("starts_at").first()
    for status in ["done", "done", "trying"]:
        ActionStep.objects.create(
            place=place,
            session=session,
            owner=person,
            what="Try it",
            by_when=session.starts_at.date(),
            status=status,
        )
    round_ = CatchUpRound.objects.create(cohort=cohort, after_session=session)
    CatchUpPair.objects.create(round=round_, outcome=CatchUpPair.Outcome.MET)
    CatchUpPair.objects.create(round=round_, outcome=CatchUpPair.Outcome.NOT_MET)

    summary = practice_summary(cohort)
    assert (summary.action_steps_done, summary.action_steps_total) == (2, 3)
    assert summary.catch_ups_held == 1
