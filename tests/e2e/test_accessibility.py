"""Every public and participant page: keyboard, labels, headings, phone width."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Programme
from tests.cop import builders
from tests.e2e.helpers import assert_page_is_accessible, sign_in
from tests.factories import (
    CohortFactory,
    PriceOptionFactory,
    ProgrammeFactory,
    UserFactory,
    add_sessions,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cohort():
    programme = ProgrammeFactory(name="Shared Practice", slug="shared-practice")
    cohort = CohortFactory(programme=programme, name="2031-32", slug="2031-32")
    add_sessions(cohort, count=6)
    PriceOptionFactory(cohort=cohort)
    return cohort


@pytest.fixture
def application_cohort():
    now = timezone.now()
    programme = ProgrammeFactory(
        name="Connection Groups",
        slug="connection-groups",
        booking_mode=Programme.BookingMode.APPLICATION,
    )
    cohort = CohortFactory(
        programme=programme,
        slug="spring",
        applications_open_at=now - dt.timedelta(days=1),
        application_deadline=now + dt.timedelta(days=10),
    )
    add_sessions(cohort, count=6)
    return cohort


def public_paths(cohort):
    return [
        "/",
        cohort.programme.get_absolute_url(),
        cohort.get_absolute_url(),
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/privacy/",
    ]


def participant_paths(cohort):
    return [
        "/account/",
        "/account/profile/",
        "/account/your-data/",
        "/account/delete/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        f"/bookings/cohort/{cohort.pk}/book/",
        f"/bookings/cohort/{cohort.pk}/waiting-list/",
        "/cpd/",
        "/cpd/check-in/",
        "/applications/mine/",
        "/applications/expenses/",
    ]


@pytest.mark.parametrize("width", [1280, 360])
def test_public_pages_pass_the_basic_checks(page, cohort, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in public_paths(cohort):
        page.goto(path)
        assert_page_is_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_participant_pages_pass_the_basic_checks(
    page, cohort, application_cohort, width
):
    person = UserFactory(email="alex@eastvale.example")
    place = builders.booking(
        person, cohort=cohort, payment_method="invoice", total=Decimal("750.00")
    )
    builders.invoice_for(place.order, number=77)
    certificate = builders.certificate(place)
    application = builders.application(person, cohort=application_cohort)
    builders.waiting(person)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, person.email)
    expect(page).to_have_url("/account/")
    paths = [
        *participant_paths(cohort),
        f"/bookings/order/{place.order.reference}/",
        f"/bookings/order/{place.order.reference}/cancel/",
        f"/applications/{application.pk}/",
        f"/applications/apply/{application_cohort.pk}/",
        f"/applications/interest/{application_cohort.pk}/",
        application_cohort.get_absolute_url(),  # provisional session times
        f"/cpd/verify/{certificate.number}/",
    ]
    for path in paths:
        page.goto(path)
        assert_page_is_accessible(page)


def test_skip_link_is_the_first_stop_for_the_keyboard(page, cohort):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_focus_is_visible_on_links_and_buttons(page, cohort):
    page.goto("/accounts/login/")
    page.get_by_label("Email").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline != "none"


def test_signing_in_works_by_keyboard_alone(page, cohort):
    UserFactory(email="kim@eastvale.example")
    page.goto("/accounts/login/")
    page.get_by_label("Email").focus()
    page.keyboard.type("kim@eastvale.example")
    page.keyboard.press("Tab")
    page.keyboard.type("correct-horse-42")
    page.keyboard.press("Enter")
    expect(page).to_have_url("/account/")
