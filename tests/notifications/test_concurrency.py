"""Exactly once under concurrency, on PostgreSQL (threads, own connections)."""

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.core import mail
from django.db import connection

from bookings import reminders as kinds
from notifications.models import Notification
from notifications.scans import scan_all
from notifications.services import deliver
from tests.factories import SessionFactory
from tests.notifications.backends import FlakyBackend
from tests.notifications.conftest import confirmed_place, utc

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*functions) -> list[BaseException]:
    """Start the functions at the same moment, each in a thread of its own."""
    barrier = threading.Barrier(len(functions))
    errors: list[BaseException] = []

    def runner(function):
        try:
            barrier.wait()
            function()
        except BaseException as error:  # reported to the test, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_two_concurrent_scans_send_each_reminder_once():
    session = SessionFactory(
        starts_at=utc(2026, 6, 23, 9), ends_at=utc(2026, 6, 23, 11)
    )
    places = [confirmed_place(session.cohort) for _ in range(30)]
    now = session.starts_at - dt.timedelta(days=2)

    with time_machine.travel(now, tick=False):
        errors = run_together(lambda: scan_all(now=now), lambda: scan_all(now=now))

    assert errors == []
    reminders = Notification.objects.filter(kind=kinds.SESSION_REMINDER)
    assert reminders.count() == 30
    assert set(reminders.values_list("status", flat=True)) == {"sent"}
    reminder_mails = [m.to[0] for m in mail.outbox if m.subject.startswith("Rem")]
    assert sorted(reminder_mails) == sorted(p.attendee_email for p in places)


def test_three_concurrent_scans_report_what_was_actually_queued():
    session = SessionFactory(
        starts_at=utc(2026, 6, 23, 9), ends_at=utc(2026, 6, 23, 11)
    )
    for _ in range(45):
        confirmed_place(session.cohort)
    now = session.starts_at - dt.timedelta(days=2)
    reported: list[int] = []

    with time_machine.travel(now, tick=False):
        errors = run_together(
            *[lambda: reported.append(scan_all(now=now)) for _ in range(3)]
        )

    assert errors == []
    assert Notification.objects.filter(kind=kinds.SESSION_REMINDER).count() == 45
    # The reminders and the places' calendar invites, each counted once.
    assert sum(reported) == Notification.objects.count() == 90


class SlowBackend(FlakyBackend):
    """Holds the SMTP conversation long enough for the race to happen."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


def test_the_same_email_delivered_by_two_workers_at_once_goes_once(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_concurrency.SlowBackend"
    mail.outbox = []
    notification = Notification.objects.create(
        kind="test", recipient_email="sam@example.org", subject="Hi", body_text="Hi"
    )

    errors = run_together(
        lambda: deliver(notification.pk), lambda: deliver(notification.pk)
    )

    assert errors == []
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert len(mail.outbox) == 1
