"""Pages keep their number of queries as orders, places and cohorts grow.

Each page is read at a small size and again after many more cohorts,
sessions, orders and places were added (past cohorts, other people's
bookings, the person's own history); the limit is the same at both sizes.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from cohorts.models import Cohort
from tests.cop.builders import booking, certificate
from tests.factories import (
    CohortFactory,
    OrderFactory,
    PlaceFactory,
    ProgrammeFactory,
    UserFactory,
    add_sessions,
)

pytestmark = pytest.mark.django_db


def grow(programme, person, *, cohorts: int) -> None:
    """Past cohorts full of other people's places, and some of the person's own."""
    for n in range(cohorts):
        cohort = CohortFactory(programme=programme, status=Cohort.Status.FINISHED)
        add_sessions(cohort, 3)
        for _ in range(3):
            order = OrderFactory(cohort=cohort)
            PlaceFactory(order=order)
            PlaceFactory(order=order)
        if n % 2 == 0:
            certificate(booking(person, cohort=cohort))
        else:  # booked by a colleague
            booking(person, cohort=cohort, booker=UserFactory())


@pytest.fixture(params=["small", "large"])
def world(request):
    programme = ProgrammeFactory()
    open_cohort = CohortFactory(programme=programme, status=Cohort.Status.OPEN)
    add_sessions(open_cohort, 6)
    person = UserFactory()
    place = booking(person, cohort=open_cohort)
    staff = UserFactory(is_staff=True, is_superuser=True)
    grow(programme, person, cohorts=2 if request.param == "small" else 12)
    return {
        "programme": programme,
        "cohort": open_cohort,
        "person": person,
        "order": place.order,
        "staff": staff,
    }


def get(client, url, max_queries, django_assert_max_num_queries):
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_home_queries_do_not_grow(client, world, django_assert_max_num_queries):
    get(client, "/", 3, django_assert_max_num_queries)


def test_programme_page_queries_do_not_grow(
    client, world, django_assert_max_num_queries
):
    url = world["programme"].get_absolute_url()
    get(client, url, 8, django_assert_max_num_queries)


def test_cohort_page_queries_do_not_grow(client, world, django_assert_max_num_queries):
    url = world["cohort"].get_absolute_url()
    get(client, url, 6, django_assert_max_num_queries)


def test_dashboard_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world["person"])
    # +5 fixed: unread discussions, open action steps and the catch-up partner.
    get(client, reverse("account:dashboard"), 15, django_assert_max_num_queries)


def test_cpd_record_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world["person"])
    # +2 fixed: practice's activities and logged learning for all places at once.
    get(client, "/cpd/", 11, django_assert_max_num_queries)


def test_order_page_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world["person"])
    url = world["order"].get_absolute_url()
    get(client, url, 9, django_assert_max_num_queries)


def test_admin_order_list_queries_do_not_grow(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["staff"])
    url = reverse("admin:bookings_order_changelist")
    get(client, url, 14, django_assert_max_num_queries)


def test_admin_order_search_queries_do_not_grow(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["staff"])
    url = reverse("admin:bookings_order_changelist") + "?q=example"
    get(client, url, 14, django_assert_max_num_queries)


def test_registers_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world["staff"])
    url = reverse("admin:cpd_registers") + "?show=finished"
    get(client, url, 12, django_assert_max_num_queries)


def test_admin_cohort_page_queries_do_not_grow(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["staff"])
    url = reverse("admin:cohorts_cohort_change", args=[world["cohort"].pk])
    get(client, url, 14, django_assert_max_num_queries)
