"""Stripe's HTTP API stubbed with ``responses``, and signed webhook deliveries.

Only Stripe's HTTP layer is faked; signatures use Stripe's own scheme
(``stripe.WebhookSignature``) with the test secret, and the app verifies them
with the real library.
"""

from __future__ import annotations

import itertools
import json
import time
from urllib.parse import parse_qs

import responses
import stripe

from tests.bookings.conftest import WEBHOOK_SECRET

API = "https://api.stripe.com/v1"
_ids = itertools.count(1)


def sign(payload: str, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    timestamp = int(time.time()) if at is None else at
    signature = stripe.WebhookSignature._compute_signature(
        f"{timestamp}.{payload}", secret
    )
    return f"t={timestamp},v1={signature}"


def event(kind: str, obj: dict, event_id: str | None = None) -> str:
    return json.dumps(
        {
            "id": event_id or f"evt_{next(_ids)}",
            "object": "event",
            "type": kind,
            "data": {"object": obj},
        }
    )


def deliver(client, payload: str, signature: str | None = None):
    return client.post(
        "/payments/stripe/webhook/",
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": signature or sign(payload)},
    )


def session_object(payment, *, status="complete", paid=True) -> dict:
    return {
        "id": payment.stripe_session_id,
        "object": "checkout.session",
        "status": status,
        "payment_status": "paid" if paid else "unpaid",
        "payment_intent": f"pi_{payment.pk}",
        "client_reference_id": payment.order.reference,
        "metadata": {
            "order_reference": payment.order.reference,
            "payment_id": str(payment.pk),
        },
    }


def charge_object(payment, *, refunded_pennies: int | None = None) -> dict:
    amount = int(payment.amount * 100)
    return {
        "id": f"ch_{payment.pk}",
        "object": "charge",
        "amount": amount,
        "amount_refunded": amount if refunded_pennies is None else refunded_pennies,
        "refunded": refunded_pennies is None,
        "payment_intent": f"pi_{payment.pk}",
        "metadata": {
            "order_reference": payment.order.reference,
            "payment_id": str(payment.pk),
        },
    }


def form(request) -> dict[str, list[str]]:
    return parse_qs(
        request.body if isinstance(request.body, str) else request.body.decode()
    )


def stub_checkout(rsps: responses.RequestsMock, session_id: str = "cs_test_1") -> None:
    rsps.add(
        responses.POST,
        f"{API}/checkout/sessions",
        json={
            "id": session_id,
            "object": "checkout.session",
            "status": "open",
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
        },
    )


def stub_refunds(rsps: responses.RequestsMock) -> None:
    rsps.add(
        responses.POST,
        f"{API}/refunds",
        json={"id": "re_test_1", "object": "refund", "status": "succeeded"},
    )


def stub_expire(rsps, session_id: str, *, status="expired", paid=False, payment=None):
    body = {"id": session_id, "object": "checkout.session", "status": status}
    if payment is not None:
        body = session_object(payment, status=status, paid=paid)
    rsps.add(responses.POST, f"{API}/checkout/sessions/{session_id}/expire", json=body)
