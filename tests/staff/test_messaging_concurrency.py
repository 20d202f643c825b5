"""Two workers sending the same cohort message at once: one copy each."""

import threading
import uuid

import pytest
from django.db import connection

from notifications.models import Notification
from staff.messaging import compose, send_cohort_message
from tests.factories import PlaceFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_sends_record_one_copy_per_person(cohort):
    for _ in range(5):
        PlaceFactory(order__cohort=cohort)
    message = compose(
        cohort=cohort,
        audience="confirmed",
        subject="Hello",
        body="Hi {first_name}",
        about_place=True,
        token=uuid.uuid4(),
    )
    barrier = threading.Barrier(4)
    made = []

    def worker():
        try:
            barrier.wait()
            made.append(send_cohort_message(message=message))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Notification.objects.filter(kind="staff_cohort_message").count() == 5
    assert sorted(made) == [0, 0, 0, 5]


def test_concurrent_double_submits_store_one_message(cohort):
    PlaceFactory(order__cohort=cohort)
    token = uuid.uuid4()
    barrier = threading.Barrier(3)
    ids = []

    def worker():
        try:
            barrier.wait()
            message = compose(
                cohort=cohort,
                audience="confirmed",
                subject="Hello",
                body="Hi",
                about_place=True,
                token=token,
            )
            send_cohort_message(message=message)
            ids.append(message.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 1
    assert Notification.objects.count() == 1
