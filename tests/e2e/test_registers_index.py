"""The registers index with its pages of finished cohorts, in a real browser."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from cop.models import FACILITATORS_GROUP
from tests.e2e.helpers import assert_page_is_accessible, sign_in
from tests.factories import CohortFactory, ProgrammeFactory, UserFactory, add_sessions
from tests.two_factor import current_code, give_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 360])
def test_finished_cohorts_page_passes_the_checks(page, width):
    programme = ProgrammeFactory()
    for n in range(21):
        add_sessions(
            CohortFactory(programme=programme, name=f"Past {n:02d}", status="finished"),
            2,
        )
    facilitator = UserFactory(email="fran@network.example", is_staff=True)
    group, _ = Group.objects.get_or_create(name=FACILITATORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="cpd"))
    facilitator.groups.add(group)
    programme.facilitators.add(facilitator)
    page.set_viewport_size({"width": width, "height": 800})
    url = "/admin/cpd/attendance/registers/?show=finished"
    secret = give_authenticator(facilitator)
    sign_in(page, facilitator.email, next_url=url)
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    page.wait_for_load_state("load")
    assert_page_is_accessible(page)
