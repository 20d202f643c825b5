"""The kernel's personal data: the person's profile and the audit trail."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import models
from django.db.models.functions import Replace
from django.utils import timezone

from cop.models import AuditEvent, User
from cop.privacy import DELETED_NAME, anonymous_email, declare, keep, wipe

DECLARATIONS = [
    declare(
        User,
        wipe("email", anonymous_email),
        wipe("full_name", DELETED_NAME),
        wipe("job_role"),
        wipe("organisation", None),
        wipe("is_organisation_contact", False),
        wipe("access_needs"),
        wipe("dietary_requirements"),
        wipe("optional_emails", False),
    ),
    declare(
        AuditEvent,
        keep(
            "object_repr",
            reason="The trail keeps who did what; the person's name in its "
            "labels is replaced by 'Deleted user'.",
        ),
        keep("data", reason="The trail of changes staff made is kept as a record."),
    ),
]
USER = DECLARATIONS[0]


def export(user: User) -> dict[str, Any]:
    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "job_role": user.job_role,
            "organisation": str(user.organisation) if user.organisation_id else None,
            "is_organisation_contact": user.is_organisation_contact,
            "access_needs": user.access_needs,
            "dietary_requirements": user.dietary_requirements,
            "optional_emails": user.optional_emails,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        }
    }


def erase(user: User) -> None:
    """Anonymise the account itself; runs after every other app's erasure."""
    old_name = user.full_name
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for name, value in USER.erased_values(user).items():
        setattr(user, name, value)
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.anonymised_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _scrub_audit_names(old_name)


def _scrub_audit_names(name: str) -> None:
    """The trail keeps who did what, but not the person's name in its labels."""
    if not name.strip():
        return
    AuditEvent.objects.filter(object_repr__contains=name).update(
        object_repr=Replace(
            "object_repr", models.Value(name), models.Value(DELETED_NAME)
        )
    )
