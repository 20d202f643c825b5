import datetime as dt

import pytest
from django.urls import reverse

from applications.models import ExpressionOfInterest
from applications.selectors import interested_without_application
from cohorts.models import Cohort
from cop.models import AuditEvent
from notifications.models import Notification
from tests.applications.factories import ApplicationFactory, InterestFactory
from tests.factories import UserFactory
from tests.ics import parse_ics

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Sam Okafor",
    "email": "Sam.Okafor@Example.org",
    "organisation": "Hillside Council",
    "role": "Community development officer",
    "remind_before_deadline": "on",
}


def test_interest_form_shows_the_dropin_date(client, cohort):
    page = client.get(reverse("applications:interest", args=[cohort.pk]))
    assert page.status_code == 200
    assert "drop-in information session" in page.content.decode()


def test_registering_interest_records_it_and_emails_the_dropin(client, cohort):
    page = client.post(reverse("applications:interest", args=[cohort.pk]), FORM)
    assert page.status_code == 200
    interest = ExpressionOfInterest.objects.get(cohort=cohort)
    assert interest.email == "sam.okafor@example.org"
    assert interest.remind_before_deadline
    email = Notification.objects.get(kind="applications_interest")
    assert email.recipient_email == "sam.okafor@example.org"
    assert "https://meet.example/dropin" in email.body_text
    assert AuditEvent.objects.filter(action="applications.interest.registered").exists()


def test_interest_email_carries_a_dropin_calendar_event(client, cohort):
    client.post(reverse("applications:interest", args=[cohort.pk]), FORM)
    (filename, content, mimetype) = Notification.objects.get().attachments[0]
    assert (filename, mimetype) == ("drop-in.ics", "text/calendar")
    event = parse_ics(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == cohort.dropin_starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == cohort.dropin_ends_at.replace(microsecond=0)
    assert str(event["location"]) == "https://meet.example/dropin"


def test_interest_is_sent_through_the_mail_backend(
    client, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:interest", args=[cohort.pk]), FORM)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].attachments[0][0] == "drop-in.ics"


def test_registering_twice_is_refused_and_changes_nothing(client, cohort):
    url = reverse("applications:interest", args=[cohort.pk])
    client.post(url, FORM)
    again = client.post(url, {**FORM, "email": "sam.okafor@example.org"})
    assert "already registered interest" in again.content.decode()
    assert ExpressionOfInterest.objects.count() == 1
    assert Notification.objects.count() == 1


def test_interest_is_refused_after_the_deadline(client, cohort):
    cohort.application_deadline = cohort.applications_open_at + dt.timedelta(days=1)
    cohort.save()
    page = client.post(reverse("applications:interest", args=[cohort.pk]), FORM)
    assert "not recruiting" in page.content.decode()
    assert not ExpressionOfInterest.objects.exists()


def test_interest_is_refused_for_a_cohort_not_recruiting(client, cohort):
    cohort.status = Cohort.Status.FULL
    cohort.save()
    page = client.post(reverse("applications:interest", args=[cohort.pk]), FORM)
    assert "not recruiting" in page.content.decode()
    assert not ExpressionOfInterest.objects.exists()


def test_interest_in_an_unknown_or_draft_cohort_is_not_found(client, cohort):
    assert (
        client.get(reverse("applications:interest", args=[999999])).status_code == 404
    )
    cohort.status = Cohort.Status.DRAFT
    cohort.save()
    url = reverse("applications:interest", args=[cohort.pk])
    assert client.get(url).status_code == 404


def test_reminder_list_holds_people_who_have_not_submitted(cohort):
    waiting = InterestFactory(cohort=cohort, email="waiting@example.org")
    applied_user = UserFactory(email="applied@example.org")
    InterestFactory(cohort=cohort, email="APPLIED@example.org")
    ApplicationFactory(cohort=cohort, applicant=applied_user)
    drafter = UserFactory(email="drafter@example.org")
    drafting = InterestFactory(cohort=cohort, email="drafter@example.org")
    ApplicationFactory(cohort=cohort, applicant=drafter, status="draft")
    InterestFactory(cohort=cohort, remind_before_deadline=False)
    assert list(interested_without_application(cohort)) == [waiting, drafting]


def test_reminder_list_matches_a_signed_in_person_by_account(cohort):
    person = UserFactory(email="new-address@example.org")
    InterestFactory(cohort=cohort, email="old-address@example.org", user=person)
    ApplicationFactory(cohort=cohort, applicant=person)
    assert not interested_without_application(cohort).exists()
