"""The emails bookings send, all through ``notifications.services.notify``.

Called inside the transaction that made the change: ``notify`` records the
email at once (at most once per kind, object and recipient) and sends it
after commit.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from icalendar import Calendar

from bookings import invoicing
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
from cohorts.calendar import build_calendar
from cohorts.models import Session
from notifications.services import binary_attachment, notify


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def calendar_attachment(sessions) -> tuple[str, str, str]:
    body = build_calendar(sessions, method="REQUEST", include_private=True)
    return ("sessions.ics", body.decode("utf-8"), "text/calendar; method=REQUEST")


def send_confirmation(order: Order) -> None:
    """One email to the booker, and one to each colleague booked for.

    Runs under the booking's cohort lock, so it reads the cohort's sessions
    once and builds one .ics per distinct set of sessions.
    """
    sessions_with_programme = Session.objects.select_related("cohort__programme")
    places = list(
        order.places.order_by("pk")
        .select_related("cohort")
        .prefetch_related(
            Prefetch("sessions", queryset=sessions_with_programme),
            Prefetch("cohort__sessions", queryset=sessions_with_programme),
        )
    )
    invites: dict[tuple[int, ...], tuple[str, str, str]] = {}

    def invite(sessions) -> tuple[str, str, str]:
        key = tuple(s.pk for s in sessions)
        if key not in invites:
            invites[key] = calendar_attachment(sessions)
        return invites[key]

    own = next((p for p in places if p.attendee_email == order.booker.email), None)
    sessions = (own or places[0]).covered_sessions(include_cancelled=True)
    context = {
        "order": order,
        "cohort": order.cohort,
        "places": places,
        "breakdown": order.breakdown,
        "sessions": sessions,
        "order_url": absolute(order.get_absolute_url()),
    }
    notify(
        kind="bookings_confirmation",
        to=order.booker.email,
        context=context,
        about=order,
        user=order.booker,
        cohort=order.cohort,
        attachments=[invite(sessions)],
    )
    signup_url = absolute(reverse("account_signup"))
    for place in places:
        if place is own:
            continue
        place_dates = place.covered_sessions(include_cancelled=True)
        notify(
            kind="bookings_place_confirmed",
            to=place.attendee_email,
            context={
                "order": order,
                "place": place,
                "cohort": order.cohort,
                "sessions": place_dates,
                "signup_url": signup_url,
            },
            about=place,
            user=place.attendee,
            cohort=order.cohort,
            attachments=[invite(place_dates)],
        )


def send_cancellation(order: Order, places: list[Place], refund: Decimal) -> None:
    key = places[0]  # the first cancelled place identifies this cancellation
    notify(
        kind="bookings_cancelled",
        to=order.booker.email,
        context={
            "order": order,
            "cohort": order.cohort,
            "places": places,
            "refund": refund,
            "order_url": absolute(order.get_absolute_url()),
        },
        about=key,
        user=order.booker,
        cohort=order.cohort,
    )


def send_late_payment_refunded(order: Order) -> None:
    notify(
        kind="bookings_late_payment_refunded",
        to=order.booker.email,
        context={"order": order, "cohort": order.cohort},
        about=order,
        user=order.booker,
        cohort=order.cohort,
    )


def send_waiting_list_joined(entry: WaitingListEntry, position: int) -> None:
    notify(
        kind="bookings_waiting_list_joined",
        to=entry.email,
        context={
            "entry": entry,
            "position": position,
            "entry_url": absolute(
                reverse("bookings:waiting_list_entry", args=[entry.token])
            ),
        },
        about=entry,
        user=entry.user,
        cohort=entry.cohort,
    )


def send_waiting_list_offer(offer: WaitingListOffer) -> None:
    entry = offer.entry
    notify(
        kind="bookings_waiting_list_offer",
        to=entry.email,
        context={
            "entry": entry,
            "offer": offer,
            "cohort": offer.cohort,
            "offer_url": absolute(reverse("bookings:offer", args=[offer.token])),
            "entry_url": absolute(
                reverse("bookings:waiting_list_entry", args=[entry.token])
            ),
        },
        about=offer,
        user=entry.user,
        cohort=offer.cohort,
    )


def _recipients(*addresses: str) -> list[str]:
    """Each address once, in order, case-insensitively; blanks dropped."""
    seen: dict[str, str] = {}
    for address in addresses:
        address = (address or "").strip()
        if address and address.lower() not in seen:
            seen[address.lower()] = address
    return list(seen.values())


def send_invoice(invoice: Invoice) -> None:
    """The invoice PDF to the booker and to the billing email (accounts payable).

    One email per recipient (the notification's unique key is kind, invoice
    and recipient), so a retried task sends neither twice.
    """
    order = invoice.order
    pdf = binary_attachment(
        f"{invoice.display_number}.pdf",
        invoicing.invoice_pdf(invoice),
        "application/pdf",
    )
    for to in _recipients(order.booker.email, invoice.billing_email):
        for_accounts = to.lower() != order.booker.email.lower()
        notify(
            kind="bookings_invoice",
            to=to,
            context={
                "invoice": invoice,
                "order": order,
                "cohort": order.cohort,
                "for_accounts": for_accounts,
                "contact_email": settings.PROVIDER_CONTACT_EMAIL,
            },
            about=invoice,
            user=None if for_accounts else order.booker,
            cohort=order.cohort,
            attachments=[pdf],
        )


def send_credit_note(note: CreditNote) -> None:
    invoice = note.invoice
    order = invoice.order
    pdf = binary_attachment(
        f"{note.display_number}.pdf",
        invoicing.credit_note_pdf(note),
        "application/pdf",
    )
    for to in _recipients(order.booker.email, invoice.billing_email):
        notify(
            kind="bookings_credit_note",
            to=to,
            context={
                "note": note,
                "invoice": invoice,
                "order": order,
                "cohort": order.cohort,
            },
            about=note,
            user=order.booker if to.lower() == order.booker.email.lower() else None,
            cohort=order.cohort,
            attachments=[pdf],
        )


def send_receipt(payment: Payment) -> None:
    order = payment.order
    number = invoicing.receipt_number(payment)
    notify(
        kind="bookings_receipt",
        to=order.booker.email,
        context={
            "payment": payment,
            "order": order,
            "cohort": order.cohort,
            "receipt_number": number,
        },
        about=payment,
        user=order.booker,
        cohort=order.cohort,
        attachments=[
            binary_attachment(
                f"{number}.pdf", invoicing.receipt_pdf(payment), "application/pdf"
            )
        ],
    )


def send_enquiry(enquiry: Enquiry) -> None:
    """Tell staff: the provider's contact address gets each enquiry once."""
    notify(
        kind="bookings_enquiry",
        to=settings.PROVIDER_CONTACT_EMAIL,
        context={
            "enquiry": enquiry,
            "admin_url": absolute(
                reverse("admin:bookings_enquiry_change", args=[enquiry.pk])
            ),
        },
        about=enquiry,
    )


