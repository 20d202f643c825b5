"""Missing and failing pages show the branded error pages."""

import pytest
from django.urls import reverse
from django.views.defaults import server_error


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
    settings.PROVIDER_NAME = "Riverside Learning"
    # No django_db mark: any database query here would fail the test.
    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong" in html
    assert "Riverside Learning" in html
    assert "favicon.svg" in html
