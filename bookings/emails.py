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

from bookings.models import Order, Place, WaitingListEntry, WaitingListOffer
from cohorts.calendar import build_calendar
from cohorts.models import Session
from notifications.services import notify


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
