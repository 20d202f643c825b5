"""Invoices and credit notes: sequential numbers, PDFs, marking paid.

Numbers come from a ``DocumentCounter`` row locked in the same transaction
that issues the document: a rollback gives the number back (no gaps) and a
second issuer waits for the first (no repeats).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import vat
from bookings.errors import BookingError
from bookings.models import CreditNote, DocumentCounter, Invoice, Order, Payment
from cop.audit import record
from cop.pdf import render_pdf

INVOICE_SERIES = "invoice"
CREDIT_NOTE_SERIES = "credit_note"


def next_number(series: str) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside transaction.atomic().")
    DocumentCounter.objects.get_or_create(series=series)
    counter = DocumentCounter.objects.select_for_update().get(series=series)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def vat_terms() -> vat.VatTerms:
    """The provider's VAT status, rate and number from settings, checked.

    A rate outside 0-100 (or a registered provider without a number) raises
    ``vat.VatError``: the booking is refused with that message and nothing
    is written, rather than an invoice with a wrong figure.
    """
    return vat.terms(
        status=settings.VAT_STATUS,
        rate=settings.VAT_RATE,
        number=settings.PROVIDER_VAT_NUMBER,
    )


def payment_terms_days() -> int:
    return int(settings.INVOICE_PAYMENT_TERMS_DAYS)


def issue_invoice(*, order: Order, now: dt.datetime | None = None) -> Invoice:
    now = now or timezone.now()
    terms = payment_terms_days()
    with transaction.atomic():
        invoice = Invoice.objects.create(
            order=order,
            number=next_number(INVOICE_SERIES),
            amount=order.total,
            vat_status=order.breakdown.vat_status or vat.NOT_REGISTERED,
            vat_rate=order.breakdown.vat_rate,
            vat_number=settings.PROVIDER_VAT_NUMBER
            if order.breakdown.charges_vat
            else "",
            issued_at=now,
            due_on=timezone.localdate(now) + dt.timedelta(days=terms),
            purchase_order_number=order.purchase_order_number,
            billing_name=order.organisation.name if order.organisation else "",
            billing_contact=order.billing_contact,
            billing_email=order.billing_email or order.booker.email,
            billing_address=order.billing_address,
        )
        if order.payment_terms_days != terms:
            order.payment_terms_days = terms
            order.save(update_fields=["payment_terms_days"])
        record("bookings.invoice.issued", invoice, amount=invoice.amount)
    return invoice


def credit_invoice(
    *, order: Order, amount: Decimal, now: dt.datetime | None = None, reason: str = ""
) -> CreditNote:
    now = now or timezone.now()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(order=order)
        amount = min(amount, invoice.balance)
        note = CreditNote.objects.create(
            invoice=invoice,
            number=next_number(CREDIT_NOTE_SERIES),
            amount=amount,
            reason=reason or _("Cancelled places"),
            issued_at=now,
        )
        if invoice.balance <= 0:
            invoice.status = Invoice.Status.CREDITED
            invoice.save(update_fields=["status"])
        record("bookings.invoice.credited", invoice, amount=amount, note=note.number)
    return note


def mark_invoice_paid(*, invoice_id: int, actor, now: dt.datetime | None = None):
    """Finance staff record that an invoice has been paid (idempotent)."""
    now = now or timezone.now()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
        if invoice.status == Invoice.Status.PAID:
            return invoice
        if invoice.status == Invoice.Status.CREDITED:
            raise BookingError(_("A fully credited invoice cannot be marked paid."))
        invoice.status = Invoice.Status.PAID
        invoice.paid_at = now
        invoice.marked_paid_by = actor
        invoice.save(update_fields=["status", "paid_at", "marked_paid_by"])
        record("bookings.invoice.paid", invoice, actor=actor, amount=invoice.amount)
    return invoice


DEMO_PAYMENT_INSTRUCTIONS = (
    "Pay by bank transfer to {provider}.\n"
    "Bank: Example Bank plc · Sort code: 00-00-00 · Account: 00000000\n"
    "(Demonstration details: set INVOICE_PAYMENT_INSTRUCTIONS for real ones.)"
)


def payment_instructions() -> str:
    """How to pay an invoice: bank details from settings, or demo ones."""
    configured = settings.INVOICE_PAYMENT_INSTRUCTIONS
    return configured or DEMO_PAYMENT_INSTRUCTIONS.format(
        provider=settings.PROVIDER_NAME
    )


def provider_lines() -> list[str]:
    """Contact details and legal numbers under the provider's address, when set."""
    labelled = [
        ("Email", settings.PROVIDER_CONTACT_EMAIL),
        ("Phone", settings.PROVIDER_CONTACT_PHONE),
        ("Company number", settings.PROVIDER_COMPANY_NUMBER),
        ("Registered charity number", settings.PROVIDER_CHARITY_NUMBER),
        ("VAT number", settings.PROVIDER_VAT_NUMBER),
    ]
    return [f"{label}: {value}" for label, value in labelled if value]


def recipient_lines(invoice: Invoice) -> list[str]:
    """The "To" block, each line once (billing addresses often repeat the name)."""
    lines, seen = [], set()
    candidates = [invoice.billing_name, invoice.billing_contact]
    candidates += invoice.billing_address.splitlines()
    candidates.append(invoice.billing_email)
    for line in candidates:
        line = line.strip()
        if line and line.casefold() not in seen:
            seen.add(line.casefold())
            lines.append(line)
    return lines


def invoice_context(invoice: Invoice) -> dict:
    order = invoice.order
    places = list(order.places.order_by("pk"))
    breakdown = order.breakdown
    lines = list(zip(places, breakdown.places, strict=False))
    return {
        "invoice": invoice,
        "order": order,
        "cohort": order.cohort,
        "lines": lines,
        "breakdown": breakdown,
        "credit_notes": list(invoice.credit_notes.order_by("number")),
        "PROVIDER_NAME": settings.PROVIDER_NAME,
        "PROVIDER_ADDRESS": settings.PROVIDER_ADDRESS,
        "provider_lines": provider_lines(),
        "payment_terms_days": order.payment_terms_days,
        "recipient_lines": recipient_lines(invoice),
        "balance": invoice.balance,
        "payment_instructions": payment_instructions(),
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    return render_pdf("bookings/invoice_pdf.html", invoice_context(invoice))
