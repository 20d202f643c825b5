"""Card payments through Stripe Checkout and Stripe's webhooks."""

import datetime as dt
import itertools
import json
from decimal import Decimal

import pytest
import responses
import time_machine
from django.utils import timezone

from bookings import payments
from bookings.errors import BookingError
from bookings.models import Order, Payment, Place, Refund, StripeEvent
from bookings.services import Attendee, cancel_places
from cop.models import AuditEvent
from notifications.models import Notification
from tests.bookings import stripe_stub as stub
from tests.bookings.helpers import book
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PriceOptionFactory,
    add_sessions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stripe_on(settings):
    settings.STRIPE_ENABLED = True


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def card_order(cohort, option, booker, email="ada@example.org"):
    return book(
        cohort,
        booker,
        option,
        payment_method="card",
        billing=None,
        attendees=[Attendee("Ada", email)],
    )


@pytest.fixture
def paying(cohort, six, booker, rsps):
    """A card order with its Checkout Session created: (order, payment)."""
    order = card_order(cohort, six, booker)
    stub.stub_checkout(rsps)
    payment = payments.start_card_payment(
        order_id=order.pk, success_url="https://x/ok", cancel_url="https://x/no"
    )
    return Order.objects.get(pk=order.pk), payment


def confirmations():
    return Notification.objects.filter(kind="bookings_confirmation").count()


# --- Starting a payment --------------------------------------------------------


def test_card_order_holds_its_places_while_paying(cohort, six, booker):
    order = card_order(cohort, six, booker)
    assert order.status == Order.Status.PENDING
    assert set(order.places.values_list("status", flat=True)) == {Place.Status.HELD}
    assert order.hold_expires_at == order.created_at + dt.timedelta(minutes=30)
    assert confirmations() == 0


def test_checkout_session_is_created_with_an_idempotency_key_and_matching_expiry(
    paying, rsps
):
    order, payment = paying
    request = rsps.calls[0].request
    sent = stub.form(request)
    assert request.headers["Idempotency-Key"] == payment.idempotency_key
    assert int(sent["expires_at"][0]) == int(order.hold_expires_at.timestamp())
    assert sent["line_items[0][price_data][unit_amount]"] == ["75000"]
    assert sent["metadata[order_reference]"] == [order.reference]
    assert payment.checkout_url.startswith("https://checkout.stripe.com/")


def test_second_click_on_pay_reuses_the_session(paying, rsps):
    order, payment = paying
    again = payments.start_card_payment(
        order_id=order.pk, success_url="https://x/ok", cancel_url="https://x/no"
    )
    assert again.pk == payment.pk
    assert len(rsps.calls) == 1


def test_stripe_down_gives_a_clear_message(cohort, six, booker, rsps):
    order = card_order(cohort, six, booker)
    rsps.add(responses.POST, f"{stub.API}/checkout/sessions", status=500, json={})
    with pytest.raises(BookingError, match="not available just now"):
        payments.start_card_payment(
            order_id=order.pk, success_url="https://x/ok", cancel_url="https://x/no"
        )


# --- Webhooks --------------------------------------------------------------------