def cancel_attachment(sessions) -> tuple[str, str, str]:
    """METHOD:CANCEL for the sessions: calendars remove the events."""
    calendar = Calendar.from_ical(build_calendar(sessions, method="CANCEL"))
    for event in calendar.walk("VEVENT"):
        event["status"] = "CANCELLED"
        event["sequence"] = int(event.get("sequence", 0)) + 1
    body = calendar.to_ical().decode("utf-8")
    return ("cancel-sessions.ics", body, "text/calendar; method=CANCEL")


def send_swap(
    place: Place, *, old_name: str, old_email: str, old_user, changed_by: str
) -> None:
    """The new attendee gets the confirmation and invites; the old a cancellation."""
    sessions = place.covered_sessions(include_cancelled=True)
    notify(
        kind="bookings_place_swapped",
        to=old_email,
        context={
            "cohort": place.cohort,
            "old_name": old_name,
            "changed_by": changed_by,
        },
        about=place,
        user=old_user,
        cohort=place.cohort,
        attachments=[cancel_attachment(sessions)],
        variant=f"to-{place.attendee_email}",
    )
    notify(
        kind="bookings_place_confirmed",
        to=place.attendee_email,
        context={
            "order": place.order,
            "place": place,
            "cohort": place.cohort,
            "sessions": sessions,
            "signup_url": absolute(reverse("account_signup")),
        },
        about=place,
        user=place.attendee,
        cohort=place.cohort,
        attachments=[calendar_attachment(sessions)],
    )
