"""UK GDPR rights over one person's data: a copy of it, and erasure.

Each app declares the personal data it holds in ``<app>/personal_data.py``
(see ``cop.privacy``); this module imports them by name and collects them.

Export gathers every row the person owns across the apps (their profile,
bookings they made, their own places, applications, waiting-list entries,
certificates, emails sent to them) and nothing of anyone else's: colleagues
named on an order they booked are shown only as "another attendee", and
staff-only notes and payment-provider ids are left out.

Erasure anonymises rather than deletes. Bookings, payments, invoices and
expense claims are financial records that must be kept for six years (HMRC),
so their amounts and billing details stay; certificates keep their number,
printed name and course so anyone shown one can still verify it.
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

import applications.personal_data
import bookings.personal_data
import cohorts.personal_data
import community.personal_data
import cop.personal_data
import cpd.personal_data
import evaluation.personal_data
import expenses.personal_data
import notifications.personal_data
import practice.personal_data
from applications.models import Application
from bookings.models import Order, Place, WaitingListEntry
from cop.audit import record
from cop.models import User
from cop.privacy import ModelDeclaration
from portal.models import CalendarFeed

# Every app's declarations. The kernel's comes last: erasing the account
# itself removes the email addresses the others match on.
APPS: list[ModuleType] = [
    # Practice finds follow-ups through the person's places: before bookings.
    practice.personal_data,
    cohorts.personal_data,
    bookings.personal_data,
    applications.personal_data,
    expenses.personal_data,
    cpd.personal_data,
    evaluation.personal_data,
    # Guest invitations are matched by email: before the kernel changes it.
    community.personal_data,
    notifications.personal_data,
    cop.personal_data,
]

FINANCIAL_RECORDS_NOTE = (
    "Bookings, payments, invoices, credit notes and expense claims are financial "
    "records. The law (HMRC) requires us to keep them for six years, so their "
    "amounts and billing details are kept. Certificates keep their number, the "
    "name printed on them and the course, so anyone you have shown one to can "
    "still check it is genuine. Everything else is removed."
)


def declarations() -> list[ModelDeclaration]:
    return [d for module in APPS for d in module.DECLARATIONS]


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything this person owns, as JSON-ready data (for a download)."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "provider": settings.PROVIDER_NAME,
        "note": (
            "A copy of the personal data we hold about you. Notes that staff "
            "keep while reviewing applications are not included; ask us for "
            "them with a subject access request."
        ),
    }
    for module in [cop.personal_data, *APPS[:-1]]:
        data |= module.export(user)
    return data


@transaction.atomic
def anonymise_user(*, user: User, actor: User | None, reason: str) -> User:
    """Remove the person's personal data; keep financial records and totals.

    Idempotent: anonymising someone already anonymised changes nothing.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_anonymised:
        return user
    for module in APPS:
        module.erase(user)
    # The private calendar feed goes: its URL must stop working.
    CalendarFeed.objects.filter(user=user).delete()
    record("cop.user.anonymised", user, actor=actor, reason=reason)
    return user


# --- Retention -----------------------------------------------------------------


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    days = int(getattr(settings, "DATA_RETENTION_DAYS", 6 * 365))
    return (now or timezone.now()) - dt.timedelta(days=days)


def _latest(model: type[models.Model], user_field: str, date_field: str):
    return models.Subquery(
        model.objects.filter(**{user_field: models.OuterRef("pk")})
        .order_by(f"-{date_field}")
        .values(date_field)[:1]
    )


def with_last_activity(queryset: models.QuerySet[User]) -> models.QuerySet[User]:
    """Annotate ``last_activity``: sign-in, joining, booking or applying."""
    dates = [
        models.functions.Coalesce("last_login", "date_joined"),
        models.F("date_joined"),
    ]
    for model, user_field, date_field in [
        (Order, "booker", "created_at"),
        (Place, "attendee", "created_at"),
        (Application, "applicant", "updated_at"),
        (WaitingListEntry, "user", "created_at"),
    ]:
        latest = _latest(model, user_field, date_field)
        dates.append(models.functions.Coalesce(latest, "date_joined"))
    return queryset.annotate(last_activity=models.functions.Greatest(*dates))


def inactive_people(now: dt.datetime | None = None) -> models.QuerySet[User]:
    """People past the retention period: never staff, not yet anonymised."""
    return with_last_activity(
        User.objects.filter(anonymised_at__isnull=True, is_staff=False)
    ).filter(last_activity__lt=retention_cutoff(now))
