"""Pages real customers use: prices said in full, the enquiry form, the short
booking form with one error pattern, the review, the contact's pages."""

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Enquiry, Order, Place
from tests.bookings.helpers import book, confirm_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(**extra):
    data = {
        "book_for_self": "on",
        "payment_method": "invoice",
        "colleague-TOTAL_FORMS": "0",
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


def book_url(cohort):
    return reverse("bookings:book", args=[cohort.pk])


# --- Prices said in full --------------------------------------------------------


def test_cohort_page_says_the_discount_and_who_gets_free_places(
    client, cohort, six, advanced, standard
):
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "Advanced members get 33% off every place" in page
    assert "Local government Advanced members also get 2 free places" in page
    assert "Local government Standard members also get 1 free place " in page
    assert "?topic=membership" in page


def test_cohort_page_shows_a_confirmed_members_own_price(
    client, cohort, six, booker, standard
):
    from tests.factories import OrganisationFactory

    charity = OrganisationFactory(membership_tier=standard)
    confirm_member(booker, charity.pk)
    client.force_login(booker)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "Your price as" in page
    assert "£502.50 per person (33% off)" in page


def test_footer_gives_the_contact_address_and_enquiry_link(client, settings, cohort):
    settings.PROVIDER_CONTACT_EMAIL = "hello@network.example"
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "mailto:hello@network.example" in page
    assert reverse("bookings:enquiry") in page


# --- Enquiries ---------------------------------------------------------------------


ENQUIRY = {
    "topic": "bespoke",
    "name": "Cara Council",
    "email": "cara@northtown.gov.uk",
    "organisation": "Northtown Council",
    "message": "Could you run a cohort for our housing team?",
}


def test_enquiry_is_stored_and_emailed_to_staff(client, settings, committed):
    settings.PROVIDER_CONTACT_EMAIL = "hello@network.example"
    with committed():
        response = client.post(reverse("bookings:enquiry"), ENQUIRY)
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.topic == "bespoke"
    (message,) = mail.outbox
    assert message.to == ["hello@network.example"]
    assert "housing team" in message.body


def test_enquiry_of_100000_characters_is_refused_with_a_clear_message(client):
    response = client.post(
        reverse("bookings:enquiry"), {**ENQUIRY, "message": "x" * 100_000}
    )
    page = response.content.decode()
    assert "Keep your message to 5,000 characters or fewer." in page
    assert "There is a problem" in page
    assert not Enquiry.objects.exists()


def test_enquiry_errors_are_all_shown_at_once_in_the_summary(client):
    page = client.post(reverse("bookings:enquiry"), {}).content.decode()
    summary = page.split("data-error-summary")[1].split("</ul>")[0]
    for text in (
        "Choose what",
        "Enter your name.",
        "Enter your email",
        "Enter your message.",
    ):
        assert text in summary
    assert 'href="#id_name"' in summary
    assert 'href="#id_topic_0"' in summary


def test_each_error_sits_beside_its_field_with_a_hidden_prefix(client):
    page = client.post(reverse("bookings:enquiry"), {}).content.decode()
    assert 'id="id_name_error"' in page
    assert '<span class="visually-hidden">Error:</span> Enter your name.' in page
    assert 'aria-describedby="id_name_error"' in page
    assert 'aria-invalid="true"' in page


def test_enquiry_page_title_starts_with_error_when_there_are_errors(client):
    page = client.post(reverse("bookings:enquiry"), {}).content.decode()
    assert "<title>Error: Send us an enquiry" in page


# --- A short booking form -----------------------------------------------------------


def test_booking_form_renders_no_empty_colleague_rows(signed_in, cohort, six):
    page = signed_in.get(book_url(cohort)).content.decode()
    assert 'name="colleague-0-name"' not in page
    assert 'name="colleague-__prefix__-name"' in page  # the JS template row only
    assert 'data-add-row="colleague"' in page


def test_add_a_colleague_without_javascript_keeps_answers_and_shows_no_errors(
    signed_in, cohort, six
):
    page = signed_in.post(
        book_url(cohort),
        form_data(add_colleague="1", option="", purchase_order_number="PO-77"),
    ).content.decode()
    assert 'name="colleague-0-name"' in page
    assert 'value="PO-77"' in page
    assert "There is a problem" not in page


def test_first_package_is_chosen_by_default(signed_in, cohort, six, three):
    response = signed_in.get(book_url(cohort))
    assert response.context["form"]["option"].value() == six.pk


def test_sessions_show_only_with_a_partial_package(signed_in, cohort, six):
    page = signed_in.get(book_url(cohort)).content.decode()
    assert 'name="sessions"' not in page


def test_member_price_shows_in_the_package_choice(
    signed_in, cohort, six, booker, standard
):
    from tests.factories import OrganisationFactory

    confirm_member(booker, OrganisationFactory(membership_tier=standard).pk)
    page = signed_in.get(book_url(cohort)).content.decode()
    assert "your member price £502.50, 33% off" in page


def test_all_booking_errors_show_at_once(signed_in, cohort, six):
    page = signed_in.post(
        book_url(cohort),
        form_data(
            option=six.pk,
            billing_email="not-an-email",
            **{
                "colleague-TOTAL_FORMS": "1",
                "colleague-0-name": "Bea",
                "colleague-0-email": "bad",
            },
        ),
    ).content.decode()
    summary = page.split("data-error-summary")[1].split("</ul>")[0]
    assert "Enter an email address in the correct format" in summary
    assert "Enter a valid email address." in summary
    assert 'href="#id_colleague-0-email"' in summary
    assert not Order.objects.exists()


def test_review_repeats_dates_people_po_and_billing(signed_in, cohort, six, booker):
    page = signed_in.post(
        book_url(cohort),
        form_data(
            option=six.pk,
            purchase_order_number="PO-4242",
            billing_contact="Accounts Payable",
            billing_email="ap@northtown.gov.uk",
            billing_address="Town Hall\nNorthtown",
        ),
    ).content.decode()
    assert "PO-4242" in page
    assert "Accounts Payable" in page
    assert "ap@northtown.gov.uk" in page
    assert booker.email in page
    assert cohort.sessions.order_by("starts_at").first().title in page


def test_a_personal_email_books_by_invoice_to_themselves(signed_in, cohort, six):
    signed_in.post(
        book_url(cohort),
        form_data(
            option=six.pk,
            step="confirm",
            expected_total="750.00",
            billing_contact="Pat Private",
            billing_address="1 Home Road",
        ),
    )
    order = Order.objects.get()
    assert (order.status, order.payment_method, order.total) == (
        "confirmed",
        "invoice",
        750,
    )


def test_thank_you_page_numbers_dates_once(signed_in, cohort, six, booker):
    order = book(cohort, booker, six, count=1)
    page = signed_in.get(
        reverse("bookings:confirmation", args=[order.reference])
    ).content.decode()
    first = cohort.sessions.order_by("starts_at").first()
    assert f'<li value="1">{first.title}' in page
    assert f"1. {first.title}" not in page


# --- The organisation's contact ------------------------------------------------


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


def test_contact_sees_the_organisations_bookings_and_invoices(
    client, cohort, six, booker, council, contact
):
    order = book(cohort, booker, six, count=3, organisation_id=council.pk)
    client.force_login(contact)
    page = client.get(reverse("bookings:organisation_bookings")).content.decode()
    assert order.reference in page
    assert order.invoice.display_number in page
    pdf = client.get(reverse("bookings:organisation_invoice", args=[order.reference]))
    assert pdf["Content-Type"] == "application/pdf"


def test_organisation_page_is_404_for_anyone_else(client, booker):
    client.force_login(booker)
    assert client.get(reverse("bookings:organisation_bookings")).status_code == 404


def test_contact_cannot_download_another_organisations_invoice(
    client, cohort, six, booker, contact
):
    order = book(cohort, booker, six, count=1)
    client.force_login(contact)
    url = reverse("bookings:organisation_invoice", args=[order.reference])
    assert client.get(url).status_code == 404


def test_swap_page_gives_the_place_to_a_colleague(
    client, cohort, six, booker, council, contact
):
    order = book(cohort, booker, six, count=1, organisation_id=council.pk)
    place = order.places.get()
    client.force_login(contact)
    client.post(
        reverse("bookings:swap", args=[order.reference, place.pk]),
        {"name": "Bea New", "email": "bea@northtown.gov.uk"},
    )
    place.refresh_from_db()
    assert place.attendee_email == "bea@northtown.gov.uk"


def test_swap_page_shows_a_refusal_beside_the_email(
    client, cohort, six, booker, council, contact
):
    order = book(cohort, booker, six, count=2, organisation_id=council.pk)
    first, second = order.places.order_by("pk")
    client.force_login(contact)
    page = client.post(
        reverse("bookings:swap", args=[order.reference, first.pk]),
        {"name": "Twice", "email": second.attendee_email},
    ).content.decode()
    assert "already has a place in this cohort" in page
    assert 'id="id_email_error"' in page
    assert Place.objects.get(pk=first.pk).attendee_email == first.attendee_email


def test_swap_page_is_404_for_a_stranger(client, cohort, six, booker):
    order = book(cohort, booker, six, count=1)
    client.force_login(UserFactory())
    url = reverse("bookings:swap", args=[order.reference, order.places.get().pk])
    assert client.get(url).status_code == 404


def test_contact_confirms_a_colleague_from_the_page(client, council, contact):
    colleague = UserFactory(
        email="carl@northtown.gov.uk",
        organisation=council,
        organisation_confirmed=False,
    )
    client.force_login(contact)
    client.post(reverse("bookings:confirm_colleague", args=[colleague.pk]))
    colleague.refresh_from_db()
    assert colleague.organisation_confirmed


def test_programme_page_gives_each_cohorts_prices(client, cohort, six):
    page = client.get(cohort.programme.get_absolute_url()).content.decode()
    assert "All six sessions: £750.00" in page
    assert "prices in full" in page


def test_free_programme_page_says_free_to_join(client):
    from tests.factories import CohortFactory

    cohort = CohortFactory()
    page = client.get(cohort.programme.get_absolute_url()).content.decode()
    assert "Free to join" in page
