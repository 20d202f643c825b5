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


def _send_later(task_name: str, pk: int) -> None:
    """Email a document after commit: its PDF is rendered outside the locks."""
    from bookings import tasks

    getattr(tasks, task_name).delay(pk)


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
        transaction.on_commit(lambda: _send_later("send_invoice_task", invoice.pk))
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
        transaction.on_commit(lambda: _send_later("send_credit_note_task", note.pk))
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
    """Contact details under the provider's address, when set."""
    labelled = [
        ("Email", settings.PROVIDER_CONTACT_EMAIL),
        ("Phone", settings.PROVIDER_CONTACT_PHONE),
        ("VAT number", settings.PROVIDER_VAT_NUMBER),
    ]
    return [f"{label}: {value}" for label, value in labelled if value]


def legal_lines() -> list[str]:
    """Company and charity numbers, printed at the foot of every document."""
    labelled = [
        ("Company number", settings.PROVIDER_COMPANY_NUMBER),
        ("Registered charity number", settings.PROVIDER_CHARITY_NUMBER),
    ]
    return [f"{label}: {value}" for label, value in labelled if value]


def remittance_address() -> str:
    return settings.PROVIDER_REMITTANCE_ADDRESS or settings.PROVIDER_ADDRESS


def document_vat(invoice: Invoice) -> vat.VatTerms:
    """The VAT terms the invoice was issued under (settings may change later)."""
    return vat.VatTerms(
        status=invoice.vat_status, rate=invoice.vat_rate, number=invoice.vat_number
    )


def _provider_context(terms: vat.VatTerms, number: str) -> dict:
    return {
        "PROVIDER_NAME": settings.PROVIDER_NAME,
        "PROVIDER_ADDRESS": settings.PROVIDER_ADDRESS,
        "PROVIDER_CONTACT_EMAIL": settings.PROVIDER_CONTACT_EMAIL,
        "PROVIDER_CONTACT_PHONE": settings.PROVIDER_CONTACT_PHONE,
        "provider_lines": provider_lines(),
        "legal_lines": legal_lines(),
        "vat": terms,
        "vat_rate": vat.format_rate(terms.rate),
        "vat_statement": vat.statement(terms),
        "document_number": number,
    }


def _dates(order: Order) -> str:
    sessions = [s for s in order.cohort.sessions.all() if not s.is_cancelled]
    if not sessions:
        return ""
    first = min(s.starts_at for s in sessions)
    last = max(s.starts_at for s in sessions)
    first_day = timezone.localtime(first).strftime("%-d %B %Y")
    last_day = timezone.localtime(last).strftime("%-d %B %Y")
    return first_day if first_day == last_day else f"{first_day} to {last_day}"


def _rows(order: Order, terms: vat.VatTerms) -> list[dict]:
    places = list(order.places.order_by("pk"))
    rows = []
    for place, price in zip(places, order.breakdown.places, strict=False):
        line = vat.VatLine(
            net=price.total, rate=terms.effective_rate, vat=price.vat, gross=price.gross
        )
        rows.append({"name": place.attendee_name, "price": price, "line": line})
    return rows


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
    terms = document_vat(invoice)
    rows = _rows(order, terms)
    return {
        **_provider_context(terms, invoice.display_number),
        "invoice": invoice,
        "order": order,
        "cohort": order.cohort,
        "dates": _dates(order),
        "rows": rows,
        "summary": vat.VatSummary(tuple(row["line"] for row in rows)),
        "breakdown": order.breakdown,
        "credit_notes": list(invoice.credit_notes.order_by("number")),
        "payment_terms_days": order.payment_terms_days,
        "recipient_lines": recipient_lines(invoice),
        "balance": invoice.balance,
        "payment_instructions": payment_instructions(),
        "remittance_address": remittance_address(),
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    return render_pdf("bookings/invoice_pdf.html", invoice_context(invoice))


def credit_note_pdf(note: CreditNote) -> bytes:
    invoice = note.invoice
    terms = document_vat(invoice)
    return render_pdf(
        "bookings/pdf/credit_note.html",
        {
            **_provider_context(terms, note.display_number),
            "note": note,
            "invoice": invoice,
            "order": invoice.order,
            "cohort": invoice.order.cohort,
            "line": vat.split_gross(note.amount, terms.effective_rate),
            "recipient_lines": recipient_lines(invoice),
        },
    )


def receipt_number(payment: Payment) -> str:
    return f"RCT-{payment.pk:06d}"


def receipt_pdf(payment: Payment) -> bytes:
    """A receipt for a card payment: what was paid, when, and the VAT in it."""
    order = payment.order
    breakdown = order.breakdown
    terms = vat.VatTerms(
        status=breakdown.vat_status or vat.NOT_REGISTERED,
        rate=breakdown.vat_rate,
        number=settings.PROVIDER_VAT_NUMBER if breakdown.charges_vat else "",
    )
    rows = _rows(order, terms)
    return render_pdf(
        "bookings/pdf/receipt.html",
        {
            **_provider_context(terms, receipt_number(payment)),
            "receipt_number": receipt_number(payment),
            "payment": payment,
            "order": order,
            "cohort": order.cohort,
            "dates": _dates(order),
            "breakdown": breakdown,
            "rows": rows,
            "summary": vat.VatSummary(tuple(row["line"] for row in rows)),
        },
    )
