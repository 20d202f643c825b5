"""A colleague booked by email owns the place once they verify that address."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from bookings.accounts import link_places_to_account
from bookings.models import Place
from bookings.services import Attendee
from tests.bookings.helpers import book
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_colleague_who_signs_up_and_verifies_gets_their_place(
    client, cohort, six, council, booker
):
    book(
        cohort,
        booker,
        six,
        organisation_id=council.pk,
        attendees=[Attendee("Dana Shaw", "Dana.Shaw@northtown.gov.uk")],
    )
    mail.outbox.clear()
    client.post(
        reverse("account_signup"),
        {
            "email": "dana.shaw@northtown.gov.uk",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
            "full_name": "Dana Shaw",
        },
    )
    place = Place.objects.get(attendee_email__iexact="dana.shaw@northtown.gov.uk")
    assert place.attendee is None  # not before the address is verified

    confirm = next(m for m in mail.outbox if "confirm-email" in m.body)
    link = re.search(r"/accounts/confirm-email/\S+/", confirm.body).group(0)
    client.post(link)

    place.refresh_from_db()
    assert place.attendee.email == "dana.shaw@northtown.gov.uk"


def test_linking_leaves_places_owned_by_someone_else_alone(
    cohort, six, council, booker
):
    order = book(
        cohort,
        booker,
        six,
        organisation_id=council.pk,
        attendees=[Attendee("Lee", "lee@example.org")],
    )
    owner = UserFactory()
    order.places.update(attendee=owner)
    assert link_places_to_account(user=UserFactory(), email="lee@example.org") == 0
    assert order.places.get().attendee == owner
