"""The admin's email previews render the invoice, receipt, credit note,
enquiry and swap emails with sample data."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

KINDS = [
    "bookings_invoice",
    "bookings_receipt",
    "bookings_credit_note",
    "bookings_enquiry",
    "bookings_place_swapped",
]


@pytest.mark.parametrize("kind", KINDS)
def test_new_booking_emails_preview_with_sample_data(admin_client, kind):
    page = admin_client.get(reverse("admin:notifications_preview", args=[kind]))
    assert page.status_code == 200
    assert b"could not be rendered" not in page.content
    assert b"Sam Patel" in page.content or b"K7QF-2M9X" in page.content
