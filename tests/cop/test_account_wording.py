"""Account pages read in British, sentence-case wording."""

import gettext
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory


def test_project_catalogue_gives_allauth_the_sites_wording():
    with translation.override("en-gb"):
        assert translation.gettext("Sign Up") == "Create account"
        assert translation.gettext("Sign In") == "Sign in"
        assert translation.gettext("Remember Me") == "Remember me"
        assert translation.gettext("Two-Factor Authentication") == "Two-factor sign-in"
        assert translation.gettext("Email Addresses") == "Email addresses"


def test_compiled_catalogue_is_up_to_date_with_its_source():
    """The .mo is committed (no gettext needed): it must hold every entry."""

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
