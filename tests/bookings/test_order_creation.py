"""Booking, accepting an application and the demo seed create orders one way."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from applications.selection import decide
from bookings.models import Invoice, Order, Place
from cop.models import AuditEvent
from tests.applications.factories import ApplicationFactory
from tests.factories import CohortFactory, PriceOptionFactory, UserFactory

pytestmark = pytest.mark.django_db


def accept(application, actor=None):
    decide(
        cohort_id=application.cohort_id,
        application_ids=[application.pk],
        decision="accepted",
        actor=actor,
        message=None,
    )
    application.refresh_from_db()
    return application.place


def test_an_accepted_applicants_order_is_recorded_like_a_booking():
    cohort = CohortFactory(capacity=10)
    PriceOptionFactory(cohort=cohort, price=Decimal("150.00"))
    place = accept(ApplicationFactory(cohort=cohort), UserFactory(is_staff=True))
    event = AuditEvent.objects.get(action="bookings.order.created")
    assert event.object_key == f"bookings.order:{place.order_id}"
    assert event.actor is None


def test_an_applicant_whose_email_has_capitals_is_linked_to_their_place():
    cohort = CohortFactory(capacity=10)
    application = ApplicationFactory(cohort=cohort, applicant__email="Sam@Example.org")
    place = accept(application)
    assert place.attendee == application.applicant
    assert place.attendee_email == "sam@example.org"


def test_the_demo_seeds_invoice_order_has_its_invoice_paid():
    call_command("seed_demo", stdout=io.StringIO())
    invoiced = Order.objects.filter(payment_method=Order.PaymentMethod.INVOICE)
    assert invoiced.exists()
    assert not invoiced.filter(invoice__isnull=True).exists()
    past = Place.objects.get(
        cohort__slug="2025-26", attendee__email="practitioner@example.com"
    ).order
    assert past.invoice.status == Invoice.Status.PAID
