"""UK GDPR rights over one person's data: a copy of it, and erasure.

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
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from cop.audit import record
from cop.models import User

DELETED_NAME = "Deleted user"

# Never exported: staff-only notes, secrets, and internal payment-provider data.
PRIVATE_FIELDS = {
    "reviewer_notes",
    "attention_note",
    "password",
    "payload",
    "checkout_url",
    "stripe_session_id",
    "stripe_payment_intent",
    "stripe_refund_id",
    "last_error",
    "token",
    "data",
}

FINANCIAL_RECORDS_NOTE = (
    "Bookings, payments, invoices, credit notes and expense claims are financial "
    "records. The law (HMRC) requires us to keep them for six years, so their "
    "amounts and billing details are kept. Certificates keep their number, the "
    "name printed on them and the course, so anyone you have shown one to can "
    "still check it is genuine. Everything else is removed."
)


def anonymous_email(user: User) -> str:
    return f"deleted-{user.pk}@deleted.invalid"


def _model(label: str) -> type[models.Model] | None:
    """A model from another app, or None while that app does not define it."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


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
    out: they are someone else's data.
    """
    hidden = PRIVATE_FIELDS | set(hide)
    row: dict[str, Any] = {"id": obj.pk}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in hidden:
            continue
        if field.is_relation and field.related_model is User:
            continue
        row[field.name] = _value(obj, field)
    return row


def _rows(label: str, where: Callable[[], Q], **kwargs) -> list[dict[str, Any]]:
    model = _model(label)
    if model is None:
        return []
    return [serialise(obj, **kwargs) for obj in model.objects.filter(where())]


def _profile(user: User) -> dict[str, Any]:
    from allauth.account.models import EmailAddress

    return {
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


def _orders(user: User) -> list[dict[str, Any]]:
    """Orders the person made, with payments and invoices; colleagues unnamed."""
    order_model = _model("bookings.Order")
    if order_model is None:
        return []
    orders = []
    for order in order_model.objects.filter(booker=user).prefetch_related("places"):
        row = serialise(order, hide={"price_breakdown"})
        row["places"] = [
            serialise(place)
            if place.attendee_id == user.pk
            else serialise(place, hide=_ATTENDEE_FIELDS) | {"attendee": "another"}
            for place in order.places.all()
        ]
        row["payments"] = _rows("bookings.Payment", lambda o=order: Q(order=o))
        row["invoices"] = _rows("bookings.Invoice", lambda o=order: Q(order=o))
        row["credit_notes"] = _rows(
            "bookings.CreditNote", lambda o=order: Q(invoice__order=o)
        )
        row["refunds"] = _rows("bookings.Refund", lambda o=order: Q(payment__order=o))
        orders.append(row)
    return orders


_ATTENDEE_FIELDS = {
    "attendee_name",
    "attendee_email",
    "access_needs",
    "dietary_requirements",
}


def _verified_emails(user: User) -> list[str]:
    from allauth.account.models import EmailAddress

    emails = set(
        EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )
    return sorted(emails | {user.email})


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything this person owns, as JSON-ready data (for a download)."""
    emails = _verified_emails(user)
    return {
        "exported_at": timezone.now().isoformat(),
        "provider": settings.PROVIDER_NAME,
        "note": (
            "A copy of the personal data we hold about you. Notes that staff "
            "keep while reviewing applications are not included; ask us for "
            "them with a subject access request."
        ),
        "profile": _profile(user),
        "bookings_made": _orders(user),
        "places": _rows("bookings.Place", lambda: Q(attendee=user)),
        "attendance": _rows("cpd.Attendance", lambda: Q(place__attendee=user)),
        "applications": _rows("applications.Application", lambda: Q(applicant=user)),
        "expressions_of_interest": _rows(
            "applications.ExpressionOfInterest",
            lambda: Q(user=user) | Q(email__in=emails),
        ),
        "expense_claims": _rows("applications.ExpenseClaim", lambda: Q(claimant=user)),
        "waiting_list": _rows("bookings.WaitingListEntry", lambda: Q(user=user)),
        "certificates": _rows(
            "cpd.Certificate", lambda: Q(user=user) | Q(participant_email__in=emails)
        ),
        "emails_sent_to_you": _rows(
            "notifications.Notification",
            lambda: Q(recipient=user),
            hide={"body_html", "attachments"},
        ),
    }


