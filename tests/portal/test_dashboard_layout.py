"""Narrow screens: the dashboard's wide tables stack into labelled cards."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.cop import builders
from tests.factories import CohortFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db

CSS = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()


def test_bookings_and_certificates_tables_label_every_cell(client):
    person = UserFactory()
    cohort = CohortFactory()
    add_sessions(cohort, count=2)
    builders.certificate(builders.booking(person, cohort=cohort))
    client.force_login(person)
    page = client.get(reverse("account:dashboard")).content.decode()
    assert page.count('class="stack-table"') == 2
    for label in ("Booking", "Cohort", "Places", "Total", "Status", "Actions"):
        assert f'data-label="{label}"' in page
    for label in ("Programme", "Certificate", "Points", "Issued", "Download"):
        assert f'data-label="{label}"' in page
    assert "style=" not in page


def test_stylesheet_stacks_tables_and_keeps_amounts_whole():
    assert "content: attr(data-label)" in CSS
    assert ".amount { white-space: nowrap; }" in CSS


class _RolesInTables(HTMLParser):
    """Collects the tags inside a <table> that carry a role attribute."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth += 1
        if self.depth and "role" in dict(attrs):
            self.found.append(f"{tag} role={dict(attrs)['role']}")

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth -= 1


def test_dashboard_tables_carry_no_role_attributes(client):
    # A role on a row or cell of a native table is an HTML validation error.
    person = UserFactory()
    cohort = CohortFactory()
    add_sessions(cohort, count=2)
    builders.certificate(builders.booking(person, cohort=cohort))
    client.force_login(person)
    parser = _RolesInTables()
    parser.feed(client.get(reverse("account:dashboard")).content.decode())
    assert parser.found == []
