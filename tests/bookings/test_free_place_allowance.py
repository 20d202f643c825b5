"""The free-place allowance has one home, asked by pricing, late payments and the
dashboard: a late card payment keeps its free places only while they still fit."""

import datetime as dt

import pytest
import responses

from bookings import payments, pricing
from bookings.models import Order, Refund
from bookings.services import Attendee
from cop.models import OrganisationType
from tests.bookings import stripe_stub as stub
from tests.bookings.helpers import book
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stripe_on(settings):
    settings.STRIPE_ENABLED = True


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def member_council(standard):
    """A Standard member council: one free place per cohort."""
    return OrganisationFactory(
        name="Southport Council",
        type=OrganisationType.LOCAL_GOVERNMENT,
        membership_tier=standard,
        membership_valid_from=dt.date(2020, 1, 1),
    )


def expired_card_order_with_a_free_place(cohort, option, booker, council, client, rsps):
    order = book(
        cohort,
        booker,
        option,
        organisation_id=council.pk,
        payment_method="card",
        billing=None,
        attendees=[
            Attendee("Ada", "ada@southport.gov.uk"),
            Attendee("Bo", "bo@southport.gov.uk"),
        ],
    )
    assert order.places.filter(is_free_place=True).count() == 1
    stub.stub_checkout(rsps)
    stub.stub_refunds(rsps)
    payment = payments.start_card_payment(
        order_id=order.pk, success_url="https://x/ok", cancel_url="https://x/no"
    )
    stub.deliver(
        client,
        stub.event(
            "checkout.session.expired",
            stub.session_object(payment, status="expired", paid=False),
        ),
    )
    return order, payment


def pay_late(client, payment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stub.deliver(
            client,
            stub.event("checkout.session.completed", stub.session_object(payment)),
        )


def test_late_payment_keeps_its_free_place_while_the_allowance_has_room(
    cohort,
    six,
    booker,
    member_council,
    client,
    rsps,
    django_capture_on_commit_callbacks,
):
    order, payment = expired_card_order_with_a_free_place(
        cohort, six, booker, member_council, client, rsps
    )
    pay_late(client, payment, django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert not Refund.objects.exists()


def test_late_payment_is_refunded_when_a_colleague_took_the_free_place_meanwhile(
    cohort,
    six,
    booker,
    member_council,
    client,
    rsps,
    django_capture_on_commit_callbacks,
):
    order, payment = expired_card_order_with_a_free_place(
        cohort, six, booker, member_council, client, rsps
    )
    colleague_order = book(
        cohort,
        booker,
        six,
        organisation_id=member_council.pk,
        attendees=[Attendee("Cy", "cy@southport.gov.uk")],
    )
    assert colleague_order.places.get().is_free_place
    pay_late(client, payment, django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert order.needs_attention
    assert Refund.objects.get().amount == payment.amount


def test_allowance_is_nothing_outside_the_membership_dates(member_council):
    member_council.membership_valid_until = dt.date(2021, 12, 31)
    assert pricing.free_place_allowance(member_council, on=dt.date(2021, 6, 1)) == 1
    assert pricing.free_place_allowance(member_council, on=dt.date(2022, 1, 1)) == 0


def test_allowance_is_nothing_for_types_the_tier_does_not_cover(standard):
    charity = OrganisationFactory(
        type=OrganisationType.CHARITY,
        membership_tier=standard,
        membership_valid_from=dt.date(2020, 1, 1),
    )
    assert pricing.free_place_allowance(charity, on=dt.date(2024, 1, 1)) == 0


def test_free_places_left_never_goes_below_zero():
    assert pricing.free_places_left(allowance=1, used=3) == 0
