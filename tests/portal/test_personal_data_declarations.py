"""Every personal field of every model is declared, and erasure honours each.

A personal field is one that can hold something about a person (a name, an
email address, free text, a file, JSON answers) on the User model or on a
model with a relation to the user. Each must appear in some app's
``personal_data.DECLARATIONS``, wiped or kept for a stated reason; fields
that only look personal are listed below with why they are not.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from applications.models import ApplicationAnswer, Review
from bookings.models import Enquiry, PlaceAnswer
from cohorts.models import AttendanceIntention, Question
from cop.audit import record
from cop.models import User
from cop.privacy import ModelDeclaration, UnknownPersonalField, declare, keep, wipe
from notifications.models import Notification
from portal.personal_data import APPS, anonymise_user, declarations
from tests.applications.factories import InterestFactory
from tests.community.factories import community_rows
from tests.cop import builders
from tests.evaluation.builders import evaluation_rows
from tests.expenses.factories import ExpenseClaimFactory
from tests.factories import OrganisationFactory, SessionFactory, UserFactory
from tests.practice.conftest import practice_rows

ALL = "*"

# Fields that look personal by their type but hold nothing about the person.
NOT_PERSONAL: dict[str, dict[str, str]] = {
    "cop.User": {"password": "a hash; erasure makes it unusable"},
    "cop.AuditEvent": {
        "action": "the name of an action",
        "object_key": "which row, as app.model:pk",
    },
    "cohorts.Programme": {ALL: "about the programme; facilitators are linked"},
    "bookings.Order": {
        "reference": "a booking reference",
        "price_breakdown": "prices and discounts, not about the person",
    },
    "bookings.WaitingListEntry": {"token": "a random secret for the offer link"},
    "portal.CalendarFeed": {"token": "a random secret; erasure deletes the feed"},
    "bookings.Invoice": {
        "vat_status": "the provider's VAT status",
        "vat_number": "the provider's VAT number",
    },
    "bookings.Enquiry": {"topic": "a choice of subject"},
    "cpd.SessionCheckIn": {"code": "a random check-in code"},
    "cpd.Certificate": {
        "number": "the certificate number",
        "programme_name": "the course",
        "cohort_name": "the course",
        "sessions": "the course's sessions",
        "learning_objectives": "the course",
        "accreditation_body": "the course",
        "accreditation_number": "the course",
        "provider_name": "the provider",
        "signatory_name": "the provider's signatory, not the participant",
        "signatory_role": "the provider's signatory, not the participant",
        "status_reason": "why staff revoked it; staff wording",
    },
    "notifications.Notification": {
        "kind": "the kind of email",
        "variant": "tells repeats apart",
        "about_key": "which row, as app.model:pk",
        "last_error": "the mail server's answer",
    },
}

# Rows that are the person's because they carry the person's email address.
MATCHED_BY_EMAIL = {"community.GuestInvitation": "email"}

TEXT_TYPES = (
    models.EmailField,
    models.TextField,
    models.FileField,
    models.JSONField,
)


def _project_models() -> list[type[models.Model]]:
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            found.extend(config.get_models())
    return found


def _relates_to_user(model: type[models.Model]) -> bool:
    return model is User or any(
        field.is_relation and field.related_model is User
        for field in model._meta.get_fields()
        if field.concrete or field.many_to_many
    )


def _looks_personal(field: models.Field) -> bool:
    if isinstance(field, TEXT_TYPES):
        return True
    return isinstance(field, models.CharField) and not field.choices


def undeclared_personal_fields(
    candidates: list[type[models.Model]], declared: list[ModelDeclaration]
) -> list[str]:
    """``app.Model.field`` of each personal-looking field no one declares."""
    covered = {(d.label, name) for d in declared for name in d.field_names()}
    missing = []
    for model in candidates:
        if not _relates_to_user(model):
            continue
        label = model._meta.label
        exempt = NOT_PERSONAL.get(label, {})
        if ALL in exempt:
            continue
        for field in model._meta.concrete_fields:
            if not _looks_personal(field) or field.name in exempt:
                continue
            if (label, field.name) not in covered:
                missing.append(f"{label}.{field.name}")
    return missing


def test_every_personal_field_of_every_model_is_declared():
    assert undeclared_personal_fields(_project_models(), declarations()) == []


def test_a_personal_field_missing_from_the_declarations_is_reported():
    without = [d for d in declarations() if d.model is not User]
    kept = [f for f in _user_fields() if f.name != "access_needs"]
    without.append(declare(User, *kept))

    missing = undeclared_personal_fields([User], without)

    assert missing == ["cop.User.access_needs"]


def _user_fields():
    (user,) = [d for d in declarations() if d.model is User]
    return list(user.fields)


def test_the_exemptions_name_real_fields():
    labels = {m._meta.label: m for m in _project_models()}
    for label, fields in NOT_PERSONAL.items():
        names = {f.name for f in labels[label]._meta.concrete_fields}
        assert set(fields) - {ALL} <= names, label


def test_declaring_a_field_the_model_lacks_is_an_error():
    with pytest.raises(UnknownPersonalField, match="acess_needs"):
        declare(User, wipe("acess_needs"))


def test_keeping_a_field_needs_a_reason():
    with pytest.raises(ImproperlyConfigured):
        keep("full_name", reason=" ")


def test_declaring_a_field_twice_is_an_error():
    with pytest.raises(ImproperlyConfigured):
        declare(User, wipe("full_name"), keep("full_name", reason="why"))


def test_every_app_with_personal_data_is_collected_by_the_portal():
    base = Path(settings.BASE_DIR).resolve()
    owning = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and "site-packages" not in Path(config.path).resolve().parts
        and config.name != "portal"
        and importlib.util.find_spec(f"{config.name}.personal_data") is not None
    }
    collected = {module.__name__.removesuffix(".personal_data") for module in APPS}
    assert collected == owning


# --- Erasure of every declared field -------------------------------------------


def _sample(label: str, field: models.Field, organisation):
    """A value that is clearly this field's, so no other rule touches it."""
    if field.is_relation:
        return organisation
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.JSONField):
        return [f"{label}.{field.name}"]
    if isinstance(field, models.EmailField):
        return f"{field.name.replace('_', '-')}@{label.replace('.', '-')}.example"
    if isinstance(field, models.FileField):
        return f"private/{field.name}.pdf"
    return f"{label}.{field.name} of the person"


