"""Sample order, place and invoice for the email template previews."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bookings.models import CreditNote, Enquiry, Invoice, Order, Payment, Place


def sample_booking(context: dict[str, Any]) -> dict[str, Any]:
    """Builds on the cohort sample (registered first by cohorts)."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    user, cohort = context["user"], context["cohort"]
    order = Order(
        reference="K7QF-2M9X",
        cohort=cohort,
        booker=user,
        total=Decimal("750.00"),
        payment_method=Order.PaymentMethod.INVOICE,
        purchase_order_number="PO-12345",
        created_at=now - dt.timedelta(days=31),
    )
    place = Place(
        order=order,
        cohort=cohort,
        attendee=user,
        attendee_name=user.full_name,
        attendee_email=user.email,
        total=Decimal("750.00"),
    )
    invoice = Invoice(
        pk=0,  # its balance looks up credit notes: none for pk 0
        order=order,
        number=42,
        amount=Decimal("750.00"),
        due_on=timezone.localdate(now) - dt.timedelta(days=1),
        purchase_order_number="PO-12345",
        billing_name="Northshire Council",
        billing_contact="Accounts payable",
        billing_email="accounts@northshire.example",
    )
    payment = Payment(pk=0, order=order, method="card", amount=order.total, paid_at=now)
    note = CreditNote(
        number=7,
        invoice=invoice,
        amount=Decimal("750.00"),
        reason="Cancelled places",
        issued_at=now,
    )
    enquiry = Enquiry(
        topic=Enquiry.Topic.BESPOKE,
        name="Sam Patel",
        email=user.email,
        organisation="Northshire Council",
        message="Could you run a cohort for our housing team?",
    )
    return {
        "payment": payment,
        "receipt_number": "RCT-000042",
        "note": note,
        "enquiry": enquiry,
        "admin_url": "/admin/bookings/enquiry/",
        "old_name": "Sam Patel",
        "changed_by": "Cara Contact",
        "contact_email": "hello@cop.example",
        "invoice": invoice,
        "order": order,
        "place": place,
        "due_on": timezone.localdate(now) - dt.timedelta(days=1),
        "number": 1,
        "lead": "in a week",
        "stage": "first",
    }
