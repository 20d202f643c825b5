"""Card payments: start a Checkout Session, handle Stripe's webhooks, refunds,
and release holds that ran out.

Each webhook event id is stored once (``StripeEvent``) in the same
transaction that acts on it, so a replay, a retry or five deliveries at once
change state once. Handlers look at the current state rather than at the
order events arrive in, so completed / expired / refunded in any order end
in the same state.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import capacity, emails, services, stripe_gateway
from bookings.errors import BookingError
from bookings.models import Order, Payment, Place, Refund, StripeEvent
from bookings.pricing import free_place_allowance, free_places_left
from cop.audit import record

log = logging.getLogger(__name__)

STRIPE_MINIMUM_EXPIRY = dt.timedelta(minutes=30)
CLOCK_SLACK = dt.timedelta(minutes=1)


# --- Starting a payment --------------------------------------------------------


def start_card_payment(
    *, order_id: int, success_url: str, cancel_url: str, now: dt.datetime | None = None
) -> Payment:
    """Create a Checkout Session for a pending order; the hold ends with it.

    The session is created outside the transaction (a network call must not
    hold row locks) with an idempotency key, so a double click gets the same
    session back.
    """
    now = now or timezone.now()
    with transaction.atomic():
        order = services.lock_order(order_id)
        if order.status != Order.Status.PENDING or order.payment_method != "card":
            raise BookingError(_("This booking is not waiting for a card payment."))
        if order.hold_expires_at is None or order.hold_expires_at <= now:
            raise BookingError(_("The time to pay has run out; please book again."))
        payment = order.payments.filter(
            status=Payment.Status.PENDING, stripe_session_id__isnull=False
        ).first()
        if payment is not None and payment.checkout_url:
            return payment
        payment = Payment.objects.create(
            order=order, method=Order.PaymentMethod.CARD, amount=order.total
        )
        # Stripe's shortest session is 30 minutes; the hold ends with it.
        expires_at = max(
            order.hold_expires_at, now + STRIPE_MINIMUM_EXPIRY + CLOCK_SLACK
        )
        order.hold_expires_at = expires_at
        order.save(update_fields=["hold_expires_at"])
        lines = [
            (f"{order.cohort}: {p.attendee_name}", p.total)
            for p in order.places.order_by("pk")
            if p.total > 0
        ]
        reference, email = order.reference, order.booker.email
    try:
        session = stripe_gateway.create_checkout_session(
            reference=reference,
            payment_id=payment.pk,
            customer_email=email,
            lines=lines,
            expires_at=expires_at,
            success_url=success_url,
            cancel_url=cancel_url,
            idempotency_key=payment.idempotency_key,
        )
    except stripe_gateway.StripeUnavailable:
        Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.EXPIRED)
        raise BookingError(
            _("Card payment is not available just now. Please try again shortly.")
        ) from None
    Payment.objects.filter(pk=payment.pk).update(
        stripe_session_id=session["id"], checkout_url=session.get("url") or ""
    )
    payment.refresh_from_db()
    return payment


# --- Webhooks --------------------------------------------------------------------


def process_webhook(payload: bytes, signature: str) -> str:
    """Verify and act on one delivery. Returns what happened (for logs/tests).

    Raises ``stripe_gateway.InvalidWebhook`` for a bad signature.
    """
    event = stripe_gateway.verify_webhook(payload, signature)
    handler = HANDLERS.get(event["type"])
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeEvent.objects.create(
                    event_id=event["id"], type=event["type"], payload=event
                )
        except IntegrityError:
            return "duplicate"
        if handler is None:
            return "ignored"
        return handler(event["data"]["object"])


def _find_payment(obj: dict[str, Any]) -> Payment | None:
    metadata = obj.get("metadata") or {}
    payment_id = metadata.get("payment_id")
    query = Payment.objects.none()
    if payment_id and str(payment_id).isdigit():
        query = Payment.objects.filter(pk=int(payment_id))
    elif obj.get("object") == "checkout.session":
        query = Payment.objects.filter(stripe_session_id=obj.get("id"))
    elif obj.get("payment_intent"):
        query = Payment.objects.filter(stripe_payment_intent=obj["payment_intent"])
    return query.first()


def _locked(payment: Payment) -> tuple[Order, Payment]:
    order = services.lock_order(payment.order_id)
    return order, Payment.objects.select_for_update().get(pk=payment.pk)


def handle_checkout_completed(session: dict[str, Any]) -> str:
    found = _find_payment(session)
    if found is None:
        log.warning("Checkout session %s matches no payment", session.get("id"))
        return "unknown"
    if session.get("payment_status") != "paid":
        return "unpaid"
    now = timezone.now()
    order, payment = _locked(found)
    if payment.status in {Payment.Status.PAID, Payment.Status.PARTLY_REFUNDED}:
        return "already paid"
    if payment.status == Payment.Status.REFUNDED:
        return "already refunded"
    payment.status = Payment.Status.PAID
    payment.paid_at = now
    payment.stripe_payment_intent = session.get("payment_intent") or ""
    payment.stripe_session_id = session.get("id")
    payment.save(
        update_fields=[
            "status",
            "paid_at",
            "stripe_payment_intent",
            "stripe_session_id",
        ]
    )
    record("bookings.payment.paid", order, amount=payment.amount)
    if order.status == Order.Status.CONFIRMED:
        # Paid twice (two sessions): give the second one back.
        services.create_refund(
            payment=payment, amount=payment.amount, reason="Paid twice"
        )
        return "duplicate payment refunded"
    if _has_room_again(order, now):
        _retake_places(order)
        services.confirm_paid_order(order, now=now)
        _receipt_after_commit(payment.pk)
        return "confirmed"
    return _refund_late_payment(order, payment)


def _receipt_after_commit(payment_id: int) -> None:
    from bookings.tasks import send_receipt_task

    transaction.on_commit(lambda: send_receipt_task.delay(payment_id))


def _has_room_again(order: Order, now: dt.datetime) -> bool:
    """Whether the order's places fit, counting its own held places as its own."""
    if order.status == Order.Status.CANCELLED:
        return False
    places = list(order.places.exclude(status=Place.Status.CANCELLED))
    if order.status == Order.Status.PENDING and order.hold_expires_at > now:
        return True  # the hold still counts in capacity
    # Expired or released holds no longer count, so all places must fit anew.
    left = capacity.places_left(order.cohort, now)
    emails_ = [p.attendee_email for p in places]
    clash = (
        Place.objects.live()
        .filter(cohort=order.cohort, attendee_email__in=emails_)
        .exclude(order=order)
        .exists()
    )
    free_ok = _free_places_still_allowed(order, places, now)
    return not clash and free_ok and left >= len(places)


