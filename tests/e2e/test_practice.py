"""Practice between sessions in a real browser: a participant's journey from
an action step to their CPD record, and every practice page's accessibility."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cpd.models import Attendance, CpdPolicy
from practice import catchups
from practice.models import ActionStep, CatchUpMember, CpdLogEntry
from tests.e2e.helpers import assert_page_is_accessible, sign_in
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
    add_sessions,
)
from tests.two_factor import current_code, give_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cohort():
    cohort = CohortFactory(
        name="Autumn 2031", programme__name="Neighbourhood Practice", status="running"
    )
    add_sessions(cohort, 6, first=timezone.now() - dt.timedelta(days=15))
    CpdPolicy.objects.create(
        programme=cohort.programme,
        points_per_session=Decimal("3"),
        activity_points=Decimal("1"),
        max_points=Decimal("20"),
    )
    return cohort


def join(cohort, **fields):
    user = UserFactory(organisation=OrganisationFactory(), **fields)
    place = PlaceFactory(order__cohort=cohort, attendee=user)
    for session in cohort.sessions.order_by("number")[:3]:
        Attendance.objects.create(session=session, place=place, status="attended")
    return user, place


def test_a_participant_adds_a_step_marks_it_done_and_sees_it_on_their_cpd_record(
    page, cohort
):
    person, _ = join(cohort, email="alex@eastvale.example", full_name="Alex Morgan")
    sign_in(page, person.email, next_url=f"/practice/cohorts/{cohort.pk}/")
    expect(page.get_by_role("heading", name="Add an action step")).to_be_visible()
    page.get_by_label("After session").select_option(label="3. Session 3")
    page.get_by_label("What will you try?").fill("Run a listening walk on Elm Road")
    by_when = timezone.localdate() + dt.timedelta(days=7)
    page.get_by_label("By when").fill(by_when.isoformat())
    page.get_by_role("button", name="Save action step").click()
    expect(page.get_by_text("Your action step is saved.")).to_be_visible()

    page.get_by_role("link", name="Run a listening walk on Elm Road").click()
    page.get_by_label("Done").check()
    page.get_by_label("Reflection").fill("Nine residents came; two want to lead.")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("Your progress is saved.")).to_be_visible()
    assert ActionStep.objects.get().counts_for_cpd

    page.goto("/cpd/")
    expect(
        page.get_by_text("Action steps completed between sessions: 1")
    ).to_be_visible()
    expect(page.get_by_text("So far 10 CPD points", exact=False)).to_be_visible()


def test_a_past_date_is_refused_on_the_page_with_the_message(page, cohort):
    person, _ = join(cohort, email="sam@eastvale.example")
    sign_in(page, person.email, next_url=f"/practice/cohorts/{cohort.pk}/")
    page.get_by_label("What will you try?").fill("Too late")
    page.get_by_label("By when").fill("2020-01-01")
    page.get_by_role("button", name="Save action step").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Choose a date from today onwards."
    )
    assert not ActionStep.objects.exists()


@pytest.fixture
def practice_history(cohort):
    facilitator = UserFactory(
        is_staff=True, is_superuser=True, email="fran@net.example"
    )
    person, place = join(cohort, email="alex@eastvale.example", full_name="Alex Morgan")
    others = [join(cohort)[0] for _ in range(3)]
    sessions = list(cohort.sessions.order_by("number"))
    step = ActionStep.objects.create(
        place=place,
        session=sessions[0],
        owner=person,
        what="Run a listening walk",
        by_when=timezone.localdate() + dt.timedelta(days=3),
        shared=True,
    )
    ActionStep.objects.create(
        place=others[0].places.get(),
        session=sessions[1],
        owner=others[0],
        what="Call the school",
        by_when=timezone.localdate() - dt.timedelta(days=3),
    )
    CpdLogEntry.objects.create(
        user=person,
        place=place,
        what="Read a toolkit",
        on=timezone.localdate(),
        minutes=60,
    )
    first = catchups.start_round(actor=facilitator, after_session=sessions[1])
    catchups.send_introductions(actor=facilitator, round=first)
    second = catchups.start_round(actor=facilitator, after_session=sessions[2])
    pair = CatchUpMember.objects.get(round=first, user=person).pair
    return {
        "facilitator": facilitator,
        "person": person,
        "step": step,
        "token": catchups.report_token(pair=pair, user=person),
        "round": second,
    }


@pytest.mark.parametrize("width", [1280, 360])
def test_participant_practice_pages_pass_the_checks(
    page, cohort, practice_history, width
):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, practice_history["person"].email)
    expect(page).to_have_url("/account/")
    for path in [
        "/practice/",
        f"/practice/cohorts/{cohort.pk}/",
        f"/practice/steps/{practice_history['step'].pk}/",
        f"/practice/cohorts/{cohort.pk}/shared/",
        "/practice/log/",
        f"/practice/catch-ups/report/{practice_history['token']}/?met=1",
    ]:
        page.goto(path)
        assert_page_is_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_facilitator_practice_pages_pass_the_checks(
    page, cohort, practice_history, width
):
    staff = practice_history["facilitator"]
    secret = give_authenticator(staff)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, staff.email, next_url="/practice/staff/")
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name=str(cohort), exact=True)).to_be_visible()
    for path in [
        "/practice/staff/",
        f"/practice/staff/cohorts/{cohort.pk}/steps/",
        f"/practice/staff/cohorts/{cohort.pk}/rounds/",
        f"/practice/staff/rounds/{practice_history['round'].pk}/",
    ]:
        page.goto(path)
        assert_page_is_accessible(page)
