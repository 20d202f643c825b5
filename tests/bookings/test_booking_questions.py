"""Staff's own booking questions: asked on the form, stored with the place.

(Issue 18; the questions are cohorts', the answers bookings'.)
"""

import csv
import io

import pytest
from django.urls import reverse

from bookings.errors import BookingError
from bookings.exports import participants_csv
from bookings.models import Place, PlaceAnswer
from bookings.services import Attendee
from cohorts.models import Question
from portal.personal_data import anonymise_user, export_personal_data
from tests.bookings.helpers import book, confirm_member
from tests.bookings.test_pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge(cohort):
    return Question.objects.create(
        cohort=cohort,
        form=Question.Form.BOOKING,
        kind=Question.Kind.SHORT_TEXT,
        text="Name for your badge",
        required=True,
    )


def _self(booker):
    return [Attendee(booker.full_name, booker.email)]


def test_the_booking_form_asks_the_question(client, booker, cohort, six, badge):
    client.force_login(booker)

    page = client.get(reverse("bookings:book", args=[cohort.pk])).content.decode()

    assert "Name for your badge" in page


def test_a_confirmed_booking_stores_the_answer_with_the_bookers_place(
    client, booker, cohort, six, badge, council
):
    client.force_login(booker)
    confirm_member(booker, council.pk)

    client.post(
        reverse("bookings:book", args=[cohort.pk]),
        form_data(
            option=six.pk,
            step="confirm",
            organisation=council.pk,
            expected_total="0.00",
            billing_contact="Finance",
            billing_address="Town Hall",
            **{f"question_{badge.pk}": "Ada B."},
        ),
    )

    answer = PlaceAnswer.objects.get()
    assert (answer.place.attendee, answer.value) == (booker, "Ada B.")


def test_a_booking_without_a_required_answer_is_refused_and_books_nothing(
    booker, cohort, six, badge, council
):
    with pytest.raises(BookingError, match="Please answer"):
        book(cohort, booker, six, attendees=_self(booker), organisation_id=council.pk)

    assert not Place.objects.exists()


def test_booking_answers_are_columns_of_the_participants_csv(
    booker, cohort, six, badge, council
):
    book(
        cohort,
        booker,
        six,
        attendees=_self(booker),
        organisation_id=council.pk,
        question_answers={badge.pk: "Ada B."},
    )

    response = participants_csv(Place.objects.all(), "p.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["Name for your badge"] == "Ada B."


def test_booking_answers_are_exported_and_erased_with_the_person(
    booker, cohort, six, badge, council
):
    book(
        cohort,
        booker,
        six,
        attendees=_self(booker),
        organisation_id=council.pk,
        question_answers={badge.pk: "Ada B."},
    )

    assert export_personal_data(booker)["booking_answers"][0]["value"] == "Ada B."
    anonymise_user(user=booker, actor=None, reason="test")
    assert PlaceAnswer.objects.get().value is None
