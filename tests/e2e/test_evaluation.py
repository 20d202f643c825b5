"""Feedback and evaluation in a real browser: the journey and every page's checks."""

import datetime as dt
import importlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import Assessment, ReflectiveQuestion, SessionFeedback
from tests.e2e.helpers import PAGE_CHECKS, assert_page_is_accessible, sign_in
from tests.evaluation import builders
from tests.factories import CohortFactory, SessionFactory, UserFactory
from tests.two_factor import current_code, give_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def ensure_default_dimensions() -> None:
    """The five dimensions come from a data migration; browser tests flush the
    database between tests, so put them back as the migration does."""
    from django.apps import apps

    migration = importlib.import_module(
        "evaluation.migrations.0002_default_dimensions_and_evaluation"
    )
    migration.create_defaults(apps, None)


@pytest.fixture
def cohort():
    """One session, happening now: start and end assessments and feedback are
    all open at once (start closes when it ends, end opens when it starts)."""
    ensure_default_dimensions()
    cohort = CohortFactory(
        programme__name="Shared Practice", name="Pilot day", status="running"
    )
    now = timezone.now()
    SessionFactory(
        cohort=cohort,
        number=1,
        title="Pilot day",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2),
    )
    return cohort


def rate_all(page, score: str) -> None:
    for group in page.locator("fieldset.choice-group").all():
        group.get_by_label(score, exact=True).check()


def sign_in_staff(page, staff, next_url):
    secret = give_authenticator(staff)
    sign_in(page, staff.email, next_url=next_url)
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()


def test_participant_assesses_gives_feedback_and_sees_charts(page, cohort):
    person = builders.participant(cohort, email="alex@eastvale.example")
    other = builders.participant(cohort)
    builders.assessment(cohort, other, "start", 3)
    builders.assessment(cohort, other, "end", 3)
    sign_in(page, person.email, next_url=f"/evaluation/cohort/{cohort.pk}/")

    page.get_by_role("link", name="Rate yourself (start)").click()
    rate_all(page, "2")
    page.get_by_role("button", name="Save ratings").click()
    expect(page.locator(".messages")).to_contain_text("Your ratings are saved")

    page.get_by_role("link", name="Rate yourself (end)").click()
    rate_all(page, "4")
    page.get_by_role("button", name="Save ratings").click()

    page.get_by_role("link", name="Give feedback on session 1").click()
    page.get_by_label("5", exact=True).check()
    page.get_by_label("What worked well?").fill("Working in pairs")
    page.get_by_label("Answer anonymously").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".messages")).to_contain_text("your feedback is saved")

    chart = page.get_by_role("img", name="Your empowerment ratings, start and end")
    expect(chart).to_be_visible(timeout=20_000)  # a loaded CI machine is slow
    expect(page.locator("table").first).to_contain_text("4.00")
    assert Assessment.objects.filter(respondent=person).count() == 2
    assert SessionFeedback.objects.get().respondent is None

    page.context.clear_cookies()
    staff = UserFactory(email="fran@network.example", is_staff=True)
    cohort.programme.facilitators.add(staff)
    sign_in_staff(page, staff, f"/admin/evaluation-results/cohort/{cohort.pk}/")
    expect(
        page.get_by_role("img", name="Participants' ratings, start and end")
    ).to_be_visible()
    expect(page.locator("#content")).to_contain_text("Confident")
    expect(page.locator("#content")).not_to_contain_text(person.full_name)


@pytest.mark.parametrize("width", [1280, 360])
def test_participant_pages_pass_the_checks(page, cohort, width):
    person = builders.participant(cohort, email="alex@eastvale.example")
    builders.assessment(cohort, person, "start", 2)
    builders.assessment(cohort, person, "end", 4)
    run = builders.run(cohort)
    ReflectiveQuestion.objects.create(
        programme=cohort.programme, text="What will you try next?"
    )
    session = cohort.sessions.get()
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, person.email, next_url="/evaluation/")
    for path in [
        "/evaluation/",
        f"/evaluation/cohort/{cohort.pk}/",
        f"/evaluation/session/{session.pk}/feedback/",
        f"/evaluation/questionnaire/{run.pk}/",
        f"/evaluation/cohort/{cohort.pk}/assessment/start/",
        f"/evaluation/cohort/{cohort.pk}/journal/",
        "/evaluation/research-consent/",
    ]:
        page.goto(path)
        assert page.evaluate(PAGE_CHECKS) == [], path  # the problems, by name
        assert_page_is_accessible(page)


def test_a_refused_answer_shows_the_error_summary_accessibly(page, cohort):
    person = builders.participant(cohort, email="alex@eastvale.example")
    run = builders.run(cohort)
    sign_in(page, person.email, next_url=f"/evaluation/questionnaire/{run.pk}/")
    page.get_by_role("button", name="Send answers").click()
    expect(page.locator(".error-summary")).to_contain_text("Answer this question")
    assert_page_is_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_staff_results_pages_pass_the_checks(page, cohort, width):
    person = builders.participant(cohort)
    session = cohort.sessions.get()
    builders.feedback(session, person, 4, worked="Pairs")
    builders.assessment(cohort, person, "start", 2)
    builders.assessment(cohort, person, "end", 4)
    run = builders.run(cohort)
    builders.response(run, person, {"How useful?": 4, "What changed?": ["Met people"]})
    staff = UserFactory(email="fran@network.example", is_staff=True)
    cohort.programme.facilitators.add(staff)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_staff(page, staff, "/admin/evaluation-results/")
    base = "/admin/evaluation-results"
    for path in [
        f"{base}/",
        f"{base}/cohort/{cohort.pk}/",
        f"{base}/session/{session.pk}/",
        f"{base}/run/{run.pk}/",
        f"{base}/cohort/{cohort.pk}/review/start/",
        f"{base}/programme/{cohort.programme.pk}/empowerment/",
        f"{base}/cohort/{cohort.pk}/report/",
    ]:
        page.goto(path)
        assert page.evaluate(PAGE_CHECKS) == [], path  # the problems, by name
        assert_page_is_accessible(page)
