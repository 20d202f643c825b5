"""A charity worker with a personal email books and pays by invoice, end to
end in a real browser, at desktop and phone widths, with axe on the booking
form, its error state and the review."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from bookings.models import Order
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
def bookable():
    programme = ProgrammeFactory(name="Shared Ground", slug="shared-ground")
    cohort = CohortFactory(programme=programme, name="2031-32", slug="2031-32")
    add_sessions(cohort, count=6)
    PriceOptionFactory(cohort=cohort, name="All six sessions", price="750.00")
    PriceOptionFactory(
        cohort=cohort, name="Any three sessions", price="450.00", sessions_included=3
    )
    return cohort


def check_both_widths(page):
    assert_page_is_accessible(page)
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": 360, "height": 800})
    assert_page_is_accessible(page)
    page.set_viewport_size({"width": width, "height": 900})


@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
def test_personal_email_books_and_pays_by_invoice(page, bookable, width):
    person = UserFactory(email="sam.worker@personal.example", full_name="Sam Worker")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, person.email)
    page.goto(bookable.get_absolute_url())
    page.get_by_role("link", name="Book a place").click()

    # The short form: one package chosen, no session boxes, no colleague rows.
    expect(
        page.get_by_role("radio", name=re.compile("^All six sessions"))
    ).to_be_checked()
    expect(page.get_by_role("group", name="Sessions")).to_be_hidden()
    expect(page.get_by_role("group", name="Colleague 1")).to_have_count(0)
    check_both_widths(page)

    # Add a colleague with a bad email and leave the billing address empty.
    page.get_by_role("button", name=re.compile("Add a colleague")).click()
    colleague = page.get_by_role("group", name="Colleague 1")
    colleague.get_by_label(re.compile("^Name")).fill("Bea Colleague")
    colleague.get_by_label(re.compile("^Email")).fill("not-an-email")
    page.get_by_label("Billing address").fill("")
    page.get_by_role("button", name="Continue to check your booking").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a valid email address.")
    check_both_widths(page)
    summary.get_by_role("link", name="Enter a valid email address.").click()
    colleague_email = page.get_by_role("group", name="Colleague 1").get_by_label(
        re.compile("^Email")
    )
    expect(colleague_email).to_be_focused()
    colleague_email.fill("bea@charity.example")
    page.get_by_role("radio", name=re.compile("^Invoice")).check()
    page.get_by_label("Purchase order number").fill("PO-2031")
    page.get_by_label("Billing email").fill("accounts@charity.example")
    page.get_by_label("Billing address").fill("2 Chapel Street\nEastvale EV1 2AB")
    page.get_by_role("button", name="Continue to check your booking").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your booking")
    expect(page.locator("main")).to_contain_text("PO-2031")
    expect(page.locator("main")).to_contain_text("accounts@charity.example")
    expect(page.locator("main")).to_contain_text("Bea Colleague")
    check_both_widths(page)
    page.get_by_role("button", name=re.compile("Confirm booking")).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("confirmed")
    order = Order.objects.get(booker=person)
    assert (order.payment_method, order.status, str(order.total)) == (
        "invoice",
        "confirmed",
        "1500.00",
    )
    invoiced = [m for m in mail.outbox if m.subject.startswith("Invoice")]
    assert {m.to[0] for m in invoiced} == {person.email, "accounts@charity.example"}
    assert all(m.attachments[0][2] == "application/pdf" for m in invoiced)
    check_both_widths(page)