# --- Erasure -------------------------------------------------------------------


def _update(label: str, where: Q, **values: Any) -> int:
    model = _model(label)
    if model is None:
        return 0
    fields = {f.name for f in model._meta.concrete_fields}
    values = {name: value for name, value in values.items() if name in fields}
    return model.objects.filter(where).update(**values) if values else 0


def _scrub_related(user: User, emails: list[str]) -> None:
    """Clear the person's details from rows other apps keep about them."""
    gone = anonymous_email(user)
    _update(
        "bookings.Place",
        Q(attendee=user),
        attendee_name=DELETED_NAME,
        attendee_email=gone,
        access_needs="",
        dietary_requirements="",
    )
    _update(
        "bookings.WaitingListEntry",
        Q(user=user) & Q(status__in=["waiting", "offered"]),
        status="left",
    )
    _update("bookings.WaitingListEntry", Q(user=user), name=DELETED_NAME, email=gone)
    _update(
        "applications.Application",
        Q(applicant=user),
        motivation="",
        hopes="",
        challenge="",
        organisation_name="",
        preferred_days=[],
        preferred_times=[],
    )
    _update(
        "applications.ExpressionOfInterest",
        Q(user=user) | Q(email__in=emails),
        name=DELETED_NAME,
        email=gone,
        organisation="",
        role="",
        user=user,
    )
    # Certificates stay verifiable: number, printed name and course are kept.
    _update(
        "cpd.Certificate",
        Q(user=user) | Q(participant_email__in=emails),
        participant_email=gone,
    )
    _update(
        "notifications.Notification",
        Q(recipient=user) | Q(recipient_email__in=emails),
        recipient_email=gone,
        body_text="",
        body_html="",
        attachments=[],
    )


@transaction.atomic
def anonymise_user(*, user: User, actor: User | None, reason: str) -> User:
    """Remove the person's personal data; keep financial records and totals.

    Idempotent: anonymising someone already anonymised changes nothing.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_anonymised:
        return user
    emails = _verified_emails(user)
    old_name = user.full_name
    _scrub_related(user, emails)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = anonymous_email(user)
    user.full_name = DELETED_NAME
    user.job_role = ""
    user.organisation = None
    user.is_organisation_contact = False
    user.access_needs = ""
    user.dietary_requirements = ""
    user.optional_emails = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.anonymised_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _scrub_audit_names(old_name)
    record("cop.user.anonymised", user, actor=actor, reason=reason)
    return user


def _scrub_audit_names(name: str) -> None:
    """The trail keeps who did what, but not the person's name in its labels."""
    from cop.models import AuditEvent

    if not name.strip():
        return
    AuditEvent.objects.filter(object_repr__contains=name).update(
        object_repr=models.functions.Replace(
            "object_repr", models.Value(name), models.Value(DELETED_NAME)
        )
    )


# --- Retention -----------------------------------------------------------------


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    days = int(settings.DATA_RETENTION_DAYS)
    return (now or timezone.now()) - dt.timedelta(days=days)


def _latest(label: str, user_field: str, date_field: str):
    model = _model(label)
    if model is None or date_field not in {f.name for f in model._meta.concrete_fields}:
        return None
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
    for label, user_field, date_field in [
        ("bookings.Order", "booker", "created_at"),
        ("bookings.Place", "attendee", "created_at"),
        ("applications.Application", "applicant", "updated_at"),
        ("bookings.WaitingListEntry", "user", "created_at"),
    ]:
        latest = _latest(label, user_field, date_field)
        if latest is not None:
            dates.append(models.functions.Coalesce(latest, "date_joined"))
    return queryset.annotate(last_activity=models.functions.Greatest(*dates))


def inactive_people(now: dt.datetime | None = None) -> models.QuerySet[User]:
    """People past the retention period: never staff, not yet anonymised."""
    return with_last_activity(
        User.objects.filter(anonymised_at__isnull=True, is_staff=False)
    ).filter(last_activity__lt=retention_cutoff(now))
