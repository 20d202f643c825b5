"""Deadline reminders for people who expressed interest, found by the scans."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from applications.models import ExpressionOfInterest
from notifications.scans import scan_all
from tests.applications.factories import ApplicationFactory, InterestFactory
from tests.factories import CohortFactory
from tests.notifications.conftest import utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs after-commit callbacks as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def scan_at(moment: dt.datetime, committed) -> int:
    with time_machine.travel(moment, tick=False), committed():
        return scan_all()


def test_interested_people_who_have_not_applied_are_reminded_48_hours_before(
    committed,
):
    cohort = CohortFactory(application_deadline=utc(2026, 6, 10, 17))
    InterestFactory(
        cohort=cohort, name="Kim", email="kim@example.org", remind_before_deadline=True
    )
    InterestFactory(
        cohort=cohort, name="Sam", email="Sam@example.org", remind_before_deadline=True
    )
    ApplicationFactory(cohort=cohort, applicant__email="sam@example.org")
    InterestFactory(
        cohort=cohort, name="Lee", email="lee@example.org", remind_before_deadline=False
    )

    scan_at(utc(2026, 6, 8, 16, 59), committed)
    scan_at(utc(2026, 6, 8, 17, 0), committed)
    scan_at(utc(2026, 6, 9, 17, 0), committed)

    deadline = [m for m in mail.outbox if "Applications" in m.subject]
    assert [m.to for m in deadline] == [["kim@example.org"]]
    assert "Wednesday 10 June 2026, 18:00" in deadline[0].subject


def test_deadline_reminder_uses_the_applications_app_expressions_of_interest(
    committed,
):
    cohort = CohortFactory(application_deadline=utc(2026, 6, 10, 17))
    ExpressionOfInterest.objects.create(
        cohort=cohort, name="Kim", email="kim@example.org"
    )
    ExpressionOfInterest.objects.create(
        cohort=cohort,
        name="Lee",
        email="lee@example.org",
        remind_before_deadline=False,
    )

    scan_at(utc(2026, 6, 9, 12), committed)

    deadline = [m for m in mail.outbox if "Applications" in m.subject]
    assert [m.to for m in deadline] == [["kim@example.org"]]
    assert "Dear Kim" in deadline[0].body
