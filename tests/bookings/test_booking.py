"""Booking places: prices from data, the free-place allowance, and refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from bookings.capacity import CohortFull
from bookings.errors import BookingError, PriceChanged
from bookings.models import Invoice, Order, Place
from bookings.services import Attendee, cancel_places, preview_booking
from cohorts.models import Cohort
from cop.models import AuditEvent, OrganisationType
from notifications.models import Notification
from tests.bookings.helpers import book, confirm_member, people
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    UserFactory,
    add_sessions,
)
from tests.ics import events

pytestmark = pytest.mark.django_db


def test_advanced_member_council_gets_two_free_places_then_33_percent_off(
    cohort, six, council, booker
):
    order = book(cohort, booker, six, count=3, organisation_id=council.pk)
    assert order.total == Decimal("502.50")
    totals = sorted(p.total for p in order.places.all())
    assert totals == [Decimal("0.00"), Decimal("0.00"), Decimal("502.50")]
    assert order.places.filter(is_free_place=True).count() == 2


def test_free_place_allowance_counts_across_separate_orders(
    cohort, six, council, booker
):
    first = book(cohort, booker, six, count=1, organisation_id=council.pk)
    second = book(
        cohort,
        booker,
        six,
        organisation_id=council.pk,
        attendees=[Attendee("B", "b@northtown.gov.uk")],
    )
    third = book(
        cohort,
        booker,
        six,
        organisation_id=council.pk,
        attendees=[Attendee("C", "c@northtown.gov.uk")],
    )
    assert (first.total, second.total, third.total) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("502.50"),
    )
    assert first.payment_method == Order.PaymentMethod.FREE


def test_cancelled_free_place_returns_to_the_allowance(cohort, six, council, booker):
    first = book(cohort, booker, six, count=2, organisation_id=council.pk)
    cancel_places(order_id=first.pk, place_ids=[first.places.first().pk], actor=booker)
    again = book(
        cohort,
        booker,
        six,
        organisation_id=council.pk,
        attendees=[Attendee("New", "new@northtown.gov.uk")],
    )
    assert again.total == Decimal("0.00")


def test_free_places_are_per_cohort(council, booker, six, cohort):
    book(cohort, booker, six, count=2, organisation_id=council.pk)
    other = CohortFactory(programme=cohort.programme)
    from tests.factories import PriceOptionFactory, add_sessions

    add_sessions(other, 6)
    option = PriceOptionFactory(cohort=other, price="750.00")
    assert book(other, booker, option, count=2, organisation_id=council.pk).total == 0


def test_membership_must_be_valid_on_the_booking_date(cohort, six, booker, standard):
    lapsed = OrganisationFactory(
        type=OrganisationType.CHARITY,
        membership_tier=standard,
        membership_valid_from=dt.date(2020, 1, 1),
        membership_valid_until=timezone.localdate() - dt.timedelta(days=1),
    )
    order = book(cohort, booker, six, organisation_id=lapsed.pk)
    assert order.total == Decimal("750.00")


def test_standard_member_charity_pays_two_thirds_for_three_sessions(
    cohort, three, booker, standard
):
    charity = OrganisationFactory(
        type=OrganisationType.CHARITY, membership_tier=standard
    )
    sessions = list(cohort.sessions.values_list("pk", flat=True)[:3])
    order = book(
        cohort, booker, three, count=2, organisation_id=charity.pk, session_ids=sessions
    )
    assert order.total == Decimal("603.00")
    assert order.places.first().sessions.count() == 3


def test_breakdown_is_stored_on_the_order(cohort, six, council, booker):
    order = book(cohort, booker, six, count=3, organisation_id=council.pk)
    assert order.breakdown.total == order.total
    assert order.breakdown.tier_name == "Advanced"
    assert order.breakdown.free_places == 2


def test_free_booking_is_confirmed_and_sends_confirmation_with_calendar(cohort, booker):
    order = book(cohort, booker, None, attendees=[Attendee("Ada", booker.email)])
    assert order.status == Order.Status.CONFIRMED
    assert order.payment_method == Order.PaymentMethod.FREE
    note = Notification.objects.get(kind="bookings_confirmation")
    assert note.recipient_email == booker.email
    filename, content, _mimetype = note.attachments[0]
    assert filename.endswith(".ics")
    assert "METHOD:REQUEST" in content
    assert len(events(content)) == 6


def test_each_colleague_gets_their_own_place_and_email(cohort, booker):
    order = book(cohort, booker, None, count=3)
    assert order.places.count() == 3
    assert Notification.objects.filter(kind="bookings_place_confirmed").count() == 3


def test_existing_account_is_linked_to_its_place(cohort, booker):
    colleague = UserFactory(email="person0@northtown.gov.uk")
    order = book(cohort, booker, None, count=1)
    assert order.places.get().attendee == colleague


def test_booking_writes_an_audit_event(cohort, booker):
    order = book(cohort, booker, None)
    assert AuditEvent.objects.filter(
        action="bookings.order.created", object_key=f"bookings.order:{order.pk}"
    ).exists()


def test_invoice_booking_gets_sequential_invoice_numbers(cohort, six, council, booker):
    first = book(cohort, booker, six, count=3, organisation_id=council.pk)
    second = book(
        cohort,
        booker,
        six,
        organisation_id=council.pk,
        attendees=[Attendee("D", "d@northtown.gov.uk")],
    )
    numbers = [first.invoice.number, second.invoice.number]
    assert numbers[1] == numbers[0] + 1
    assert first.invoice.amount == Decimal("502.50")
    assert first.invoice.purchase_order_number == "PO-1"


def test_refused_booking_does_not_use_up_an_invoice_number(
    cohort, six, council, booker
):
    book(cohort, booker, six, count=3, organisation_id=council.pk)
    with pytest.raises(BookingError):
        book(cohort, booker, six, count=1, organisation_id=council.pk)  # same people
    later = book(
        cohort,
        booker,
        six,
        organisation_id=council.pk,
        attendees=[Attendee("E", "e@northtown.gov.uk")],
    )
    assert list(
        Invoice.objects.order_by("number").values_list("number", flat=True)
    ) == [
        1,
        later.invoice.number,
    ]
    assert later.invoice.number == 2


# --- Bad input changes nothing ---------------------------------------------------


def _nothing_booked():
    return not Order.objects.exists() and not Place.objects.exists()


def test_invalid_email_is_refused(cohort, booker):
    with pytest.raises(BookingError, match="not a valid email"):
        book(cohort, booker, None, attendees=[Attendee("X", "not-an-email")])
    assert _nothing_booked()


def test_same_person_twice_in_one_order_is_refused(cohort, booker):
    twice = [Attendee("A", "a@example.org"), Attendee("A again", "A@example.org")]
    with pytest.raises(BookingError, match="appears twice"):
        book(cohort, booker, None, attendees=twice)
    assert _nothing_booked()


def test_same_person_twice_in_one_cohort_is_refused(cohort, booker):
    book(cohort, booker, None, attendees=[Attendee("A", "a@example.org")])
    with pytest.raises(BookingError, match="already has a place"):
        book(cohort, booker, None, attendees=[Attendee("A", "a@example.org")])
    assert Place.objects.count() == 1


def test_wrong_number_of_sessions_is_refused(cohort, three, booker):
    two = list(cohort.sessions.values_list("pk", flat=True)[:2])
    with pytest.raises(BookingError, match="exactly 3 sessions"):
        book(cohort, booker, three, session_ids=two)
    assert _nothing_booked()


def test_sessions_already_started_cannot_be_chosen(cohort, three, booker):
    sessions = list(cohort.sessions.order_by("starts_at"))
    sessions[0].starts_at = timezone.now() - dt.timedelta(hours=1)
    sessions[0].ends_at = timezone.now() + dt.timedelta(hours=1)
    sessions[0].save()
    with pytest.raises(BookingError):
        book(cohort, booker, three, session_ids=[s.pk for s in sessions[:3]])
    assert _nothing_booked()


def test_sessions_of_another_cohort_cannot_be_chosen(cohort, three, booker):
    other = CohortFactory()
    from tests.factories import add_sessions

    foreign = [s.pk for s in add_sessions(other, 3)]
    with pytest.raises(BookingError):
        book(cohort, booker, three, session_ids=foreign)
    assert _nothing_booked()


@pytest.mark.parametrize(
    "status", [Cohort.Status.DRAFT, Cohort.Status.FINISHED, Cohort.Status.CANCELLED]
)
def test_closed_or_finished_cohort_cannot_be_booked(cohort, booker, status):
    Cohort.objects.filter(pk=cohort.pk).update(status=status)
    with pytest.raises(BookingError):
        book(cohort, booker, None)
    assert _nothing_booked()


def test_started_cohort_cannot_be_booked(booker):
    from tests.factories import add_sessions

    started = CohortFactory()
    add_sessions(started, 6, first=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(BookingError, match="already started"):
        book(started, booker, None)
    assert _nothing_booked()


def test_full_cohort_refuses_with_a_clear_message(booker):
    small = CohortFactory(capacity=2)
    book(small, booker, None, count=2)
    with pytest.raises(CohortFull, match="fully booked"):
        book(small, booker, None, attendees=[Attendee("Late", "late@example.org")])
    assert Place.objects.count() == 2


def test_more_places_than_left_says_how_many_are_left(booker):
    small = CohortFactory(capacity=3)
    book(small, booker, None, count=2)
    with pytest.raises(CohortFull, match="Only 1 places"):
        book(small, booker, None, count=2, attendees=people(2, "other.org"))


def test_option_of_another_cohort_is_refused(cohort, booker):
    from tests.factories import PriceOptionFactory

    foreign = PriceOptionFactory(price="1.00")
    PriceOptionFactory(cohort=cohort, price="750.00")
    with pytest.raises(BookingError, match="price options"):
        book(cohort, booker, foreign)
    assert _nothing_booked()


def test_inactive_option_is_refused(cohort, six, booker):
    six.is_active = False
    six.save()
    from tests.factories import PriceOptionFactory

    PriceOptionFactory(cohort=cohort, price="450.00", sessions_included=3)
    with pytest.raises(BookingError):
        book(cohort, booker, six)
    assert _nothing_booked()


def test_tampered_or_stale_price_is_refused(cohort, six, booker):
    with pytest.raises(PriceChanged, match=r"750\.00"):
        book(cohort, booker, six, expected_total=Decimal("1.00"))
    assert _nothing_booked()


def test_card_refused_when_stripe_is_not_configured(cohort, six, booker):
    with pytest.raises(BookingError, match="Card payment is not available"):
        book(cohort, booker, six, payment_method="card")
    assert _nothing_booked()


def test_invoice_needs_billing_details(cohort, six, booker):
    with pytest.raises(BookingError, match="billing contact"):
        book(cohort, booker, six, billing=None)
    assert _nothing_booked()


def test_anyone_may_book_by_invoice_at_the_price_their_status_gives(
    cohort, six, booker
):
    order = book(cohort, booker, six)
    assert (order.organisation, order.total) == (None, Decimal("750.00"))
    assert order.invoice.amount == Decimal("750.00")


def test_preview_quotes_without_writing(cohort, six, council, booker):
    confirm_member(booker, council.pk)
    breakdown = preview_booking(
        cohort_id=cohort.pk,
        booker=booker,
        option_id=six.pk,
        attendees=people(3),
        organisation_id=council.pk,
    )
    assert breakdown.total == Decimal("502.50")
    assert _nothing_booked()


def test_each_extra_colleague_costs_a_fixed_number_of_queries(
    cohort, six, council, booker, django_assert_max_num_queries
):
    """Sessions and the calendar invite are read once, not once per colleague."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def colleagues(prefix, n):
        return [
            Attendee(f"{prefix}{i}", f"{prefix}{i}@northtown.gov.uk") for i in range(n)
        ]

    with CaptureQueriesContext(connection) as one:
        book(
            cohort,
            booker,
            six,
            organisation_id=council.pk,
            attendees=colleagues("a", 1),
        )
    other = CohortFactory(programme=cohort.programme, capacity=20)
    add_sessions(other, 6)
    option = other.price_options.create(name="All six", price=Decimal("750.00"))
    with django_assert_max_num_queries(len(one) + 10 * 10):
        book(
            other,
            booker,
            option,
            organisation_id=council.pk,
            attendees=colleagues("b", 11),
        )
