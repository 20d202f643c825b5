import datetime as dt
import smtplib

import pytest
from django.core import mail

from bookings.models import Place
from tests.factories import CohortFactory, PlaceFactory, SessionFactory
from tests.notifications.backends import FlakyBackend


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.fixture
def session(db):
    """An online session on Tuesday 23 June 2026, 10:00-12:00 London (BST)."""
    cohort = CohortFactory(name="2026-27")
    return SessionFactory(
        cohort=cohort,
        number=1,
        title="Getting started",
        starts_at=utc(2026, 6, 23, 9, 0),
        ends_at=utc(2026, 6, 23, 11, 0),
        joining_link="https://meet.example/shared-ground-1",
    )


def confirmed_place(cohort, *, sessions=(), **kwargs) -> Place:
    place = PlaceFactory(order__cohort=cohort, **kwargs)
    if sessions:
        place.sessions.set(sessions)
    return place


@pytest.fixture
def flaky_email(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    FlakyBackend.failures_left = 0
    FlakyBackend.error = smtplib.SMTPServerDisconnected
    mail.outbox = []
    yield FlakyBackend
    FlakyBackend.failures_left = 0


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs after-commit callbacks as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
