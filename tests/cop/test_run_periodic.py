import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from bookings.models import Order, Place
from tests.factories import CohortFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def test_run_periodic_runs_every_beat_job_and_releases_an_expired_hold():
    cohort = CohortFactory()
    place = PlaceFactory(
        order__cohort=cohort,
        order__status=Order.Status.PENDING,
        order__payment_method=Order.PaymentMethod.INVOICE,
        order__hold_expires_at=timezone.now() - dt.timedelta(minutes=1),
        status=Place.Status.HELD,
    )
    out = io.StringIO()
    call_command("run_periodic", stdout=out)
    lines = out.getvalue().splitlines()
    assert "bookings-release-expired-holds: done" in lines
    assert "notifications-scan-reminders: done" in lines
    assert not any(line.endswith("failed") for line in lines)
    place.refresh_from_db()
    assert place.status == Place.Status.RELEASED
