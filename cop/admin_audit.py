"""Audit rows for edits made straight in the admin (inlines with no service)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models

from cop.audit import record
from cop.models import AuditEvent


def _fields(obj: models.Model, names: Iterable[str]) -> dict[str, object]:
    return {name: obj._meta.get_field(name).value_from_object(obj) for name in names}


@contextmanager
def audit_inline_changes(request, formset, *, models_to_audit) -> Iterator[None]:
    """Record who added, changed (old and new values) or deleted inline rows.

    Wrap the admin's ``super().save_formset(...)`` call in this.
    """
    if formset.model not in models_to_audit:
        yield
        return
    label = formset.model._meta.label_lower
    doomed = [
        (form.instance.pk, str(form.instance)[:200])
        for form in formset.deleted_forms
        if form.instance.pk
    ]
    yield
    editable = [f.name for f in formset.model._meta.fields if f.editable]
    for obj in formset.new_objects:
        record(f"{label}.added", obj, actor=request.user, **_fields(obj, editable))
    forms_by_instance = {id(form.instance): form for form in formset.forms}
    for obj, changed in formset.changed_objects:
        form = forms_by_instance.get(id(obj))
        old = {name: form.initial.get(name) for name in changed} if form else {}
        record(
            f"{label}.changed",
            obj,
            actor=request.user,
            old=old,
            new=_fields(obj, changed),
        )
    for pk, text in doomed:
        AuditEvent.objects.create(
            actor=request.user,
            action=f"{label}.deleted",
            object_key=f"{label}:{pk}",
            object_repr=text,
        )
