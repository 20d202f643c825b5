"""Two reminder scans at the same moment still send each email once."""

import threading

import pytest
from django.db import connection

from evaluation.reminders import QUESTIONNAIRE_REMINDER, scan_questionnaire_reminders
from notifications.models import Notification
from tests.evaluation import builders

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_scans_send_each_reminder_once():
    cohort = builders.running_cohort()
    people = [builders.participant(cohort) for _ in range(5)]
    builders.run(cohort, opened_days_ago=10, closes_in_days=2)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            scan_questionnaire_reminders()
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    emails = list(
        Notification.objects.filter(kind=QUESTIONNAIRE_REMINDER).values_list(
            "recipient_email", flat=True
        )
    )
    assert sorted(emails) == sorted(p.email for p in people)
