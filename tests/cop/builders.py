"""Rows from other apps, made directly, for the account and data-rights tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tests.factories import CohortFactory, OrderFactory, PlaceFactory, UserFactory


def booking(person=None, *, cohort=None, booker=None, **order_fields):
    """A confirmed place for ``person`` in an order made by ``booker``."""
    person = person or UserFactory()
    cohort = cohort or CohortFactory()
    order = OrderFactory(cohort=cohort, booker=booker or person, **order_fields)
    return PlaceFactory(order=order, cohort=cohort, attendee=person)


def invoice_for(order, number: int):
    from bookings.models import Invoice

    return Invoice.objects.create(
        order=order,
        number=number,
        amount=order.total,
        due_on=timezone.localdate() + dt.timedelta(days=30),
        billing_name="Eastvale District Council",
        billing_contact="Accounts Payable",
        billing_email="ap@eastvale.example",
        billing_address="1 Town Hall Square, Eastvale",
    )


def application(person, *, cohort=None, **fields):
    from applications.models import Application

    return Application.objects.create(
        cohort=cohort or CohortFactory(),
        applicant=person,
        status=fields.pop("status", Application.Status.SUBMITTED),
        motivation=fields.pop("motivation", "To learn from peers."),
        submitted_at=timezone.now(),
        **fields,
    )


def certificate(place, *, points="12.00"):
    from cpd.models import Certificate

    today = timezone.localdate()
    return Certificate.objects.create(
        place=place,
        cohort=place.cohort,
        user=place.attendee,
        participant_name=place.attendee_name,
        participant_email=place.attendee_email,
        programme_name=place.cohort.programme.name,
        cohort_name=place.cohort.name,
        sessions=[],
        first_session_on=today - dt.timedelta(days=60),
        last_session_on=today - dt.timedelta(days=7),
        hours=Decimal("8.00"),
        points=Decimal(points),
        provider_name="Practice Network",
    )


def waiting(person, *, cohort=None):
    from bookings.models import WaitingListEntry

    cohort = cohort or CohortFactory()
    return WaitingListEntry.objects.create(
        programme=cohort.programme,
        cohort=cohort,
        name=person.full_name,
        email=person.email,
        user=person,
    )
