"""Sending: once per row, retried with back-off, given up visibly."""

import datetime as dt
import smtplib

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail

from notifications.models import Notification
from notifications.services import (
    TemporaryEmailError,
    deliver,
    resend,
    retry_delay,
    sweep_unsent,
)
from notifications.tasks import send_notification, send_notifications

pytestmark = pytest.mark.django_db


def queued(**kwargs) -> Notification:
    defaults = {
        "kind": "test",
        "recipient_email": "sam@example.org",
        "subject": "Hello",
        "body_text": "Hello Sam",
    }
    return Notification.objects.create(**{**defaults, **kwargs})


def test_task_run_twice_sends_once():
    notification = queued()

    send_notification.apply(args=(notification.pk,))
    send_notification.apply(args=(notification.pk,))

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert len(mail.outbox) == 1


def test_batch_run_twice_sends_each_email_once():
    first, second = queued(), queued(recipient_email="kim@example.org")

    send_notifications.apply(args=([first.pk, second.pk],))
    send_notifications.apply(args=([first.pk, second.pk],))

    assert sorted(m.to[0] for m in mail.outbox) == [
        "kim@example.org",
        "sam@example.org",
    ]


def test_a_failing_email_does_not_stop_the_rest_of_its_batch(flaky_email):
    first, second = queued(), queued(recipient_email="kim@example.org")
    flaky_email.failures_left = 1

    send_notifications.apply(args=([first.pk, second.pk],))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Notification.Status.FAILED
    assert second.status == Notification.Status.SENT


def test_failing_backend_records_the_error_and_asks_for_a_retry(flaky_email):
    flaky_email.failures_left = 1
    notification = queued()

    with pytest.raises(TemporaryEmailError) as failure:
        deliver(notification.pk)

    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 1
    assert "SMTPServerDisconnected" in notification.last_error
    assert failure.value.retry_in == 60
    assert mail.outbox == []


def test_retry_waits_twice_as_long_each_time_up_to_half_an_hour():
    assert [retry_delay(n) for n in range(1, 8)] == [
        60,
        120,
        240,
        480,
        960,
        1800,
        1800,
    ]


def test_worker_task_retries_through_celery_with_exponential_countdown(
    flaky_email, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    flaky_email.failures_left = 2
    notification = queued(attempts=1, status=Notification.Status.FAILED)

    send_notification.push_request(
        id="task-1",
        args=[notification.pk],
        kwargs={},
        is_eager=False,
        retries=1,
        called_directly=False,
    )
    try:
        with pytest.raises(Retry) as retry:
            send_notification.run(notification.pk)
    finally:
        send_notification.pop_request()

    assert retry.value.when == 120  # second attempt failed: wait 2 minutes


def test_sweep_retries_a_failed_email_when_its_retry_is_due(flaky_email, committed):
    flaky_email.failures_left = 1
    notification = queued()
    send_notification.apply(args=(notification.pk,))  # eager: failure recorded
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED

    assert sweep_unsent() == []  # not due yet
    with time_machine.travel(notification.next_attempt_at, tick=False), committed():
        assert sweep_unsent() == [notification.pk]

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2
    assert len(mail.outbox) == 1


def test_email_is_given_up_after_the_last_attempt(flaky_email, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    flaky_email.failures_left = 10
    notification = queued()

    for _attempt in range(3):
        with time_machine.travel(dt.timedelta(hours=2)):
            send_notification.apply(args=(notification.pk,))

    notification.refresh_from_db()
    assert notification.status == Notification.Status.DEAD
    assert notification.attempts == 3
    assert notification.next_attempt_at is None
    assert list(Notification.objects.dead()) == [notification]


def test_refused_recipient_is_given_up_at_once(flaky_email):
    flaky_email.failures_left = 1
    flaky_email.error = lambda message: smtplib.SMTPRecipientsRefused(
        {"sam@example.org": (550, b"No such user")}
    )
    notification = queued()

    deliver(notification.pk)

    notification.refresh_from_db()
    assert notification.status == Notification.Status.DEAD


def test_resend_puts_a_dead_email_back_with_fresh_attempts(committed):
    notification = queued(status=Notification.Status.DEAD, attempts=6)

    with committed():
        assert resend(notification=notification) is True

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1


def test_resend_refuses_an_email_that_was_sent():
    notification = queued(status=Notification.Status.SENT, attempts=1)

    assert resend(notification=notification) is False

    notification.refresh_from_db()
    assert notification.attempts == 1
    assert mail.outbox == []
