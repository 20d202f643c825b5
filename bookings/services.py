"""Booking places: quote, book, confirm, release and cancel.

Every write locks the cohort row first (``capacity.lock_cohort``), then the
organisation or order, and counts only after that; the lock order is always
cohort -> organisation -> order, so two writers never deadlock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import capacity, emails, invoicing, place_questions
from bookings.capacity import ensure_places_left
from bookings.errors import BookingError, PriceChanged
from bookings.models import (
    Order,
    Payment,
    Place,
    PriceOption,
    Refund,
    WaitingListEntry,
    WaitingListOffer,
)
from bookings.pricing import (
    PriceBreakdown,
    add_vat,
    price_places,
    terms_for,
    to_pennies,
)
from bookings.waiting_list import acts_for
from cohorts.models import Cohort, Session
from cohorts.questions import AnswerError
from cop.affiliation import may_book_as
from cop.audit import record
from cop.models import Organisation, User


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    access_needs: str = ""
    dietary_requirements: str = ""


@dataclass(frozen=True)
class Billing:
    purchase_order_number: str
    contact: str
    email: str
    address: str


def hold_minutes() -> int:
    return int(settings.BOOKING_HOLD_MINUTES)


# --- Checks that need no lock -------------------------------------------------


def clean_attendees(attendees: Sequence[Attendee]) -> list[Attendee]:
    """Trimmed attendees with lower-case emails; refuse bad or repeated ones."""
    if not attendees:
        raise BookingError(_("Add at least one person to book a place for."))
    cleaned, seen = [], set()
    for person in attendees:
        name, email = person.name.strip(), person.email.strip().lower()
        if not name:
            raise BookingError(_("Give a name for every person you book for."))
        try:
            validate_email(email)
        except ValidationError:
            raise BookingError(
                _("“%(email)s” is not a valid email address.") % {"email": email}
            ) from None
        if email in seen:
            raise BookingError(
                _("%(email)s appears twice: each person needs their own place.")
                % {"email": email}
            )
        seen.add(email)
        cleaned.append(
            Attendee(
                name,
                email,
                person.access_needs.strip(),
                person.dietary_requirements.strip(),
            )
        )
    return cleaned


def bookable_options(cohort: Cohort):
    return cohort.price_options.filter(is_active=True).order_by("position", "-price")


def ensure_cohort_bookable(
    cohort: Cohort, now: dt.datetime, *, offer: WaitingListOffer | None = None
) -> None:
    if cohort.status == Cohort.Status.FINISHED or cohort.has_started(now):
        raise BookingError(
            _("This cohort has already started, so it cannot be booked.")
        )
    allowed = {Cohort.Status.OPEN} | ({Cohort.Status.FULL} if offer else set())
    if cohort.status not in allowed:
        if cohort.status == Cohort.Status.FULL:
            raise capacity.CohortFull(_("Sorry, this cohort is fully booked."))
        raise BookingError(_("This cohort is not open for booking."))
    if cohort.programme.is_by_application:
        raise BookingError(_("Places in this programme are given by application."))


def ensure_may_book(cohort: Cohort, booker: User, organisation_id: int | None) -> None:
    """Refuse private cohorts to outsiders, and booking as someone else's member.

    Member prices, free places and invoices to an organisation are only for
    people whose link to it is confirmed (see ``cop.affiliation``).
    """
    if cohort.private_to_id and not may_book_as(booker, cohort.private_to_id):
        raise BookingError(_("This cohort is run for another organisation."))
    if organisation_id and not may_book_as(booker, organisation_id):
        if organisation_id != booker.organisation_id:
            raise BookingError(_("You can only book for your own organisation."))
        raise BookingError(
            _(
                "Your link to %(organisation)s is not confirmed yet, so member "
                "prices and invoices to it are not available. Verify an email "
                "address at the organisation, ask the network team to confirm "
                "you, or book privately."
            )
            % {"organisation": booker.organisation}
        )


def chosen_option(cohort: Cohort, option_id: int | None) -> PriceOption | None:
    """The option booked; None only for a free cohort (one with no options)."""
    options = list(bookable_options(cohort))
    if not options:
        if option_id:
            raise BookingError(_("That price option is not available."))
        return None
    for option in options:
        if option.pk == option_id:
            return option
    raise BookingError(_("Choose one of the price options offered for this cohort."))


def chosen_sessions(
    cohort: Cohort,
    option: PriceOption | None,
    session_ids: Sequence[int],
    now: dt.datetime,
) -> list[Session]:
    """Sessions for a partial package: exactly N, not yet started, not cancelled."""
    if option is None or not option.is_partial:
        return []
    wanted = option.sessions_included
    ids = {int(i) for i in session_ids}
    sessions = list(
        cohort.sessions.filter(pk__in=ids, is_cancelled=False, starts_at__gt=now)
    )
    if len(ids) != wanted or len(sessions) != wanted:
        raise BookingError(
            _("Choose exactly %(n)d sessions that have not started yet.")
            % {"n": wanted}
        )
    return sessions


# --- Quotes ---------------------------------------------------------------------


def free_places_used(
    cohort: Cohort,
    organisation: Organisation | None,
    now: dt.datetime,
    *,
    excluding: Order | None = None,
) -> int:
    """Free places the organisation holds in this cohort, across all its orders.

    ``excluding`` leaves out one order's own places (re-checking that order).
    """
    if organisation is None:
        return 0
    places = Place.objects.filter(
        cohort=cohort, order__organisation=organisation, is_free_place=True
    ).taken(now)
    if excluding is not None:
        places = places.exclude(order=excluding)
    return places.count()


def quote(
    *,
    cohort: Cohort,
    option: PriceOption | None,
    organisation: Organisation | None,
    places: int,
    now: dt.datetime | None = None,
) -> PriceBreakdown:
    """The price of ``places`` places now (exact under a lock, a guide without)."""
    now = now or timezone.now()
    terms = terms_for(
        organisation,
        on=timezone.localdate(now),
        free_places_used=free_places_used(cohort, organisation, now),
    )
    breakdown = price_places(
        list_price=option.price if option else Decimal("0.00"),
        count=places,
        terms=terms,
        option_name=option.name if option else _("Free place"),
    )
    return add_vat(breakdown, invoicing.vat_terms())


# --- Booking --------------------------------------------------------------------


def book_places(
    *,
    cohort_id: int,
    booker: User,
    option_id: int | None,
    attendees: Sequence[Attendee],
    session_ids: Sequence[int] = (),
    organisation_id: int | None = None,
    payment_method: str = Order.PaymentMethod.FREE,
    expected_total: Decimal | None = None,
    billing: Billing | None = None,
    offer_token: str = "",
    question_answers: Mapping[int, Any] | None = None,
    now: dt.datetime | None = None,
) -> Order:
    """Book places for one or more people; refuse with BookingError otherwise.

    Free and invoice orders are confirmed at once; card orders hold their
    places for the hold time while the booker pays. ``question_answers``
    answer staff's own booking questions (``bookings.place_questions``) and
    are stored with the booker's own place.
    """
    now = now or timezone.now()
    people = clean_attendees(attendees)
    cohort_for_questions = Cohort.objects.select_related("programme").get(pk=cohort_id)
    try:
        answers = place_questions.check_place_answers(
            cohort_for_questions, question_answers or {}
        )
    except AnswerError as error:
        raise BookingError(error.message, field=error.field) from None
    try:
        with transaction.atomic():
            order = _book(
                cohort_id=cohort_id,
                booker=booker,
                option_id=option_id,
                people=people,
                session_ids=session_ids,
                organisation_id=organisation_id,
                payment_method=payment_method,
                expected_total=expected_total,
                billing=billing,
                offer_token=offer_token,
                now=now,
            )
            own = order.places.filter(attendee=booker).first()
            if own is not None and answers:
                place_questions.save_place_answers(place=own, answers=answers)
            return order
    except IntegrityError:
        # Two requests for the same person at once: the constraint caught it.
        raise BookingError(
            _("One of these people already has a place in this cohort.")
        ) from None


def preview_booking(
    *,
    cohort_id: int,
    booker: User,
    option_id: int | None,
    attendees: Sequence[Attendee],
    session_ids: Sequence[int] = (),
    organisation_id: int | None = None,
    offer_token: str = "",
    now: dt.datetime | None = None,
) -> PriceBreakdown:
    """Run every check ``book_places`` runs and return the quote; writes nothing.

    Without locks the figure is a guide: ``book_places`` checks it again
    (``expected_total``) under the lock.
    """
    now = now or timezone.now()
    people = clean_attendees(attendees)
    with transaction.atomic():
        cohort = Cohort.objects.select_related("programme").get(pk=cohort_id)
        *_, breakdown = _checked_quote(
            cohort,
            booker,
            people,
            option_id,
            session_ids,
            organisation_id,
            offer_token,
            now,
            lock=False,
        )
    return breakdown


def _checked_quote(
    cohort,
    booker,
    people,
    option_id,
    session_ids,
    organisation_id,
    offer_token,
    now,
    *,
    lock,
):
    offer = _usable_offer(cohort, offer_token, len(people), now, booker, lock=lock)
    ensure_cohort_bookable(cohort, now, offer=offer)
    ensure_may_book(cohort, booker, organisation_id)
    option = chosen_option(cohort, option_id)
    sessions = chosen_sessions(cohort, option, session_ids, now)
    organisation = None
    if organisation_id:
        organisation = (
            capacity.lock_organisation(organisation_id)
            if lock
            else Organisation.objects.select_related("membership_tier")
            .filter(pk=organisation_id)
            .first()
        )
        if organisation is None:
            raise BookingError(_("Choose your organisation from the list."))
    _ensure_not_booked(cohort, people)
    ensure_places_left(cohort, len(people), except_offer=offer, now=now)
    breakdown = quote(
        cohort=cohort,
        option=option,
        organisation=organisation,
        places=len(people),
        now=now,
    )
    return offer, option, sessions, organisation, breakdown


def _book(
    *,
    cohort_id,
    booker,
    option_id,
    people,
    session_ids,
    organisation_id,
    payment_method,
    expected_total,
    billing,
    offer_token,
    now,
) -> Order:
    cohort = capacity.lock_cohort(cohort_id)
    offer, option, sessions, organisation, breakdown = _checked_quote(
        cohort,
        booker,
        people,
        option_id,
        session_ids,
        organisation_id,
        offer_token,
        now,
        lock=True,
    )
    if expected_total is not None and Decimal(expected_total) != breakdown.amount_due:
        raise PriceChanged(
            _(
                "The price has changed to £%(total)s since you saw it. "
                "Please check the new price and confirm again."
            )
            % {"total": breakdown.amount_due}
        )
    method = _payment_method(payment_method, breakdown, organisation, billing)
    order = create_order(
        cohort=cohort,
        booker=booker,
        organisation=organisation,
        people=people,
        breakdown=breakdown,
        option=option,
        method=method,
        now=now,
        sessions=sessions,
        billing=billing,
        offer=offer,
        actor=booker,
    )
    if offer is not None:
        _accept_offer(offer)
    if order.status == Order.Status.CONFIRMED:
        emails.send_confirmation(order)
    return order


def _usable_offer(
    cohort, token: str, count: int, now, booker, *, lock: bool = True
) -> WaitingListOffer | None:
    if not token:
        return None
    offers = WaitingListOffer.objects.filter(token=token, cohort=cohort).select_related(
        "entry"
    )
    offer = (offers.select_for_update() if lock else offers).first()
    if offer is not None and not acts_for(offer.entry, booker):
        # Someone else's offer (a forwarded email): it keeps its place.
        raise BookingError(_("This waiting-list offer was made to someone else."))
    if offer is None or offer.status != WaitingListOffer.Status.OPEN:
        raise BookingError(_("This waiting-list offer is no longer open."))
    if offer.expires_at <= now:
        raise BookingError(_("This waiting-list offer has expired."))
    if count > offer.places:
        raise BookingError(_("Your offer is for %(n)d place(s).") % {"n": offer.places})
    return offer


def _accept_offer(offer: WaitingListOffer) -> None:
    offer.status = WaitingListOffer.Status.ACCEPTED
    offer.save(update_fields=["status"])
    WaitingListEntry.objects.filter(pk=offer.entry_id).update(
        status=WaitingListEntry.Status.BOOKED
    )


def _ensure_not_booked(cohort: Cohort, people: list[Attendee]) -> None:
    emails_ = [p.email for p in people]
    clash = (
        Place.objects.live()
        .filter(cohort=cohort, attendee_email__in=emails_)
        .values_list("attendee_email", flat=True)
        .first()
    )
    if clash:
        raise BookingError(
            _("%(email)s already has a place in this cohort.") % {"email": clash}
        )


def _payment_method(
    requested: str, breakdown: PriceBreakdown, organisation, billing
) -> str:
    if breakdown.is_free:
        return Order.PaymentMethod.FREE
    problems = payment_problems(
        requested=requested,
        breakdown=breakdown,
        organisation=organisation,
        billing=billing,
    )
    if problems:
        raise problems[0]
    return requested


def payment_problems(
    *,
    requested: str,
    breakdown: PriceBreakdown,
    organisation: Organisation | None,
    billing: Billing | None,
) -> list[BookingError]:
    """Everything that stops paying this way, each naming its form field.

    The one home of what an invoice needs: the booking refuses with the first
    problem, and the booking form marks them all at the review step.
    """
    if breakdown.is_free:
        return []
    if requested == Order.PaymentMethod.CARD:
        if not settings.STRIPE_ENABLED:
            return [
                BookingError(
                    _("Card payment is not available; choose invoice."),
                    field="payment_method",
                )
            ]
        return []
    if requested != Order.PaymentMethod.INVOICE:
        return [BookingError(_("Choose how you will pay."), field="payment_method")]
    # Anyone may be invoiced, to themselves or to their organisation: a
    # person with a personal email or an unconfirmed link is never stuck.
    problems = []
    if billing is None or not billing.contact.strip():
        problems.append(
            BookingError(
                _("Give a billing contact for the invoice."), field="billing_contact"
            )
        )
    if billing is None or not billing.address.strip():
        problems.append(
            BookingError(
                _("Give a billing address for the invoice."), field="billing_address"
            )
        )
    return problems


def _billing_fields(billing: Billing | None) -> dict[str, str]:
    if billing is None:
        return {}
    return {
        "purchase_order_number": billing.purchase_order_number.strip(),
        "billing_contact": billing.contact.strip(),
        "billing_email": billing.email.strip(),
        "billing_address": billing.address.strip(),
    }


def create_order(
    *,
    cohort: Cohort,
    booker: User,
    organisation: Organisation | None,
    people: Sequence[Attendee],
    breakdown: PriceBreakdown,
    option: PriceOption | None,
    method: str,
    now: dt.datetime,
    sessions: Sequence[Session] = (),
    billing: Billing | None = None,
    offer: WaitingListOffer | None = None,
    actor: User | None = None,
) -> Order:
    """Create an order and one place per person, priced by ``breakdown``.

    The one way an order comes to exist: a booking, an accepted application
    and the demo seed all call it. Card orders hold their places for the hold
    time; the others are confirmed at once, and an invoice order gets its
    invoice. Callers hold the cohort lock and have checked capacity and the
    payment method; emails are theirs to send. ``actor`` is who is recorded
    as creating it (the booker when booking; nobody for an accepted applicant,
    whose decision is audited by the application).
    """
    is_card = method == Order.PaymentMethod.CARD
    order = Order.objects.create(
        cohort=cohort,
        booker=booker,
        organisation=organisation,
        payment_method=method,
        total=breakdown.amount_due,
        price_breakdown=breakdown.as_json(),
        waiting_list_offer=offer,
        status=Order.Status.PENDING if is_card else Order.Status.CONFIRMED,
        hold_expires_at=now + dt.timedelta(minutes=hold_minutes()) if is_card else None,
        confirmed_at=None if is_card else now,
        created_at=now,
        **_billing_fields(billing),
    )
    _create_places(order, people, breakdown, option, sessions, now)
    if method == Order.PaymentMethod.INVOICE:
        invoicing.issue_invoice(order=order, now=now)
    record(
        "bookings.order.created",
        order,
        actor=actor,
        cohort=cohort.pk,
        places=len(people),
        total=breakdown.amount_due,
        method=method,
    )
    return order


def _create_places(order, people, breakdown, option, sessions, now) -> None:
    emails_ = [p.email.lower() for p in people]
    users = {
        u.email.lower(): u
        for u in User.objects.annotate(email_lower=Lower("email")).filter(
            email_lower__in=emails_
        )
    }
    status = (
        Place.Status.HELD
        if order.status == Order.Status.PENDING
        else Place.Status.CONFIRMED
    )
    for person, price in zip(people, breakdown.places, strict=True):
        place = Place.objects.create(
            order=order,
            cohort=order.cohort,
            attendee=users.get(person.email.lower()),
            attendee_name=person.name,
            attendee_email=person.email,
            price_option=option,
            status=status,
            is_free_place=price.free_place,
            list_price=price.list_price,
            discount=price.discount,
            total=price.gross,
            vat=price.vat,
            access_needs=person.access_needs,
            dietary_requirements=person.dietary_requirements,
            created_at=now,
        )
        if sessions:
            place.sessions.set(sessions)


# --- Confirming and releasing card orders ----------------------------------------


def confirm_paid_order(order: Order, *, now: dt.datetime) -> None:
    """Confirm the held places of a paid order. Call with cohort and order locked."""
    order.places.filter(status=Place.Status.HELD).update(status=Place.Status.CONFIRMED)
    order.status = Order.Status.CONFIRMED
    order.confirmed_at = now
    order.save(update_fields=["status", "confirmed_at"])
    record("bookings.order.confirmed", order, total=order.total)
    emails.send_confirmation(order)


def release_order(order: Order, *, now: dt.datetime, reason: str) -> bool:
    """Give back the held places of an unpaid order. Cohort and order locked."""
    if order.status != Order.Status.PENDING:
        return False
    order.places.filter(status=Place.Status.HELD).update(status=Place.Status.RELEASED)
    order.status = Order.Status.EXPIRED
    order.save(update_fields=["status"])
    order.payments.filter(status=Payment.Status.PENDING).update(
        status=Payment.Status.EXPIRED
    )
    record("bookings.order.released", order, reason=reason)
    _offer_after_commit(order.cohort_id)
    return True


def lock_order(order_id: int) -> Order:
    """Lock the order's cohort, then the order (the one lock order we use)."""
    cohort_id = Order.objects.values_list("cohort_id", flat=True).get(pk=order_id)
    capacity.lock_cohort(cohort_id)
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("cohort__programme", "booker", "organisation")
        .get(pk=order_id)
    )


