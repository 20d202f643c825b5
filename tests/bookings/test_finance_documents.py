"""Invoices, credit notes and receipts as finance teams need them: read back
from the PDF text; the invoice email reaches accounts payable with the PDF."""

import base64
import io
from decimal import Decimal

import pytest
from django.core import mail
from pypdf import PdfReader

from bookings import emails, invoicing, services
from bookings.errors import BookingError
from bookings.models import Invoice, Order, Payment
from notifications.models import Notification
from tests.bookings.helpers import BILLING, book, people

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def provider(settings):
    settings.PROVIDER_NAME = "Practice Network CIC"
    settings.PROVIDER_ADDRESS = "1 Example Street, Manchester, M1 1AA"
    settings.PROVIDER_COMPANY_NUMBER = "12345678"
    settings.PROVIDER_CHARITY_NUMBER = "1100001"
    settings.PROVIDER_CONTACT_EMAIL = "accounts@network.example"
    settings.PROVIDER_REMITTANCE_ADDRESS = "Finance, PO Box 9, Manchester M2 2BB"
    return settings


@pytest.fixture
def vat_registered(provider):
    provider.VAT_STATUS = "registered"
    provider.VAT_RATE = "20"
    provider.PROVIDER_VAT_NUMBER = "GB123456789"
    return provider


def test_vat_invoice_has_every_field_hmrc_requires(cohort, six, booker, vat_registered):
    order = book(cohort, booker, six, count=1)
    text = text_of(invoicing.invoice_pdf(order.invoice))
    for field in (
        "VAT invoice",
        "Invoice number: INV-000001",
        "Date of issue",
        "Tax point",
        "VAT number: GB123456789",
        "Practice Network CIC",
        "1 Example Street",
        "Finance Team",
        "Town Hall, Northtown",
        "Total excluding VAT £750.00",
        "Total VAT at 20% £150.00",
        "Total including VAT £900.00",
        "Company number: 12345678",
        "Registered charity number: 1100001",
        "accounts@network.example",
        "Finance, PO Box 9",
    ):
        assert field in text, field


def test_vat_invoice_line_shows_net_rate_vat_and_gross(
    cohort, six, booker, vat_registered
):
    order = book(cohort, booker, six, count=1)
    text = text_of(invoicing.invoice_pdf(order.invoice))
    assert "£750.00 20% £150.00 £900.00" in text


def test_order_total_is_net_plus_vat_when_registered(
    cohort, six, booker, vat_registered
):
    order = book(cohort, booker, six, count=2)
    assert order.total == Decimal("1800.00")
    assert order.invoice.amount == Decimal("1800.00")
    assert order.invoice.vat_rate == Decimal("20")
    assert [p.vat for p in order.places.order_by("pk")] == [Decimal("150.00")] * 2


def test_invoice_without_vat_registration_says_so(cohort, six, booker, provider):
    order = book(cohort, booker, six, count=1)
    text = text_of(invoicing.invoice_pdf(order.invoice))
    assert "not registered for VAT" in text
    assert "VAT invoice" not in text
    assert "Total £750.00" in text


def test_exempt_invoice_says_the_supply_is_exempt(cohort, six, booker, provider):
    provider.VAT_STATUS = "exempt"
    order = book(cohort, booker, six, count=1)
    text = text_of(invoicing.invoice_pdf(order.invoice))
    assert "exempt supply of education" in text
    assert order.total == Decimal("750.00")


@pytest.mark.parametrize("rate", ["-1", "150"])
def test_booking_with_a_bad_vat_rate_is_refused_and_changes_nothing(
    cohort, six, booker, vat_registered, rate
):
    vat_registered.VAT_RATE = rate
    with pytest.raises(BookingError) as error:
        book(cohort, booker, six, count=1)
    assert "from 0 to 100" in error.value.message
    assert not Order.objects.exists()
    assert not Invoice.objects.exists()


def test_credit_note_pdf_names_invoice_reason_and_vat(
    cohort, six, booker, vat_registered
):
    order = book(cohort, booker, six, count=2)
    place = order.places.first()
    services.cancel_places(order_id=order.pk, place_ids=[place.pk], actor=booker)
    note = order.invoice.credit_notes.get()
    text = text_of(invoicing.credit_note_pdf(note))
    assert "Credit note number: CN-000001" in text
    assert "Against invoice: INV-000001" in text
    assert "£750.00 20% £150.00 £900.00" in text
    assert "Company number: 12345678" in text
    assert "accounts@network.example" in text


def test_receipt_pdf_shows_payment_and_vat(cohort, six, booker, vat_registered):
    order = book(
        cohort, booker, six, count=1, payment_method="invoice", billing=BILLING
    )
    payment = Payment.objects.create(
        order=order, method="card", amount=order.total, status="paid"
    )
    text = text_of(invoicing.receipt_pdf(payment))
    assert f"Receipt number: RCT-{payment.pk:06d}" in text
    assert "Amount paid £900.00" in text
    assert "Total VAT £150.00" in text
    assert "VAT number: GB123456789" in text


def test_invoice_email_goes_to_booker_and_accounts_payable_with_the_pdf(
    cohort, six, booker, provider, committed
):
    with committed():
        order = book(cohort, booker, six, count=1)
    sent = {m.to[0]: m for m in mail.outbox if "Invoice" in m.subject}
    assert set(sent) == {booker.email, BILLING.email}
    name, content, mimetype = sent[BILLING.email].attachments[0]
    assert (name, mimetype) == ("INV-000001.pdf", "application/pdf")
    assert "Invoice number: INV-000001" in text_of(content)
    assert order.reference in sent[BILLING.email].body


def test_invoice_email_is_sent_once_per_recipient(cohort, six, booker, provider):
    order = book(cohort, booker, six, count=1)
    emails.send_invoice(order.invoice)
    emails.send_invoice(order.invoice)
    assert Notification.objects.filter(kind="bookings_invoice").count() == 2


def test_invoice_email_to_a_booker_who_is_the_billing_contact_goes_once(
    cohort, six, booker, provider
):
    billing = BILLING.__class__("PO", "Ada", booker.email.upper(), "1 Road")
    order = book(cohort, booker, six, count=1, billing=billing, attendees=people(1))
    emails.send_invoice(order.invoice)
    assert Notification.objects.filter(kind="bookings_invoice").count() == 1


def test_stored_attachment_is_base64_text(cohort, six, booker, provider):
    order = book(cohort, booker, six, count=1)
    emails.send_invoice(order.invoice)
    stored = Notification.objects.filter(kind="bookings_invoice").first()
    _name, content, mimetype = stored.attachments[0]
    assert mimetype == "application/pdf;base64"
    assert base64.b64decode(content).startswith(b"%PDF")


def test_confirmation_arriving_between_review_and_confirm_reprices_and_says_so(
    cohort, six, booker, council, provider
):
    from bookings.errors import PriceChanged
    from tests.bookings.helpers import confirm_member

    # Seen at £750 as a non-member; then the link to the council is confirmed.
    confirm_member(booker, council.pk)
    with pytest.raises(PriceChanged) as error:
        book(
            cohort,
            booker,
            six,
            count=1,
            organisation_id=council.pk,
            expected_total=Decimal("750.00"),
        )
    assert "£0.00" in error.value.message
    assert not Order.objects.exists()
