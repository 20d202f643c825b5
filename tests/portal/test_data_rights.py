"""UK GDPR: a copy of my data, deleting my account, and the retention period."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from bookings.models import Order, Payment, Place, Refund
from cop.models import AuditEvent, User
from portal.personal_data import anonymise_user, export_personal_data, inactive_people
from tests.cop import builders
from tests.factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-42"


@pytest.fixture
def alex():
    return UserFactory(
        email="alex@eastvale.example",
        full_name="Alex Morgan",
        access_needs="Step-free access",
        dietary_requirements="Vegan",
    )


@pytest.fixture
def sam():
    return UserFactory(email="sam@westford.example", full_name="Sam Okafor")


def download(client, person) -> dict:
    client.force_login(person)
    response = client.get(reverse("account:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_download_requires_sign_in(client):
    response = client.get(reverse("account:export"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_download_contains_what_the_person_owns(client, alex):
    place = builders.booking(alex, total=Decimal("750.00"))
    builders.invoice_for(place.order, number=1001)
    builders.application(alex, motivation="Share practice on tenancy support")
    builders.certificate(place)
    builders.waiting(alex)

    data = download(client, alex)

    assert data["profile"]["email"] == "alex@eastvale.example"
    assert data["profile"]["access_needs"] == "Step-free access"
    assert [o["reference"] for o in data["bookings_made"]] == [place.order.reference]
    assert data["bookings_made"][0]["invoices"][0]["number"] == 1001
    assert data["places"][0]["order"] == place.order.reference
    assert data["applications"][0]["motivation"] == "Share practice on tenancy support"
    assert len(data["certificates"]) == 1
    assert len(data["waiting_list"]) == 1


def test_download_contains_nothing_of_anyone_elses(client, alex, sam):
    builders.booking(alex)
    theirs = builders.booking(sam)
    builders.invoice_for(theirs.order, number=2002)
    builders.application(sam, motivation="Sam's private reasons")
    builders.certificate(theirs)
    builders.waiting(sam)

    text = json.dumps(download(client, alex))

    assert "Sam Okafor" not in text
    assert "sam@westford.example" not in text
    assert theirs.order.reference not in text
    assert "Sam's private reasons" not in text
    assert "2002" not in text


def test_colleagues_on_an_order_i_booked_are_not_named(client, alex, sam):
    place = builders.booking(alex)
    builders.booking(sam, cohort=place.cohort, booker=alex)
    # Second order: alex booked a place for sam.
    text = json.dumps(download(client, alex))
    assert "Sam Okafor" not in text
    assert "sam@westford.example" not in text


def test_staff_review_notes_are_not_in_the_download(alex):
    builders.application(alex, reviewer_notes="Strong candidate; check funding")
    text = json.dumps(export_personal_data(alex))
    assert "Strong candidate" not in text


def test_payment_provider_ids_and_staff_notes_are_not_in_the_download(alex):
    place = builders.booking(alex, attention_note="Chase the finance team")
    payment = Payment.objects.create(
        order=place.order,
        method="card",
        amount=Decimal("10.00"),
        stripe_session_id="cs_secret_session",
        stripe_payment_intent="pi_secret_intent",
        checkout_url="https://checkout.example/secret",
    )
    Refund.objects.create(
        payment=payment,
        amount=Decimal("10.00"),
        reason="Cancelled",
        stripe_refund_id="re_secret_refund",
        last_error="card_declined_secret",
    )
    builders.waiting(alex).__class__.objects.update(token="secret-offer-token")
    text = json.dumps(export_personal_data(alex))
    for secret in [
        "Chase the finance",
        "cs_secret",
        "pi_secret",
        "checkout.example",
        "re_secret",
        "card_declined_secret",
        "secret-offer-token",
    ]:
        assert secret not in text, secret


def test_wrong_password_deletes_nothing(client, alex):
    client.force_login(alex)
    response = client.post(
        reverse("account:delete"), {"password": "not-it", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "That is not your current password." in response.content.decode()
    alex.refresh_from_db()
    assert alex.full_name == "Alex Morgan"
    assert not alex.is_anonymised


def test_unticked_confirmation_deletes_nothing(client, alex):
    client.force_login(alex)
    response = client.post(reverse("account:delete"), {"password": PASSWORD})
    assert response.status_code == 200
    alex.refresh_from_db()
    assert not alex.is_anonymised


def test_deleting_my_account_removes_personal_data_and_signs_me_out(client, alex):
    place = builders.booking(alex)
    builders.application(alex, motivation="My reasons")
    client.force_login(alex)
    response = client.post(
        reverse("account:delete"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not get_user(client).is_authenticated

    alex.refresh_from_db()
    assert alex.is_anonymised
    assert alex.full_name == "Deleted user"
    assert "alex" not in alex.email
    assert alex.access_needs == alex.dietary_requirements == ""
    assert not alex.has_usable_password()
    assert not alex.is_active
    place.refresh_from_db()
    assert place.attendee_name == "Deleted user"
    assert "alex" not in place.attendee_email
    assert not alex.applications.filter(motivation="My reasons").exists()
    assert AuditEvent.objects.filter(action="cop.user.anonymised").exists()


def test_deleted_person_cannot_sign_in_again(client, alex):
    anonymise_user(user=alex, actor=alex, reason="test")
    response = client.post(
        reverse("account_login"),
        {"login": "alex@eastvale.example", "password": PASSWORD},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_anonymising_keeps_totals_and_financial_records(alex, sam):
    cohort = CohortFactory()
    mine = builders.booking(alex, cohort=cohort, total=Decimal("502.50"))
    builders.booking(sam, cohort=cohort, total=Decimal("750.00"))
    invoice = builders.invoice_for(mine.order, number=3003)
    before = Order.objects.aggregate(total=Sum("total"))["total"]

    anonymise_user(user=alex, actor=None, reason="test")

    assert Order.objects.aggregate(total=Sum("total"))["total"] == before
    assert Place.objects.confirmed().filter(cohort=cohort).count() == 2
    invoice.refresh_from_db()
    assert invoice.amount == Decimal("502.50")
    assert invoice.billing_email == "ap@eastvale.example"


def test_certificate_still_verifies_after_anonymising(client, alex):
    place = builders.booking(alex)
    certificate = builders.certificate(place)

    anonymise_user(user=alex, actor=None, reason="test")

    page = client.get(reverse("cpd:verify", args=[certificate.number]))
    assert page.status_code == 200
    text = page.content.decode()
    assert certificate.number in text
    assert "Alex Morgan" in text  # the name as printed on the certificate
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    assert "alex" not in certificate.participant_email


def test_anonymising_twice_changes_nothing_more(alex):
    anonymise_user(user=alex, actor=None, reason="test")
    anonymise_user(user=alex, actor=None, reason="test")
    assert AuditEvent.objects.filter(action="cop.user.anonymised").count() == 1


def test_data_rights_page_explains_what_is_kept(client, alex):
    client.force_login(alex)
    page = client.get(reverse("account:data_rights")).content.decode()
    assert "Download my data" in page
    assert "six years" in page


# --- Retention ------------------------------------------------------------------


def old_person(**fields):
    with time_machine.travel(timezone.now() - dt.timedelta(days=3000), tick=False):
        return UserFactory(**fields)


def test_people_inactive_beyond_retention_are_due(settings):
    settings.DATA_RETENTION_DAYS = 365
    gone = old_person()
    UserFactory()  # joined today
    assert list(inactive_people()) == [gone]


def test_a_recent_booking_counts_as_activity(settings):
    settings.DATA_RETENTION_DAYS = 365
    person = old_person()
    builders.booking(person)
    assert not inactive_people().filter(pk=person.pk).exists()


def test_staff_are_never_due_for_retention(settings):
    settings.DATA_RETENTION_DAYS = 365
    old_person(is_staff=True)
    assert not inactive_people().exists()


def test_admin_action_anonymises_only_people_past_retention(client, settings):
    settings.DATA_RETENTION_DAYS = 365
    gone, recent = old_person(), UserFactory()
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:cop_user_changelist"),
        {"action": "anonymise_inactive", "_selected_action": [gone.pk, recent.pk]},
        follow=True,
    )
    assert "Anonymised 1 people" in response.content.decode()
    gone.refresh_from_db()
    recent.refresh_from_db()
    assert gone.is_anonymised
    assert not recent.is_anonymised


def test_management_command_anonymises_inactive_people(settings):
    settings.DATA_RETENTION_DAYS = 365
    gone = old_person()
    out = io.StringIO()
    call_command("anonymise_inactive", stdout=out)
    assert "Anonymised 1 people" in out.getvalue()
    assert User.objects.get(pk=gone.pk).is_anonymised