def _free_places_still_allowed(order: Order, places: list[Place], now) -> bool:
    """The order's free places still fit the allowance on its booking date."""
    wanted = sum(1 for p in places if p.is_free_place)
    if not wanted or order.organisation is None:
        return True
    organisation = capacity.lock_organisation(order.organisation_id)
    allowance = free_place_allowance(
        organisation, on=timezone.localdate(order.created_at)
    )
    used = services.free_places_used(order.cohort, organisation, now, excluding=order)
    return wanted <= free_places_left(allowance=allowance, used=used)


def _retake_places(order: Order) -> None:
    order.places.filter(status=Place.Status.RELEASED).update(status=Place.Status.HELD)


def _refund_late_payment(order: Order, payment: Payment) -> str:
    """Paid after the hold was released and the cohort filled: never squeeze in."""
    order.places.filter(status=Place.Status.HELD).update(status=Place.Status.RELEASED)
    if order.status == Order.Status.PENDING:
        order.status = Order.Status.EXPIRED
    order.needs_attention = True
    order.attention_note = _(
        "Payment arrived after the places were released and the cohort had "
        "filled. The payment is being refunded in full."
    )
    order.save(update_fields=["status", "needs_attention", "attention_note"])
    services.create_refund(
        payment=payment, amount=payment.amount, reason="Paid after places released"
    )
    record("bookings.payment.late_refunded", order, amount=payment.amount)
    emails.send_late_payment_refunded(order)
    return "late payment refunded"


def handle_checkout_expired(session: dict[str, Any]) -> str:
    found = _find_payment(session)
    if found is None:
        return "unknown"
    order, payment = _locked(found)
    if payment.status != Payment.Status.PENDING:
        return "nothing to do"
    payment.status = Payment.Status.EXPIRED
    payment.save(update_fields=["status"])
    other_pending = order.payments.filter(status=Payment.Status.PENDING).exists()
    if order.status == Order.Status.PENDING and not other_pending:
        services.release_order(order, now=timezone.now(), reason="checkout expired")
        return "released"
    return "payment expired"


