"""The booking pages, end to end through Django's test client."""

from decimal import Decimal

import pytest
import responses
from django.urls import reverse
from pypdf import PdfReader

from bookings.models import Invoice, Order, Place, WaitingListEntry
from bookings.services import Attendee
from cohorts.models import Session
from tests.bookings import stripe_stub as stub
from tests.bookings.helpers import book, confirm_member
from tests.factories import CohortFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db


def form_data(**extra):
    data = {
        "book_for_self": "on",
        "payment_method": "invoice",
        "colleague-TOTAL_FORMS": "2",
        "colleague-INITIAL_FORMS": "0",
        "colleague-MIN_NUM_FORMS": "0",
        "colleague-MAX_NUM_FORMS": "20",
        "step": "review",
    }
    data.update(extra)
    return data


@pytest.fixture
def signed_in(client, booker):
    client.force_login(booker)
    return client


@pytest.fixture
def council_member(booker, council):
    """The booker works for the council and staff have confirmed it."""
    confirm_member(booker, council.pk)
    return booker


def test_cohort_page_links_to_booking(client, cohort):
    response = client.get(cohort.get_absolute_url())
    assert reverse("bookings:book", args=[cohort.pk]) in response.content.decode()


def test_booking_needs_an_account(client, cohort):
    response = client.get(reverse("bookings:book", args=[cohort.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_booking_form_shows_packages_and_sessions(signed_in, cohort, six, three):
    page = signed_in.get(reverse("bookings:book", args=[cohort.pk])).content.decode()
    assert "All six sessions" in page
    assert "Any three sessions" in page
    assert 'name="sessions"' in page
    assert "access needs" not in page.lower()  # no in-person session


def test_in_person_session_asks_for_access_and_dietary_needs(signed_in, cohort):
    Session.objects.filter(cohort=cohort, number=3).update(mode="in_person")
    page = signed_in.get(reverse("bookings:book", args=[cohort.pk])).content.decode()
    assert "access needs" in page.lower()
    assert "dietary" in page.lower()


def test_card_payment_shows_only_when_stripe_is_configured(
    signed_in, cohort, six, settings
):
    url = reverse("bookings:book", args=[cohort.pk])
    assert 'value="card"' not in signed_in.get(url).content.decode()
    settings.STRIPE_ENABLED = True
    assert 'value="card"' in signed_in.get(url).content.decode()


def test_review_shows_the_price_breakdown_before_paying(
    signed_in, cohort, six, council, council_member
):
    response = signed_in.post(
        reverse("bookings:book", args=[cohort.pk]),
        form_data(
            option=six.pk,
            organisation=council.pk,
            billing_contact="Finance",
            billing_address="Town Hall",
            **{"colleague-0-name": "Bo", "colleague-0-email": "bo@northtown.gov.uk"},
            **{"colleague-1-name": "Cy", "colleague-1-email": "cy@northtown.gov.uk"},
        ),
    )
    page = response.content.decode()
    assert "Free member place" in page
    assert "£502.50" in page
    assert 'name="expected_total" value="502.50"' in page
    assert not Order.objects.exists()


def test_confirming_books_and_shows_the_confirmation(
    signed_in, cohort, six, council, council_member
):
    response = signed_in.post(
        reverse("bookings:book", args=[cohort.pk]),
        form_data(
            option=six.pk,
            organisation=council.pk,
            step="confirm",
            expected_total="0.00",
            billing_contact="Finance",
            billing_address="Town Hall",
        ),
        follow=True,
    )
    order = Order.objects.get()
    assert order.status == Order.Status.CONFIRMED
    assert order.total == Decimal("0.00")
    assert "your booking is confirmed" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "bookings:confirmation", args=[order.reference]
    )


def test_tampered_expected_total_shows_the_new_price_and_books_nothing(
    signed_in, cohort, six
):
    response = signed_in.post(
        reverse("bookings:book", args=[cohort.pk]),
        form_data(option=six.pk, step="confirm", expected_total="1.00"),
    )
    assert "The price has changed" in response.content.decode()
    assert not Order.objects.exists()


def test_tampered_option_gets_a_clear_message(signed_in, cohort, six):
    other = CohortFactory()
    from tests.factories import PriceOptionFactory

    foreign = PriceOptionFactory(cohort=other, price="1.00")
    response = signed_in.post(
        reverse("bookings:book", args=[cohort.pk]), form_data(option=foreign.pk)
    )
    assert "Choose one of the packages" in response.content.decode()
    assert not Order.objects.exists()


def test_wrong_number_of_sessions_gets_a_clear_message(signed_in, cohort, three):
    one = cohort.sessions.first()
    response = signed_in.post(
        reverse("bookings:book", args=[cohort.pk]),
        form_data(option=three.pk, sessions=[one.pk]),
    )
    assert "Choose exactly 3 sessions" in response.content.decode()


def test_invalid_colleague_email_gets_a_clear_message(signed_in, cohort):
    response = signed_in.post(
        reverse("bookings:book", args=[cohort.pk]),
        form_data(**{"colleague-0-name": "Bo", "colleague-0-email": "bo@"}),
    )
    assert "Enter a valid email address." in response.content.decode()


def test_full_cohort_says_so_and_offers_the_waiting_list(signed_in, booker):
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    book(cohort, booker, None, count=1)
    response = signed_in.get(reverse("bookings:book", args=[cohort.pk]))
    assert "fully booked" in response.content.decode()
    assert reverse("bookings:join_waiting_list", args=[cohort.pk]) in (
        response.content.decode()
    )


def test_card_booking_redirects_to_stripe_checkout(signed_in, cohort, six, settings):
    settings.STRIPE_ENABLED = True
    with responses.RequestsMock() as rsps:
        stub.stub_checkout(rsps)
        response = signed_in.post(
            reverse("bookings:book", args=[cohort.pk]),
            form_data(
                option=six.pk,
                payment_method="card",
                step="confirm",
                expected_total="750.00",
            ),
        )
    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.com/")
    assert Order.objects.get().status == Order.Status.PENDING


# --- The order page ------------------------------------------------------------


@pytest.fixture
def invoiced(cohort, six, council, booker):
    return book(cohort, booker, six, count=3, organisation_id=council.pk)


def test_order_page_is_for_the_booker_only(client, invoiced, booker):
    url = reverse("bookings:order_detail", args=[invoiced.reference])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(booker)
    page = client.get(url).content.decode()
    assert invoiced.reference in page
    assert "Download the invoice" in page


def test_invoice_pdf_downloads_for_the_booker_only(client, invoiced, booker):
    url = reverse("bookings:invoice", args=[invoiced.reference])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(booker)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    import io

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "INV-000001" in text
    assert "502.50" in text


def test_booker_cancels_a_place_and_gets_a_credit_note(client, invoiced, booker):
    client.force_login(booker)
    paid_place = invoiced.places.get(is_free_place=False)
    response = client.post(
        reverse("bookings:cancel", args=[invoiced.reference]),
        {"places": [paid_place.pk]},
    )
    assert response.status_code == 302
    paid_place.refresh_from_db()
    assert paid_place.status == Place.Status.CANCELLED
    invoice = Invoice.objects.get()
    assert invoice.credit_notes.get().amount == Decimal("502.50")
    assert invoice.status == Invoice.Status.CREDITED


def test_cancel_after_the_cut_off_is_refused(client, invoiced, booker):
    import datetime as dt

    import time_machine

    cut_off = invoiced.cohort.starts_at - dt.timedelta(days=13)
    with time_machine.travel(cut_off):
        client.force_login(booker)
        response = client.post(
            reverse("bookings:cancel", args=[invoiced.reference]),
            {"places": [p.pk for p in invoiced.places.all()]},
            follow=True,
        )
    assert "can only be cancelled up to 14 days" in response.content.decode()
    assert invoiced.places.filter(status=Place.Status.CONFIRMED).count() == 3


# --- Waiting list pages ------------------------------------------------------------


def test_join_waiting_list_page(client, booker):
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    book(cohort, booker, None, count=1)
    response = client.post(
        reverse("bookings:join_waiting_list", args=[cohort.pk]),
        {
            "name": "Wanda",
            "email": "wanda@example.org",
            "places_wanted": 2,
            "scope": "cohort",
        },
        follow=True,
    )
    entry = WaitingListEntry.objects.get()
    assert entry.places_wanted == 2
    assert "number 1 in line" in response.content.decode()


def test_waiting_list_form_rejects_a_bad_email(client, cohort):
    response = client.post(
        reverse("bookings:join_waiting_list", args=[cohort.pk]),
        {"name": "Wanda", "email": "nope", "places_wanted": 1, "scope": "cohort"},
    )
    assert "Enter a valid email address." in response.content.decode()
    assert not WaitingListEntry.objects.exists()


def test_leave_from_the_entry_page(client, cohort):
    from bookings.waiting_list import join_waiting_list

    cohort.status = "full"
    cohort.save()
    entry = join_waiting_list(
        programme=cohort.programme, cohort=cohort, name="W", email="w@example.org"
    )
    client.force_login(UserFactory(email="w@example.org"))
    client.post(
        reverse("bookings:waiting_list_entry", args=[entry.token]), {"action": "leave"}
    )
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.LEFT


def test_free_cohort_books_straight_from_the_form(signed_in, cohort):
    page = signed_in.get(reverse("bookings:book", args=[cohort.pk])).content.decode()
    assert 'name="step" value="confirm"' in page
    response = signed_in.post(
        reverse("bookings:book", args=[cohort.pk]),
        form_data(step="confirm", expected_total="0.00"),
        follow=True,
    )
    assert "your booking is confirmed" in response.content.decode()
    assert Order.objects.get().payment_method == Order.PaymentMethod.FREE


def test_cohort_filling_up_while_booking_says_so_and_offers_the_list(signed_in, booker):
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    form = signed_in.get(reverse("bookings:book", args=[cohort.pk]))
    assert form.status_code == 200
    book(cohort, booker, None, attendees=[Attendee("First", "first@example.org")])
    response = signed_in.post(
        reverse("bookings:book", args=[cohort.pk]),
        form_data(step="confirm", expected_total="0.00"),
    )
    page = response.content.decode()
    assert "fully booked" in page
    assert reverse("bookings:join_waiting_list", args=[cohort.pk]) in page
    assert Order.objects.count() == 1
