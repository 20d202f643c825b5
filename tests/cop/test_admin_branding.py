"""The admin carries the provider's name and the favicon."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import UserFactory


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
def test_pages_and_admin_link_the_favicon(client, coordinator):
    assert finders.find("favicon.svg")
    assert 'rel="icon"' in client.get(reverse("account_login")).content.decode()
    client.force_login(coordinator)
    assert 'rel="icon"' in client.get(reverse("admin:index")).content.decode()
