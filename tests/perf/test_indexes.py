"""The growing queries have an index to use (PostgreSQL's plan, not a timing).

With sequential scans priced out, a plan that still scans all orders or all
places has no index to use: that is what these tests catch.
"""

from __future__ import annotations

import pytest
from django.db import connection

from bookings.models import Order, Place
from portal.dashboard import _orders
from tests.cop.builders import booking
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

GROWING = ("bookings_order", "bookings_place")


def plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def scans_all(text: str) -> list[str]:
    return [t for t in GROWING if f"Seq Scan on {t}" in text]


def test_dashboard_orders_use_indexes():
    person = UserFactory()
    places = [booking(person), booking(person, booker=UserFactory())]
    assert scans_all(plan(_orders(person, places))) == []


def test_dashboard_places_use_the_attendee_index():
    person = UserFactory()
    booking(person)
    assert scans_all(plan(Place.objects.filter(attendee=person))) == []


def test_newest_orders_are_read_from_the_index_without_sorting_all():
    booking(UserFactory())
    page = Order.objects.select_related("cohort__programme", "booker").order_by(
        "-created_at", "-pk"
    )[:25]
    text = plan(page)
    assert scans_all(text) == []
    assert "order_newest_first" in text
