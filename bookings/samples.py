"""Sample order, place and invoice for the email template previews."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bookings.models import Invoice, Order, Place


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
    return {
        "invoice": invoice,
        "order": order,
        "place": place,
        "due_on": timezone.localdate(now) - dt.timedelta(days=1),
        "number": 1,
        "lead": "in a week",
        "stage": "first",
    }
