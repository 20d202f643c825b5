"""Every email template previews in the admin, and its frame may be shown."""

import pytest
from django.template import engines
from django.urls import reverse

from notifications import kinds
from notifications.models import Notification
from notifications.previews import email_kinds, sample_context
from notifications.services import render_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALL_KINDS = email_kinds()


@pytest.fixture
def coordinator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def strict_templates(settings):
    """Make a missing variable show up in the rendered text."""
    templates = [dict(config) for config in settings.TEMPLATES]
    for config in templates:
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "string_if_invalid": "!!%s!!"}
    settings.TEMPLATES = templates
    yield
    engines._engines = {}  # rebuilt from the restored settings


def test_every_registered_kind_has_a_template_to_preview():
    assert set(kinds.registered()) <= set(ALL_KINDS)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_each_template_previews_without_an_error(client, coordinator, kind):
    page = client.get(reverse("admin:notifications_preview", args=[kind]))

    assert page.status_code == 200
    assert b"could not be rendered" not in page.content


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_each_preview_shows_its_html_version(client, coordinator, kind):
    html = client.get(reverse("admin:notifications_preview_html", args=[kind]))

    assert html.status_code == 200
    assert b"<html" in html.content


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_no_plain_text_body_says_none(kind):
    subject, text, _html = render_email(kind, sample_context(kind))

    assert "None" not in subject
    assert "None" not in text


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_the_sample_data_fills_every_variable_a_template_uses(strict_templates, kind):
    subject, text, html = render_email(kind, sample_context(kind))

    for part in (subject, text, html):
        assert "!!" not in part, part


def test_invoice_confirmation_names_the_organisation_invoiced():
    _subject, text, _html = render_email(
        "bookings_confirmation", sample_context("bookings_confirmation")
    )

    assert "we will invoice Northshire Council" in text


def test_samples_never_touch_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        for kind in ALL_KINDS:
            render_email(kind, sample_context(kind))


def test_preview_frame_may_be_shown_by_the_admin_itself(client, coordinator):
    response = client.get(
        reverse("admin:notifications_preview_html", args=["bookings_confirmation"])
    )

    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_preview_frame_runs_no_scripts(client, coordinator):
    response = client.get(
        reverse("admin:notifications_preview_html", args=["bookings_confirmation"])
    )

    assert "script-src 'none'" in response["Content-Security-Policy"]


def test_other_admin_pages_still_refuse_to_be_framed(client, coordinator):
    response = client.get(
        reverse("admin:notifications_preview", args=["bookings_confirmation"])
    )

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_logged_emails_html_may_be_framed_by_the_admin(client, coordinator):
    logged = Notification.objects.create(
        kind="bookings_confirmation",
        recipient_email="sam@example.org",
        subject="Booked",
        body_text="Hello",
        body_html="<p style='color:#1f4e79'>Hello</p>",
    )

    response = client.get(
        reverse("admin:notifications_notification_body", args=[logged.pk])
    )

    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
