"""Email this cohort: preview, merge fields, exactly once, opt-outs, scope."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification, OptOut
from staff.messaging import CohortMessageError, compose, send_cohort_message
from staff.models import CohortMessage
from tests.cop import builders
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = "Hello {first_name},\nOur next session: {next_session}.\nSpace: {space_link}"


def form(**changes):
    data = {
        "audience": "confirmed",
        "subject": "Before we meet, {first_name}",
        "body": BODY,
        "token": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


def email_url(cohort):
    return reverse("staff:cohort_email", args=[cohort.pk])


def test_preview_shows_the_first_recipients_copy_and_sends_nothing(
    client, facilitator, cohort, place
):
    client.force_login(facilitator)
    page = client.post(email_url(cohort), {**form(), "preview": "1"})
    text = page.content.decode()
    assert "Before we meet, Siân" in text
    assert "Hello Siân" in text
    assert not Notification.objects.exists()
    assert not CohortMessage.objects.exists()


def test_send_gives_each_confirmed_participant_a_merged_copy(
    client, facilitator, cohort, sessions, place, django_capture_on_commit_callbacks
):
    PlaceFactory(order__cohort=cohort, attendee__full_name="Tomos Rees")
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(email_url(cohort), {**form(), "send": "1"})
    assert response.status_code == 302
    copies = Notification.objects.filter(kind="staff_cohort_message")
    assert copies.count() == 2
    sian = copies.get(recipient_email="sian@council.example")
    assert sian.subject == "Before we meet, Siân"
    assert sessions[3].title in sian.body_text
    assert sian.cohort == cohort
    assert len(mail.outbox) == 2


def test_pressing_send_twice_sends_each_person_one_copy(
    client, facilitator, cohort, place
):
    client.force_login(facilitator)
    data = {**form(), "send": "1"}
    client.post(email_url(cohort), data)
    client.post(email_url(cohort), data)
    assert CohortMessage.objects.count() == 1
    assert (
        Notification.objects.filter(recipient_email=place.attendee_email).count() == 1
    )


def test_sending_the_same_message_again_records_no_second_copy(cohort, place):
    message = compose(
        cohort=cohort,
        audience="confirmed",
        subject="Hello",
        body="Hi {first_name}",
        about_place=False,
        token=uuid.uuid4(),
    )
    assert send_cohort_message(message=message) == 1
    assert send_cohort_message(message=message) == 0
    assert Notification.objects.count() == 1


def test_an_unknown_merge_field_is_refused_and_nothing_is_stored(
    client, facilitator, cohort, place
):
    client.force_login(facilitator)
    page = client.post(email_url(cohort), {**form(body="Hi {surname}"), "send": "1"})
    assert "{surname} is not a merge field" in page.content.decode()
    assert not CohortMessage.objects.exists()
    assert not Notification.objects.exists()


def test_unpaired_braces_are_refused(cohort):
    with pytest.raises(CohortMessageError):
        compose(
            cohort=cohort,
            audience="confirmed",
            subject="Hello",
            body="Hi {first_name",
            about_place=False,
            token=uuid.uuid4(),
        )


def test_an_optional_message_skips_people_who_opted_out(
    cohort, place, django_capture_on_commit_callbacks
):
    OptOut.objects.create(email=place.attendee_email)
    message = compose(
        cohort=cohort,
        audience="confirmed",
        subject="Our newsletter",
        body="News",
        about_place=False,
        token=uuid.uuid4(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_cohort_message(message=message)
    assert Notification.objects.get().status == Notification.Status.SKIPPED
    assert not mail.outbox


def test_a_message_about_their_place_reaches_people_who_opted_out(
    cohort, place, django_capture_on_commit_callbacks
):
    OptOut.objects.create(email=place.attendee_email)
    message = compose(
        cohort=cohort,
        audience="confirmed",
        subject="New room",
        body="We have moved to room 4.",
        about_place=True,
        token=uuid.uuid4(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_cohort_message(message=message)
    assert Notification.objects.get().status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_the_waiting_list_audience_reaches_only_the_waiting_list(cohort, place):
    builders.waiting(UserFactory(email="waiting@example.org"), cohort=cohort)
    message = compose(
        cohort=cohort,
        audience="waiting",
        subject="Still waiting",
        body="Hi {first_name}",
        about_place=True,
        token=uuid.uuid4(),
    )
    send_cohort_message(message=message)
    assert list(Notification.objects.values_list("recipient_email", flat=True)) == [
        "waiting@example.org"
    ]


def test_applicants_awaiting_a_decision_can_be_written_to(cohort):
    builders.application(UserFactory(email="applicant@example.org"), cohort=cohort)
    message = compose(
        cohort=cohort,
        audience="applicants",
        subject="Decisions soon",
        body="Hi {first_name}",
        about_place=True,
        token=uuid.uuid4(),
    )
    send_cohort_message(message=message)
    assert Notification.objects.get().recipient_email == "applicant@example.org"


def test_a_group_with_nobody_in_it_is_refused_at_preview(client, facilitator, cohort):
    client.force_login(facilitator)
    page = client.post(email_url(cohort), {**form(audience="guests"), "preview": "1"})
    assert "Nobody is in that group yet" in page.content.decode()


def test_another_programmes_cohort_cannot_be_emailed(client, facilitator, other_cohort):
    PlaceFactory(order__cohort=other_cohort)
    client.force_login(facilitator)
    response = client.post(email_url(other_cohort), {**form(), "send": "1"})
    assert response.status_code == 404
    assert not Notification.objects.exists()


def test_another_programmes_message_page_is_not_found(
    client, facilitator, other_cohort
):
    message = compose(
        cohort=other_cohort,
        audience="confirmed",
        subject="Hello",
        body="Hi",
        about_place=False,
        token=uuid.uuid4(),
    )
    client.force_login(facilitator)
    page = client.get(reverse("staff:cohort_message", args=[message.pk]))
    assert page.status_code == 404


def test_the_message_page_counts_the_copies(
    client, facilitator, cohort, place, django_capture_on_commit_callbacks
):
    message = compose(
        cohort=cohort,
        audience="confirmed",
        subject="Hello",
        body="Hi",
        about_place=False,
        token=uuid.uuid4(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_cohort_message(message=message)
    client.force_login(facilitator)
    page = client.get(reverse("staff:cohort_message", args=[message.pk]))
    assert page.context["statuses"] == [("Sent", 1)]
