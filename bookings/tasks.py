"""Celery tasks: thin wrappers that take ids and call the services."""

from celery import shared_task

from bookings import payments, waiting_list
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
