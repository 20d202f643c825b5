"""Account emails are sent in the provider's name."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.cop.test_settings import run_manage
from tests.factories import UserFactory


def _sign_up(client):
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
    cache.clear()  # allauth's per-IP rate limit counts other tests' resets
    settings.PROVIDER_NAME = "Riverside Learning"
    user = UserFactory(email="sam@council.example")
    client.post(reverse("account_reset_password"), {"email": user.email})
    message = mail.outbox[-1]
    assert message.subject == "Riverside Learning: Reset your password"
    assert "Riverside Learning account" in message.body
    assert "/accounts/password/reset/key/" in message.body


def test_sender_name_defaults_to_the_provider_name():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL)",
        PROVIDER_NAME="Riverside Learning",
    )
    assert result.stdout.strip().endswith("\nRiverside Learning <hello@cop.example>")
