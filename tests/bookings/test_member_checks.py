"""Member benefits and private cohorts are only for the organisation's people."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from bookings.errors import BookingError
from bookings.models import Order
from bookings.services import Attendee, book_places
from tests.bookings.helpers import BILLING, confirm_member
from tests.factories import CohortFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db


def booking_form(**extra):
    return {
        "book_for_self": "on",
        "payment_method": "invoice",
        "colleague-TOTAL_FORMS": "0",
        "colleague-INITIAL_FORMS": "0",
        "colleague-MIN_NUM_FORMS": "0",
        "colleague-MAX_NUM_FORMS": "20",
        "billing_contact": "Finance",
        "billing_address": "Town Hall",
        "step": "confirm",
        "expected_total": "0.00",
    } | extra


def test_outsider_cannot_book_as_a_member_council(cohort, six, council):
    outsider = UserFactory(email="someone@elsewhere.example")
    with pytest.raises(BookingError, match="only book for your own organisation"):
        book_places(
            cohort_id=cohort.pk,
            booker=outsider,
            option_id=six.pk,
            attendees=[Attendee("Someone", outsider.email)],
            organisation_id=council.pk,
            payment_method="invoice",
            billing=BILLING,
        )
    assert not Order.objects.exists()


def test_unconfirmed_member_gets_no_member_price_and_a_clear_message(
    client, cohort, six, council
):
    claimant = UserFactory(organisation=council)  # said so at sign-up, unproven
    client.force_login(claimant)
    url = reverse("bookings:book", args=[cohort.pk])
    form_page = client.get(url).content.decode()
    assert "awaiting confirmation" in form_page
    select = form_page.split('id="id_organisation"', 1)[1].split("</select>", 1)[0]
    assert council.name not in select

    response = client.post(url, booking_form(option=six.pk, organisation=council.pk))
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_confirmed_member_books_the_free_place(client, cohort, six, council):
    member = UserFactory()
    confirm_member(member, council.pk)
    client.force_login(member)
    response = client.post(
        reverse("bookings:book", args=[cohort.pk]),
        booking_form(option=six.pk, organisation=council.pk),
    )
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.organisation, order.total) == (council, 0)


def test_verified_address_at_the_councils_domain_confirms_the_link(client, council):
    council.email_domains = "northtown.gov.uk, northtown.example"
    council.save()
    client.post(
        reverse("account_signup"),
        {
            "email": "kim@Northtown.gov.uk",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
            "full_name": "Kim Lowe",
            "organisation": council.pk,
        },
    )
    from cop.models import User

    kim = User.objects.get(email="kim@northtown.gov.uk")
    assert kim.organisation_confirmed is False
    link = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post(link)
    kim.refresh_from_db()
    assert kim.organisation_confirmed is True


def test_address_elsewhere_does_not_confirm_the_link(client, council):
    council.email_domains = "northtown.gov.uk"
    council.save()
    client.post(
        reverse("account_signup"),
        {
            "email": "pat@gmail.example",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
            "full_name": "Pat Ray",
            "organisation": council.pk,
        },
    )
    link = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post(link)
    from cop.models import User

    assert User.objects.get(email="pat@gmail.example").organisation_confirmed is False


def test_changing_organisation_in_the_profile_drops_the_confirmation(
    client, council, booker
):
    from tests.factories import OrganisationFactory

    confirm_member(booker, council.pk)
    other = OrganisationFactory()
    client.force_login(booker)
    client.post(
        reverse("account:profile"),
        {
            "full_name": booker.full_name,
            "organisation": other.pk,
            "optional_emails": "on",
        },
    )
    booker.refresh_from_db()
    assert booker.organisation == other
    assert booker.organisation_confirmed is False


def test_private_cohort_booking_page_is_not_found_for_outsiders(client, council, six):
    private = CohortFactory(private_to=council)
    add_sessions(private, 2)
    client.force_login(UserFactory())
    assert client.get(reverse("bookings:book", args=[private.pk])).status_code == 404
    url = reverse("bookings:join_waiting_list", args=[private.pk])
    assert client.get(url).status_code == 404


def test_private_cohort_service_refuses_outsiders(council):
    private = CohortFactory(private_to=council)
    add_sessions(private, 2)
    with pytest.raises(BookingError, match="another organisation"):
        book_places(
            cohort_id=private.pk,
            booker=UserFactory(),
            option_id=None,
            attendees=[Attendee("A", "a@example.org")],
        )
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "tampered",
    [{"colleague-TOTAL_FORMS": "x"}, {"expected_total": "sNaN"}],
)
def test_tampered_booking_form_gets_a_page_not_a_server_error(
    client, cohort, six, booker, tampered
):
    client.force_login(booker)
    response = client.post(
        reverse("bookings:book", args=[cohort.pk]),
        booking_form(option=six.pk, payment_method="card") | tampered,
    )
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_naming_the_organisation_is_not_enough_for_its_private_cohort(
    client, council, six
):
    """Only confirmed members see, book or join a bespoke cohort's list."""
    private = CohortFactory(private_to=council)
    add_sessions(private, 2)
    claimant = UserFactory(organisation=council)  # unconfirmed
    client.force_login(claimant)
    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(reverse("bookings:book", args=[private.pk])).status_code == 404
    with pytest.raises(BookingError, match="another organisation"):
        book_places(
            cohort_id=private.pk,
            booker=claimant,
            option_id=None,
            attendees=[Attendee("C", claimant.email)],
        )

    confirm_member(claimant, council.pk)
    assert client.get(private.get_absolute_url()).status_code == 200
    assert client.get(reverse("bookings:book", args=[private.pk])).status_code == 200


def test_booking_form_starts_from_the_organisations_billing_details(
    client, cohort, six, council
):
    council.billing_contact = "Accounts Payable"
    council.billing_address = "Town Hall, Northtown NT1 1AA"
    council.save()
    member = UserFactory()
    confirm_member(member, council.pk)
    client.force_login(member)
    page = client.get(reverse("bookings:book", args=[cohort.pk])).content.decode()
    assert 'value="Accounts Payable"' in page
    assert "Town Hall, Northtown NT1 1AA" in page


def test_unconfirmed_claimant_does_not_see_the_organisations_billing_details(
    client, cohort, six, council
):
    council.billing_address = "Town Hall, Northtown NT1 1AA"
    council.save()
    client.force_login(UserFactory(organisation=council))  # not confirmed
    page = client.get(reverse("bookings:book", args=[cohort.pk])).content.decode()
    assert "Town Hall, Northtown NT1 1AA" not in page
