"""The only module that talks to Stripe (and the only one importing ``stripe``).

Everything passes plain values in and plain dicts out, so the rest of the
app never handles Stripe objects. Requests go through ``requests`` (Stripe's
``RequestsClient``), which tests stub with ``responses``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings


class StripeUnavailable(Exception):  # noqa: N818 - reads as a sentence
    """Stripe could not be reached or refused the request."""


class InvalidWebhook(Exception):  # noqa: N818 - reads as a sentence
    """The webhook signature or payload could not be verified."""


def _client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        http_client=stripe.RequestsClient(timeout=20),
        max_network_retries=int(settings.STRIPE_MAX_NETWORK_RETRIES),
    )


def pennies(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _plain(obj: Any) -> dict[str, Any]:
    return json.loads(str(obj)) if not isinstance(obj, dict) else obj


def create_checkout_session(
    *,
    reference: str,
    payment_id: int,
    customer_email: str,
    lines: list[tuple[str, Decimal]],
    expires_at: dt.datetime,
    success_url: str,
    cancel_url: str,
    idempotency_key: str,
) -> dict[str, Any]:
    """Create a Checkout Session; returns its dict (id, url, expires_at)."""
    metadata = {"order_reference": reference, "payment_id": str(payment_id)}
    params = {
        "mode": "payment",
        "client_reference_id": reference,
        "customer_email": customer_email,
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "gbp",
                    "unit_amount": pennies(amount),
                    "product_data": {"name": name},
                },
            }
            for name, amount in lines
        ],
        "expires_at": int(expires_at.timestamp()),
        "success_url": success_url,
        "cancel_url": cancel_url,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
    }
    try:
        session = _client().v1.checkout.sessions.create(
            params=params, options={"idempotency_key": idempotency_key}
        )
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return _plain(session)


def expire_checkout_session(session_id: str) -> dict[str, Any]:
    """Expire an open session; if it is no longer open, return it as it is."""
    client = _client()
    try:
        return _plain(client.v1.checkout.sessions.expire(session_id))
    except stripe.InvalidRequestError:
        # Already complete or expired: look at it instead.
        try:
            return _plain(client.v1.checkout.sessions.retrieve(session_id))
        except stripe.StripeError as error:
            raise StripeUnavailable(str(error)) from error
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error


def create_refund(
    *, payment_intent: str, amount: Decimal, idempotency_key: str, reference: str
) -> dict[str, Any]:
    try:
        refund = _client().v1.refunds.create(
            params={
                "payment_intent": payment_intent,
                "amount": pennies(amount),
                "metadata": {"order_reference": reference},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return _plain(refund)


def verify_webhook(payload: bytes, signature: str) -> dict[str, Any]:
    """The event as a dict, if signed with our endpoint secret and fresh."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise InvalidWebhook("No webhook secret is configured.")
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"),
            signature,
            secret,
            tolerance=int(settings.STRIPE_WEBHOOK_TOLERANCE),
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as e:
        raise InvalidWebhook(str(e)) from e
    if not isinstance(event, dict) or "id" not in event or "type" not in event:
        raise InvalidWebhook("Not a Stripe event.")
    return event


def from_pennies(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))
