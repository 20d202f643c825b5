"""Catering numbers stay whole while many people change their plans at once.

PostgreSQL only: each change runs in its own thread and connection, released
together by a barrier. Every person double-clicks with two different answers;
each must be counted exactly once, and nobody gets an error.
"""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from cohorts.attendance import numbers_for, say_how_i_attend
from cohorts.models import AttendanceIntention, Session
from tests.factories import SessionFactory
from tests.notifications.conftest import confirmed_place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 10


def test_simultaneous_changes_count_each_person_once():
    start = timezone.now() + dt.timedelta(days=10)
    session = SessionFactory(
        mode=Session.Mode.HYBRID,
        venue="Town hall",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
    )
    people = [confirmed_place(session.cohort).attendee for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE * 2)
    errors: list[Exception] = []

    def change(person, how):
        try:
            barrier.wait()
            say_how_i_attend(session=session, user=person, how=how)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=change, args=(person, how))
        for person in people
        for how in (AttendanceIntention.How.IN_PERSON, AttendanceIntention.How.ONLINE)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    numbers = numbers_for(session)
    assert errors == []
    assert numbers.answered == PEOPLE
    assert numbers.in_person + numbers.online == PEOPLE
