"""The email log in the admin: scoped per facilitator, filters, resend, previews."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from cop.models import FACILITATORS_GROUP
from notifications.models import Notification
from notifications.previews import email_kinds
from tests.factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db

LOG = "admin:notifications_notification_changelist"


def logged(cohort=None, **kwargs) -> Notification:
    defaults = {
        "kind": "notifications_session_reminder",
        "recipient_email": "sam@example.org",
        "subject": "Reminder",
        "body_text": "Hello",
        "body_html": "<p>Hello</p>",
        "cohort": cohort,
    }
    return Notification.objects.create(**{**defaults, **kwargs})


@pytest.fixture
def coordinator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def facilitator(client):
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    group, _ = Group.objects.get_or_create(name=FACILITATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="view_notification"))
    user.groups.add(group)
    client.force_login(user)
    return user


def test_facilitator_sees_only_the_emails_of_their_cohorts(client, facilitator):
    mine = CohortFactory()
    mine.programme.facilitators.add(facilitator)
    logged(mine, recipient_email="mine@example.org")
    logged(CohortFactory(), recipient_email="theirs@example.org")

    response = client.get(reverse(LOG))

    assert response.status_code == 200
    assert b"mine@example.org" in response.content
    assert b"theirs@example.org" not in response.content


def test_log_filters_by_cohort_and_by_person(client, coordinator):
    cohort = CohortFactory()
    logged(cohort, recipient_email="a@example.org")
    logged(CohortFactory(), recipient_email="b@example.org")

    by_cohort = client.get(reverse(LOG), {"cohort": cohort.pk})
    by_person = client.get(reverse(LOG), {"recipient_email": "b@example.org"})

    assert b"a@example.org" in by_cohort.content
    assert b"b@example.org" not in by_cohort.content
    assert b"b@example.org" in by_person.content
    assert b"a@example.org" not in by_person.content


def test_log_warns_about_emails_that_were_given_up(client, coordinator):
    logged(status=Notification.Status.DEAD)

    response = client.get(reverse(LOG))

    assert b"could not be sent and was given up on" in response.content


def test_resend_action_queues_failed_emails_again(
    client, coordinator, django_capture_on_commit_callbacks
):
    dead = logged(status=Notification.Status.DEAD, attempts=6)
    sent = logged(kind="other", status=Notification.Status.SENT, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(LOG),
            {"action": "resend_selected", "_selected_action": [dead.pk, sent.pk]},
        )

    assert response.status_code == 302
    dead.refresh_from_db()
    sent.refresh_from_db()
    assert dead.status == Notification.Status.SENT
    assert sent.attempts == 1
    assert len(mail.outbox) == 1


def test_resend_button_on_a_failed_email(
    client, coordinator, django_capture_on_commit_callbacks
):
    failed = logged(status=Notification.Status.FAILED, attempts=2)
    page = client.get(
        reverse("admin:notifications_notification_change", args=[failed.pk])
    )
    assert b"Resend this email" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:notifications_notification_resend", args=[failed.pk])
        )

    failed.refresh_from_db()
    assert failed.status == Notification.Status.SENT


def test_facilitator_cannot_resend_another_programmes_email(client, facilitator):
    other = logged(CohortFactory(), status=Notification.Status.DEAD)

    response = client.post(
        reverse("admin:notifications_notification_resend", args=[other.pk])
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Notification.Status.DEAD


def test_preview_list_shows_every_email_template(client, coordinator):
    response = client.get(reverse("admin:notifications_preview_list"))

    assert response.status_code == 200
    for kind in email_kinds():
        assert kind.encode() in response.content


@pytest.mark.parametrize(
    "kind", [k for k in email_kinds() if k.startswith("notifications_")]
)
def test_each_notifications_template_previews_with_sample_data(
    client, coordinator, kind
):
    page = client.get(reverse("admin:notifications_preview", args=[kind]))
    html = client.get(reverse("admin:notifications_preview_html", args=[kind]))

    assert page.status_code == 200
    assert b"could not be rendered" not in page.content
    assert html.status_code == 200
    assert b"Sam Patel" in html.content


def test_preview_of_an_unknown_template_is_not_found(client, coordinator):
    response = client.get(reverse("admin:notifications_preview", args=["nope"]))

    assert response.status_code == 404
