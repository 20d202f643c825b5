"""The invoice PDF says how to pay, and only when something is owed."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from bookings import invoicing, services
from bookings.models import Invoice
from tests.bookings.helpers import book
from tests.cop.test_settings import settings_from_environment

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoiced(cohort, six, council, booker):
    return book(cohort, booker, six, count=3, organisation_id=council.pk)


def pdf_text(invoice) -> str:
    data = invoicing.invoice_pdf(Invoice.objects.get(pk=invoice.pk))
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def credit_in_full(order, booker):
    paid = order.places.get(is_free_place=False)
    services.cancel_places(order_id=order.pk, place_ids=[paid.pk], actor=booker)


def test_unpaid_invoice_says_how_to_pay_quoting_its_number(invoiced, settings):
    settings.INVOICE_PAYMENT_INSTRUCTIONS = "Sort code 12-34-56, account 87654321"
    text = pdf_text(invoiced.invoice)
    assert "Please pay £502.50" in text
    assert "INV-000001 as the payment reference" in " ".join(text.split())
    assert "Sort code 12-34-56, account 87654321" in text


def test_unpaid_invoice_has_demo_bank_details_without_settings(invoiced):
    text = pdf_text(invoiced.invoice)
    assert "Sort code" in text


def test_credited_invoice_asks_for_no_payment(invoiced, booker):
    credit_in_full(invoiced, booker)
    text = pdf_text(invoiced.invoice)
    assert "Please pay" not in text
    assert "Due:" not in text
    assert "credited in full" in text


def test_organisation_name_is_printed_once_in_the_to_block(invoiced):
    invoice = invoiced.invoice
    invoice.billing_address = "Northtown Council\nTown Hall\nNorthtown NT1 1AA"
    invoice.save()
    text = pdf_text(invoice)
    assert text.count("Northtown Council") == 1
    assert "Town Hall" in text


def test_order_page_shows_no_due_date_for_a_credited_invoice(client, invoiced, booker):
    credit_in_full(invoiced, booker)
    client.force_login(booker)
    url = reverse("bookings:order_detail", args=[invoiced.reference])
    page = client.get(url).content.decode()
    assert "Credited in full" in page
    assert "due " not in page


def test_order_page_shows_the_due_date_of_an_unpaid_invoice(client, invoiced, booker):
    client.force_login(booker)
    url = reverse("bookings:order_detail", args=[invoiced.reference])
    page = client.get(url).content.decode()
    assert "due " in page


def test_payment_instructions_from_the_environment_are_printed(invoiced, settings):
    configured = settings_from_environment(
        "INVOICE_PAYMENT_INSTRUCTIONS",
        INVOICE_PAYMENT_INSTRUCTIONS="Northbank plc\\nSort code 40-11-22",
    )
    assert configured == "Northbank plc\nSort code 40-11-22"
    settings.INVOICE_PAYMENT_INSTRUCTIONS = configured
    text = pdf_text(invoiced.invoice)
    assert "Northbank plc" in text
    assert "Sort code 40-11-22" in text
    assert "Demonstration details" not in text


def test_provider_contact_and_legal_numbers_are_printed_when_set(invoiced, settings):
    settings.PROVIDER_CONTACT_EMAIL = "accounts@network.example"
    settings.PROVIDER_CHARITY_NUMBER = "1234567"
    text = pdf_text(invoiced.invoice)
    assert "Email: accounts@network.example" in text
    assert "Registered charity number: 1234567" in text
    assert "VAT number" not in text
