"""notify(): render a template pair, record once, send after commit."""

import pytest
from django.core import mail
from django.db import transaction
from kombu.exceptions import OperationalError

from notifications.models import Notification
from notifications.services import notify, sweep_unsent
from notifications.tasks import send_notifications
from tests.factories import UserFactory

# Real commits: what these tests check happens after the commit.
pytestmark = pytest.mark.django_db(transaction=True)


def _notify(session, **kwargs):
    """notify() as a service calls it, followed by the commit."""
    with transaction.atomic():
        notification = notify(
            kind="notifications_post_session",
            to=kwargs.pop("to", "Sam@Example.org"),
            context={
                "session": session,
                "cohort": session.cohort,
                "programme": session.cohort.programme,
                "name": "Sam",
            },
            about=session,
            cohort=session.cohort,
            **kwargs,
        )
    return notification


def test_notify_records_and_sends_the_email(session):
    notification = _notify(session)

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.sent_at is not None
    assert notification.attempts == 1
    assert notification.recipient_email == "sam@example.org"
    assert notification.about_key == f"cohorts.session:{session.pk}"
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


def test_email_has_a_plain_text_body_and_an_html_alternative(session):
    _notify(session)

    message = mail.outbox[0]
    assert "Dear Sam" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en-GB">' in html


def test_same_email_about_same_object_to_same_person_is_recorded_once(session):
    first = _notify(session)
    second = _notify(session, to="sam@example.org")

    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_email_waits_for_the_commit_and_is_dropped_on_rollback(session):
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(session)
        assert mail.outbox == []
        raise RuntimeError("booking failed")

    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_optional_email_to_someone_who_unsubscribed_is_logged_as_skipped(session):
    user = UserFactory(email="sam@example.org", optional_emails=False)

    notification = _notify(session, user=user)

    assert notification.status == Notification.Status.SKIPPED
    assert mail.outbox == []


def test_booking_email_is_sent_even_to_someone_who_unsubscribed(session):
    user = UserFactory(email="sam@example.org", optional_emails=False)

    notification = _notify(session, user=user, optional=False)

    assert notification.status == Notification.Status.QUEUED
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT


def test_broker_down_at_commit_keeps_the_email_queued_for_the_sweep(
    session, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(send_notifications, "apply_async", broker_down)
    with transaction.atomic():
        notification = _notify(session)

    notification.refresh_from_db()
    assert notification.status == Notification.Status.QUEUED
    assert notification.enqueued_at is None
    assert mail.outbox == []


def test_sweep_sends_what_the_broker_missed_once_it_is_back(session, monkeypatch):
    import time_machine

    monkeypatch.setattr(
        send_notifications,
        "apply_async",
        lambda *a, **k: (_ for _ in ()).throw(OperationalError("down")),
    )
    notification = _notify(session)
    monkeypatch.undo()

    assert sweep_unsent() == []  # too fresh: the normal path still has a go
    with time_machine.travel(notification.created_at.timestamp() + 120, tick=False):
        assert sweep_unsent() == [notification.pk]

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
