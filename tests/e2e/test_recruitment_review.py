"""Issue 18 in a real browser: an applicant answers a custom question, two
reviewers score, and the coordinator sorts by score and accepts.

Pages this issue adds are checked with axe at 1280 and 360 px.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application, ReviewCriterion, ReviewPanel
from cohorts.models import Programme, Question, Session
from cop.models import COORDINATORS_GROUP, FACILITATORS_GROUP
from tests.applications.factories import ApplicationFactory
from tests.e2e.helpers import assert_page_is_accessible, sign_in
from tests.factories import CohortFactory, ProgrammeFactory, UserFactory, add_sessions
from tests.notifications.conftest import confirmed_place
from tests.two_factor import current_code, give_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STAFF_APPS = ["cohorts", "bookings", "applications", "notifications"]


@pytest.fixture
def recruiting():
    programme = ProgrammeFactory(
        name="Connection Groups",
        slug="connection-groups",
        booking_mode=Programme.BookingMode.APPLICATION,
    )
    now = timezone.now()
    cohort = CohortFactory(
        programme=programme,
        name="Spring group",
        slug="spring",
        capacity=10,
        applications_open_at=now - dt.timedelta(days=1),
        application_deadline=now + dt.timedelta(days=14),
    )
    add_sessions(cohort, count=6)
    Question.objects.create(
        programme=programme,
        form=Question.Form.APPLICATION,
        kind=Question.Kind.SINGLE_CHOICE,
        text="Which sector do you work in?",
        options="Local government\nHousing\nHealth",
        required=True,
    )
    ReviewCriterion.objects.create(cohort=cohort, name="Fit with the focus")
    ReviewCriterion.objects.create(cohort=cohort, name="Experience to share")
    return cohort


def _staff(email, group_name, cohort):
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=STAFF_APPS)
    )
    user = UserFactory(
        email=email, full_name=email.split("@")[0].title(), is_staff=True
    )
    user.groups.add(group)
    cohort.programme.facilitators.add(user)
    return user


def _staff_sign_in(page, user, next_url):
    secret = give_authenticator(user)
    sign_in(page, user.email, next_url=next_url)
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()


def _apply(page, cohort):
    page.goto(f"/applications/apply/{cohort.pk}/")
    page.get_by_label("Why do you want to take part?").fill("To learn with peers.")
    page.get_by_label("What do you hope to achieve?").fill("Better support plans.")
    page.get_by_label("What challenge or question would you bring").fill(
        "Reaching isolated older people."
    )
    page.get_by_label("I work on the front line").check()
    page.get_by_label("My organisation supports me taking part").check()
    page.get_by_label("Tuesday").check()
    page.locator("input[name=preferred_times]").first.check()
    page.get_by_label("Housing").check()
    page.get_by_role("button", name="Submit my application").click()
    expect(page.locator("main")).to_contain_text("submitted")


def _score(page, application, fit, experience):
    page.goto(f"/admin/applications/application/review/application/{application.pk}/")
    page.locator(f"fieldset:has-text('Fit with the focus') >> text='{fit}'").click()
    page.locator(
        f"fieldset:has-text('Experience to share') >> text='{experience}'"
    ).click()
    page.get_by_role("button", name="Save my scores").click()
    expect(page.locator(".messagelist")).to_contain_text("Your scores are saved")


def test_apply_with_a_custom_question_then_review_sort_and_accept(
    browser, server, page, recruiting
):
    applicant = UserFactory(email="sam@westford.example", full_name="Sam Westford")
    sign_in(page, applicant.email)
    _apply(page, recruiting)
    mine = Application.objects.get(applicant=applicant)
    assert mine.answers.get().value == "Housing"
    other = ApplicationFactory(cohort=recruiting, applicant__full_name="Alex Other")

    reviewers = [
        _staff("rene@network.example", FACILITATORS_GROUP, recruiting),
        _staff("kit@network.example", FACILITATORS_GROUP, recruiting),
    ]
    panel = ReviewPanel.objects.create(cohort=recruiting)
    panel.reviewers.set(reviewers)
    for reviewer, scores in zip(
        reviewers, [((3, 3), (1, 0)), ((2, 3), (1, 1))], strict=True
    ):
        context = browser.new_context(base_url=server)
        tab = context.new_page()
        _staff_sign_in(
            tab, reviewer, f"/admin/applications/application/review/{recruiting.pk}/"
        )
        expect(tab.locator("#review-list")).to_contain_text("Sam Westford")
        _score(tab, mine, *scores[0])
        _score(tab, other, *scores[1])
        context.close()

    coordinator = _staff("coord@network.example", COORDINATORS_GROUP, recruiting)
    coordinator.is_superuser = True
    coordinator.save()
    context = browser.new_context(base_url=server)
    tab = context.new_page()
    _staff_sign_in(tab, coordinator, "/admin/applications/application/")
    tab.get_by_role("link", name="Mean score").click()  # lowest first
    tab.get_by_role("link", name="Mean score").click()  # highest first
    rows = tab.locator("#result_list tbody tr")
    expect(rows.first).to_contain_text("Sam Westford")
    expect(rows.first).to_contain_text("5.50")
    rows.first.locator("input[type=checkbox]").check()
    tab.locator("select[name=action]").select_option("accept")
    tab.get_by_role("button", name="Go").click()
    tab.get_by_role("button", name="Confirm").click()
    expect(tab.locator(".messagelist")).to_contain_text("now accepted")
    context.close()

    mine.refresh_from_db()
    assert mine.status == Application.Status.ACCEPTED


@pytest.mark.parametrize("width", [1280, 360])
def test_the_application_form_with_custom_questions_is_accessible(
    page, recruiting, width
):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, UserFactory(email="ali@westford.example").email)

    page.goto(f"/applications/apply/{recruiting.pk}/")
    assert_page_is_accessible(page)
    page.get_by_role("button", name="Submit my application").click()  # errors shown
    assert_page_is_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_calendar_feed_and_attendance_pages_are_accessible(page, width):
    person = UserFactory(email="jo@westford.example")
    cohort = CohortFactory()
    (session,) = add_sessions(cohort, count=1)
    Session.objects.filter(pk=session.pk).update(
        mode=Session.Mode.HYBRID, venue="Town hall", catering=True
    )
    confirmed_place(cohort, attendee=person)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, person.email)

    for path in [
        "/account/calendar-feed/",
        "/account/profile/",
        f"/account/sessions/{session.pk}/attending/",
    ]:
        page.goto(path)
        assert_page_is_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_review_screens_are_accessible(page, recruiting, width):
    application = ApplicationFactory(cohort=recruiting)
    reviewer = _staff("rene@network.example", FACILITATORS_GROUP, recruiting)
    ReviewPanel.objects.create(cohort=recruiting).reviewers.add(reviewer)
    page.set_viewport_size({"width": width, "height": 800})
    _staff_sign_in(
        page, reviewer, f"/admin/applications/application/review/{recruiting.pk}/"
    )

    expect(page.locator("#review-list")).to_be_visible()
    assert_page_is_accessible(page)
    page.goto(f"/admin/applications/application/review/application/{application.pk}/")
    assert_page_is_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_series_and_catering_screens_are_accessible(page, width):
    cohort = CohortFactory()
    (session,) = add_sessions(cohort, count=1)
    Session.objects.filter(pk=session.pk).update(
        mode=Session.Mode.HYBRID, venue="Town hall", catering=True
    )
    staff = _staff("coord@network.example", COORDINATORS_GROUP, cohort)
    page.set_viewport_size({"width": width, "height": 800})
    _staff_sign_in(page, staff, f"/admin/cohorts/cohort/{cohort.pk}/series/")

    expect(page.get_by_role("button", name="Create sessions")).to_be_visible()
    assert_page_is_accessible(page)
    page.get_by_role("button", name="Create sessions").click()  # errors shown
    assert_page_is_accessible(page)
    page.goto(f"/admin/cohorts/cohort/sessions/{session.pk}/catering/")
    assert_page_is_accessible(page)
