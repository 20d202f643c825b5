"""The dashboard offers Cancel only while the booking may still be cancelled."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.cop import builders
from tests.factories import CohortFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db


def booked_order(person):
    cohort = CohortFactory()
    add_sessions(cohort, count=2)
    return builders.booking(person, cohort=cohort).order


def dashboard(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("account:dashboard")).content.decode()


def test_cancel_is_offered_before_the_cut_off(client):
    person = UserFactory()
    order = booked_order(person)
    page = dashboard(client, person)
    assert reverse("bookings:cancel", args=[order.reference]) in page
    assert "Can no longer be cancelled online" not in page


def test_cancel_is_not_offered_after_the_cut_off(client):
    person = UserFactory()
    order = booked_order(person)
    after = order.cohort.starts_at - dt.timedelta(days=1)
    with time_machine.travel(after):
        page = dashboard(client, person)
    assert reverse("bookings:cancel", args=[order.reference]) not in page
    assert "Can no longer be cancelled online" in page
