"""Write the audit trail. Call inside the transaction that makes the change."""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from cop.models import AuditEvent


def object_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def record(action: str, obj: models.Model, *, actor=None, **data: Any) -> AuditEvent:
    """Record ``action`` on ``obj`` by ``actor`` (None for the system).

    ``data`` holds what changed, e.g. ``old="absent", new="attended"``; values
    are made JSON-safe (Decimal, dates) on the way in.
    """
    import json

    safe = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_key=object_key(obj),
        object_repr=str(obj)[:200],
        data=safe,
    )
