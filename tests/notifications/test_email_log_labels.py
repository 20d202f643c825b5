"""The email log shows readable kinds and short subjects."""

import pytest
from django.urls import reverse

from notifications.admin import kind_label
from notifications.models import Notification
from notifications.previews import email_kinds
from tests.factories import UserFactory


@pytest.fixture
def coordinator():
    return UserFactory(is_staff=True, is_superuser=True)


def _logged(**kwargs):
    defaults = {
        "kind": "bookings_place_confirmed",
        "recipient_email": "sam@example.org",
        "subject": "Your place is confirmed",
        "body_text": "Hello",
        "body_html": "<p>Hello</p>",
    }
    return Notification.objects.create(**{**defaults, **kwargs})


def test_every_email_kind_has_a_readable_label():
    for kind in email_kinds():
        label = kind_label(kind)
        assert "_" not in label and label[0].isupper(), kind
    assert kind_label("bookings_place_confirmed") == "Place confirmed"


def test_unknown_kinds_are_still_readable():
    assert kind_label("cpd_points_added") == "Points added"


@pytest.mark.django_db
def test_email_log_shows_readable_kinds_and_shortened_subjects(client, coordinator):
    long_subject = "Your place on Shared Ground 2031-32 is confirmed " + "x" * 40
    _logged(subject=long_subject)
    client.force_login(coordinator)
    html = client.get(
        reverse("admin:notifications_notification_changelist")
    ).content.decode()
    assert '<td class="field-kind_display">Place confirmed</td>' in html
    assert f'title="{long_subject}"' in html


@pytest.mark.django_db
def test_email_log_filter_lists_kinds_by_their_labels(client, coordinator):
    _logged()
    client.force_login(coordinator)
    html = client.get(
        reverse("admin:notifications_notification_changelist")
    ).content.decode()
    assert "?kind=bookings_place_confirmed" in html
    assert ">Place confirmed</a>" in html
