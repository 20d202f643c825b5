"""How an app declares the personal data it holds (UK GDPR export and erasure).

Each app that keeps something about a person has ``<app>/personal_data.py``
with ``DECLARATIONS`` (one :class:`ModelDeclaration` per model), an
``export(user) -> dict`` and an ``erase(user) -> None``. The portal imports
each of those modules by name and collects them; this module knows no app.

A declaration names every personal field of a model and what erasure does to
it: :func:`wipe` sets it to a value, :func:`keep` keeps it for a stated
reason (financial records, verifiable certificates). A field name the model
does not have is an error when the declaration is built, never a silent skip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from cop.models import User

DELETED_NAME = "Deleted user"


class UnknownPersonalField(ImproperlyConfigured):
    """A declaration names a field its model does not have."""


def anonymous_email(user: User) -> str:
    return f"deleted-{user.pk}@deleted.invalid"


def verified_emails(user: User) -> list[str]:
    """The person's account email and every address they verified."""
    emails = set(
        EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )
    return sorted(emails | {user.email})


@dataclass(frozen=True)
class PersonalField:
    """One personal field and what erasure does to it.

    ``erased_to`` is the value erasure sets, or a callable taking the user;
    ``kept_because`` (instead) says why erasure keeps the value.
    """

    name: str
    erased_to: Any = None
    kept_because: str = ""
    # Erasure replaces the value with a fresh random one (the app's erase does
    # it): e.g. a key that pairs answers without saying whose they are.
    randomised: bool = False

    @property
    def kept(self) -> bool:
        return bool(self.kept_because)

    def erased_value(self, user: User) -> Any:
        return self.erased_to(user) if callable(self.erased_to) else self.erased_to


def wipe(name: str, to: Any = "") -> PersonalField:
    """Erasure sets ``name`` to ``to`` (a value, or a callable of the user)."""
    return PersonalField(name=name, erased_to=to)


def randomise(name: str) -> PersonalField:
    """Erasure replaces ``name`` with a fresh random value (set by the app)."""
    return PersonalField(name=name, randomised=True)


def keep(name: str, *, reason: str) -> PersonalField:
    """Erasure keeps ``name``; ``reason`` says why (shown to reviewers)."""
    if not reason.strip():
        raise ImproperlyConfigured(f"Keeping {name!r} needs a stated reason.")
    return PersonalField(name=name, kept_because=reason)


@dataclass(frozen=True)
class ModelDeclaration:
    """The personal fields of one model. Unknown field names raise at once."""

    model: type[models.Model]
    fields: tuple[PersonalField, ...]
    # Erasure deletes the person's rows outright (e.g. a member card), rather
    # than wiping fields in rows that must stay.
    deletes_rows: bool = False

    def __post_init__(self) -> None:
        known = {f.name for f in self.model._meta.concrete_fields}
        names = [f.name for f in self.fields]
        unknown = sorted(set(names) - known)
        if unknown:
            raise UnknownPersonalField(
                f"{self.model._meta.label} has no field(s) {', '.join(unknown)}."
            )
        if len(names) != len(set(names)):
            raise ImproperlyConfigured(
                f"{self.model._meta.label}: a field is declared twice."
            )

    @property
    def label(self) -> str:
        return self.model._meta.label

    def field_names(self) -> set[str]:
        return {f.name for f in self.fields}

    def erased_values(self, user: User) -> dict[str, Any]:
        return {
            f.name: f.erased_value(user)
            for f in self.fields
            if not (f.kept or f.randomised)
        }

    def erase(self, queryset: models.QuerySet, user: User) -> int:
        """Set every erased field of the rows in ``queryset``; keep the rest.

        For a declaration that deletes rows, delete them instead.
        """
        if queryset.model is not self.model:
            raise ImproperlyConfigured(f"{queryset.model} is not {self.label}.")
        if self.deletes_rows:
            return queryset.delete()[0]
        values = self.erased_values(user)
        return queryset.update(**values) if values else 0


def declare(model: type[models.Model], *fields: PersonalField) -> ModelDeclaration:
    return ModelDeclaration(model=model, fields=tuple(fields))


def declare_deleted(model: type[models.Model], *names: str) -> ModelDeclaration:
    """The person's rows of ``model`` are deleted on erasure, all of ``names``."""
    fields = tuple(wipe(name) for name in names)
    return ModelDeclaration(model=model, fields=fields, deletes_rows=True)


# --- Export ---------------------------------------------------------------------


def _value(obj: models.Model, field: models.Field) -> Any:
    value = getattr(obj, field.attname)
    if field.is_relation:
        related = getattr(obj, field.name)
        return str(related) if related is not None else None
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(field, models.FileField):
        return value.name if value else ""
    return value


def serialise(obj: models.Model, *, hide: Iterable[str] = ()) -> dict[str, Any]:
    """One row as plain JSON data: its own fields, related rows by name.

    Links to other people (who recorded, issued or marked something) are left
    out: they are someone else's data. ``hide`` names the fields never
    exported (staff-only notes, secrets, payment-provider data); each app
    says which of its own those are.
    """
    hidden = set(hide)
    row: dict[str, Any] = {"id": obj.pk}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in hidden:
            continue
        if field.is_relation and field.related_model is User:
            continue
        row[field.name] = _value(obj, field)
    return row


def rows(
    queryset: models.QuerySet, *, hide: Iterable[str] = ()
) -> list[dict[str, Any]]:
    return [serialise(obj, hide=hide) for obj in queryset]


Exporter = Callable[[User], dict[str, Any]]
