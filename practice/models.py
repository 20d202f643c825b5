"""Practice between sessions: action steps, catch-up rounds and the CPD log.

An action step belongs to the place (a confirmed booking) of the person who
set it, and to the session after which they set it. Catch-up rounds pair the
members of a cohort between two sessions; the seed stored on the round makes
the draw reproducible. The CPD log holds self-directed learning in minutes.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.limits import limited

MAX_STEPS_PER_SESSION = 3
MINUTES_IN_A_DAY = 24 * 60


def new_seed() -> int:
    return secrets.randbelow(2**31)


class PracticeSettings(models.Model):
    """A programme's choices for practice between sessions."""

    programme = models.OneToOneField(
        "cohorts.Programme", on_delete=models.CASCADE, related_name="practice_settings"
    )
    automatic_rounds = models.BooleanField(
        _("start a catch-up round after each session"),
        default=False,
        help_text=_(
            "Draw pairs and send the introductions automatically the day after "
            "each session (except the last)."
        ),
    )
    nudge_days_before = models.PositiveSmallIntegerField(
        _("days before the next session to ask about open steps"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
    )

    class Meta:
        verbose_name = _("practice settings")
        verbose_name_plural = _("practice settings")

    def __str__(self) -> str:
        return str(
            _("Practice settings for %(programme)s") % {"programme": self.programme}
        )

    @classmethod
    def for_programme(cls, programme) -> PracticeSettings:
        try:
            return programme.practice_settings
        except cls.DoesNotExist:
            return cls(programme=programme)


class ActionStepQuerySet(models.QuerySet["ActionStep"]):
    def open(self) -> ActionStepQuerySet:
        return self.filter(status__in=ActionStep.OPEN_STATUSES)

    def counted_for_cpd(self) -> ActionStepQuerySet:
        """Done, with a reflection: what the CPD policy may count."""
        return self.filter(status=ActionStep.Status.DONE).exclude(reflection="")


class ActionStep(models.Model):
    """Something a participant will try between sessions."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        TRYING = "trying", _("Trying")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.NOT_STARTED, Status.TRYING)

    place = models.ForeignKey(
        "bookings.Place", on_delete=models.CASCADE, related_name="action_steps"
    )
    session = models.ForeignKey(
        "cohorts.Session",
        on_delete=models.CASCADE,
        related_name="action_steps",
        help_text=_("The session after which the step was set."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="action_steps",
    )
    what = models.TextField(_("what I will try"), **limited(1000))
    by_when = models.DateField(_("by when"))
    who_might_help = models.CharField(_("who might help"), max_length=200, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    reflection = models.TextField(_("how it went"), **limited(2000), blank=True)
    shared = models.BooleanField(
        _("share with the group"),
        default=False,
        help_text=_("Shared steps are shown in the cohort's space."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ActionStepQuerySet.as_manager()

    class Meta:
        ordering = ["session__starts_at", "created_at", "pk"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def counts_for_cpd(self) -> bool:
        return self.status == self.Status.DONE and bool(self.reflection.strip())


class StepComment(models.Model):
    """A facilitator's comment on a step; the participant is emailed."""

    step = models.ForeignKey(
        ActionStep, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(**limited(2000))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:80]


class FollowUp(models.Model):
    """A facilitator marks a person to contact, then records the contact."""

    place = models.ForeignKey(
        "bookings.Place", on_delete=models.CASCADE, related_name="follow_ups"
    )
    step = models.ForeignKey(
        ActionStep,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    reason = models.CharField(_("why to contact"), max_length=300)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    flagged_at = models.DateTimeField(default=timezone.now)
    outcome = models.TextField(_("what happened"), **limited(2000), blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-flagged_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place"],
                condition=models.Q(contacted_at__isnull=True),
                name="one_open_follow_up_per_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place.attendee_name}: {self.reason}"

    @property
    def is_open(self) -> bool:
        return self.contacted_at is None


class CatchUpRound(models.Model):
    """Pairs drawn among a cohort's members between two sessions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Drawn, not sent")
        SENT = "sent", _("Introductions sent")

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="catch_up_rounds"
    )
    after_session = models.ForeignKey(
        "cohorts.Session",
        on_delete=models.CASCADE,
        related_name="catch_up_rounds",
        help_text=_("Pairs meet after this session and before the next one."),
    )
    seed = models.BigIntegerField(default=new_seed)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    automatic = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-after_session__starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["after_session"], name="one_catch_up_round_per_session"
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Catch-ups after session %(number)s")
            % {"number": self.after_session.number}
        )


class CatchUpOptOut(models.Model):
    """A member sits one round out."""

    round = models.ForeignKey(
        CatchUpRound, on_delete=models.CASCADE, related_name="opt_outs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"], name="one_opt_out_per_round_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} sits out {self.round}"


class CatchUpPair(models.Model):
    """Two (or, once per odd round, three) members asked to meet."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not reported yet")
        MET = "met", _("We met")
        NOT_MET = "not_met", _("Couldn't meet")

    round = models.ForeignKey(
        CatchUpRound, on_delete=models.CASCADE, related_name="pairs"
    )
    position = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(
        max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "position", "pk"]

    def __str__(self) -> str:
        return ", ".join(m.user.full_name for m in self.members.all())


class CatchUpMember(models.Model):
    round = models.ForeignKey(
        CatchUpRound, on_delete=models.CASCADE, related_name="members"
    )
    pair = models.ForeignKey(
        CatchUpPair, on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="catch_ups"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"], name="one_pair_per_round_user"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class CpdLogEntryQuerySet(models.QuerySet["CpdLogEntry"]):
    def owned_by(self, user) -> CpdLogEntryQuerySet:
        return self.filter(user=user)


class CpdLogEntry(models.Model):
    """Self-directed learning or a catch-up, logged by the participant."""

    class Kind(models.TextChoices):
        SELF_DIRECTED = "self_directed", _("Self-directed learning")
        CATCH_UP = "catch_up", _("Coffee catch-up")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_log"
    )
    place = models.ForeignKey(
        "bookings.Place",
        on_delete=models.CASCADE,
        related_name="cpd_log",
        help_text=_("The cohort the learning belongs to."),
    )
    kind = models.CharField(
        max_length=16, choices=Kind.choices, default=Kind.SELF_DIRECTED
    )
    what = models.CharField(_("what you did"), max_length=300)
    on = models.DateField(_("when"))
    minutes = models.PositiveIntegerField(
        _("minutes"), validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CpdLogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("CPD log entry")
        verbose_name_plural = _("CPD log entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MINUTES_IN_A_DAY),
                name="cpd_log_minutes_within_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.what} ({self.minutes} min)"
