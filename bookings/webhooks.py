"""Stripe's webhook endpoint: verify, then hand over to ``payments``."""

import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bookings import payments, stripe_gateway

log = logging.getLogger(__name__)


@csrf_exempt  # Stripe cannot send a CSRF token; the signature stands in for it.
@require_POST
def stripe_webhook(request):
    signature = request.headers.get("Stripe-Signature", "")
    try:
        outcome = payments.process_webhook(request.body, signature)
    except stripe_gateway.InvalidWebhook as error:
        log.warning("Rejected Stripe webhook: %s", error)
        return HttpResponseBadRequest("Invalid signature.")
    return HttpResponse(outcome, content_type="text/plain")
