import re

import pytest
from django.core import mail
from django.urls import reverse

from cop.models import User
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def sign_up(client, **overrides):
    data = {
        "email": "alex@council.example",
        "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9",
        "full_name": "Alex Morgan",
        "job_role": "Housing officer",
    } | overrides
    return client.post(reverse("account_signup"), data)


def test_sign_up_verify_email_and_log_in(client):
    org = OrganisationFactory(name="Eastvale District Council")
    sign_up(client, organisation=org.pk)
    user = User.objects.get(email="alex@council.example")
    assert user.full_name == "Alex Morgan"
    assert user.organisation == org

    # Not verified yet: logging in sends the person back to verification.
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "alex@council.example", "password": "a-long-pass-phrase-9"},
    )
    assert response.url == reverse("account_email_verification_sent")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = link.group(0).split("testserver", 1)[-1]
    client.post(path)
    response = client.post(
        reverse("account_login"),
        {"login": "alex@council.example", "password": "a-long-pass-phrase-9"},
    )
    assert response.url == "/account/"
    assert client.get("/account/").status_code == 200


def test_sign_up_without_full_name_is_refused(client):
    response = sign_up(client, full_name="")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not User.objects.exists()


def test_account_pages_use_the_project_look(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "Skip to main content" in page
    assert "css/site.css" in page


def test_dashboard_requires_login(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_confirming_the_email_after_sign_up_signs_the_person_in(client):
    # Another address: allauth sends one confirmation per address per 3 minutes.
    sign_up(client, email="sam@charity.example")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    path = link.group(0).split("testserver", 1)[-1]
    response = client.post(path)
    assert response.status_code == 302
    assert response.url == "/account/"
    # No second password prompt: the dashboard opens straight away.
    assert client.get("/account/").status_code == 200
