"""Free text has a limit: in the form (with a message) and in the model."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from bookings.models import Order
from cop.limits import NOTE
from tests.bookings.helpers import confirm_member
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PriceOptionFactory,
    UserFactory,
    add_sessions,
)

pytestmark = pytest.mark.django_db

PROJECT_APPS = [
    "cop",
    "cohorts",
    "bookings",
    "cpd",
    "applications",
    "expenses",
    "community",
    "practice",
    "evaluation",
    "staff",
    "portal",
]
# Written by the system, never typed by a person.
SYSTEM_TEXT = {"bookings.Payment.last_error", "bookings.Refund.last_error"}

HUGE = "x" * 100_000


def free_text_fields():
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                # Rendered copies (e.g. body_html) are written by code, not typed.
                if isinstance(field, models.TextField) and field.editable:
                    name = f"{model._meta.label}.{field.name}"
                    if name not in SYSTEM_TEXT:
                        yield name, field


def test_every_free_text_field_has_a_limit_the_model_enforces():
    unlimited = [
        name
        for name, field in free_text_fields()
        if not field.max_length
        or not any(
            isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length
            for v in field.validators
        )
    ]
    assert unlimited == []


def test_model_refuses_a_billing_address_over_its_limit_with_a_message():
    organisation = OrganisationFactory(billing_address=HUGE)
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    message = refused.value.message_dict["billing_address"][0]
    assert message == f"Keep this to {NOTE} characters or fewer (it has 100000)."


def test_profile_refuses_huge_access_needs_and_changes_nothing(client):
    person = UserFactory(access_needs="Step-free access")
    client.force_login(person)
    response = client.post(
        reverse("account:profile"),
        {
            "full_name": "Alex Morgan",
            "job_role": "Officer",
            "organisation": "",
            "access_needs": HUGE,
            "dietary_requirements": "",
        },
    )
    assert response.status_code == 200
    assert f"at most {NOTE} characters" in response.content.decode()
    person.refresh_from_db()
    assert person.access_needs == "Step-free access"


def test_booking_refuses_a_huge_billing_address_and_books_nothing(client):
    cohort = CohortFactory(capacity=20)
    add_sessions(cohort, 6)
    option = PriceOptionFactory(cohort=cohort, price="750.00")
    council = OrganisationFactory()
    booker = UserFactory()
    confirm_member(booker, council.pk)
    client.force_login(booker)
    response = client.post(
        reverse("bookings:book", args=[cohort.pk]),
        {
            "book_for_self": "on",
            "payment_method": "invoice",
            "option": option.pk,
            "organisation": council.pk,
            "billing_contact": "Finance",
            "billing_address": HUGE,
            "colleague-TOTAL_FORMS": "0",
            "colleague-INITIAL_FORMS": "0",
            "colleague-MIN_NUM_FORMS": "0",
            "colleague-MAX_NUM_FORMS": "20",
            "step": "confirm",
            "expected_total": "750.00",
        },
    )
    page = response.content.decode()
    assert f"Keep this to {NOTE} characters or fewer" in page
    assert f'maxlength="{NOTE}"' in page
    assert not Order.objects.exists()
