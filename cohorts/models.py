"""Programmes (communities of practice), their cohorts and the sessions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cop.limits import NOTE, PAGE, PARAGRAPHS, limited
from cop.scoping import FacilitatedQuerySet


class ProgrammeQuerySet(FacilitatedQuerySet):
    programme_path = ""


class SessionQuerySet(FacilitatedQuerySet):
    programme_path = "cohort__programme"


class Programme(models.Model):
    """A community of practice, run as a series of cohorts."""

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class BookingMode(models.TextChoices):
        DIRECT = "direct", _("Direct booking")
        APPLICATION = "application", _("By application")

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    summary = models.CharField(max_length=300)
    audience = models.TextField(_("who it is for"), **limited(PAGE))
    content = models.TextField(_("what it covers"), **limited(PAGE))
    how_it_works = models.TextField(_("how it works"), **limited(PAGE))
    format = models.CharField(max_length=16, choices=Format.choices)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_programmes"
    )
    booking_mode = models.CharField(
        max_length=16, choices=BookingMode.choices, default=BookingMode.DIRECT
    )
    default_capacity = models.PositiveIntegerField(
        default=20,
        validators=[MinValueValidator(1, _("Capacity must be at least 1."))],
    )
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cohorts:programme_detail", kwargs={"slug": self.slug})

    @property
    def is_by_application(self) -> bool:
        return self.booking_mode == self.BookingMode.APPLICATION


class CohortQuerySet(FacilitatedQuerySet):
    programme_path = "programme"

    def listed(self) -> CohortQuerySet:
        """Cohorts the public may see: not draft, cancelled or private."""
        return self.filter(
            programme__is_published=True, private_to__isnull=True
        ).exclude(status__in=[Cohort.Status.DRAFT, Cohort.Status.CANCELLED])

    def open(self) -> CohortQuerySet:
        return self.filter(status=Cohort.Status.OPEN)


class CohortManager(models.Manager.from_queryset(CohortQuerySet)):
    """A cohort's name is its programme's name plus its own (``__str__``), so
    read the programme with it: admin filters, choices and lists would
    otherwise make one query per cohort."""

    def get_queryset(self) -> CohortQuerySet:
        return super().get_queryset().select_related("programme")


class Cohort(models.Model):
    """One run of a programme, with its own places, price options and sessions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        FULL = "full", _("Full")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(max_length=120, help_text=_('For example "2026-27".'))
    slug = models.SlugField()
    capacity = models.PositiveIntegerField(
        validators=[MinValueValidator(1, _("Capacity must be at least 1."))]
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    description = models.TextField(blank=True, **limited(PAGE))
    private_to = models.ForeignKey(
        "cop.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="private_cohorts",
        help_text=_(
            "For a bespoke cohort run for one organisation; hidden from lists."
        ),
    )
    applications_open_at = models.DateTimeField(null=True, blank=True)
    application_deadline = models.DateTimeField(null=True, blank=True)
    dropin_starts_at = models.DateTimeField(
        _("drop-in session starts"), null=True, blank=True
    )
    dropin_ends_at = models.DateTimeField(
        _("drop-in session ends"), null=True, blank=True
    )
    dropin_joining_link = models.URLField(_("drop-in joining link"), blank=True)
    cancellation_cutoff_days = models.PositiveSmallIntegerField(
        default=14,
        help_text=_(
            "Participants may cancel up to this many days before the first session."
        ),
    )
    refund_percent = models.PositiveSmallIntegerField(
        default=100, help_text=_("Share of a card payment refunded on cancellation.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortManager()

    class Meta:
        ordering = ["programme__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"], name="cohort_slug_unique_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "cohorts:cohort_detail",
            kwargs={"programme_slug": self.programme.slug, "slug": self.slug},
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        opens, deadline = self.applications_open_at, self.application_deadline
        if opens and deadline and deadline <= opens:
            errors["application_deadline"] = _(
                "The application deadline must be after applications open."
            )
        dropin_start, dropin_end = self.dropin_starts_at, self.dropin_ends_at
        if dropin_start and dropin_end and dropin_end <= dropin_start:
            errors["dropin_ends_at"] = _(
                "The drop-in session must end after it starts."
            )
        if errors:
            raise ValidationError(errors)

    @cached_property
    def first_session(self) -> Session | None:
        """Read once per instance: availability checks ask for it repeatedly."""
        return self.sessions.order_by("starts_at").first()

    @property
    def starts_at(self) -> dt.datetime | None:
        first = self.first_session
        return first.starts_at if first else None

    def has_started(self, now: dt.datetime | None = None) -> bool:
        start = self.starts_at
        return start is not None and start <= (now or timezone.now())

    def applications_are_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.OPEN or not self.application_deadline:
            return False
        opened = self.applications_open_at is None or self.applications_open_at <= now
        return opened and now < self.application_deadline


class Session(models.Model):
    """One meeting of a cohort. Times are stored in UTC, shown in Europe/London."""

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid (in person, or join online)")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, **limited(PAGE))
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.ONLINE)
    joining_link = models.URLField(
        blank=True, help_text=_("Shown only to confirmed participants.")
    )
    venue = models.TextField(blank=True, **limited(NOTE))
    catering = models.BooleanField(
        default=False, help_text=_("Lunch or refreshments are provided.")
    )
    attendance_cutoff_hours = models.PositiveSmallIntegerField(
        _("say how you will attend, up to (hours before)"),
        default=72,
        help_text=_(
            "In-person and hybrid sessions: participants may say or change "
            "whether they come in person until this many hours before it starts."
        ),
    )
    cpd_points = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the programme's CPD policy."),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("Calendar revision, raised on change.")
    )
    facilitator_notes = models.TextField(
        **limited(PAGE),
        blank=True,
        help_text=_("Sent to participants after the session."),
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "number"], name="session_number_unique_per_cohort"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                raise ValidationError(
                    {"ends_at": _("A session must end after it starts.")}
                )
            if self.cohort_id:
                clash = self.overlapping_sessions().first()
                if clash:
                    raise ValidationError(
                        {
                            "starts_at": _(
                                "This overlaps session %(number)d (%(title)s) of the "
                                "same cohort."
                            )
                            % {"number": clash.number, "title": clash.title}
                        }
                    )

    def overlapping_sessions(self) -> models.QuerySet[Session]:
        return (
            Session.objects.filter(
                cohort_id=self.cohort_id,
                starts_at__lt=self.ends_at,
                ends_at__gt=self.starts_at,
            )
            .exclude(pk=self.pk)
            .order_by("starts_at")
        )

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at

    @property
    def is_in_person(self) -> bool:
        return self.mode == self.Mode.IN_PERSON

    @property
    def is_hybrid(self) -> bool:
        return self.mode == self.Mode.HYBRID

    @property
    def has_venue(self) -> bool:
        """In person or hybrid: people may come to the venue."""
        return self.mode in {self.Mode.IN_PERSON, self.Mode.HYBRID}

    @property
    def attendance_cutoff(self) -> dt.datetime:
        """Until this moment a participant may say how they will attend."""
        return self.starts_at - dt.timedelta(hours=self.attendance_cutoff_hours)


class AttendanceIntention(models.Model):
    """How one person means to attend an in-person or hybrid session.

    Gives the venue its catering numbers and the dietary and access list.
    Written only through ``cohorts.attendance.say_how_i_attend`` (the cut-off).
    """

    class How(models.TextChoices):
        IN_PERSON = "in_person", _("In person, at the venue")
        ONLINE = "online", _("Online, through the joining link")
        NOT_COMING = "not_coming", _("I cannot come to this session")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="intentions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attendance_intentions",
    )
    how = models.CharField(max_length=16, choices=How.choices)
    dietary_requirements = models.TextField(blank=True, **limited(NOTE))
    access_needs = models.TextField(blank=True, **limited(NOTE))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="one_intention_per_person_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.session}: {self.get_how_display()}"


