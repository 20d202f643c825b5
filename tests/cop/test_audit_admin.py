"""Price edits in the cohort admin leave an audit row: who, old and new."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cop.models import AuditEvent
from tests.factories import CohortFactory, PriceOptionFactory, UserFactory

pytestmark = pytest.mark.django_db


def cohort_form(cohort, option, **price_fields):
    data = {
        "programme": cohort.programme.pk,
        "name": cohort.name,
        "slug": cohort.slug,
        "status": cohort.status,
        "capacity": cohort.capacity,
        "cancellation_cutoff_days": 14,
        "refund_percent": 100,
        "sessions-TOTAL_FORMS": 0,
        "sessions-INITIAL_FORMS": 0,
        "price_options-TOTAL_FORMS": 1,
        "price_options-INITIAL_FORMS": 1,
        "price_options-0-id": option.pk,
        "price_options-0-cohort": cohort.pk,
        "price_options-0-name": option.name,
        "price_options-0-price": str(option.price),
        "price_options-0-is_active": "on",
        "price_options-0-position": 0,
    }
    return data | {f"price_options-0-{k}": v for k, v in price_fields.items()}


@pytest.fixture
def coordinator(client):
    user = UserFactory(is_staff=True, is_superuser=True, email="coord@net.example")
    client.force_login(user)
    return user


def test_changing_a_price_in_the_admin_records_who_and_what(client, coordinator):
    cohort = CohortFactory()
    option = PriceOptionFactory(cohort=cohort, price=Decimal("750.00"))
    url = reverse("admin:cohorts_cohort_change", args=[cohort.pk])
    response = client.post(url, cohort_form(cohort, option, price="800.00"))
    assert response.status_code == 302, response.content.decode()[:2000]

    event = AuditEvent.objects.get(action="bookings.priceoption.changed")
    assert event.actor == coordinator
    assert event.object_key == f"bookings.priceoption:{option.pk}"
    assert event.data == {"old": {"price": "750.00"}, "new": {"price": "800.00"}}


def test_deleting_a_price_in_the_admin_is_recorded(client, coordinator):
    cohort = CohortFactory()
    option = PriceOptionFactory(cohort=cohort)
    url = reverse("admin:cohorts_cohort_change", args=[cohort.pk])
    client.post(url, cohort_form(cohort, option, DELETE="on"))

    event = AuditEvent.objects.get(action="bookings.priceoption.deleted")
    assert event.object_key == f"bookings.priceoption:{option.pk}"
    assert event.actor == coordinator


def test_saving_without_price_changes_records_nothing(client, coordinator):
    cohort = CohortFactory()
    option = PriceOptionFactory(cohort=cohort, price=Decimal("750.00"))
    url = reverse("admin:cohorts_cohort_change", args=[cohort.pk])
    client.post(url, cohort_form(cohort, option))
    assert not AuditEvent.objects.filter(action__startswith="bookings.priceoption")
