"""Attendance, each programme's CPD policy, self check-in codes and certificates."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.limits import NOTE, PARAGRAPHS, limited

POINTS = {"max_digits": 6, "decimal_places": 2}

# No 0/O, 1/I/L: codes are read aloud and typed from a screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_certificate_number() -> str:
    """'CPD-7K3M-Q9XZ-4HPA-2WNR': 80 random bits, so numbers cannot be guessed."""
    raw = random_code(16)
    return "CPD-" + "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def new_check_in_code() -> str:
    return random_code(6)


class LogCredit(models.TextChoices):
    NOTHING = "nothing", _("Nothing (listed only)")
    HOURS = "hours", _("CPD hours")
    POINTS = "points", _("CPD points")


class CpdPolicy(models.Model):
    """How a programme turns attendance into CPD hours, points and a certificate.

    Accrediting bodies convert hours to points differently, so both are kept.
    """

    programme = models.OneToOneField(
        "cohorts.Programme", on_delete=models.CASCADE, related_name="cpd_policy"
    )
    min_sessions = models.PositiveSmallIntegerField(
        _("minimum sessions for a certificate"),
        default=3,
        validators=[MinValueValidator(1)],
    )
    hours_per_session = models.DecimalField(
        _("CPD hours per session"),
        **POINTS,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Contact time excluding breaks. Leave empty to count each session's "
            "scheduled length."
        ),
    )
    points_per_session = models.DecimalField(
        _("CPD points per session"),
        **POINTS,
        default=Decimal("3.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Used when a session does not set its own points."),
    )
    activity_points = models.DecimalField(
        _("points per completed between-session activity"),
        **POINTS,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "For each attended session after which the participant marked an "
            "action step done with a reflection; 0 for none."
        ),
    )
    log_counts_as = models.CharField(
        _("logged learning counts as"),
        max_length=8,
        choices=LogCredit.choices,
        default=LogCredit.NOTHING,
        help_text=_(
            "Self-directed learning and catch-ups participants log between sessions."
        ),
    )
    log_points_per_hour = models.DecimalField(
        _("points per logged hour"),
        **POINTS,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Used when logged learning counts as points."),
    )
    log_max = models.DecimalField(
        _("most hours or points from logged learning"),
        **POINTS,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Per cohort. Leave empty for no limit of its own."),
    )
    max_points = models.DecimalField(
        _("maximum points per cohort"),
        **POINTS,
        null=True,
        blank=True,
        default=Decimal("20.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty for no maximum."),
    )
    attendance_threshold_percent = models.PositiveSmallIntegerField(
        _("share of a session that counts as attended (%)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    accreditation_body = models.CharField(max_length=200, blank=True)
    accreditation_number = models.CharField(max_length=100, blank=True)
    learning_objectives = models.TextField(
        **limited(PARAGRAPHS),
        blank=True,
        help_text=_("One per line; printed on the certificate."),
    )
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_role = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("CPD policy")
        verbose_name_plural = _("CPD policies")

    def __str__(self) -> str:
        return _("CPD policy for %(programme)s") % {"programme": self.programme}

    def clean(self) -> None:
        if bool(self.accreditation_body) != bool(self.accreditation_number):
            raise ValidationError(
                _("Give both the accreditation body and the number, or neither.")
            )

    @property
    def is_accredited(self) -> bool:
        return bool(self.accreditation_body and self.accreditation_number)

    @property
    def objectives(self) -> list[str]:
        return [line.strip() for line in self.learning_objectives.splitlines() if line]

    @classmethod
    def for_programme(cls, programme) -> CpdPolicy:
        """The saved policy, or the seed defaults when none has been set."""
        try:
            return programme.cpd_policy
        except cls.DoesNotExist:
            return cls(programme=programme)


class Attendance(models.Model):
    """One participant (a confirmed place) at one session."""

    class Status(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Absent")
        APOLOGIES = "apologies", _("Sent apologies")

    class Source(models.TextChoices):
        REGISTER = "register", _("Register")
        IMPORT = "import", _("Meeting report import")
        CHECK_IN = "check_in", _("Self check-in")

    session = models.ForeignKey(
        "cohorts.Session", on_delete=models.CASCADE, related_name="attendances"
    )
    place = models.ForeignKey(
        "bookings.Place", on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    minutes_present = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("For late joiners and early leavers; empty means all of it."),
    )
    activity_completed = models.BooleanField(
        _("between-session activity completed"),
        default=False,
        help_text=_(
            "No longer counted: a completed action step (practice) is what "
            "earns activity points."
        ),
    )
    source = models.CharField(
        max_length=16, choices=Source.choices, default=Source.REGISTER
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session__starts_at", "place__attendee_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "place"], name="one_attendance_per_session_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place.attendee_name}: {self.get_status_display()}"


class SessionCheckIn(models.Model):
    """The short code a facilitator shows in the room for self check-in."""

    session = models.OneToOneField(
        "cohorts.Session", on_delete=models.CASCADE, related_name="check_in"
    )
    code = models.CharField(max_length=8, unique=True, default=new_check_in_code)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.code


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def valid(self) -> CertificateQuerySet:
        return self.filter(status=Certificate.Status.VALID)

    def owned_by(self, user) -> CertificateQuerySet:
        """The user's certificates: theirs by account or by a verified email."""
        from allauth.account.models import EmailAddress

        emails = EmailAddress.objects.filter(user=user, verified=True).values("email")
        # No join, so no duplicates: DISTINCT would only make PostgreSQL sort.
        return self.filter(models.Q(user=user) | models.Q(participant_email__in=emails))


