"""Recruitment for programmes run by application.

Expressions of interest (with the drop-in session), applications with
availability, the facilitator's per-cohort decision messages and time slots.
Expense claims have their own app, ``expenses``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.limits import PAGE, PARAGRAPHS, limited

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class ExpressionOfInterest(models.Model):
    """Someone who registered interest in a cohort and gets the drop-in link.

    Also the record of who should be reminded to apply before the deadline
    (see ``selectors.interested_without_application``).
    """

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="interests"
    )
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"))
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests",
    )
    remind_before_deadline = models.BooleanField(
        default=True, help_text=_("Send a reminder to apply before the deadline.")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "email"], name="one_interest_per_email_per_cohort"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class TimeSlot(models.Model):
    """A time of day a facilitator offers for a cohort's sessions.

    Without any, applicants choose from morning, afternoon and evening.
    """

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="time_slots"
    )
    label = models.CharField(max_length=80, help_text=_('e.g. "Lunchtime"'))
    starts_at = models.TimeField(_("starts (UK time)"))
    ends_at = models.TimeField(_("ends (UK time)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cohort", "position", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="time_slot_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.starts_at:%H:%M}-{self.ends_at:%H:%M})"


class ApplicationQuerySet(models.QuerySet["Application"]):
    def in_the_running(self) -> ApplicationQuerySet:
        """Submitted and not yet turned down or withdrawn."""
        return self.filter(status__in=Application.IN_THE_RUNNING)


class Application(models.Model):
    """One person's application to one cohort, from draft to decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (not submitted)")
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waiting list")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Role(models.TextChoices):
        FRONT_LINE = "front_line", _("I work on the front line")
        DESIGNING = "designing", _("I design or commission front-line work")

    IN_THE_RUNNING = [
        Status.SUBMITTED,
        Status.SHORTLISTED,
        Status.ACCEPTED,
        Status.WAITLISTED,
    ]

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    motivation = models.TextField(
        _("why you want to take part"), blank=True, **limited(PARAGRAPHS)
    )
    hopes = models.TextField(
        _("what you hope to achieve"), blank=True, **limited(PARAGRAPHS)
    )
    challenge = models.TextField(
        _("a challenge or question you would bring"),
        blank=True,
        **limited(PARAGRAPHS),
    )
    role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_supports = models.BooleanField(
        _("my organisation supports my taking part"), default=False
    )
    preferred_days = models.JSONField(
        default=list, blank=True, help_text=_("Weekday numbers, Monday = 0.")
    )
    preferred_times = models.JSONField(
        default=list, blank=True, help_text=_("Time-of-day codes, see availability.")
    )
    reviewer_notes = models.TextField(
        **limited(PARAGRAPHS),
        blank=True,
        help_text=_("Seen only by facilitators and coordinators."),
    )
    place = models.ForeignKey(
        "bookings.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "submitted_at", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "applicant"],
                name="one_application_per_person_per_cohort",
            ),
        ]

    def __str__(self) -> str:
        # No name: the admin shows this to reviewers of anonymised panels.
        return f"Application {self.pk} to {self.cohort}"

    @property
    def is_editable_status(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.SUBMITTED}

    @property
    def can_withdraw(self) -> bool:
        return self.status in {
            self.Status.DRAFT,
            self.Status.SUBMITTED,
            self.Status.SHORTLISTED,
            self.Status.WAITLISTED,
        }


class DecisionMessage(models.Model):
    """The facilitator's wording for one kind of decision email in a cohort."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waiting list")
        DECLINED = "declined", _("Declined")
        MOVED = "moved", _("Moved to another group")

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="decision_messages"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(
        **limited(PAGE),
        help_text=_(
            "Placeholders: {name}, {programme}, {cohort}, {first_session}. "
            "Session dates and links are added below your text."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cohort", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "kind"], name="one_decision_message_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} message for {self.cohort}"


class ApplicationAnswer(models.Model):
    """An applicant's answer to one of staff's own questions (``cohorts.Question``).

    Checked and written through ``applications.submission`` with
    ``cohorts.questions.check_answers``; the value is JSON (see there).
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        "cohorts.Question", on_delete=models.CASCADE, related_name="application_answers"
    )
    value = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["application", "question__cohort_id", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"],
                name="one_application_answer_per_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class ReviewPanel(models.Model):
    """How a cohort's applications are reviewed: who scores, and what they see."""

    cohort = models.OneToOneField(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="review_panel"
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="review_panels"
    )
    blind_until_scored = models.BooleanField(
        _("hide others' scores until the reviewer has scored"), default=True
    )
    anonymised = models.BooleanField(
        _("anonymised review"),
        default=False,
        help_text=_("Reviewers do not see applicants' names, emails or organisations."),
    )

    class Meta:
        verbose_name = _("review panel")

    def __str__(self) -> str:
        return f"Review panel for {self.cohort}"


class ReviewCriterion(models.Model):
    """One thing reviewers score, with its range (e.g. fit with the focus, 0-3)."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="review_criteria"
    )
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    min_score = models.PositiveSmallIntegerField(default=0)
    max_score = models.PositiveSmallIntegerField(default=3)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cohort", "position", "pk"]
        verbose_name_plural = _("review criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_score__gt=models.F("min_score")),
                name="criterion_range_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.min_score}-{self.max_score})"


class Review(models.Model):
    """One reviewer's scores and comment on one application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    comment = models.TextField(blank=True, **limited(PARAGRAPHS))
    total = models.DecimalField(max_digits=7, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.application} by {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        ReviewCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="one_score_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"
