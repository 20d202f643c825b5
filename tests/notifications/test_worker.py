"""End to end through a real Celery worker and the real Redis broker.

Runs when REDIS_URL is set (CI sets it); uses Redis database 3 so it never
touches another process's queues.
"""

import os
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from cop.celery import app
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import scan_reminders
from tests.notifications.conftest import confirmed_place

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.skipif(
        not REDIS_URL, reason="needs Redis: set REDIS_URL (CI does); uses DB 3"
    ),
    pytest.mark.django_db(transaction=True),
]


def broker_url() -> str:
    parts = urlsplit(REDIS_URL)
    return urlunsplit((parts.scheme, parts.netloc, "/3", "", ""))


@pytest.fixture
def worker(settings):
    """A real worker thread consuming from Redis DB 3; tasks are not eager."""
    url = broker_url()
    redis.Redis.from_url(url).flushdb()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 1
    app.conf.broker_url = url
    app._pool = None  # drop connections made to another broker by earlier tests
    app.amqp._producer_pool = None
    with start_worker(
        app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ) as running:
        yield running
    redis.Redis.from_url(url).flushdb()
    app._pool = None
    app.amqp._producer_pool = None


def wait_until_settled(notification: Notification, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.status in {"sent", "dead"}:
            return
        time.sleep(0.1)
    raise AssertionError(f"still {notification.status} after {timeout}s")


def _notify(session):
    with transaction.atomic():
        return notify(
            kind="notifications_post_session",
            to="sam@example.org",
            context={
                "session": session,
                "cohort": session.cohort,
                "programme": session.cohort.programme,
                "name": "Sam",
            },
            about=session,
            cohort=session.cohort,
        )


def test_email_is_sent_by_a_worker_through_the_broker(worker, session):
    notification = _notify(session)

    wait_until_settled(notification)

    assert notification.status == Notification.Status.SENT
    assert notification.enqueued_at is not None
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


def test_worker_retries_after_an_smtp_failure(worker, session, flaky_email):
    flaky_email.failures_left = 1

    notification = _notify(session)
    wait_until_settled(notification)

    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2
    assert len(mail.outbox) == 1


def test_beat_scan_through_the_broker_sends_due_reminders(worker, session):
    import datetime as dt

    import time_machine

    confirmed_place(session.cohort)
    with time_machine.travel(session.starts_at - dt.timedelta(days=2), tick=True):
        scan_reminders.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if Notification.objects.filter(
                kind="notifications_session_reminder", status="sent"
            ).exists():
                break
            time.sleep(0.1)

    reminder = Notification.objects.get(kind="notifications_session_reminder")
    assert reminder.status == Notification.Status.SENT
