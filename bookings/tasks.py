"""Celery tasks: thin wrappers that take ids and call the services."""

from celery import shared_task

from bookings import emails, payments, waiting_list
from bookings.models import CreditNote, Invoice, Payment
from cohorts.models import Cohort


@shared_task
def release_expired_holds() -> int:
    return payments.release_expired_holds()


@shared_task
def expire_waiting_list_offers() -> int:
    return waiting_list.expire_offers()


@shared_task
def offer_free_places_task(cohort_id: int) -> int:
    return len(waiting_list.offer_free_places(cohort_id=cohort_id))


@shared_task
def offer_free_places_everywhere() -> int:
    """Catch places freed in ways no one announced (e.g. a cohort reopened)."""

    offered = 0
    for cohort_id in Cohort.objects.filter(
        status__in=[Cohort.Status.OPEN, Cohort.Status.FULL]
    ).values_list("pk", flat=True):
        offered += len(waiting_list.offer_free_places(cohort_id=cohort_id))
    return offered


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=8,
)
def send_refund_task(refund_id: int) -> None:
    payments.send_refund(refund_id)


@shared_task(autoretry_for=(Exception,), retry_backoff=60, max_retries=5)
def send_invoice_task(invoice_id: int) -> None:
    """Render the invoice PDF and email it (outside the booking's locks)."""
    emails.send_invoice(
        Invoice.objects.select_related("order__booker").get(pk=invoice_id)
    )


@shared_task(autoretry_for=(Exception,), retry_backoff=60, max_retries=5)
def send_credit_note_task(note_id: int) -> None:
    emails.send_credit_note(
        CreditNote.objects.select_related("invoice__order__booker").get(pk=note_id)
    )


@shared_task(autoretry_for=(Exception,), retry_backoff=60, max_retries=5)
def send_receipt_task(payment_id: int) -> None:
    emails.send_receipt(
        Payment.objects.select_related("order__booker").get(pk=payment_id)
    )
