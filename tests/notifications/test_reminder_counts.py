"""The reminder scan reports what it queued, not what it meant to queue."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from bookings import reminders as kinds
from notifications import batches
from notifications.models import Notification
from notifications.scans import scan_all
from tests.factories import SessionFactory
from tests.notifications.conftest import confirmed_place, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def due():
    """Five place holders whose 7-day reminder is due."""
    session = SessionFactory(
        starts_at=utc(2026, 6, 23, 9), ends_at=utc(2026, 6, 23, 11)
    )
    for _ in range(5):
        confirmed_place(session.cohort)
    return session.starts_at - dt.timedelta(days=2)


def test_scan_reports_the_emails_it_queued(due):
    # The 7-day reminders and the calendar invites of the five places.
    with time_machine.travel(due, tick=False):
        assert scan_all(now=due) == Notification.objects.count() == 10


def test_scan_that_finds_them_recorded_meanwhile_reports_none(due, monkeypatch):
    # A run at the same moment read "nobody has it yet" before the other
    # committed: its inserts are skipped, and so must its count be.
    with time_machine.travel(due, tick=False):
        scan_all(now=due)
        monkeypatch.setattr(batches, "already_notified", lambda **kwargs: set())
        assert scan_all(now=due) == 0
    assert Notification.objects.filter(kind=kinds.SESSION_REMINDER).count() == 5


def test_command_says_how_many_reminders_it_queued(due, capsys):
    with time_machine.travel(due, tick=False):
        call_command("send_reminders")
        call_command("send_reminders")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Queued 10 emails (5 bookings.session_reminders, ")
    assert "5 bookings.place_invites" in out[0]
    assert out[1] == "Queued 0 emails; resent 0 unsent emails."
