"""Sample order, place and invoice for the email template previews."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from bookings.models import (
    CreditNote,
    Enquiry,
    Invoice,
    Order,
    Payment,
    Place,
    WaitingListEntry,
    WaitingListOffer,
)
from bookings.pricing import PlacePrice, PriceBreakdown
from cop.models import Organisation


def sample_booking(context: dict[str, Any]) -> dict[str, Any]:
    """Builds on the cohort sample (registered first by cohorts)."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    user, cohort = context["user"], context["cohort"]
    breakdown = PriceBreakdown(
        option_name="Standard",
        tier_name="",
        places=(
            PlacePrice(
                list_price=Decimal("750.00"),
                discount_percent=Decimal("0"),
                discount=Decimal("0.00"),
                free_place=False,
                total=Decimal("750.00"),
            ),
        ),
        total=Decimal("750.00"),
    )
    order = Order(
        reference="K7QF-2M9X",
        cohort=cohort,
        booker=user,
        total=Decimal("750.00"),
        payment_method=Order.PaymentMethod.INVOICE,
        organisation=Organisation(name="Northshire Council"),
        purchase_order_number="PO-12345",
        created_at=now - dt.timedelta(days=31),
        price_breakdown=breakdown.as_json(),
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
        pk=0,
        order=order,
        number=42,
        amount=Decimal("750.00"),
        due_on=timezone.localdate(now) - dt.timedelta(days=1),
        purchase_order_number="PO-12345",
        billing_name="Northshire Council",
        billing_contact="Accounts payable",
        billing_email="accounts@northshire.example",
    )
    # Its balance reads the credit notes: none, from the cache, not the database.
    invoice._prefetched_objects_cache = {  # type: ignore[attr-defined]
        "credit_notes": CreditNote.objects.none()
    }
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
        "places": [place],
        "breakdown": breakdown,
        "order_url": settings.SITE_URL + order.get_absolute_url(),
        "signup_url": settings.SITE_URL + reverse("account_signup"),
        "due_on": timezone.localdate(now) - dt.timedelta(days=1),
        "number": 1,
        "lead": "in a week",
        "stage": "first",
    }


def sample_waiting_list(context: dict[str, Any]) -> dict[str, Any]:
    """A waiting-list entry with a place offered to it."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    user, cohort = context["user"], context["cohort"]
    entry = WaitingListEntry(
        programme=cohort.programme,
        cohort=cohort,
        name=user.full_name,
        email=user.email,
        user=user,
        position=2,
        token="sample-entry-token-0001",
    )
    offer = WaitingListOffer(
        entry=entry,
        cohort=cohort,
        places=1,
        token="sample-offer-token-0001",
        expires_at=now + dt.timedelta(hours=48),
    )
    return {
        "entry": entry,
        "offer": offer,
        "position": entry.position,
        "offer_url": settings.SITE_URL + reverse("bookings:offer", args=[offer.token]),
        "entry_url": settings.SITE_URL
        + reverse("bookings:waiting_list_entry", args=[entry.token]),
    }
