"""Bookings' personal data: orders a person made, their places, waiting lists.

Orders, payments, invoices, credit notes and refunds are financial records
kept for six years (HMRC): their billing details stay after erasure. A
colleague named on an order the person booked is exported only as "another
attendee".
"""

from __future__ import annotations

from typing import Any

from bookings.models import (
    CreditNote,
    Enquiry,
    Invoice,
    Order,
    Payment,
    Place,
    PlaceAnswer,
    Refund,
    WaitingListEntry,
)
from cop.models import User
from cop.privacy import (
    DELETED_NAME,
    anonymous_email,
    declare,
    keep,
    rows,
    serialise,
    wipe,
)

FINANCIAL = "A financial record kept for six years (HMRC)."
STAFF_NOTE = (
    "A staff note on a financial record; not exported, available on a subject "
    "access request."
)

PLACE = declare(
    Place,
    wipe("attendee_name", DELETED_NAME),
    wipe("attendee_email", anonymous_email),
    wipe("access_needs"),
    wipe("dietary_requirements"),
)
PLACE_ANSWER = declare(PlaceAnswer, wipe("value", None))
WAITING_LIST_ENTRY = declare(
    WaitingListEntry,
    wipe("name", DELETED_NAME),
    wipe("email", anonymous_email),
)
ENQUIRY = declare(
    Enquiry,
    wipe("name", DELETED_NAME),
    wipe("email", anonymous_email),
    wipe("organisation"),
    wipe("message"),
)
DECLARATIONS = [
    PLACE,
    PLACE_ANSWER,
    WAITING_LIST_ENTRY,
    ENQUIRY,
    declare(
        Order,
        keep("billing_contact", reason=FINANCIAL),
        keep("billing_email", reason=FINANCIAL),
        keep("billing_address", reason=FINANCIAL),
        keep("purchase_order_number", reason=FINANCIAL),
        keep("attention_note", reason=STAFF_NOTE),
    ),
    declare(
        Invoice,
        keep("billing_name", reason=FINANCIAL),
        keep("billing_contact", reason=FINANCIAL),
        keep("billing_email", reason=FINANCIAL),
        keep("billing_address", reason=FINANCIAL),
        keep("purchase_order_number", reason=FINANCIAL),
    ),
]

# Never exported: staff-only notes, secrets and internal payment-provider data.
ORDER_PRIVATE = {"attention_note", "price_breakdown"}
PAYMENT_PRIVATE = {"checkout_url", "stripe_payment_intent", "stripe_session_id"}
REFUND_PRIVATE = {"last_error", "stripe_refund_id"}
WAITING_LIST_PRIVATE = {"token"}

_ATTENDEE_FIELDS = {
    "attendee_name",
    "attendee_email",
    "access_needs",
    "dietary_requirements",
}


def _orders(user: User) -> list[dict[str, Any]]:
    """Orders the person made, with payments and invoices; colleagues unnamed."""
    orders = []
    for order in Order.objects.filter(booker=user).prefetch_related("places"):
        row = serialise(order, hide=ORDER_PRIVATE)
        row["places"] = [
            serialise(place)
            if place.attendee_id == user.pk
            else serialise(place, hide=_ATTENDEE_FIELDS) | {"attendee": "another"}
            for place in order.places.all()
        ]
        row["payments"] = rows(
            Payment.objects.filter(order=order), hide=PAYMENT_PRIVATE
        )
        row["invoices"] = rows(Invoice.objects.filter(order=order))
        row["credit_notes"] = rows(CreditNote.objects.filter(invoice__order=order))
        row["refunds"] = rows(
            Refund.objects.filter(payment__order=order), hide=REFUND_PRIVATE
        )
        orders.append(row)
    return orders


def export(user: User) -> dict[str, Any]:
    return {
        "bookings_made": _orders(user),
        "places": rows(Place.objects.filter(attendee=user)),
        "booking_answers": rows(
            PlaceAnswer.objects.filter(place__attendee=user).select_related("question")
        ),
        "waiting_list": rows(
            WaitingListEntry.objects.filter(user=user), hide=WAITING_LIST_PRIVATE
        ),
        "enquiries": rows(Enquiry.objects.filter(user=user)),
    }


def erase(user: User) -> None:
    """Clear names and needs from places and waiting lists; orders are kept."""
    PLACE.erase(Place.objects.filter(attendee=user), user)
    PLACE_ANSWER.erase(PlaceAnswer.objects.filter(place__attendee=user), user)
    still_on = [WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED]
    WaitingListEntry.objects.filter(user=user, status__in=still_on).update(
        status=WaitingListEntry.Status.LEFT
    )
    WAITING_LIST_ENTRY.erase(WaitingListEntry.objects.filter(user=user), user)
    ENQUIRY.erase(Enquiry.objects.filter(user=user), user)