def certificate_upload_to(instance: Certificate, filename: str) -> str:
    # A random folder: the stored path is never derived from the number.
    return f"cpd/certificates/{secrets.token_hex(16)}/{instance.number}.pdf"


class Certificate(models.Model):
    """A CPD certificate of attendance, frozen as issued.

    Everything printed on it is copied here at issue time, so later edits to
    profiles, policies or attendance never change an issued certificate; a
    correction issues a new one and marks this one replaced.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        REPLACED = "replaced", _("Replaced")

    number = models.CharField(
        max_length=32, unique=True, default=new_certificate_number, editable=False
    )
    place = models.ForeignKey(
        "bookings.Place", on_delete=models.PROTECT, related_name="certificates"
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="certificates"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    participant_name = models.CharField(max_length=200)
    participant_email = models.EmailField()
    programme_name = models.CharField(max_length=200)
    cohort_name = models.CharField(max_length=120)
    sessions = models.JSONField(
        default=list, help_text=_("Sessions attended: number, title, date.")
    )
    first_session_on = models.DateField()
    last_session_on = models.DateField()
    hours = models.DecimalField(**POINTS)
    points = models.DecimalField(**POINTS)
    learning_objectives = models.JSONField(default=list)
    practice = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "What the policy counted beyond sessions: activities, logged "
            "learning (minutes, hours, points)."
        ),
    )
    accreditation_body = models.CharField(max_length=200, blank=True)
    accreditation_number = models.CharField(max_length=100, blank=True)
    provider_name = models.CharField(max_length=200)
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_role = models.CharField(max_length=200, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(upload_to=certificate_upload_to, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.VALID
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True, **limited(NOTE))
    replaced_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            # Exactly one current certificate per place, however often the
            # issuing task runs; replaced and revoked ones stay for the record.
            models.UniqueConstraint(
                fields=["place"],
                condition=models.Q(status="valid"),
                name="one_valid_certificate_per_place",
            ),
        ]
        permissions = [
            ("issue_certificate", "Can issue, revoke and reissue certificates"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.participant_name})"

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def is_accredited(self) -> bool:
        return bool(self.accreditation_body and self.accreditation_number)