def _offer_after_commit(cohort_id: int) -> None:
    from bookings.tasks import offer_free_places_task

    transaction.on_commit(lambda: offer_free_places_task.delay(cohort_id))


# --- Cancelling -----------------------------------------------------------------


def cancellation_deadline(cohort: Cohort) -> dt.datetime | None:
    start = cohort.starts_at
    if start is None:
        return None
    return start - dt.timedelta(days=cohort.cancellation_cutoff_days)


def can_cancel(order: Order, now: dt.datetime | None = None) -> bool:
    deadline = cancellation_deadline(order.cohort)
    now = now or timezone.now()
    return order.status in {Order.Status.CONFIRMED, Order.Status.PENDING} and (
        deadline is None or now <= deadline
    )


def cancel_places(
    *,
    order_id: int,
    place_ids: Sequence[int] | None = None,
    actor: User | None,
    by_staff: bool = False,
    now: dt.datetime | None = None,
) -> list[Place]:
    """Cancel some or all live places of an order and refund or credit them.

    Participants may cancel until the cohort's cut-off; staff at any time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        order = lock_order(order_id)
        if order.status == Order.Status.PENDING:
            release_order(order, now=now, reason="cancelled by booker")
            return []
        if order.status != Order.Status.CONFIRMED:
            raise BookingError(
                _("This booking is not active, so it cannot be cancelled.")
            )
        deadline = cancellation_deadline(order.cohort)
        if not by_staff and deadline is not None and now > deadline:
            raise BookingError(
                _(
                    "Places can only be cancelled up to %(days)d days before the "
                    "first session. Please contact us."
                )
                % {"days": order.cohort.cancellation_cutoff_days}
            )
        places = list(order.places.filter(status=Place.Status.CONFIRMED))
        if place_ids is not None:
            wanted = {int(i) for i in place_ids}
            places = [p for p in places if p.pk in wanted]
        if not places:
            raise BookingError(_("Choose at least one place to cancel."))
        Place.objects.filter(pk__in=[p.pk for p in places]).update(
            status=Place.Status.CANCELLED, cancelled_at=now
        )
        value = sum((p.total for p in places), Decimal("0.00"))
        back = to_pennies(value * order.cohort.refund_percent / Decimal(100))
        _give_money_back(order, back, now)
        if not order.places.filter(status=Place.Status.CONFIRMED).exists():
            order.status = Order.Status.CANCELLED
            order.cancelled_at = now
            order.save(update_fields=["status", "cancelled_at"])
        record(
            "bookings.place.cancelled",
            order,
            actor=actor,
            places=[p.pk for p in places],
            refund=back,
            by_staff=by_staff,
        )
        emails.send_cancellation(order, places, back)
        _offer_after_commit(order.cohort_id)
    return places


def _give_money_back(order: Order, amount: Decimal, now) -> None:
    if amount <= 0:
        return
    if order.payment_method == Order.PaymentMethod.CARD:
        payment = order.payments.filter(status__in=PAID_STATUSES).first()
        if payment is not None:
            create_refund(payment=payment, amount=amount, reason="Cancelled places")
    elif order.payment_method == Order.PaymentMethod.INVOICE:
        invoicing.credit_invoice(order=order, amount=amount, now=now)


PAID_STATUSES = [Payment.Status.PAID, Payment.Status.PARTLY_REFUNDED]


def create_refund(*, payment: Payment, amount: Decimal, reason: str) -> Refund:
    """Record a refund now; Stripe is asked after commit (and retried)."""
    from bookings.tasks import send_refund_task

    refund = Refund.objects.create(payment=payment, amount=amount, reason=reason)
    record("bookings.refund.created", payment.order, amount=amount, reason=reason)
    transaction.on_commit(lambda: send_refund_task.delay(refund.pk))
    return refund
