"""The register screen in a real browser: nothing overlaps, nothing scrolls sideways.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's Chromium).
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from cop.models import FACILITATORS_GROUP
from tests.e2e.helpers import sign_in
from tests.factories import CohortFactory, PlaceFactory, UserFactory, add_sessions
from tests.two_factor import current_code, give_authenticator

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def register_url():
    cohort = CohortFactory(name="2025-26", status="running")
    add_sessions(cohort, 6, first=timezone.now() - dt.timedelta(weeks=8))
    for name in ["Siân O'Connor-Featherstonehaugh", "Tom Reed", "Priya Shah"]:
        PlaceFactory(order__cohort=cohort, cohort=cohort, attendee__full_name=name)
    facilitator = UserFactory(email="fran@network.example", is_staff=True)
    group, _ = Group.objects.get_or_create(name=FACILITATORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="cpd"))
    facilitator.groups.add(group)
    cohort.programme.facilitators.add(facilitator)
    session = cohort.sessions.order_by("starts_at").first()
    url = f"/admin/cpd/attendance/registers/session/{session.pk}/"
    return facilitator, url


def open_register(page, register_url):
    facilitator, url = register_url
    secret = give_authenticator(facilitator)
    sign_in(page, facilitator.email, next_url=url)
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("#content")).to_contain_text("Tom Reed")
    # Measure only once the stylesheets have loaded: the text can be there
    # first, and a busy CI machine then measures the unstyled page.
    page.wait_for_load_state("load")


def overlaps(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_import_button_does_not_cover_the_description_at_1280(page, register_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_register(page, register_url)
    button = page.get_by_role("link", name="Import meeting report").bounding_box()
    for text in page.locator("#content p").all():
        assert not overlaps(button, text.bounding_box()), text.inner_text()


@pytest.mark.parametrize("width", [375, 1280])
def test_register_does_not_scroll_sideways(page, register_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    open_register(page, register_url)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
    expect(page.get_by_role("button", name="Save register")).to_be_visible()