class Question(models.Model):
    """A question staff add to a programme's or a cohort's booking or application form.

    Questions of the programme apply to all its cohorts; a cohort's own come
    after them. Answers are stored by the app owning the form (bookings with
    the place, applications with the application); ``cohorts.questions``
    builds the form fields and checks answers for both.
    """

    class Form(models.TextChoices):
        BOOKING = "booking", _("Booking form")
        APPLICATION = "application", _("Application form")

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        YES_NO = "yes_no", _("Yes or no")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")

    CHOICE_KINDS = frozenset({Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE})

    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
    )
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
    )
    form = models.CharField(max_length=16, choices=Form.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    options = models.TextField(
        blank=True,
        help_text=_("For choice questions: one option per line."),
        **limited(PARAGRAPHS),
    )
    required = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(programme__isnull=True, cohort__isnull=False)
                | models.Q(programme__isnull=False, cohort__isnull=True),
                name="question_for_programme_or_cohort",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind in self.CHOICE_KINDS and len(self.option_list) < 2:
            errors["options"] = _(
                "A choice question needs at least two options, one per line."
            )
        if self.kind not in self.CHOICE_KINDS and self.option_list:
            errors["options"] = _("Only choice questions have options.")
        if (self.programme_id is None) == (self.cohort_id is None):
            errors["cohort"] = _("Choose either a programme or a cohort, not both.")
        if errors:
            raise ValidationError(errors)
