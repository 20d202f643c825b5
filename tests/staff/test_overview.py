"""The cohort overview: figures, the attendance grid and its links."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cop.models import AuditEvent
from cpd.models import Attendance
from tests.cop import builders
from tests.factories import PlaceFactory, UserFactory
from tests.staff.conftest import crowd, staff_member

pytestmark = pytest.mark.django_db


def overview_url(cohort):
    return reverse("staff:cohort_overview", args=[cohort.pk])


def mark_url(cohort):
    return reverse("staff:cohort_attendance", args=[cohort.pk])


def test_overview_shows_places_and_the_funnel(client, facilitator, cohort, place):
    PlaceFactory(order__cohort=cohort, is_free_place=True)
    builders.waiting(UserFactory(), cohort=cohort)
    client.force_login(facilitator)
    page = client.get(overview_url(cohort))
    assert page.status_code == 200
    places = page.context["places"]
    assert (places["confirmed"], places["free"], places["waiting"]) == (2, 1, 1)
    assert dict(page.context["funnel"])["Booked"] == 2


def test_a_cohort_outside_the_facilitators_programmes_is_not_found(
    client, facilitator, other_cohort
):
    client.force_login(facilitator)
    assert client.get(overview_url(other_cohort)).status_code == 404


def test_marking_outside_the_facilitators_programmes_is_not_found(
    client, facilitator, other_cohort
):
    client.force_login(facilitator)
    assert client.post(mark_url(other_cohort), {}).status_code == 404


def test_overview_links_to_the_screens_about_the_cohort(client, facilitator, cohort):
    client.force_login(facilitator)
    text = client.get(overview_url(cohort)).content.decode()
    for url in [
        reverse("admin:cpd_cohort", args=[cohort.pk]),
        reverse("admin:applications_application_tally", args=[cohort.pk]),
        reverse("admin:bookings_place_cohort_csv", args=[cohort.pk]),
        reverse("staff:cohort_email", args=[cohort.pk]),
    ]:
        assert url in text


def test_a_grid_cell_is_marked_through_the_register_and_audited(
    client, facilitator, cohort, sessions, place
):
    client.force_login(facilitator)
    response = client.post(
        mark_url(cohort), {f"cell-{sessions[0].pk}-{place.pk}": "attended"}
    )
    assert response.status_code == 302
    row = Attendance.objects.get(place=place, session=sessions[0])
    assert (row.status, row.recorded_by) == ("attended", facilitator)
    assert AuditEvent.objects.filter(action="cpd.attendance.recorded").count() == 1


def test_the_script_marks_one_cell_and_gets_an_answer(
    client, facilitator, cohort, sessions, place
):
    client.force_login(facilitator)
    response = client.post(
        mark_url(cohort),
        {f"cell-{sessions[1].pk}-{place.pk}": "apologies"},
        headers={"X-Requested-With": "fetch"},
    )
    assert json.loads(response.content)["ok"] is True
    assert Attendance.objects.get(place=place).status == "apologies"


def test_attended_at_a_session_not_started_is_refused_and_nothing_saved(
    client, facilitator, cohort, sessions, place
):
    client.force_login(facilitator)
    response = client.post(
        mark_url(cohort),
        {f"cell-{sessions[4].pk}-{place.pk}": "attended"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 400
    assert "has not started yet" in json.loads(response.content)["message"]
    assert not Attendance.objects.exists()


def test_mark_all_attended_marks_everyone_expected_at_the_session(
    client, facilitator, cohort, sessions, place
):
    partial = PlaceFactory(order__cohort=cohort)
    partial.sessions.set(sessions[3:])
    other = PlaceFactory(order__cohort=cohort)
    client.force_login(facilitator)
    client.post(mark_url(cohort), {"all_attended": sessions[0].pk})
    marked = set(
        Attendance.objects.filter(session=sessions[0]).values_list("place", flat=True)
    )
    assert marked == {place.pk, other.pk}


def test_marking_needs_the_attendance_permission(client, cohort, sessions, place):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_cohort"))
    cohort.programme.facilitators.add(viewer)
    client.force_login(viewer)
    response = client.post(
        mark_url(cohort), {f"cell-{sessions[0].pk}-{place.pk}": "attended"}
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_the_cohort_list_shows_booked_waiting_and_an_overview_link(
    client, facilitator, cohort, place
):
    builders.waiting(UserFactory(), cohort=cohort)
    client.force_login(facilitator)
    text = client.get(reverse("admin:cohorts_cohort_changelist")).content.decode()
    assert f"1 / {cohort.capacity}" in text
    assert overview_url(cohort) in text


def test_the_cohort_change_page_links_to_the_overview(client, facilitator, cohort):
    client.force_login(facilitator)
    page = client.get(reverse("admin:cohorts_cohort_change", args=[cohort.pk]))
    assert overview_url(cohort) in page.content.decode()


def test_overview_costs_the_same_queries_for_ten_or_ten_thousand_participants(
    client, cohort, sessions, django_assert_max_num_queries
):
    facilitator = staff_member("Facilitators", cohort.programme)
    assert Group.objects.get(name="Facilitators") in facilitator.groups.all()
    crowd(cohort, 10)
    client.force_login(facilitator)
    client.get(overview_url(cohort))
    with CaptureQueriesContext(connection) as small:
        client.get(overview_url(cohort))
    crowd(cohort, 9990, start=10)
    with django_assert_max_num_queries(len(small)):
        client.get(overview_url(cohort))


def test_the_cohort_list_costs_the_same_queries_with_many_places(
    client, coordinator, cohort, django_assert_max_num_queries
):
    crowd(cohort, 10)
    client.force_login(coordinator)
    url = reverse("admin:cohorts_cohort_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    crowd(cohort, 2000, start=10)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_every_link_about_the_cohort_opens(client, coordinator, cohort, place):
    client.force_login(coordinator)
    page = client.get(overview_url(cohort))
    links = re.findall(
        r'<a href="(/admin/[^"]+)"',
        page.content.decode().split('id="links-heading"')[1].split("</nav>")[0],
    )
    assert len(links) >= 10
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
