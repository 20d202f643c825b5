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

from bookings import capacity, invoicing
from bookings.models import Order, Place, PriceOption
from bookings.services import bookable_options, cancel_places, quote
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
    order = Order.objects.create(
        cohort=cohort,
        booker=applicant,
        organisation=organisation,
        status=Order.Status.CONFIRMED,
        payment_method=method,
        total=breakdown.total,
        price_breakdown=breakdown.as_json(),
        confirmed_at=now,
        created_at=now,
        billing_contact=getattr(organisation, "billing_contact", ""),
        billing_email=getattr(organisation, "billing_email", ""),
        billing_address=getattr(organisation, "billing_address", ""),
    )
    price = breakdown.places[0]
    place = Place.objects.create(
        order=order,
        cohort=cohort,
        attendee=applicant,
        attendee_name=applicant.full_name or applicant.email,
        attendee_email=applicant.email.lower(),
        price_option=option,
        status=Place.Status.CONFIRMED,
        is_free_place=price.free_place,
        list_price=price.list_price,
        discount=price.discount,
        total=price.total,
        access_needs=applicant.access_needs,
        dietary_requirements=applicant.dietary_requirements,
        created_at=now,
    )
    if method == Order.PaymentMethod.INVOICE:
        invoicing.issue_invoice(order=order, now=now)
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
