"""Every page that shows personal data refuses everyone but its owner (404).

A 404 rather than a 403, so that references and numbers cannot be probed.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.cop import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(email="owner@eastvale.example")


@pytest.fixture
def stranger(client):
    person = UserFactory(email="stranger@westford.example")
    client.force_login(person)
    return person


@pytest.fixture
def order(owner):
    place = builders.booking(
        owner, status="pending", payment_method="invoice", total=Decimal("450.00")
    )
    builders.invoice_for(place.order, number=501)
    return place.order


@pytest.mark.parametrize(
    "name",
    [
        "bookings:order_detail",
        "bookings:confirmation",
        "bookings:invoice",
        "bookings:cancel",
    ],
)
def test_another_persons_booking_pages_are_not_found(client, stranger, order, name):
    response = client.get(reverse(name, args=[order.reference]))
    assert response.status_code == 404


def test_another_persons_booking_cannot_be_paid_or_cancelled(client, stranger, order):
    assert (
        client.post(reverse("bookings:pay", args=[order.reference])).status_code == 404
    )
    response = client.post(
        reverse("bookings:cancel", args=[order.reference]), {"places": "1"}
    )
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == "pending"


def test_owner_can_see_their_booking_and_invoice(client, owner, order):
    client.force_login(owner)
    assert (
        client.get(reverse("bookings:order_detail", args=[order.reference])).status_code
        == 200
    )
    response = client.get(reverse("bookings:invoice", args=[order.reference]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_another_persons_certificate_is_not_found(client, stranger, owner):
    certificate = builders.certificate(builders.booking(owner))
    response = client.get(reverse("cpd:download", args=[certificate.number]))
    assert response.status_code == 404


def test_another_persons_application_is_not_found(client, stranger, owner):
    application = builders.application(owner)
    assert (
        client.get(reverse("applications:detail", args=[application.pk])).status_code
        == 404
    )
    response = client.post(reverse("applications:withdraw", args=[application.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"


def test_owner_can_see_their_application(client, owner):
    application = builders.application(owner)
    client.force_login(owner)
    assert (
        client.get(reverse("applications:detail", args=[application.pk])).status_code
        == 200
    )


def test_another_persons_expense_receipt_is_not_found(client, stranger, owner):
    from django.core.files.base import ContentFile

    from expenses.models import ExpenseClaim

    claim = ExpenseClaim(
        cohort=builders.application(owner).cohort,
        claimant=owner,
        amount=Decimal("12.50"),
        description="Train fare",
        incurred_on="2030-01-01",
    )
    claim.receipt.save("receipt.pdf", ContentFile(b"%PDF-1.4"), save=False)
    claim.save()
    response = client.get(reverse("expenses:claim_receipt", args=[claim.pk]))
    assert response.status_code == 404


def test_other_peoples_personal_pages_need_sign_in(client, order):
    response = client.get(reverse("bookings:order_detail", args=[order.reference]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
