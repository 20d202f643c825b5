"""Simultaneous bookings on PostgreSQL never overbook.

Each attempt runs in its own thread with its own database connection, all
released together by a barrier. A small pause after counting widens the race
window the same way in every run; the control runs switch the row lock off
and must then overbook, which shows these tests can fail.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from bookings import capacity, services
from bookings.errors import BookingError
from bookings.models import Place
from bookings.services import Attendee
from cohorts.models import Cohort
from tests.bookings.helpers import book
from tests.factories import CohortFactory, PriceOptionFactory, add_sessions

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 20
ROUNDS = 3


@pytest.fixture
def slow_count(monkeypatch):
    """Pause between counting and writing so racers overlap."""
    real_places = services.ensure_places_left
    real_free = services.free_places_used

    def places(*args, **kwargs):
        real_places(*args, **kwargs)
        time.sleep(0.03)

    def free(*args, **kwargs):
        used = real_free(*args, **kwargs)
        time.sleep(0.03)
        return used

    monkeypatch.setattr(services, "ensure_places_left", places)
    monkeypatch.setattr(services, "free_places_used", free)


@pytest.fixture
def no_locks(monkeypatch):
    monkeypatch.setattr(
        capacity,
        "lock_cohort",
        lambda pk: Cohort.objects.select_related("programme").get(pk=pk),
    )
    from cop.models import Organisation

    monkeypatch.setattr(
        capacity,
        "lock_organisation",
        lambda pk: Organisation.objects.select_related("membership_tier").get(pk=pk),
    )


def race(attempt, n: int = ATTEMPTS) -> list[object]:
    """Run ``attempt(i)`` in ``n`` threads at once; return results or errors."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = attempt(i)
        except Exception as error:  # collected and asserted on by the caller
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _cohort_with_three_left(booker):
    cohort = CohortFactory(capacity=10)
    add_sessions(cohort, 6)
    book(cohort, booker, None, attendees=_people(7, "earlier"))
    return cohort


def _people(n, tag):
    return [Attendee(f"{tag} {i}", f"{tag}{i}@example.org") for i in range(n)]


def _race_for_last_three(cohort, booker):
    def attempt(i):
        return book(cohort, booker, None, attendees=_people(1, f"racer{i}-"))

    return race(attempt)


def test_twenty_people_racing_for_the_last_three_places_get_exactly_three(
    booker, slow_count
):
    for _round in range(ROUNDS):
        cohort = _cohort_with_three_left(booker)
        results = _race_for_last_three(cohort, booker)
        unexpected = [
            r
            for r in results
            if isinstance(r, Exception) and not isinstance(r, BookingError)
        ]
        assert unexpected == []
        assert sum(not isinstance(r, Exception) for r in results) == 3
        assert Place.objects.filter(cohort=cohort).taken().count() == 10


def test_control_without_the_lock_overbooks(booker, slow_count, no_locks):
    overbooked = 0
    for _round in range(ROUNDS):
        cohort = _cohort_with_three_left(booker)
        _race_for_last_three(cohort, booker)
        overbooked += Place.objects.filter(cohort=cohort).taken().count() > 10
    assert overbooked, "without the lock the race should overbook"


def _race_for_last_free_place(cohort, option, council, booker):
    book(
        cohort,
        booker,
        option,
        organisation_id=council.pk,
        attendees=_people(1, "first-free"),
    )

    def attempt(i):
        return book(
            cohort,
            booker,
            option,
            organisation_id=council.pk,
            attendees=_people(1, f"free-racer{i}-"),
        )

    return race(attempt)


def _cohort_with_price():
    cohort = CohortFactory(capacity=50)
    add_sessions(cohort, 6)
    return cohort, PriceOptionFactory(cohort=cohort, price="750.00")


def test_racing_for_an_organisations_last_free_place_gives_it_once(
    booker, council, slow_count
):
    for _round in range(ROUNDS):
        cohort, option = _cohort_with_price()
        results = _race_for_last_free_place(cohort, option, council, booker)
        assert [r for r in results if isinstance(r, Exception)] == []
        assert sorted(r.total for r in results) == [Decimal("0.00")] + [
            Decimal("502.50")
        ] * (ATTEMPTS - 1)
        free = Place.objects.filter(cohort=cohort, is_free_place=True).count()
        assert free == 2


def test_control_without_the_lock_gives_too_many_free_places(
    booker, council, slow_count, no_locks
):
    too_many = 0
    for _round in range(ROUNDS):
        cohort, option = _cohort_with_price()
        _race_for_last_free_place(cohort, option, council, booker)
        too_many += Place.objects.filter(cohort=cohort, is_free_place=True).count() > 2
    assert too_many, "without the lock the race should give too many free places"


def test_webhook_delivered_five_times_at_once_changes_state_once(booker, settings):
    import responses
    from django.test import Client

    from bookings import payments
    from bookings.models import Order
    from cop.models import AuditEvent
    from notifications.models import Notification
    from tests.bookings import stripe_stub as stub

    settings.STRIPE_ENABLED = True
    for _round in range(ROUNDS):
        cohort, option = _cohort_with_price()
        order = book(
            cohort,
            booker,
            option,
            payment_method="card",
            billing=None,
            attendees=_people(1, "payer"),
        )
        with responses.RequestsMock() as rsps:
            stub.stub_checkout(rsps, session_id=f"cs_{order.pk}")
            payment = payments.start_card_payment(
                order_id=order.pk, success_url="https://x/ok", cancel_url="https://x/n"
            )
        payload = stub.event("checkout.session.completed", stub.session_object(payment))
        signature = stub.sign(payload)
        answers = race(
            lambda _i, p=payload, s=signature: stub.deliver(Client(), p, s).content,
            n=5,
        )
        assert sorted(answers) == [b"confirmed"] + [b"duplicate"] * 4
        assert Order.objects.get(pk=order.pk).status == Order.Status.CONFIRMED
        confirmed = AuditEvent.objects.filter(
            action="bookings.order.confirmed", object_key=f"bookings.order:{order.pk}"
        )
        assert confirmed.count() == 1
        assert (
            Notification.objects.filter(
                kind="bookings_confirmation", about_key=f"bookings.order:{order.pk}"
            ).count()
            == 1
        )
