"""Site-wide polish: admin branding, 24-hour times, wording, emails, error pages."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats

from tests.factories import CohortFactory, UserFactory, add_sessions

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def coordinator():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_admin_is_branded_with_the_provider_name(client, coordinator, settings):
    settings.PROVIDER_NAME = "Riverside Learning"
    client.force_login(coordinator)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Riverside Learning admin" in html
    assert "Django administration" not in html
    assert "Django site admin" not in html


@pytest.mark.django_db
def test_admin_shows_times_on_the_24_hour_clock(client, coordinator):
    cohort = CohortFactory()
    add_sessions(cohort, 1)
    session = cohort.sessions.get()
    session.starts_at = dt.datetime(2031, 5, 6, 14, 7, tzinfo=LONDON)
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    client.force_login(coordinator)
    listing = client.get(reverse("admin:cohorts_session_changelist")).content.decode()
    assert "6 May 2031, 14:07" in listing
    assert "p.m." not in listing


def test_british_formats_use_the_24_hour_clock():
    moment = dt.datetime(2031, 5, 6, 14, 7, tzinfo=LONDON)
    assert formats.date_format(moment, "DATETIME_FORMAT") == "6 May 2031, 14:07"
    assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "06/05/2031 14:07"
    assert formats.time_format(moment.time()) == "14:07"


def test_british_dates_and_times_are_accepted_as_input():
    assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")
    assert formats.get_format("TIME_INPUT_FORMATS")[0] == "%H:%M"
    assert "%d/%m/%Y %H:%M" in formats.get_format("DATETIME_INPUT_FORMATS")


# --- Email log -----------------------------------------------------------------


def _logged(**kwargs):
    from notifications.models import Notification

    defaults = {
        "kind": "bookings_place_confirmed",
        "recipient_email": "sam@example.org",
        "subject": "Your place is confirmed",
        "body_text": "Hello",
        "body_html": "<p>Hello</p>",
    }
    return Notification.objects.create(**{**defaults, **kwargs})


def test_every_email_kind_has_a_readable_label():
    from notifications.admin import kind_label
    from notifications.previews import email_kinds

    for kind in email_kinds():
        label = kind_label(kind)
        assert "_" not in label and label[0].isupper(), kind
    assert kind_label("bookings_place_confirmed") == "Place confirmed"


def test_unknown_kinds_are_still_readable():
    from notifications.admin import kind_label

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


# --- Wording: allauth's pages in British, sentence-case English ------------------


def test_project_catalogue_gives_allauth_the_sites_wording():
    from django.utils import translation

    with translation.override("en-gb"):
        assert translation.gettext("Sign Up") == "Create account"
        assert translation.gettext("Sign In") == "Sign in"
        assert translation.gettext("Remember Me") == "Remember me"
        assert translation.gettext("Two-Factor Authentication") == "Two-factor sign-in"
        assert translation.gettext("Email Addresses") == "Email addresses"


def test_compiled_catalogue_is_up_to_date_with_its_source():
    """The .mo is committed (no gettext needed): it must hold every entry."""
    import gettext
    import re

    from django.conf import settings

    folder = settings.LOCALE_PATHS[0] / "en_GB" / "LC_MESSAGES"
    source = (folder / "django.po").read_text(encoding="utf-8")
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    entries = re.findall(r'^msgid "(.+)"$', source, flags=re.MULTILINE)
    assert len(entries) > 50
    for msgid in entries:
        text = msgid.replace('\\"', '"')
        assert catalogue.gettext(text) != text, msgid


@pytest.mark.django_db
def test_sign_in_page_reads_in_sentence_case(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "Sign in" in html
    assert "Remember me" in html
    assert "Sign In" not in html
    assert "Remember Me" not in html


@pytest.mark.django_db
def test_sign_up_page_says_create_account(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert "Create account" in html
    assert "Sign Up" not in html


@pytest.mark.django_db
def test_verification_sent_page_is_british(client):
    html = client.get(reverse("account_email_verification_sent")).content.decode()
    assert "finalize" not in html
    assert "finish creating your account" in html


@pytest.mark.django_db
def test_email_addresses_page_is_in_sentence_case(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get(reverse("account_email")).content.decode()
    assert "Email addresses" in html
    assert "Email Addresses" not in html
    assert "Make Primary" not in html


# --- Account emails in the provider's name -------------------------------------


def _sign_up(client):
    from django.core.cache import cache

    cache.clear()  # allauth's per-IP sign-up rate limit counts other tests' runs
    client.post(
        reverse("account_signup"),
        {
            "email": "alex@council.example",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
            "full_name": "Alex Morgan",
            "job_role": "Housing officer",
        },
    )
    from django.core import mail

    return mail.outbox[-1]


@pytest.mark.django_db
def test_verification_email_is_sent_in_the_providers_name(client, settings):
    settings.PROVIDER_NAME = "Riverside Learning"
    message = _sign_up(client)
    assert message.subject == "Riverside Learning: Please confirm your email address"
    assert "Riverside Learning" in message.body
    assert "/accounts/confirm-email/" in message.body
    assert "Hello from" not in message.body
    assert "testserver" not in message.subject


@pytest.mark.django_db
def test_password_reset_email_is_sent_in_the_providers_name(client, settings):
    from django.core import mail
    from django.core.cache import cache

    cache.clear()  # allauth's per-IP rate limit counts other tests' resets
    settings.PROVIDER_NAME = "Riverside Learning"
    user = UserFactory(email="sam@council.example")
    client.post(reverse("account_reset_password"), {"email": user.email})
    message = mail.outbox[-1]
    assert message.subject == "Riverside Learning: Reset your password"
    assert "Riverside Learning account" in message.body
    assert "/accounts/password/reset/key/" in message.body


def test_sender_name_defaults_to_the_provider_name():
    from tests.cop.test_settings import run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL)",
        PROVIDER_NAME="Riverside Learning",
    )
    assert result.stdout.strip().endswith("\nRiverside Learning <hello@cop.example>")


# --- Error pages and favicon ---------------------------------------------------


@pytest.mark.django_db
def test_missing_page_shows_the_branded_404(client, settings):
    settings.PROVIDER_NAME = "Riverside Learning"
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert "Riverside Learning" in html
    assert reverse("cohorts:programme_list") in html


def test_server_error_page_renders_without_database_or_context_processors(rf, settings):
    from django.views.defaults import server_error

    settings.PROVIDER_NAME = "Riverside Learning"
    # No django_db mark: any database query here would fail the test.
    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong" in html
    assert "Riverside Learning" in html
    assert "favicon.svg" in html


@pytest.mark.django_db
def test_pages_and_admin_link_the_favicon(client, coordinator):
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")
    assert 'rel="icon"' in client.get(reverse("account_login")).content.decode()
    client.force_login(coordinator)
    assert 'rel="icon"' in client.get(reverse("admin:index")).content.decode()
