"""People, organisations and network membership: the core every app uses."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cop.limits import NOTE, limited


class OrganisationType(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    POLICE = "police", _("Police")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    CHARITY = "charity", _("Charity")
    FAITH = "faith", _("Faith group")
    OTHER = "other", _("Other")


class MembershipTier(models.Model):
    """A level of network membership and what it gives, edited as data.

    Seed: Standard and Advanced both give 33% off; local government members
    also get one (Standard) or two (Advanced) free places per cohort.
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(unique=True)
    discount_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Discount on every paid place, e.g. 33 for 33% off."),
    )
    free_places_per_cohort = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("Free places an eligible organisation may claim in each cohort."),
    )
    free_place_organisation_types = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Organisation types that get the free places."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        valid = set(OrganisationType.values)
        unknown = [t for t in self.free_place_organisation_types if t not in valid]
        if unknown:
            raise ValidationError(
                {
                    "free_place_organisation_types": _(
                        "Unknown organisation types: %(t)s"
                    )
                    % {"t": ", ".join(unknown)}
                }
            )

    def free_places_for(self, organisation_type: str) -> int:
        if organisation_type in self.free_place_organisation_types:
            return self.free_places_per_cohort
        return 0


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=32, choices=OrganisationType.choices)
    membership_tier = models.ForeignKey(
        MembershipTier,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Leave empty for organisations that are not network members."),
    )
    membership_valid_from = models.DateField(null=True, blank=True)
    membership_valid_until = models.DateField(null=True, blank=True)
    email_domains = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "Comma-separated, e.g. northbridge.gov.uk. People who verify an "
            "email address at one of these are confirmed members automatically."
        ),
    )
    billing_contact = models.CharField(max_length=200, blank=True)
    billing_email = models.EmailField(blank=True)
    billing_address = models.TextField(blank=True, **limited(NOTE))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        start, end = self.membership_valid_from, self.membership_valid_until
        if start and end and end < start:
            raise ValidationError(
                {"membership_valid_until": _("Membership cannot end before it starts.")}
            )
        if self.membership_tier_id and not start:
            raise ValidationError(
                {"membership_valid_from": _("Say when the membership starts.")}
            )

    @property
    def domains(self) -> set[str]:
        return {
            d.strip().lower().lstrip("@")
            for d in self.email_domains.split(",")
            if d.strip()
        }

    def tier_on(self, day: dt.date) -> MembershipTier | None:
        """The membership tier in force on ``day``, or None if not a member then."""
        if self.membership_tier_id is None or self.membership_valid_from is None:
            return None
        if day < self.membership_valid_from:
            return None
        if self.membership_valid_until and day > self.membership_valid_until:
            return None
        return self.membership_tier


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person: practitioner, facilitator or staff. Email is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        max_length=200, help_text=_("As it should appear on certificates.")
    )
    job_role = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    organisation_confirmed = models.BooleanField(
        default=False,
        help_text=_(
            "Confirmed by staff or by a verified email at one of the "
            "organisation's domains. Only confirmed people get member prices, "
            "free places and invoices to the organisation."
        ),
    )
    access_needs = models.TextField(
        **limited(NOTE),
        blank=True,
        help_text=_("Shown to facilitators only, for in-person sessions."),
    )
    dietary_requirements = models.TextField(
        **limited(NOTE),
        blank=True,
        help_text=_("Shown to facilitators only, for catered sessions."),
    )
    optional_emails = models.BooleanField(
        default=True,
        help_text=_("Reminders and news. Booking confirmations are always sent."),
    )
    is_organisation_contact = models.BooleanField(
        _("organisation contact"),
        default=False,
        help_text=_(
            "Sees the places booked for colleagues in their organisation and the "
            "free places left, on their dashboard."
        ),
    )
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When this person's personal data was removed."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def is_coordinator(self) -> bool:
        """Coordinators see every programme in the admin, not just their own.

        Read once per user object (a request's user lives for one request):
        the admin asks several times per page.
        """
        return self.is_superuser or self.groups.filter(name=COORDINATORS_GROUP).exists()


COORDINATORS_GROUP = "Coordinators"
FACILITATORS_GROUP = "Facilitators"


class AuditEvent(models.Model):
    """Who changed what: attendance, applications, prices, payments and more.

    Written by service functions in the same transaction as the change, so
    the trail never disagrees with the data.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the system itself acted (a task or webhook)."),
    )
    action = models.CharField(
        max_length=80, help_text=_('e.g. "bookings.place.cancelled"')
    )
    object_key = models.CharField(max_length=120, help_text=_('"app_label.model:pk"'))
    object_repr = models.CharField(max_length=200)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["object_key"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"
