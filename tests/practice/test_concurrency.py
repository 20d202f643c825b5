"""Exactly one nudge per step under two concurrent scans, on PostgreSQL."""

import datetime as dt

import pytest
from django.core import mail

from notifications.models import Notification
from practice import kinds
from practice.nudges import scan_nudges
from tests.notifications.test_concurrency import run_together
from tests.practice.conftest import make_step, member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_scans_nudge_each_open_step_once(cohort, sessions):
    places = [member(cohort).places.get() for _ in range(15)]
    for place in places:
        make_step(place, sessions[1])
        make_step(place, sessions[2], what="Call the school")
    now = sessions[3].starts_at - dt.timedelta(days=2)

    errors = run_together(lambda: scan_nudges(now=now), lambda: scan_nudges(now=now))

    assert errors == []
    rows = Notification.objects.filter(kind=kinds.NUDGE)
    assert rows.count() == 30
    assert set(rows.values_list("status", flat=True)) == {"sent"}
    nudge_mails = [m for m in mail.outbox if m.subject.startswith("How did")]
    assert len(nudge_mails) == 30
