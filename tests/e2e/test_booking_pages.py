"""The pages this work adds, checked with axe at desktop and phone widths:
the enquiry form (and its errors), the cohort page's prices for a member,
the organisation contact's page and the swap page (and its errors)."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bookings.services import Attendee, Billing, book_places
from cop.models import OrganisationType
from tests.e2e.helpers import assert_page_is_accessible, sign_in
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PriceOptionFactory,
    ProgrammeFactory,
    TierFactory,
    UserFactory,
    add_sessions,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def both_widths(page):
    assert_page_is_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert_page_is_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def booked():
    """A council's contact, and an order of two places made for the council."""
    tier = TierFactory(
        name="Advanced",
        discount_percent="33",
        free_places_per_cohort=2,
        free_place_organisation_types=[OrganisationType.LOCAL_GOVERNMENT],
    )
    council = OrganisationFactory(
        name="Northtown Council",
        type=OrganisationType.LOCAL_GOVERNMENT,
        membership_tier=tier,
        membership_valid_from=dt.date(2020, 1, 1),
        email_domains="northtown.gov.uk",
    )
    programme = ProgrammeFactory(name="Shared Ground", slug="shared-ground")
    cohort = CohortFactory(programme=programme, name="2031-32", slug="2031-32")
    add_sessions(cohort, count=6)
    six = PriceOptionFactory(cohort=cohort, name="All six sessions", price="750.00")
    contact = UserFactory(
        email="contact@northtown.gov.uk",
        full_name="Cara Contact",
        organisation=council,
        organisation_confirmed=True,
        is_organisation_contact=True,
    )
    UserFactory(
        email="carl@northtown.gov.uk",
        full_name="Carl Colleague",
        organisation=council,
        organisation_confirmed=False,
    )
    order = book_places(
        cohort_id=cohort.pk,
        booker=contact,
        option_id=six.pk,
        organisation_id=council.pk,
        payment_method="invoice",
        attendees=[
            Attendee("Dee Officer", "dee@northtown.gov.uk"),
            Attendee("Eli Officer", "eli@northtown.gov.uk"),
        ],
        billing=Billing("PO-1", "Accounts", "ap@northtown.gov.uk", "Town Hall"),
    )
    return contact, order


def test_enquiry_form_and_its_errors_are_accessible(page):
    page.goto(reverse("bookings:enquiry"))
    both_widths(page)
    page.get_by_role("button", name="Send enquiry").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    both_widths(page)


def test_cohort_page_with_member_prices_is_accessible(page, booked):
    contact, order = booked
    sign_in(page, contact.email)
    page.goto(order.cohort.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Your price as Northtown Council")
    both_widths(page)


def test_organisation_page_is_accessible(page, booked):
    contact, order = booked
    sign_in(page, contact.email)
    page.goto(reverse("bookings:organisation_bookings"))
    expect(page.locator("main")).to_contain_text(order.reference)
    expect(page.locator("main")).to_contain_text("Carl Colleague")
    both_widths(page)


def test_swap_page_and_its_refusal_are_accessible(page, booked):
    contact, order = booked
    first = order.places.order_by("pk").first()
    sign_in(page, contact.email)
    page.goto(reverse("bookings:swap", args=[order.reference, first.pk]))
    both_widths(page)
    page.get_by_label("New attendee's name").fill("Twice")
    page.get_by_label("New attendee's email address").fill("eli@northtown.gov.uk")
    page.get_by_role("button", name="Give the place to this person").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("already has a place")
    both_widths(page)
