import io

import pytest
from django.core.management import call_command

from bookings.models import Place
from cohorts.models import Cohort
from cop.pdf import render_pdf
from evaluation.models import JournalAnswer, Response
from evaluation.report import build_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished():
    call_command("seed_demo", stdout=io.StringIO())
    return Cohort.objects.get(programme__slug="neighbourhood-practice", slug="2025-26")


def test_the_demos_finished_cohort_tells_a_funder_how_the_group_did(finished):
    report = build_report(finished)
    # Everyone with a confirmed place (the community demo adds members too).
    confirmed = Place.objects.confirmed().filter(cohort=finished).count()
    assert report.attendance.participants == confirmed >= 7
    assert report.feedback.overall.count > 20
    assert report.runs[0].rate.responded == 6
    assert report.has_empowerment and report.has_cohort_review
    assert report.empowerment[0].mean_change > 0
    assert JournalAnswer.objects.filter(cohort=finished).exists()


def test_the_demos_review_report_renders_as_a_pdf(finished):
    pdf = render_pdf("evaluation/report_pdf.html", {"report": build_report(finished)})
    assert pdf.startswith(b"%PDF")


def test_running_the_demo_twice_adds_no_second_evaluation(finished):
    before = Response.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Response.objects.count() == before
