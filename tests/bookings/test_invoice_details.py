"""Invoice details are checked at the review step, next to their fields."""

import pytest
from django.urls import reverse

from bookings.models import Order
from bookings.services import payment_problems, quote
from tests.bookings.helpers import confirm_member

pytestmark = pytest.mark.django_db


def post(client, cohort, **extra):
    data = {
        "book_for_self": "on",
        "payment_method": "invoice",
        "colleague-TOTAL_FORMS": "0",
        "colleague-INITIAL_FORMS": "0",
        "colleague-MIN_NUM_FORMS": "0",
        "colleague-MAX_NUM_FORMS": "20",
        "step": "review",
    }
    data.update(extra)
    return client.post(reverse("bookings:book", args=[cohort.pk]), data)


@pytest.fixture
def member(client, booker, council):
    confirm_member(booker, council.pk)
    client.force_login(booker)
    return booker


@pytest.fixture
def paying(council):
    """The council has used its free places, so the next place costs money."""
    council.membership_tier.free_places_per_cohort = 0
    council.membership_tier.save()
    return council


def test_review_marks_missing_billing_contact_and_address(
    client, cohort, six, member, paying
):
    response = post(client, cohort, option=six.pk, organisation=paying.pk)
    form = response.context["form"]
    assert form.errors["billing_contact"] == ["Give a billing contact for the invoice."]
    assert form.errors["billing_address"] == ["Give a billing address for the invoice."]
    assert "Check your booking" not in response.content.decode()
    assert not Order.objects.exists()


def test_review_passes_with_billing_details(client, cohort, six, member, paying):
    response = post(
        client,
        cohort,
        option=six.pk,
        organisation=paying.pk,
        billing_contact="Finance Team",
        billing_address="Town Hall, Northtown",
    )
    assert "Check your booking" in response.content.decode()


def test_free_places_need_no_billing_details(client, cohort, six, member, council):
    response = post(client, cohort, option=six.pk, organisation=council.pk)
    assert "Check your booking" in response.content.decode()


def test_invoice_without_organisation_goes_to_the_review(client, cohort, six, member):
    response = post(
        client,
        cohort,
        option=six.pk,
        billing_contact="Finance Team",
        billing_address="Town Hall, Northtown",
    )
    assert "Check your booking" in response.content.decode()


def test_confirm_without_organisation_books_at_the_full_price_by_invoice(
    client, cohort, six, member
):
    post(
        client,
        cohort,
        option=six.pk,
        step="confirm",
        expected_total="750.00",
        billing_contact="Finance Team",
        billing_address="Town Hall, Northtown",
    )
    order = Order.objects.get()
    assert (order.organisation, order.payment_method) == (None, "invoice")
    assert order.invoice.amount == order.total == 750


def test_review_and_booking_refuse_a_blank_billing_address_alike(
    client, cohort, six, member, paying
):
    details = {
        "option": six.pk,
        "organisation": paying.pk,
        "billing_contact": "Finance Team",
        "billing_address": "   ",
    }
    review = post(client, cohort, **details).context["form"]
    confirm = post(
        client, cohort, step="confirm", expected_total="502.50", **details
    ).context["form"]
    expected = ["Give a billing address for the invoice."]
    assert review.errors["billing_address"] == expected
    assert confirm.errors["billing_address"] == expected
    assert not Order.objects.exists()


def test_card_refusal_names_the_payment_method_field(cohort, six, settings):
    settings.STRIPE_ENABLED = False
    six.refresh_from_db()
    problems = payment_problems(
        requested="card",
        breakdown=quote(cohort=cohort, option=six, organisation=None, places=1),
        organisation=None,
        billing=None,
    )
    assert [(p.field, p.message) for p in problems] == [
        ("payment_method", "Card payment is not available; choose invoice.")
    ]
