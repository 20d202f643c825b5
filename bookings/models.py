"""Orders and places. A place is one attendee's seat in a cohort."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.limits import NOTE, PARAGRAPHS, limited

MONEY = {"max_digits": 10, "decimal_places": 2}


def new_reference() -> str:
    """An unguessable, readable order reference (e.g. 'K7QF-2M9X')."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


class PriceOption(models.Model):
    """A package a cohort sells, e.g. all six sessions £750 or any three £450."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="price_options"
    )
    name = models.CharField(max_length=120)
    price = models.DecimalField(**MONEY, validators=[MinValueValidator(0)])
    sessions_included = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Leave empty for all sessions; otherwise the attendee chooses."),
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cohort", "position", "-price"]

    def __str__(self) -> str:
        return f"{self.name} (£{self.price})"

    @property
    def is_partial(self) -> bool:
        return self.sessions_included is not None


class Order(models.Model):
    """One booking transaction: who booked, for which cohort, how it is paid."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    class PaymentMethod(models.TextChoices):
        CARD = "card", _("Card")
        INVOICE = "invoice", _("Invoice")
        FREE = "free", _("Free")

    reference = models.CharField(max_length=9, unique=True, default=new_reference)
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="orders"
    )
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    organisation = models.ForeignKey(
        "cop.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    payment_method = models.CharField(max_length=16, choices=PaymentMethod.choices)
    total = models.DecimalField(**MONEY)
    price_breakdown = models.JSONField(
        default=dict, help_text=_("The quote shown to the booker, as it was.")
    )
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    purchase_order_number = models.CharField(max_length=60, blank=True)
    billing_contact = models.CharField(max_length=200, blank=True)
    billing_email = models.EmailField(blank=True)
    billing_address = models.TextField(blank=True, **limited(NOTE))
    payment_terms_days = models.PositiveSmallIntegerField(default=30)
    waiting_list_offer = models.ForeignKey(
        "WaitingListOffer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    needs_attention = models.BooleanField(
        default=False,
        help_text=_("Set when something needs staff, e.g. a payment after release."),
    )
    attention_note = models.TextField(blank=True, **limited(PARAGRAPHS))
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "hold_expires_at"]),
            # Newest first: the admin list and the dashboard read a page of
            # orders in this order without sorting all of them.
            models.Index(fields=["-created_at", "-id"], name="order_newest_first"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("bookings:order_detail", kwargs={"reference": self.reference})

    @property
    def breakdown(self):
        from bookings.pricing import PriceBreakdown

        return PriceBreakdown.from_json(self.price_breakdown)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def live_places(self):
        return self.places.filter(
            status__in=[Place.Status.HELD, Place.Status.CONFIRMED]
        )


class PlaceQuerySet(models.QuerySet["Place"]):
    def taken(self, now=None) -> PlaceQuerySet:
        """Places that use up capacity: confirmed, or held and not yet expired."""
        now = now or timezone.now()
        return self.filter(
            models.Q(status=Place.Status.CONFIRMED)
            | models.Q(status=Place.Status.HELD, order__hold_expires_at__gt=now)
        )

    def confirmed(self) -> PlaceQuerySet:
        return self.filter(status=Place.Status.CONFIRMED)

    def live(self) -> PlaceQuerySet:
        """Held (expired or not, until released) or confirmed."""
        return self.filter(status__in=[Place.Status.HELD, Place.Status.CONFIRMED])

    def covering(self, session) -> PlaceQuerySet:
        """Places that include ``session``.

        The same rule as ``Place.covered_sessions``, in SQL: a partial package
        (any three of six) covers the sessions it chose; a place that chose
        none covers them all.
        """
        return (
            self.filter(cohort_id=session.cohort_id)
            .filter(models.Q(sessions=None) | models.Q(sessions=session))
            .distinct()
        )


class Place(models.Model):
    """One attendee's place in a cohort, with the price worked out for it."""

    class Status(models.TextChoices):
        HELD = "held", _("Held for payment")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        RELEASED = "released", _("Released")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="places")
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="places"
    )
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    attendee_name = models.CharField(max_length=200)
    attendee_email = models.EmailField()
    price_option = models.ForeignKey(
        PriceOption, null=True, blank=True, on_delete=models.PROTECT
    )
    sessions = models.ManyToManyField(
        "cohorts.Session",
        blank=True,
        related_name="places",
        help_text=_("Chosen sessions for a partial package; empty means all."),
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    is_free_place = models.BooleanField(default=False)
    list_price = models.DecimalField(**MONEY, default=0)
    discount = models.DecimalField(**MONEY, default=0)
    total = models.DecimalField(
        **MONEY, default=0, help_text=_("What is due for the place, VAT included.")
    )
    vat = models.DecimalField(**MONEY, default=0, help_text=_("VAT within the total."))
    access_needs = models.TextField(blank=True, **limited(NOTE))
    dietary_requirements = models.TextField(blank=True, **limited(NOTE))
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "attendee_name"]
        constraints = [
            # The same person cannot hold two live places in one cohort.
            models.UniqueConstraint(
                fields=["cohort", "attendee_email"],
                condition=models.Q(status__in=["held", "confirmed"]),
                name="one_live_place_per_person_per_cohort",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attendee_name} in {self.cohort}"

    def covered_sessions(self, *, include_cancelled: bool = False) -> list:
        """The sessions this place is for, in date order.

        A partial package covers the sessions it chose; a place that chose
        none covers all of the cohort's. Cancelled sessions are dropped only
        after that choice, so a place whose chosen sessions were all cancelled
        covers none, not the whole cohort. Reads through ``all()`` so that
        ``prefetch_related("sessions", "cohort__sessions")`` serves many places.
        """
        sessions = list(self.sessions.all()) or list(self.cohort.sessions.all())
        if not include_cancelled:
            sessions = [s for s in sessions if not s.is_cancelled]
        return sorted(sessions, key=lambda s: s.starts_at)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Payment(models.Model):
    """One attempt to collect money for an order (a Checkout Session or invoice)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        EXPIRED = "expired", _("Expired")
        REFUNDED = "refunded", _("Refunded")
        PARTLY_REFUNDED = "partly_refunded", _("Partly refunded")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=16, choices=Order.PaymentMethod.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    amount = models.DecimalField(**MONEY)
    amount_refunded = models.DecimalField(**MONEY, default=0)
    stripe_session_id = models.CharField(
        max_length=255, null=True, blank=True, unique=True
    )
    stripe_payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    checkout_url = models.URLField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount} for {self.order}"

    @property
    def idempotency_key(self) -> str:
        return f"cop-checkout-{self.order.reference}-{self.pk}"


class Refund(models.Model):
    """Money sent back through Stripe; created first, sent after commit."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.DecimalField(**MONEY)
    reason = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Refund {self.amount} of {self.payment.order}"


class DocumentCounter(models.Model):
    """The last number used for a series (invoices, credit notes).

    Taken under a row lock in the same transaction that issues the document,
    so numbers have no gaps (a rollback returns the number) and no repeats.
    """

    series = models.CharField(max_length=40, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.series}: {self.last_number}"


class Invoice(models.Model):
    """An invoice for an order paid by invoice. Numbers are sequential."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued, awaiting payment")
        PAID = "paid", _("Paid")
        CREDITED = "credited", _("Credited in full")

    order = models.OneToOneField(
        Order, on_delete=models.PROTECT, related_name="invoice"
    )
    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.ISSUED
    )
    amount = models.DecimalField(**MONEY)
    vat_status = models.CharField(max_length=16, default="not_registered")
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    vat_number = models.CharField(max_length=40, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    purchase_order_number = models.CharField(max_length=60, blank=True)
    billing_name = models.CharField(max_length=200)
    billing_contact = models.CharField(max_length=200)
    billing_email = models.EmailField()
    billing_address = models.TextField(**limited(NOTE))
    paid_at = models.DateTimeField(null=True, blank=True)
    marked_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"INV-{self.number:06d}"

    @property
    def credited(self):
        return sum((c.amount for c in self.credit_notes.all()), 0)

    @property
    def balance(self):
        return self.amount - self.credited


class CreditNote(models.Model):
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="credit_notes"
    )
    number = models.PositiveIntegerField(unique=True)
    amount = models.DecimalField(**MONEY)
    reason = models.CharField(max_length=200)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"CN-{self.number:06d}"


class StripeEvent(models.Model):
    """Each Stripe event id, stored once: a replay finds it and does nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class WaitingListEntry(models.Model):
    """Someone waiting for a place in a cohort, or in any future cohort."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered a place")
        BOOKED = "booked", _("Booked")
        EXPIRED = "expired", _("Offer expired")
        LEFT = "left", _("Left the list")
        REMOVED = "removed", _("Removed by staff")

    programme = models.ForeignKey(
        "cohorts.Programme", on_delete=models.CASCADE, related_name="waiting_list"
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="waiting_list",
        help_text=_("Empty means any future cohort of the programme."),
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waiting_list_entries",
    )
    organisation = models.ForeignKey(
        "cop.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waiting_list_entries",
    )
    places_wanted = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)]
    )
    position = models.PositiveIntegerField(
        default=0, help_text=_("Lower goes first; staff may reorder.")
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.WAITING
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name_plural = _("waiting list entries")
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        target = self.cohort or _("any future cohort")
        return f"{self.name} waiting for {target}"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.WAITING, self.Status.OFFERED}


class WaitingListOfferQuerySet(models.QuerySet["WaitingListOffer"]):
    def open(self, now=None) -> WaitingListOfferQuerySet:
        now = now or timezone.now()
        return self.filter(status=WaitingListOffer.Status.OPEN, expires_at__gt=now)


class WaitingListOffer(models.Model):
    """Places kept for a waiting-list entry until the offer expires."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    entry = models.ForeignKey(
        WaitingListEntry, on_delete=models.CASCADE, related_name="offers"
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="waiting_list_offers"
    )
    places = models.PositiveSmallIntegerField()
    token = models.CharField(max_length=64, unique=True, default=new_token)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    objects = WaitingListOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Offer of {self.places} to {self.entry.name} in {self.cohort}"


class PlaceAnswer(models.Model):
    """The attendee's answer to one of staff's own booking questions.

    Questions are ``cohorts.Question`` (form "booking"); answers are checked
    with ``cohorts.questions`` and written by ``bookings.place_questions``.
    """

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "cohorts.Question", on_delete=models.CASCADE, related_name="place_answers"
    )
    value = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["place", "question__cohort_id", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "question"], name="one_answer_per_place_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class Enquiry(models.Model):
    """A question from the public: a bespoke cohort, membership, anything else."""

    class Topic(models.TextChoices):
        BESPOKE = "bespoke", _("A bespoke cohort for my organisation")
        MEMBERSHIP = "membership", _("Membership of the network")
        BOOKING = "booking", _("A booking or an invoice")
        OTHER = "other", _("Something else")

    topic = models.CharField(max_length=16, choices=Topic.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    organisation = models.CharField(max_length=200, blank=True)
    message = models.TextField(**limited(5000))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
    )
    is_answered = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = _("enquiries")

    def __str__(self) -> str:
        return f"{self.get_topic_display()} from {self.name}"