def test_completed_checkout_confirms_the_order_and_emails_once(paying, client):
    order, payment = paying
    response = stub.deliver(
        client, stub.event("checkout.session.completed", stub.session_object(payment))
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert order.places.get().status == Place.Status.CONFIRMED
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PAID
    assert confirmations() == 1


def test_same_event_delivered_five_times_changes_state_once(paying, client):
    _order, payment = paying
    payload = stub.event("checkout.session.completed", stub.session_object(payment))
    answers = [stub.deliver(client, payload).content for _ in range(5)]
    assert answers == [b"confirmed"] + [b"duplicate"] * 4
    assert AuditEvent.objects.filter(action="bookings.order.confirmed").count() == 1
    assert confirmations() == 1
    assert StripeEvent.objects.count() == 1


def test_a_second_event_for_a_paid_session_changes_nothing(paying, client):
    _order, payment = paying
    for _ in range(2):  # two distinct event ids, same session
        stub.deliver(
            client,
            stub.event("checkout.session.completed", stub.session_object(payment)),
        )
    assert AuditEvent.objects.filter(action="bookings.order.confirmed").count() == 1
    assert confirmations() == 1


def test_bad_signature_is_refused_and_changes_nothing(paying, client):
    _order, payment = paying
    payload = stub.event("checkout.session.completed", stub.session_object(payment))
    response = stub.deliver(client, payload, stub.sign(payload, secret="whsec_wrong"))
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    assert Order.objects.get().status == Order.Status.PENDING


def test_stale_timestamp_is_refused(paying, client):
    _order, payment = paying
    payload = stub.event("checkout.session.completed", stub.session_object(payment))
    old = stub.sign(payload, at=int(timezone.now().timestamp()) - 3600)
    assert stub.deliver(client, payload, old).status_code == 400
    assert Order.objects.get().status == Order.Status.PENDING


def test_tampered_payload_is_refused(paying, client):
    _order, payment = paying
    payload = stub.event("checkout.session.completed", stub.session_object(payment))
    signature = stub.sign(payload)
    tampered = payload.replace('"paid"', '"unpaid"')
    assert stub.deliver(client, tampered, signature).status_code == 400


def test_unknown_event_type_is_recorded_and_ignored(client):
    payload = stub.event("customer.created", {"id": "cus_1", "object": "customer"})
    response = stub.deliver(client, payload)
    assert (response.status_code, response.content) == (200, b"ignored")


def test_event_for_an_unknown_session_changes_nothing(client, paying):
    payload = stub.event(
        "checkout.session.completed",
        {"id": "cs_other", "object": "checkout.session", "payment_status": "paid"},
    )
    assert stub.deliver(client, payload).content == b"unknown"
    assert Order.objects.get().status == Order.Status.PENDING


def test_get_on_the_webhook_is_not_allowed(client):
    assert client.get("/payments/stripe/webhook/").status_code == 405


EVENTS = ["completed", "expired", "refunded"]


@pytest.mark.parametrize("sequence", list(itertools.permutations(EVENTS)))
def test_every_delivery_order_ends_in_the_same_state(paying, client, rsps, sequence):
    order, payment = paying
    stub.stub_refunds(rsps)
    objects = {
        "completed": ("checkout.session.completed", stub.session_object(payment)),
        "expired": (
            "checkout.session.expired",
            stub.session_object(payment, status="expired", paid=False),
        ),
        "refunded": ("charge.refunded", stub.charge_object(payment)),
    }
    for name in sequence:
        kind, obj = objects[name]
        assert stub.deliver(client, stub.event(kind, obj)).status_code == 200
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert payment.status == Payment.Status.REFUNDED
    assert not order.places.live().exists()
    assert confirmations() <= 1


def test_completed_after_release_with_room_confirms(paying, client):
    order, payment = paying
    stub.deliver(
        client,
        stub.event(
            "checkout.session.expired",
            stub.session_object(payment, status="expired", paid=False),
        ),
    )
    assert Order.objects.get(pk=order.pk).status == Order.Status.EXPIRED
    stub.deliver(
        client, stub.event("checkout.session.completed", stub.session_object(payment))
    )
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert order.places.get().status == Place.Status.CONFIRMED


def test_late_payment_into_a_full_cohort_is_flagged_and_refunded(
    booker, client, rsps, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    option = PriceOptionFactory(cohort=cohort, price="750.00")
    order = card_order(cohort, option, booker)
    stub.stub_checkout(rsps)
    stub.stub_refunds(rsps)
    payment = payments.start_card_payment(
        order_id=order.pk, success_url="https://x/ok", cancel_url="https://x/no"
    )
    stub.deliver(
        client,
        stub.event(
            "checkout.session.expired",
            stub.session_object(payment, status="expired", paid=False),
        ),
    )
    org = OrganisationFactory()
    book(
        cohort,
        booker,
        option,
        organisation_id=org.pk,
        attendees=[Attendee("Someone", "someone@example.org")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        stub.deliver(
            client,
            stub.event("checkout.session.completed", stub.session_object(payment)),
        )
    order.refresh_from_db()
    assert order.needs_attention
    assert order.status == Order.Status.EXPIRED
    assert not order.places.live().exists()
    refund = Refund.objects.get()
    assert (refund.amount, refund.status) == (
        Decimal("750.00"),
        Refund.Status.SUCCEEDED,
    )
    assert stub.form(rsps.calls[-1].request)["amount"] == ["75000"]
    assert Place.objects.filter(cohort=cohort).taken().count() == 1
    assert Notification.objects.filter(kind="bookings_late_payment_refunded").exists()


# --- Holds ------------------------------------------------------------------------


def test_expired_hold_is_released_after_expiring_the_session(paying, rsps):
    order, payment = paying
    stub.stub_expire(rsps, payment.stripe_session_id)
    with time_machine.travel(order.hold_expires_at + dt.timedelta(seconds=1)):
        assert payments.release_expired_holds() == 1
    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert order.places.get().status == Place.Status.RELEASED
    assert rsps.calls[-1].request.url.endswith(f"{payment.stripe_session_id}/expire")


def test_hold_is_kept_until_it_expires(paying, rsps):
    order, _payment = paying
    with time_machine.travel(order.hold_expires_at - dt.timedelta(seconds=5)):
        assert payments.release_expired_holds() == 0
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


def test_session_paid_just_before_expiry_is_confirmed_not_released(paying, rsps):
    order, payment = paying
    session_id = payment.stripe_session_id
    rsps.add(
        responses.POST,
        f"{stub.API}/checkout/sessions/{session_id}/expire",
        status=400,
        json={"error": {"type": "invalid_request_error", "message": "not open"}},
    )
    rsps.add(
        responses.GET,
        f"{stub.API}/checkout/sessions/{session_id}",
        json=stub.session_object(payment),
    )
    with time_machine.travel(order.hold_expires_at + dt.timedelta(seconds=1)):
        payments.release_expired_holds()
    assert Order.objects.get(pk=order.pk).status == Order.Status.CONFIRMED


def test_expired_hold_frees_the_place_for_others(booker, rsps):
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    option = PriceOptionFactory(cohort=cohort, price="750.00")
    order = card_order(cohort, option, booker)
    with time_machine.travel(order.hold_expires_at + dt.timedelta(seconds=1)):
        payments.release_expired_holds()
        other = book(
            cohort,
            booker,
            option,
            organisation_id=OrganisationFactory().pk,
            attendees=[Attendee("B", "b@example.org")],
        )
    assert other.status == Order.Status.CONFIRMED


# --- Cancelling a card booking ------------------------------------------------------


def test_cancelling_a_paid_place_refunds_per_the_refund_policy(
    paying, client, rsps, django_capture_on_commit_callbacks
):
    order, payment = paying
    order.cohort.refund_percent = 50
    order.cohort.save()
    stub.deliver(
        client, stub.event("checkout.session.completed", stub.session_object(payment))
    )
    stub.stub_refunds(rsps)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_places(order_id=order.pk, actor=order.booker)
    refund_call = rsps.calls[-1].request
    assert stub.form(refund_call)["amount"] == ["37500"]
    assert stub.form(refund_call)["payment_intent"] == [f"pi_{payment.pk}"]
    assert refund_call.headers["Idempotency-Key"].startswith("cop-refund-")
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PARTLY_REFUNDED
    # Stripe then tells us about the refund: nothing changes twice.
    charge = stub.charge_object(payment, refunded_pennies=37500)
    assert (
        stub.deliver(client, stub.event("charge.refunded", charge)).status_code == 200
    )
    assert Refund.objects.count() == 1


def test_webhook_payload_is_stored_once(paying, client):
    _order, payment = paying
    payload = stub.event("checkout.session.completed", stub.session_object(payment))
    stub.deliver(client, payload)
    stored = StripeEvent.objects.get()
    assert stored.payload == json.loads(payload)


def test_completed_checkout_emails_a_receipt_pdf(paying, client, committed):
    _order, payment = paying
    with committed():
        stub.deliver(
            client,
            stub.event("checkout.session.completed", stub.session_object(payment)),
        )
    receipts = Notification.objects.filter(kind="bookings_receipt")
    assert receipts.count() == 1
    name, _content, mimetype = receipts.get().attachments[0]
    assert (name, mimetype) == (f"RCT-{payment.pk:06d}.pdf", "application/pdf;base64")
