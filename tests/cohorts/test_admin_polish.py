"""The cohort page in the admin: compact sessions inline, clear labels, fits 1280px."""

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from tests.e2e import conftest as e2e
from tests.factories import CohortFactory, UserFactory, add_sessions

CHROMIUM = Path("/usr/bin/chromium")
LONDON = ZoneInfo("Europe/London")
# The browser fixtures live in tests/e2e/conftest.py: borrow them here, with a
# browser of this test's own (closed afterwards, so the e2e suite's session-wide
# one can start later in the same run).
live_server_address, server, page = e2e.live_server_address, e2e.server, e2e.page


@pytest.fixture
def browser(live_server_address):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=e2e.CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


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


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is absent")
def test_cohort_edit_page_fits_a_1280px_screen(page):
    from playwright.sync_api import expect

    from tests.e2e.helpers import sign_in
    from tests.two_factor import current_code, give_authenticator

    cohort = CohortFactory()
    add_sessions(cohort, 6)
    staff = UserFactory(email="chris@network.example", is_staff=True)
    staff.is_superuser = True
    staff.save()
    secret = give_authenticator(staff)
    url = reverse("admin:cohorts_cohort_change", args=[cohort.pk])
    sign_in(page, staff.email, next_url=url)
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#content h1")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width
