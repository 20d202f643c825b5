import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.reminders import (
    QUESTIONNAIRE_OPEN,
    QUESTIONNAIRE_REMINDER,
    scan_questionnaire_reminders,
)
from notifications.models import Notification
from tests.evaluation import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sent(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient_email", flat=True)
    )


def test_an_open_questionnaire_invites_each_participant_once(cohort, person):
    builders.run(cohort)
    scan_questionnaire_reminders()
    scan_questionnaire_reminders()
    assert sent(QUESTIONNAIRE_OPEN) == [person.email]


def test_the_invitation_links_to_the_questionnaire_and_says_it_is_anonymous(
    cohort, person, mailoutbox, django_capture_on_commit_callbacks
):
    run = builders.run(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        scan_questionnaire_reminders()
    body = mailoutbox[0].body
    assert f"/evaluation/questionnaire/{run.pk}/" in body
    assert "anonymous" in body


def test_people_who_answered_get_no_reminder(cohort, person):
    run = builders.run(cohort, opened_days_ago=10, closes_in_days=2)
    other = builders.participant(cohort)
    builders.response(run, person, {"How useful?": 4})
    scan_questionnaire_reminders()
    assert sent(QUESTIONNAIRE_REMINDER) == [other.email]


def test_the_closing_reminder_goes_once_however_often_the_scan_runs(cohort, person):
    builders.run(cohort, opened_days_ago=10, closes_in_days=2)
    for _ in range(3):
        scan_questionnaire_reminders()
    assert sent(QUESTIONNAIRE_REMINDER) == [person.email]


def test_nothing_is_sent_for_a_closed_questionnaire(cohort, person):
    builders.run(cohort, opened_days_ago=20, closes_in_days=-1)
    assert scan_questionnaire_reminders() == 0
    assert not Notification.objects.exists()


def test_nothing_is_sent_before_the_questionnaire_opens(cohort, person):
    builders.run(cohort, opened_days_ago=-1, closes_in_days=14)
    assert scan_questionnaire_reminders(now=timezone.now()) == 0


def test_the_periodic_job_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["evaluation-scan-questionnaire-reminders"]
    assert entry["task"] == "evaluation.tasks.scan_questionnaire_reminders"


def test_the_reminder_email_says_when_it_closes(
    cohort, person, mailoutbox, django_capture_on_commit_callbacks
):
    run = builders.run(cohort, opened_days_ago=10, closes_in_days=2)
    with django_capture_on_commit_callbacks(execute=True):
        scan_questionnaire_reminders(now=timezone.now() + dt.timedelta(minutes=1))
    message = mailoutbox[-1]
    assert "Closing soon" in message.subject
    closes = timezone.localtime(run.closes_at)
    assert f"{closes:%A} {closes.day} {closes:%B %Y}" in message.body


@pytest.mark.parametrize("kind", [QUESTIONNAIRE_OPEN, QUESTIONNAIRE_REMINDER])
def test_the_questionnaire_emails_preview_in_the_admin(client, kind):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:notifications_preview_html", args=[kind]))
    assert html.status_code == 200
    assert b"End-of-cohort evaluation" in html.content
