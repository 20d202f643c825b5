"""The facilitator's week in a real browser: today, the cohort overview's
attendance grid, email this cohort and a report download, each page checked
with axe (WCAG 2.2 AA) at 1280 and 360 px."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from cop.models import FACILITATORS_GROUP
from cpd.models import Attendance
from notifications.models import Notification
from tests.e2e.helpers import assert_page_is_accessible, sign_in
from tests.factories import CohortFactory, PlaceFactory, UserFactory, add_sessions
from tests.two_factor import current_code, give_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 360]


@pytest.fixture
def week():
    cohort = CohortFactory(
        name="2025-26", programme__name="Shared Practice", status="running"
    )
    add_sessions(cohort, 4, first=timezone.now() - dt.timedelta(weeks=2, hours=-1))
    places = [
        PlaceFactory(order__cohort=cohort, attendee__full_name=name)
        for name in ["Siân O'Connor", "Tom Reed", "Priya Shah"]
    ]
    facilitator = UserFactory(
        email="fran@network.example", full_name="Fran Facilitator", is_staff=True
    )
    group, _ = Group.objects.get_or_create(name=FACILITATORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=[
                "cohorts",
                "bookings",
                "applications",
                "cpd",
                "notifications",
                "staff",
            ]
        ).exclude(codename__startswith="delete_")
    )
    facilitator.groups.add(group)
    cohort.programme.facilitators.add(facilitator)
    return facilitator, cohort, places


def sign_in_staff(page, facilitator):
    secret = give_authenticator(facilitator)
    sign_in(page, facilitator.email, next_url="/admin/")
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="What needs doing")).to_be_visible()


def check_at_each_width(page):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_load_state("load")
        assert_page_is_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_facilitators_week(page, week):
    facilitator, cohort, places = week
    sign_in_staff(page, facilitator)
    check_at_each_width(page)

    # Today -> the cohort overview, from the week ahead.
    page.get_by_role("link", name=f"Overview of {cohort}").first.click()
    expect(page.get_by_role("heading", name="Attendance")).to_be_visible()
    check_at_each_width(page)

    # Mark one cell in place (the script saves it at once).
    session = cohort.sessions.order_by("starts_at").first()
    page.get_by_label("Tom Reed, session 1").select_option("attended")
    expect(page.get_by_role("status")).to_contain_text("Saved: Tom Reed, session 1")
    assert Attendance.objects.get(session=session, place=places[1]).status == "attended"

    # Email the cohort: preview, then send.
    page.get_by_role("link", name="Email this cohort").click()
    page.get_by_label("Subject").fill("Before we meet")
    page.get_by_label("Message").fill("Hello {first_name}, see you at {next_session}.")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    check_at_each_width(page)
    page.get_by_role("button", name="Send to 3 people").click()
    expect(page.locator(".messagelist")).to_contain_text("Message sent to 3 people")
    check_at_each_width(page)
    assert Notification.objects.filter(kind="staff_cohort_message").count() == 3

    # Reports: the page, then the Excel download.
    page.goto("/admin/reports/")
    expect(
        page.get_by_role("heading", name="Income by programme and cohort")
    ).to_be_visible()
    check_at_each_width(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_mark_all_attended_for_a_session_from_the_grid(page, week):
    facilitator, cohort, _places = week
    sign_in_staff(page, facilitator)
    page.goto(f"/admin/cohort/{cohort.pk}/overview/")
    page.get_by_role("button", name="All attended at session 2").click()
    expect(page.locator(".messagelist")).to_contain_text("Marked 3 more people")
    session = cohort.sessions.get(number=2)
    assert Attendance.objects.filter(session=session, status="attended").count() == 3
