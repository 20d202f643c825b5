"""Simultaneous acceptances never take a cohort over capacity (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from applications.errors import ApplicationError
from applications.models import Application
from applications.selection import decide
from bookings.models import Place
from tests.applications.factories import ApplicationFactory, RecruitingCohortFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(jobs):
    """Run each job in its own thread and database connection, all at once."""
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def run(job):
        try:
            barrier.wait()
            job()
            outcomes.append("ok")
        except ApplicationError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_simultaneous_single_acceptances_fill_exactly_the_capacity():
    cohort = RecruitingCohortFactory(capacity=5)
    applications = ApplicationFactory.create_batch(12, cohort=cohort)

    def accept(application):
        return lambda: decide(
            cohort_id=cohort.pk,
            application_ids=[application.pk],
            decision="accepted",
            actor=None,
        )

    outcomes = _run_together([accept(a) for a in applications])
    assert outcomes.count("ok") == 5
    assert outcomes.count("full") == 7
    assert Place.objects.filter(cohort=cohort).confirmed().count() == 5
    assert Application.objects.filter(status="accepted").count() == 5


def test_simultaneous_batches_are_all_or_nothing():
    cohort = RecruitingCohortFactory(capacity=20)
    batches = [ApplicationFactory.create_batch(8, cohort=cohort) for _ in range(4)]

    def accept(batch):
        return lambda: decide(
            cohort_id=cohort.pk,
            application_ids=[a.pk for a in batch],
            decision="accepted",
            actor=None,
        )

    outcomes = _run_together([accept(b) for b in batches])
    assert outcomes.count("ok") == 2  # 16 places; a third batch of 8 would be 24
    assert Place.objects.filter(cohort=cohort).confirmed().count() == 16
