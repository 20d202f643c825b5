"""Orders and places. A place is one attendee's seat in a cohort."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    billing_address = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference


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
    total = models.DecimalField(**MONEY, default=0)
    access_needs = models.TextField(blank=True)
    dietary_requirements = models.TextField(blank=True)
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
