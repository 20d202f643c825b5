"""The log of every email the system sends, reminder timings and opt-outs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unsent(self) -> "NotificationQuerySet":
        return self.filter(
            status__in=[Notification.Status.QUEUED, Notification.Status.FAILED]
        )

    def dead(self) -> "NotificationQuerySet":
        return self.filter(status=Notification.Status.DEAD)


class Notification(models.Model):
    """One email to one person about one thing, sent at most once.

    The unique key (kind, related object, recipient, variant) is what makes a
    retried task or a second beat process unable to send the same reminder
    twice. ``variant`` separates emails that may legitimately repeat for the
    same object, e.g. the reminder for a session at a new time or the second
    revision of a calendar invite.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (will retry)")
        DEAD = "dead", _("Gave up")
        SKIPPED = "skipped", _("Skipped (unsubscribed)")

    kind = models.CharField(max_length=80)
    variant = models.CharField(
        max_length=60,
        blank=True,
        default="",
        help_text=_("Tells repeats apart, e.g. which reminder or invite revision."),
    )
    recipient_email = models.EmailField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    about_key = models.CharField(
        max_length=120,
        blank=True,
        help_text=_('What it is about, as "app_label.model:pk"; empty for none.'),
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        help_text=_("For filtering the log per cohort."),
    )
    optional = models.BooleanField(
        default=False,
        help_text=_("Optional emails carry an unsubscribe link and respect it."),
    )
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text=_("[filename, text content, mimetype]")
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When it was last handed to the task queue."),
    )
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text=_("After a failure: when to try again.")
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "about_key", "recipient_email", "variant"],
                name="notification_sent_once",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["recipient_email"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_email}"

    @property
    def can_resend(self) -> bool:
        return self.status in {self.Status.FAILED, self.Status.DEAD}


class ReminderPolicy(models.Model):
    """When a programme's reminders go out. Programmes without one use defaults."""

    programme = models.OneToOneField(
        "cohorts.Programme", on_delete=models.CASCADE, related_name="reminder_policy"
    )
    first_reminder_hours = models.PositiveIntegerField(
        _("first session reminder (hours before)"),
        default=7 * 24,
        validators=[MinValueValidator(1), MaxValueValidator(60 * 24)],
        help_text=_("Default 168 hours (7 days). 0 is not allowed; untick below."),
    )
    second_reminder_hours = models.PositiveIntegerField(
        _("second session reminder (hours before)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(60 * 24)],
    )
    send_session_reminders = models.BooleanField(default=True)
    application_deadline_hours = models.PositiveIntegerField(
        _("application deadline reminder (hours before)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(60 * 24)],
    )
    send_post_session_notes = models.BooleanField(
        default=True,
        help_text=_("Email the facilitator's notes to participants after a session."),
    )

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")

    def __str__(self) -> str:
        return f"Reminders for {self.programme}"

    def clean(self) -> None:

        first, second = self.first_reminder_hours, self.second_reminder_hours
        if first and second and second >= first:
            raise ValidationError(
                {
                    "second_reminder_hours": _(
                        "The second reminder must be closer to the session than "
                        "the first."
                    )
                }
            )


class OptOut(models.Model):
    """An address that turned off optional emails from an unsubscribe link.

    Kept by address so people without an account (booked by a colleague)
    can unsubscribe too; accounts also get ``optional_emails`` switched off.
    """

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opt-out")

    def __str__(self) -> str:
        return self.email
