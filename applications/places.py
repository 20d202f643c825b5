"""An accepted applicant's place in the cohort, and giving it back.

Callers hold the cohort lock (``bookings.capacity.lock_cohort``) and have
checked capacity. A free cohort gives a confirmed free place. A cohort with
a price charges its first active price option through the booking rules
(``bookings.services.quote``: member discounts and free member places,
counted under the organisation's lock) and issues an invoice, as a
confirmed invoice booking does.
"""

from __future__ import annotations

from django.utils import timezone

from bookings import capacity
from bookings.models import Order, Place, PriceOption
from bookings.services import (
    Attendee,
    Billing,
    bookable_options,
    cancel_places,
    create_order,
    quote,
)
from cohorts.models import Cohort
from cop.affiliation import may_book_as


def price_for(cohort: Cohort) -> PriceOption | None:
    """The option an accepted applicant is charged, or None when free."""
    return bookable_options(cohort).filter(price__gt=0).first()


def is_free(cohort: Cohort) -> bool:
    return price_for(cohort) is None


def give_place(*, cohort: Cohort, applicant) -> Place:
    """Create the place (or return the live one the person already has)."""
    existing = (
        Place.objects.live()
        .filter(cohort=cohort, attendee_email__iexact=applicant.email)
        .first()
    )
    if existing:
        return existing
    now = timezone.now()
    option = price_for(cohort)
    # Member prices and invoices to the organisation need a confirmed link,
    # as when booking directly (cop.affiliation).
    organisation = (
        capacity.lock_organisation(applicant.organisation_id)
        if may_book_as(applicant, applicant.organisation_id)
        else None
    )
    breakdown = quote(cohort=cohort, option=option, organisation=organisation, places=1)
    method = (
        Order.PaymentMethod.FREE if breakdown.is_free else Order.PaymentMethod.INVOICE
    )
    billing = (
        Billing(
            purchase_order_number="",
            contact=organisation.billing_contact,
            email=organisation.billing_email,
            address=organisation.billing_address,
        )
        if organisation is not None
        else None
    )
    person = Attendee(
        name=applicant.full_name or applicant.email,
        email=applicant.email.lower(),
        access_needs=applicant.access_needs,
        dietary_requirements=applicant.dietary_requirements,
    )
    order = create_order(
        cohort=cohort,
        booker=applicant,
        organisation=organisation,
        people=[person],
        breakdown=breakdown,
        option=option,
        method=method,
        now=now,
        billing=billing,
    )
    place = order.places.get()
    return place


def release_place(place: Place | None, *, actor=None) -> None:
    """Give the place back. Call with the cohort locked.

    A paid place goes through the booking cancellation (credit note, email);
    a free one is simply cancelled, with its order once nothing is left on it.
    """
    if place is None or place.status not in {Place.Status.HELD, Place.Status.CONFIRMED}:
        return
    if place.total > 0 and place.status == Place.Status.CONFIRMED:
        cancel_places(
            order_id=place.order_id, place_ids=[place.pk], actor=actor, by_staff=True
        )
        return
    now = timezone.now()
    place.status = Place.Status.CANCELLED
    place.cancelled_at = now
    place.save(update_fields=["status", "cancelled_at"])
    order = place.order
    if not order.places.live().exists():
        order.status = Order.Status.CANCELLED
        order.cancelled_at = now
        order.save(update_fields=["status", "cancelled_at"])
