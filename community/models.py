"""The cohort's own space: member cards, session pages, resources, discussion,
guests, topics chosen by the group and learning shared with the network.

Who may see what is decided in ``community.access``; the write actions live in
the service modules named for them (``discussion``, ``resources``, ``guests``,
``topics``, ``learning``, ``members``). Text people write is stored as typed
(Markdown) and, for posts, also as sanitised HTML rendered once on save.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.storage import private_storage
from cop.limits import limited

TITLE_MAX = 200
BODY_MAX = 20_000


class CommunitySettings(models.Model):
    """How a programme's cohort spaces behave; programmes without one use defaults."""

    programme = models.OneToOneField(
        "cohorts.Programme",
        on_delete=models.CASCADE,
        related_name="community_settings",
    )
    access_days_after_end = models.PositiveIntegerField(
        _("members keep access for (days after the last session)"),
        default=365,
        help_text=_(
            "Communities of practice go on for as long as there is a need: "
            "members may read and post for this long after the cohort ends."
        ),
    )

    class Meta:
        verbose_name = _("space settings")
        verbose_name_plural = _("space settings")

    def __str__(self) -> str:
        return f"Space settings for {self.programme}"


DEFAULT_ACCESS_DAYS = 365


class MemberCard(models.Model):
    """What a member tells the group about themselves, and what they share."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="member_cards"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_cards"
    )
    share_email = models.BooleanField(_("show my email address"), default=False)
    what_i_bring = models.TextField(_("what I bring"), blank=True, **limited(2000))
    share_what_i_bring = models.BooleanField(_("show what I bring"), default=False)
    challenge = models.TextField(
        _("a challenge I'm working on"), blank=True, **limited(2000)
    )
    share_challenge = models.BooleanField(_("show my challenge"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"], name="one_member_card_per_cohort"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.cohort}"


class SessionPage(models.Model):
    """What a session page adds to the session: the plan or agenda."""

    session = models.OneToOneField(
        "cohorts.Session", on_delete=models.CASCADE, related_name="community_page"
    )
    plan = models.TextField(
        _("plan or agenda"), blank=True, **limited(BODY_MAX), help_text=_("Markdown.")
    )
    plan_html = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Page for {self.session}"


class Resource(models.Model):
    """A file or a link in a cohort's library, or a programme's (shared by all)."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")

    programme = models.ForeignKey(
        "cohorts.Programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="community_resources",
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="community_resources",
    )
    session = models.ForeignKey(
        "cohorts.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_resources",
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    title = models.CharField(max_length=TITLE_MAX)
    file = models.FileField(upload_to="community/%Y/%m/", storage=private_storage)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(max_length=1000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_resources",
    )
    added_at = models.DateTimeField(default=timezone.now)
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["-added_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(programme__isnull=True, cohort__isnull=False)
                | models.Q(programme__isnull=False, cohort__isnull=True),
                name="resource_belongs_to_cohort_or_programme",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ThreadQuerySet(models.QuerySet["Thread"]):
    def visible(self) -> ThreadQuerySet:
        return self.filter(is_hidden=False)


class Thread(models.Model):
    """A discussion in a cohort's space; its first post is the question."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="community_threads"
    )
    title = models.CharField(max_length=TITLE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_threads",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now, db_index=True)
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [models.Index(fields=["cohort", "last_post_at"])]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_posts",
    )
    body = models.TextField(**limited(BODY_MAX))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread}"


class ReadMarker(models.Model):
    """Up to when a person has read a thread; newer posts show as unread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="read_markers"
    )
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"], name="one_read_marker_per_thread"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.thread}"


class DigestPreference(models.Model):
    """The daily digest is on unless the person turned it off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_digest",
    )
    daily_digest = models.BooleanField(_("email me a daily digest"), default=True)

    def __str__(self) -> str:
        return f"Digest for {self.user}: {'on' if self.daily_digest else 'off'}"


def new_guest_token() -> str:
    return secrets.token_urlsafe(32)


class GuestInvitation(models.Model):
    """An external contributor invited to one session (that page only)."""

    session = models.ForeignKey(
        "cohorts.Session", on_delete=models.CASCADE, related_name="community_guests"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    topic = models.CharField(_("what they will talk about"), max_length=TITLE_MAX)
    token = models.CharField(max_length=64, unique=True, default=new_guest_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(default=timezone.now)
    is_withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=models.Q(is_withdrawn=False),
                name="one_live_invitation_per_guest_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (guest) at {self.session}"


class TopicProposal(models.Model):
    """A topic or challenge a member proposes for a coming session."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="community_topics"
    )
    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(blank=True, **limited(2000))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_topics",
    )
    created_at = models.DateTimeField(default=timezone.now)
    session = models.ForeignKey(
        "cohorts.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_topics",
        help_text=_("The session this topic was given to."),
    )
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class TopicVote(models.Model):
    topic = models.ForeignKey(
        TopicProposal, on_delete=models.CASCADE, related_name="votes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "user"], name="one_vote_per_member_per_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.topic}"


class SharedItem(models.Model):
    """Learning the group agrees to share with the wider network."""

    class Kind(models.TextChoices):
        BLOG_POST = "blog_post", _("Blog post")
        RESOURCE = "resource", _("Written resource")
        EVENT = "event", _("Sharing event")
        QUESTION = "question", _("Question for the wider network")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed by the group")
        PUBLISHED = "published", _("Published")

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="shared_items"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(**limited(BODY_MAX), help_text=_("Markdown."))
    body_html = models.TextField(editable=False)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    thread = models.OneToOneField(
        Thread,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_item",
        help_text=_("Where members discuss the draft."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    agreed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class SharedItemCredit(models.Model):
    """A member who agreed to be named on a published item."""

    item = models.ForeignKey(
        SharedItem, on_delete=models.CASCADE, related_name="credits"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="one_credit_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.item}"
