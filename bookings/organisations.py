"""What an organisation's booking contact may do: see the organisation's
bookings and invoices, confirm colleagues, and swap who attends a place.

A contact is a user with ``is_organisation_contact`` whose own link to the
organisation is confirmed. A swap keeps the place row (its price, sessions,
attendance and CPD follow the new person) and changes who holds it, until the
cohort's cancellation cut-off.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import emails
from bookings.errors import BookingError
from bookings.models import Order, Place
from bookings.services import cancellation_deadline, lock_order
from cop.affiliation import confirm_colleague, is_contact_for
from cop.audit import record
from cop.models import Organisation, User


def is_contact(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.organisation_id
        and is_contact_for(user, user.organisation_id)
    )


def organisation_orders(user) -> QuerySet[Order]:
    """The contact's organisation's orders (none for anyone else)."""
    if not is_contact(user):
        return Order.objects.none()
    return (
        Order.objects.filter(organisation_id=user.organisation_id)
        .select_related("cohort__programme", "booker", "invoice")
        .prefetch_related("places")
        .order_by("-created_at")
    )


def may_manage(user, order: Order) -> bool:
    """The booker, or the contact of the organisation the order is for."""
    if not getattr(user, "is_authenticated", False):
        return False
    if order.booker_id == user.pk:
        return True
    return bool(order.organisation_id) and is_contact_for(user, order.organisation_id)


def swap_attendee(
    *,
    place_id: int,
    name: str,
    email: str,
    actor: User,
    by_staff: bool = False,
    now: dt.datetime | None = None,
) -> Place:
    """Give a confirmed place to someone else until the cancellation cut-off.

    The new person gets the confirmation and calendar invites; the old one a
    cancellation of the invites. Refused (nothing changed) after the cut-off,
    for someone already booked in the cohort, or for anyone but the booker,
    the organisation's contact or staff.
    """
    now = now or timezone.now()
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise BookingError(_("Give the new attendee's name."), field="name")
    try:
        validate_email(email)
    except ValidationError:
        raise BookingError(
            _("Enter a valid email address for the new attendee."), field="email"
        ) from None
    order_id = Place.objects.values_list("order_id", flat=True).get(pk=place_id)
    try:
        with transaction.atomic():
            order = lock_order(order_id)
            place = Place.objects.select_for_update().get(pk=place_id)
            _check_swap(order, place, email, actor, by_staff, now)
            old = (place.attendee_name, place.attendee_email, place.attendee)
            place.attendee = (
                User.objects.annotate(e=Lower("email")).filter(e=email).first()
            )
            place.attendee_name, place.attendee_email = name, email
            place.access_needs = place.dietary_requirements = ""
            place.save(
                update_fields=[
                    "attendee",
                    "attendee_name",
                    "attendee_email",
                    "access_needs",
                    "dietary_requirements",
                ]
            )
            record(
                "bookings.place.swapped",
                place,
                actor=actor,
                order=order.reference,
                old_email=old[1],
                new_email=email,
                by_staff=by_staff,
            )
            emails.send_swap(
                place,
                old_name=old[0],
                old_email=old[1],
                old_user=old[2],
                changed_by=actor.full_name or actor.email,
            )
    except IntegrityError:
        raise BookingError(
            _("%(email)s already has a place in this cohort.") % {"email": email},
            field="email",
        ) from None
    return place


def _check_swap(order, place, email, actor, by_staff, now) -> None:
    if not by_staff and not may_manage(actor, order):
        raise BookingError(
            _("Only the booker or the organisation's contact can do this.")
        )
    if place.status != Place.Status.CONFIRMED:
        raise BookingError(_("Only a confirmed place can be given to someone else."))
    deadline = cancellation_deadline(order.cohort)
    if not by_staff and deadline is not None and now > deadline:
        raise BookingError(
            _(
                "Places can only be given to someone else until %(deadline)s, "
                "the cancellation cut-off. Please contact us."
            )
            % {"deadline": timezone.localtime(deadline).strftime("%-d %B %Y")}
        )
    if email == place.attendee_email.lower():
        raise BookingError(_("That person already holds this place."), field="email")
    if Place.objects.live().filter(cohort=order.cohort, attendee_email=email).exists():
        raise BookingError(
            _("%(email)s already has a place in this cohort.") % {"email": email},
            field="email",
        )


def colleagues_to_confirm(contact: User) -> QuerySet[User]:
    """People who name the contact's organisation and await confirmation."""
    organisation_id = contact.organisation_id
    if organisation_id is None or not is_contact(contact):
        return User.objects.none()
    return User.objects.filter(
        organisation_id=organisation_id, organisation_confirmed=False
    ).order_by("full_name", "email")


def confirm_member(*, contact: User, user_id: int) -> User:
    """The contact confirms a colleague whose verified email is at the
    organisation's domains (``cop.affiliation.confirm_colleague``)."""
    organisation_id = contact.organisation_id
    if organisation_id is None or not is_contact(contact):
        raise BookingError(_("Only the organisation's contact can confirm colleagues."))
    organisation = Organisation.objects.get(pk=organisation_id)
    with transaction.atomic():
        colleague = User.objects.select_for_update().filter(pk=user_id).first()
        if colleague is None or colleague.organisation_id != organisation.pk:
            raise BookingError(_("That person has not named your organisation."))
        if not confirm_colleague(colleague, organisation):
            raise BookingError(
                _(
                    "%(name)s has no verified email address at %(domains)s, so "
                    "you cannot confirm them. Ask them to add and verify their "
                    "work email, or ask the network team."
                )
                % {
                    "name": colleague.full_name or colleague.email,
                    "domains": ", ".join(organisation.domains) or organisation.name,
                }
            )
        record("cop.organisation.member_confirmed", colleague, actor=contact)
    return colleague