def handle_charge_refunded(charge: dict[str, Any]) -> str:
    found = _find_payment(charge)
    if found is None:
        return "unknown"
    order, payment = _locked(found)
    refunded = stripe_gateway.from_pennies(int(charge.get("amount_refunded", 0)))
    total = stripe_gateway.from_pennies(int(charge.get("amount", 0))) or payment.amount
    if refunded <= payment.amount_refunded and payment.status in {
        Payment.Status.REFUNDED,
        Payment.Status.PARTLY_REFUNDED,
    }:
        return "nothing new"
    payment.amount_refunded = max(payment.amount_refunded, refunded)
    payment.stripe_payment_intent = charge.get("payment_intent") or ""
    fully = payment.amount_refunded >= total
    payment.status = (
        Payment.Status.REFUNDED if fully else Payment.Status.PARTLY_REFUNDED
    )
    payment.save(update_fields=["amount_refunded", "status", "stripe_payment_intent"])
    record("bookings.payment.refunded", order, amount=payment.amount_refunded)
    if fully and order.status != Order.Status.CANCELLED:
        now = timezone.now()
        order.places.live().update(status=Place.Status.CANCELLED, cancelled_at=now)
        order.status = Order.Status.CANCELLED
        order.cancelled_at = now
        order.save(update_fields=["status", "cancelled_at"])
        services._offer_after_commit(order.cohort_id)
        return "cancelled"
    return "refund recorded"


HANDLERS = {
    "checkout.session.completed": handle_checkout_completed,
    "checkout.session.async_payment_succeeded": handle_checkout_completed,
    "checkout.session.expired": handle_checkout_expired,
    "charge.refunded": handle_charge_refunded,
}


# --- Refunds -----------------------------------------------------------------------


def send_refund(refund_id: int) -> Refund:
    """Ask Stripe for a recorded refund; the idempotency key makes retries safe."""
    refund = Refund.objects.select_related("payment__order").get(pk=refund_id)
    if refund.status == Refund.Status.SUCCEEDED:
        return refund
    payment = refund.payment
    try:
        result = stripe_gateway.create_refund(
            payment_intent=payment.stripe_payment_intent,
            amount=refund.amount,
            idempotency_key=f"cop-refund-{refund.pk}",
            reference=payment.order.reference,
        )
    except stripe_gateway.StripeUnavailable as error:
        Refund.objects.filter(pk=refund.pk).update(last_error=str(error)[:2000])
        raise
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        refund.status = Refund.Status.SUCCEEDED
        refund.stripe_refund_id = result.get("id", "")
        refund.last_error = ""
        refund.save(update_fields=["status", "stripe_refund_id", "last_error"])
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        sent = sum(
            (r.amount for r in payment.refunds.filter(status=Refund.Status.SUCCEEDED)),
            Decimal("0.00"),
        )
        payment.amount_refunded = max(payment.amount_refunded, sent)
        payment.status = (
            Payment.Status.REFUNDED
            if payment.amount_refunded >= payment.amount
            else Payment.Status.PARTLY_REFUNDED
        )
        payment.save(update_fields=["amount_refunded", "status"])
    return refund


# --- Holds ----------------------------------------------------------------------------


def release_expired_holds(*, now: dt.datetime | None = None) -> int:
    """Release card orders whose hold has run out, expiring the session first.

    If Stripe says the session was paid meanwhile, it is treated as a
    completed payment instead (the webhook may not have arrived yet).
    """
    now = now or timezone.now()
    released = 0
    due = Order.objects.filter(
        status=Order.Status.PENDING, hold_expires_at__lte=now
    ).values_list("pk", flat=True)
    for order_id in list(due):
        if _expire_sessions(order_id) == "paid":
            continue
        with transaction.atomic():
            order = services.lock_order(order_id)
            if order.hold_expires_at and order.hold_expires_at > now:
                continue  # a new payment extended the hold meanwhile
            released += services.release_order(order, now=now, reason="hold expired")
    return released


def _expire_sessions(order_id: int) -> str:
    payments = Payment.objects.filter(
        order_id=order_id,
        status=Payment.Status.PENDING,
        stripe_session_id__isnull=False,
    )
    for payment in payments:
        session = stripe_gateway.expire_checkout_session(payment.stripe_session_id)
        if (
            session.get("status") == "complete"
            and session.get("payment_status") == "paid"
        ):
            with transaction.atomic():
                handle_checkout_completed(session)
            return "paid"
    return "expired"
