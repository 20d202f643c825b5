"""The cohort page in the admin: compact sessions inline, clear labels, fits 1280px."""

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from tests.factories import CohortFactory, UserFactory, add_sessions

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def coordinator():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_session_inline_uses_compact_single_line_widgets(client, coordinator):
    cohort = CohortFactory()
    add_sessions(cohort, 1)
    client.force_login(coordinator)
    response = client.get(reverse("admin:cohorts_cohort_change", args=[cohort.pk]))
    html = response.content.decode()
    assert '<textarea name="sessions-0-venue"' not in html
    assert 'name="sessions-0-venue"' in html
    assert 'class="session-link"' in html


@pytest.mark.django_db
def test_session_added_inline_saves_with_british_dates_and_compact_fields(
    client, coordinator
):
    cohort = CohortFactory()
    client.force_login(coordinator)
    url = reverse("admin:cohorts_cohort_change", args=[cohort.pk])
    data = {
        "programme": cohort.programme.pk,
        "name": cohort.name,
        "slug": cohort.slug,
        "status": cohort.status,
        "capacity": 20,
        "cancellation_cutoff_days": 14,
        "refund_percent": 100,
        "sessions-TOTAL_FORMS": 1,
        "sessions-INITIAL_FORMS": 0,
        "price_options-TOTAL_FORMS": 0,
        "price_options-INITIAL_FORMS": 0,
        "sessions-0-number": 1,
        "sessions-0-title": "Welcome",
        "sessions-0-starts_at_0": "21/05/2030",
        "sessions-0-starts_at_1": "14:00",
        "sessions-0-ends_at_0": "21/05/2030",
        "sessions-0-ends_at_1": "16:30",
        "sessions-0-mode": "in_person",
        "sessions-0-venue": "Town Hall, Eastvale",
        "sessions-0-joining_link": "https://meet.example/abc",
        "sessions-0-cpd_points": "1.5",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    session = cohort.sessions.get()
    assert timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M") == (
        "21/05/2030 14:00"
    )
    assert session.venue == "Town Hall, Eastvale"
    assert str(session.cpd_points) == "1.50"


def test_dropin_joining_link_is_labelled_drop_in():
    field = Cohort._meta.get_field("dropin_joining_link")
    assert field.verbose_name == "drop-in joining link"
