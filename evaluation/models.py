"""Session feedback, questionnaires, empowerment assessments and the journal.

Anonymous answers carry no link to the person: only ``respondent_key``, a
keyed hash of the person and what they answered (see ``evaluation.keys``),
which is enough to keep one response per person and to let them edit it,
and never shown. Once editing has closed even that is replaced by a random
key (``evaluation.anonymity``). Named answers also keep ``respondent``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop.limits import PAGE, PARAGRAPHS, limited

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


# --- Session feedback -----------------------------------------------------------


class SessionFeedback(models.Model):
    """One person's short feedback on one session."""

    session = models.ForeignKey(
        "cohorts.Session", on_delete=models.CASCADE, related_name="feedback"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session_feedback",
        help_text=_("Empty when the answer is anonymous."),
    )
    respondent_key = models.CharField(max_length=64, editable=False)
    usefulness = models.PositiveSmallIntegerField(validators=SCALE)
    worked = models.TextField(_("what worked"), blank=True, **limited(PARAGRAPHS))
    change = models.TextField(_("what to change"), blank=True, **limited(PARAGRAPHS))
    anonymous = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Raised on each edit.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "created_at"]
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "respondent_key"],
                name="one_feedback_per_person_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5),
                name="feedback_usefulness_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.session} ({self.usefulness}/5)"


# --- Questionnaires ----------------------------------------------------------


class Questionnaire(models.Model):
    """A set of questions staff build for a programme (or for every programme)."""

    programme = models.ForeignKey(
        "cohorts.Programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaires",
        help_text=_("Empty: offered to every programme (the product's default)."),
    )
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, **limited(PAGE))
    anonymous = models.BooleanField(
        default=True,
        help_text=_(
            "Anonymous answers are never shown with a name, not even to staff."
        ),
    )
    is_default = models.BooleanField(
        default=False,
        help_text=_("The end-of-cohort evaluation that comes with the product."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale (1 to 5)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        YES_NO = "yes_no", _("Yes or no")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=True)
    choices = models.TextField(
        blank=True,
        help_text=_("For single and multiple choice: one per line."),
        **limited(PARAGRAPHS),
    )
    scale_low = models.CharField(
        max_length=60, blank=True, default="Not at all", help_text=_("Label for 1.")
    )
    scale_high = models.CharField(
        max_length=60, blank=True, default="Very much", help_text=_("Label for 5.")
    )

    class Meta:
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        choice = self.kind in {self.Kind.SINGLE, self.Kind.MULTIPLE}
        if choice and len(self.options) < 2:
            raise ValidationError(
                {"choices": _("Give at least two options, one per line.")}
            )

    @property
    def options(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def is_numeric(self) -> bool:
        return self.kind in {self.Kind.SCALE, self.Kind.YES_NO}

    @property
    def is_text(self) -> bool:
        return self.kind in {self.Kind.SHORT_TEXT, self.Kind.LONG_TEXT}


class QuestionnaireRun(models.Model):
    """A questionnaire open to one cohort's participants over a window."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="runs"
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="questionnaire_runs"
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    remind_days_before_close = models.PositiveSmallIntegerField(
        default=3,
        help_text=_("Remind those who have not answered this many days before."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("questionnaire for a cohort")
        verbose_name_plural = _("questionnaires for cohorts")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "cohort"], name="one_run_per_cohort"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="run_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} for {self.cohort}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("It must close after it opens.")})
        questionnaire = self.questionnaire if self.questionnaire_id else None
        if (
            questionnaire
            and questionnaire.programme_id
            and self.cohort_id
            and questionnaire.programme_id != self.cohort.programme_id
        ):
            raise ValidationError(
                {"questionnaire": _("This questionnaire belongs to another programme.")}
            )

    def is_open(self, now) -> bool:
        return self.opens_at <= now < self.closes_at


class Response(models.Model):
    """One person's answers to a questionnaire run."""

    run = models.ForeignKey(
        QuestionnaireRun, on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaire_responses",
        help_text=_("Empty for an anonymous questionnaire."),
    )
    respondent_key = models.CharField(max_length=64, editable=False)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "respondent_key"], name="one_response_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"Response to {self.run}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Scale 1-5; yes is 1, no is 0.")
    )
    text = models.TextField(blank=True, **limited(PARAGRAPHS))
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


# --- Empowerment dimensions --------------------------------------------------


class Dimension(models.Model):
    """One of the community empowerment dimensions (Confident, Inclusive...)."""

    name = models.CharField(max_length=60, unique=True)
    summary = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="statements"
    )
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        default=True, help_text=_("Retired statements keep their past ratings.")
    )

    class Meta:
        ordering = ["dimension__position", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Assessment(models.Model):
    """Ratings of every statement, at the start or the end of a cohort.

    A participant's self-assessment, or the facilitator's assessment of the
    cohort's own work (``is_cohort_review``).
    """

    class Stage(models.TextChoices):
        START = "start", _("Start")
        END = "end", _("End")

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="assessments"
    )
    stage = models.CharField(max_length=8, choices=Stage.choices)
    is_cohort_review = models.BooleanField(default=False)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="empowerment_assessments",
    )
    respondent_key = models.CharField(
        max_length=64, editable=False, help_text=_("Pairs start and end.")
    )
    notes = models.TextField(blank=True, **limited(PARAGRAPHS))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cohort", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "stage", "respondent_key"],
                name="one_assessment_per_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} assessment, {self.cohort}"


class Rating(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="ratings"
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="ratings"
    )
    score = models.PositiveSmallIntegerField(validators=SCALE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement"], name="one_rating_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="rating_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.score}"


# --- Reflective journal ---------------------------------------------------------


class ReflectiveQuestion(models.Model):
    """A question to reflect on, for one session or for the whole programme."""

    programme = models.ForeignKey(
        "cohorts.Programme",
        on_delete=models.CASCADE,
        related_name="reflective_questions",
    )
    session = models.ForeignKey(
        "cohorts.Session",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reflective_questions",
        help_text=_("Empty: asked in every cohort of the programme."),
    )
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class JournalAnswer(models.Model):
    """A participant's private answer to a reflective question, in one cohort."""

    question = models.ForeignKey(
        ReflectiveQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="journal_answers"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="journal_answers",
    )
    text = models.TextField(**limited(PARAGRAPHS))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cohort", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "cohort", "author"],
                name="one_journal_answer_per_question",
            ),
        ]

    def __str__(self) -> str:
        return f"Journal answer to {self.question}"


class ResearchConsent(models.Model):
    """Consent to pool one's journal answers, anonymised, for research."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="research_consent",
    )
    given = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Consent given" if self.given else "No consent"
