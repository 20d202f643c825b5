import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from cohorts.models import Cohort, Programme

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every project model, as plain values."""
    result = {}
    for label in ["cop", "cohorts", "bookings", "cpd", "applications", "expenses"]:
        for model in apps.get_app_config(label).get_models():
            rows = model.objects.order_by("pk").values_list()
            result[model._meta.label] = [
                tuple(v for v in row if not hasattr(v, "tzinfo")) for row in rows
            ]
    return result


def test_seed_demo_loads_both_programmes():
    call_command("seed_demo", stdout=io.StringIO())
    assert set(Programme.objects.values_list("booking_mode", flat=True)) == {
        "direct",
        "application",
    }
    open_cohorts = Cohort.objects.listed().open()
    assert open_cohorts.count() == 3  # one of them fully booked
    assert all(c.sessions.count() == 6 for c in open_cohorts)


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first
    assert sum(len(rows) for rows in first.values()) > 30


def test_seed_demo_gives_the_practitioner_a_certificate_and_a_booking():
    from bookings.models import Place
    from cpd.models import Certificate

    call_command("seed_demo", stdout=io.StringIO())
    places = Place.objects.filter(attendee__email="practitioner@example.com")
    assert sorted(p.cohort.slug for p in places) == ["2025-26", "2026-27"]
    certificate = Certificate.objects.get(
        place__attendee__email="practitioner@example.com"
    )
    assert certificate.points == 15  # four sessions at 3 points, three activities at 1
    past = places.get(cohort__slug="2025-26").order
    assert past.total == past.breakdown.total == Decimal("502.50")


def test_seed_demo_has_a_full_cohort_whose_waiting_list_can_be_joined():
    from cohorts.availability import cohort_state

    call_command("seed_demo", stdout=io.StringIO())
    full = [c for c in Cohort.objects.listed() if cohort_state(c).code == "full"]
    assert len(full) == 1
    assert cohort_state(full[0]).can_join_waiting_list
