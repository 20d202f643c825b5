"""Turning optional emails off (and on) from the signed link."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client

from bookings.reminders import scan_session_reminders
from notifications.models import OptOut
from notifications.unsubscribe import make_token, unsubscribe_url
from tests.factories import UserFactory
from tests.notifications.conftest import confirmed_place

pytestmark = pytest.mark.django_db


def url_for(email: str) -> str:
    return f"/notifications/unsubscribe/{make_token(email)}/"


def test_opening_the_link_asks_first_and_changes_nothing(client):
    user = UserFactory(email="sam@example.org")

    response = client.get(url_for("sam@example.org"))

    assert response.status_code == 200
    assert b"Turn off optional emails" in response.content
    user.refresh_from_db()
    assert user.optional_emails is True


def test_confirming_turns_optional_emails_off():
    user = UserFactory(email="sam@example.org")
    strict = Client(enforce_csrf_checks=True)  # one-click POSTs carry no token

    response = strict.post(url_for("sam@example.org"), {"action": "unsubscribe"})

    assert response.status_code == 200
    assert b"no longer send optional emails" in response.content
    user.refresh_from_db()
    assert user.optional_emails is False
    assert OptOut.objects.filter(email="sam@example.org").exists()


def test_one_click_unsubscribe_from_the_mail_client_works():
    response = Client(enforce_csrf_checks=True).post(
        url_for("kim@example.org"), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert OptOut.objects.filter(email="kim@example.org").exists()


def test_optional_emails_can_be_turned_back_on(client):
    user = UserFactory(email="sam@example.org", optional_emails=False)
    OptOut.objects.create(email="sam@example.org")

    client.post(url_for("sam@example.org"), {"action": "resubscribe"})

    user.refresh_from_db()
    assert user.optional_emails is True
    assert not OptOut.objects.exists()


def test_a_tampered_link_is_refused_and_changes_nothing(client):
    user = UserFactory(email="sam@example.org")
    token = make_token("someone@example.org")[:-2] + "xx"

    response = client.post(f"/notifications/unsubscribe/{token}/")

    assert response.status_code == 400
    assert b"not valid" in response.content
    user.refresh_from_db()
    assert user.optional_emails is True
    assert not OptOut.objects.exists()


def test_reminders_carry_the_link_and_one_click_headers(session, committed):
    place = confirmed_place(session.cohort)
    now = session.starts_at - dt.timedelta(days=2)
    with time_machine.travel(now, tick=False), committed():
        scan_session_reminders(now=now)

    message = mail.outbox[0]
    link = unsubscribe_url(place.attendee_email)
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


def test_someone_without_an_account_can_unsubscribe_from_reminders(session, committed):
    place = confirmed_place(
        session.cohort,
        attendee=None,
        attendee_name="Kim",
        attendee_email="kim@example.org",
    )
    Client().post(url_for("kim@example.org"))
    now = session.starts_at - dt.timedelta(days=2)

    with time_machine.travel(now, tick=False), committed():
        scan_session_reminders(now=now)

    assert place.attendee_email == "kim@example.org"
    assert mail.outbox == []
