"""Admin pages in a real browser fit a laptop screen (1280px wide)."""

import pytest
from django.urls import reverse

from tests.factories import CohortFactory, UserFactory, add_sessions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


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
    page.wait_for_load_state("load")  # measure the styled page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width
