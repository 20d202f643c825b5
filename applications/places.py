"""An accepted applicant's place in the cohort, and giving it back.

Callers hold the cohort lock (``bookings.capacity.lock_cohort``) and have
checked capacity. A free cohort gives a confirmed free place; a cohort with a
price gives a confirmed place on an invoice order awaiting payment, priced at
the cohort's first active price option.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from bookings.models import Order, Place, PriceOption
from cohorts.models import Cohort


def price_for(cohort: Cohort) -> PriceOption | None:
    """The option an accepted applicant is charged, or None when free."""
    return (
        cohort.price_options.filter(is_active=True, price__gt=0)
        .order_by("position", "-price")
        .first()
    )


def is_free(cohort: Cohort) -> bool:
    return price_for(cohort) is None


def give_place(*, cohort: Cohort, applicant) -> Place:
    """Create the place (or return the live one the person already has)."""
    existing = (
        Place.objects.filter(cohort=cohort, attendee_email__iexact=applicant.email)
        .filter(status__in=[Place.Status.HELD, Place.Status.CONFIRMED])
        .first()
    )
    if existing:
        return existing
    now = timezone.now()
    option = price_for(cohort)
    price = option.price if option else Decimal("0.00")
    order = Order.objects.create(
        cohort=cohort,
        booker=applicant,
        organisation=applicant.organisation,
        status=Order.Status.PENDING if option else Order.Status.CONFIRMED,
        payment_method=Order.PaymentMethod.INVOICE
        if option
        else Order.PaymentMethod.FREE,
        total=price,
        price_breakdown={
            "source": "application",
            "lines": [
                {
                    "attendee": applicant.full_name,
                    "option": option.name if option else "Free place",
                    "list_price": str(price),
                    "discount": "0.00",
                    "total": str(price),
                }
            ],
            "total": str(price),
        },
        confirmed_at=None if option else now,
    )
    return Place.objects.create(
        order=order,
        cohort=cohort,
        attendee=applicant,
        attendee_name=applicant.full_name or applicant.email,
        attendee_email=applicant.email.lower(),
        price_option=option,
        status=Place.Status.CONFIRMED,
        list_price=price,
        total=price,
    )


def release_place(place: Place | None) -> None:
    """Cancel the place; cancel its order too when nothing else is live on it."""
    if place is None or place.status not in {Place.Status.HELD, Place.Status.CONFIRMED}:
        return
    place.status = Place.Status.CANCELLED
    place.cancelled_at = timezone.now()
    place.save(update_fields=["status", "cancelled_at"])
    order = place.order
    if not order.places.filter(
        status__in=[Place.Status.HELD, Place.Status.CONFIRMED]
    ).exists():
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status"])
