"""Two schedulers at once still send each digest and reply email once."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from community import emails
from notifications.models import Notification
from tests.community.factories import PostFactory, ThreadFactory, make_space

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
LONDON = ZoneInfo("Europe/London")


def _twice_at_once(work):
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            work()
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_two_concurrent_digest_runs_record_one_digest_each():
    space = make_space()
    thread = ThreadFactory(cohort=space.cohort, author=space.other_member)
    day = dt.date(2026, 3, 9)
    PostFactory(
        thread=thread,
        author=space.other_member,
        created_at=dt.datetime.combine(day, dt.time(14), tzinfo=LONDON),
    )
    now = dt.datetime(2026, 3, 10, 8, tzinfo=LONDON)
    _twice_at_once(lambda: emails.send_daily_digests(now=now))
    assert (
        Notification.objects.filter(kind=emails.DIGEST, recipient=space.member).count()
        == 1
    )


def test_two_concurrent_reply_emails_record_one():
    space = make_space()
    thread = ThreadFactory(cohort=space.cohort, author=space.member)
    post = PostFactory(thread=thread, author=space.other_member)
    _twice_at_once(lambda: emails.send_reply_email(post))
    assert Notification.objects.filter(kind=emails.REPLY).count() == 1
