"""Celery tasks for certificates. Thin: they take ids and call cpd.certificates."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

# Cohorts whose last session ended longer ago than this are not rescanned.
RESCAN_DAYS = 90


@shared_task(acks_late=True, max_retries=3, default_retry_delay=60)
def issue_cohort_certificates(cohort_id: int, actor_id: int | None = None) -> int:
    """Issue every eligible participant's certificate; safe to run twice."""
    from cohorts.models import Cohort
    from cop.models import User
    from cpd.certificates import issue_certificates_for_cohort

    cohort = Cohort.objects.select_related("programme").get(pk=cohort_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return len(issue_certificates_for_cohort(cohort=cohort, actor=actor))


@shared_task(acks_late=True, max_retries=5, default_retry_delay=60, bind=True)
def render_and_send_certificate(self, certificate_id: int) -> None:
    """Render the PDF once, then email the link once."""
    from cpd.certificates import send_certificate_ready, store_pdf
    from cpd.models import Certificate

    certificate = Certificate.objects.select_related("cohort", "user").get(
        pk=certificate_id
    )
    try:
        store_pdf(certificate)
    except OSError as error:  # storage unavailable: try again later
        raise self.retry(exc=error) from error
    send_certificate_ready(certificate)


@shared_task
def issue_certificates_for_finished_cohorts() -> int:
    """Beat: catch cohorts marked finished outside the CPD screen."""
    from cohorts.models import Cohort

    since = timezone.now() - dt.timedelta(days=RESCAN_DAYS)
    cohorts = Cohort.objects.filter(
        status=Cohort.Status.FINISHED, sessions__ends_at__gte=since
    ).distinct()
    for cohort_id in cohorts.values_list("pk", flat=True):
        issue_cohort_certificates.delay(cohort_id)
    return cohorts.count()