def _stored(obj: models.Model, field: models.Field):
    value = getattr(obj, field.attname)
    return value.name if isinstance(field, models.FileField) else value


@pytest.fixture
def rows_of_the_person(django_capture_on_commit_callbacks):
    """One row of each declared model, owned by the person."""
    person = UserFactory()
    place = builders.booking(person)
    application = builders.application(person)
    rows = {
        "cop.User": person,
        "cop.AuditEvent": record("cop.user.updated", person, actor=person),
        "bookings.Order": place.order,
        "bookings.Place": place,
        "bookings.PlaceAnswer": PlaceAnswer.objects.create(
            place=place,
            question=Question.objects.create(
                cohort=place.cohort,
                form=Question.Form.BOOKING,
                kind=Question.Kind.SHORT_TEXT,
                text="Badge name",
            ),
        ),
        "bookings.Invoice": builders.invoice_for(place.order, 1),
        "bookings.WaitingListEntry": builders.waiting(person),
        "bookings.Enquiry": Enquiry.objects.create(
            user=person,
            topic="other",
            name=person.full_name,
            email=person.email,
            organisation="Northtown Council",
            message="A question",
        ),
        "applications.Application": application,
        "applications.ApplicationAnswer": ApplicationAnswer.objects.create(
            application=application,
            question=Question.objects.create(
                cohort=application.cohort,
                form=Question.Form.APPLICATION,
                kind=Question.Kind.SHORT_TEXT,
                text="Your pronouns",
            ),
        ),
        "applications.Review": Review.objects.create(
            application=application, reviewer=UserFactory(is_staff=True), total=3
        ),
        "cohorts.AttendanceIntention": AttendanceIntention.objects.create(
            session=SessionFactory(cohort=place.cohort), user=person, how="in_person"
        ),
        "applications.ExpressionOfInterest": InterestFactory(user=person),
        "expenses.ExpenseClaim": ExpenseClaimFactory(claimant=person),
        "cpd.Certificate": builders.certificate(place),
        "notifications.Notification": Notification.objects.create(
            kind="test", recipient=person, recipient_email=person.email, subject="s"
        ),
        **community_rows(person, place),
        **practice_rows(person, place),
        **evaluation_rows(person, place),
    }
    return person, rows


@pytest.mark.django_db
def test_erasure_clears_every_wiped_field_and_keeps_every_kept_one(
    rows_of_the_person,
):
    person, rows = rows_of_the_person
    organisation = OrganisationFactory()
    assert {d.label for d in declarations()} <= set(rows), "a model has no row here"
    filled = {}
    for declaration in declarations():
        obj = rows[declaration.label]
        meta = declaration.model._meta
        values = {
            f.name: _sample(declaration.label, meta.get_field(f.name), organisation)
            for f in declaration.fields
        }
        declaration.model.objects.filter(pk=obj.pk).update(**values)
        filled[declaration.label] = values
    person.refresh_from_db()
    for label, field_name in MATCHED_BY_EMAIL.items():  # the email makes it theirs
        rows[label].__class__.objects.filter(pk=rows[label].pk).update(
            **{field_name: person.email}
        )
        filled[label][field_name] = person.email

    anonymise_user(user=person, actor=None, reason="test")

    wrong = []
    for declaration in declarations():
        remaining = declaration.model.objects.filter(pk=rows[declaration.label].pk)
        if declaration.deletes_rows:
            if remaining.exists():
                wrong.append(f"{declaration.label} (row not deleted)")
            continue
        obj = remaining.get()
        for personal in declaration.fields:
            field = declaration.model._meta.get_field(personal.name)
            before = _stored_value(filled[declaration.label][personal.name])
            if personal.randomised:
                if _stored(obj, field) == before:
                    wrong.append(f"{declaration.label}.{personal.name} (not replaced)")
                continue
            expected = before if personal.kept else personal.erased_value(person)
            if _stored_value(expected) != _stored(obj, field):
                wrong.append(f"{declaration.label}.{personal.name}")
    assert wrong == []


def _stored_value(value):
    return value.pk if isinstance(value, models.Model) else value
