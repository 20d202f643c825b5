"""Organisation contacts: swap who attends until the cut-off, confirm colleagues."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from bookings import organisations
from bookings.errors import BookingError
from bookings.models import Place
from cop.models import AuditEvent
from notifications.models import Notification
from tests.bookings.helpers import book, people
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(council):
    council.email_domains = "northtown.gov.uk"
    council.save()
    return UserFactory(
        email="contact@northtown.gov.uk",
        organisation=council,
        organisation_confirmed=True,
        is_organisation_contact=True,
    )


@pytest.fixture
def order(cohort, six, booker, council):
    return book(cohort, booker, six, count=3, organisation_id=council.pk)


def a_place(order):
    return order.places.order_by("pk").first()


def test_contact_swaps_the_attendee_and_the_place_follows_the_new_person(
    order, contact
):
    place = a_place(order)
    organisations.swap_attendee(
        place_id=place.pk, name="Bea New", email="Bea@Northtown.gov.uk", actor=contact
    )
    place.refresh_from_db()
    assert (place.attendee_name, place.attendee_email) == (
        "Bea New",
        "bea@northtown.gov.uk",
    )
    assert place.status == Place.Status.CONFIRMED
    assert place.order_id == order.pk


def test_swap_links_the_place_to_the_new_persons_account(order, contact):
    bea = UserFactory(email="bea@northtown.gov.uk")
    place = a_place(order)
    organisations.swap_attendee(
        place_id=place.pk, name="Bea", email=bea.email, actor=contact
    )
    place.refresh_from_db()
    assert place.attendee == bea


def test_swap_sends_invites_to_the_new_person_and_a_cancellation_to_the_old(
    order, contact
):
    place = a_place(order)
    old_email = place.attendee_email
    organisations.swap_attendee(
        place_id=place.pk, name="Bea", email="bea@northtown.gov.uk", actor=contact
    )
    new = Notification.objects.get(
        kind="bookings_place_confirmed", recipient_email="bea@northtown.gov.uk"
    )
    old = Notification.objects.get(
        kind="bookings_place_swapped", recipient_email=old_email
    )
    assert "METHOD:REQUEST" in new.attachments[0][1]
    assert "METHOD:CANCEL" in old.attachments[0][1]
    assert "STATUS:CANCELLED" in old.attachments[0][1]


def test_swap_is_audited(order, contact):
    place = a_place(order)
    organisations.swap_attendee(
        place_id=place.pk, name="Bea", email="bea@northtown.gov.uk", actor=contact
    )
    event = AuditEvent.objects.get(action="bookings.place.swapped")
    assert event.actor == contact
    assert event.data["new_email"] == "bea@northtown.gov.uk"


def test_booker_may_swap_too(order, booker):
    place = a_place(order)
    organisations.swap_attendee(
        place_id=place.pk, name="Bea", email="bea@example.org", actor=booker
    )
    place.refresh_from_db()
    assert place.attendee_email == "bea@example.org"


def test_swap_to_someone_already_booked_is_refused_and_changes_nothing(order, contact):
    first, second = list(order.places.order_by("pk"))[:2]
    with pytest.raises(BookingError) as error:
        organisations.swap_attendee(
            place_id=first.pk,
            name="Twice",
            email=second.attendee_email,
            actor=contact,
        )
    assert "already has a place" in error.value.message
    first_before = first.attendee_email
    first.refresh_from_db()
    assert first.attendee_email == first_before
    assert not AuditEvent.objects.filter(action="bookings.place.swapped").exists()


def test_swap_after_the_cut_off_is_refused_and_changes_nothing(order, contact):
    place = a_place(order)
    later = timezone.now() + dt.timedelta(days=29)  # first session in 30 days
    with pytest.raises(BookingError) as error:
        organisations.swap_attendee(
            place_id=place.pk,
            name="Late",
            email="late@northtown.gov.uk",
            actor=contact,
            now=later,
        )
    assert "cancellation cut-off" in error.value.message
    place.refresh_from_db()
    assert place.attendee_email != "late@northtown.gov.uk"
    assert not Notification.objects.filter(kind="bookings_place_swapped").exists()


def test_someone_else_cannot_swap(order):
    stranger = UserFactory()
    with pytest.raises(BookingError):
        organisations.swap_attendee(
            place_id=a_place(order).pk,
            name="X",
            email="x@example.org",
            actor=stranger,
        )


def test_contact_of_another_organisation_cannot_swap(order):
    from tests.factories import OrganisationFactory

    other = OrganisationFactory()
    outsider = UserFactory(
        organisation=other, organisation_confirmed=True, is_organisation_contact=True
    )
    with pytest.raises(BookingError):
        organisations.swap_attendee(
            place_id=a_place(order).pk,
            name="X",
            email="x@example.org",
            actor=outsider,
        )


def test_contact_sees_the_organisations_orders_only(order, contact, cohort, six):
    book(cohort, UserFactory(), six, attendees=people(1, "elsewhere.org"))
    assert list(organisations.organisation_orders(contact)) == [order]


def test_non_contact_sees_no_organisation_orders(order, booker):
    assert not organisations.organisation_orders(booker).exists()


def test_contact_confirms_a_colleague_with_a_verified_work_email(contact, council):
    colleague = UserFactory(
        email="carl@northtown.gov.uk",
        organisation=council,
        organisation_confirmed=False,
    )
    organisations.confirm_member(contact=contact, user_id=colleague.pk)
    colleague.refresh_from_db()
    assert colleague.organisation_confirmed


def test_contact_cannot_confirm_a_colleague_with_a_personal_email(contact, council):
    colleague = UserFactory(
        email="carl@gmail.example", organisation=council, organisation_confirmed=False
    )
    with pytest.raises(BookingError) as error:
        organisations.confirm_member(contact=contact, user_id=colleague.pk)
    assert "no verified email address at northtown.gov.uk" in error.value.message
    colleague.refresh_from_db()
    assert not colleague.organisation_confirmed


def test_unverified_work_email_does_not_count(contact, council):
    colleague = UserFactory(
        email="carl@gmail.example", organisation=council, organisation_confirmed=False
    )
    EmailAddress.objects.create(
        user=colleague, email="carl@northtown.gov.uk", verified=False
    )
    with pytest.raises(BookingError):
        organisations.confirm_member(contact=contact, user_id=colleague.pk)
