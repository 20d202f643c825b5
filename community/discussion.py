"""The discussion board: threads, replies, moderation and read markers.

Posts are written in Markdown and rendered once, on save, through
``community.markdown`` (the stored HTML is what pages show). A reply emails
the thread's author after the commit (``community.emails``), once per reply.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from community.access import Access
from community.errors import CommunityError, NotAllowedError
from community.markdown import render_markdown
from community.models import BODY_MAX, TITLE_MAX, Post, ReadMarker, Thread
from community.tasks import send_reply_email
from cop.audit import record


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise CommunityError("Give the thread a title.", field="title")
    if len(title) > TITLE_MAX:
        raise CommunityError(
            f"Keep the title to {TITLE_MAX} characters (it has {len(title)}).",
            field="title",
        )
    return title


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CommunityError("Write something before posting.", field="body")
    if len(body) > BODY_MAX:
        raise CommunityError(
            f"Keep a post to {BODY_MAX:,} characters (it has {len(body):,}).",
            field="body",
        )
    return body


# The same words from the same person within this long are a replayed request
# (a double click, a resent form), not a second post.
REPLAY_WINDOW = dt.timedelta(minutes=2)


def start_thread(*, access: Access, author, title: str, body: str) -> Thread:
    """Open a thread with its first post."""
    if not access.can_post:
        raise NotAllowedError("Only members of this cohort may post here.")
    title, body = _clean_title(title), _clean_body(body)
    now = timezone.now()
    if Thread.objects.filter(
        cohort=access.cohort,
        author=author,
        title=title,
        created_at__gte=now - REPLAY_WINDOW,
    ).exists():
        raise CommunityError("You started this discussion a moment ago.")
    with transaction.atomic():
        thread = Thread.objects.create(
            cohort=access.cohort,
            title=title,
            author=author,
            created_at=now,
            last_post_at=now,
        )
        Post.objects.create(
            thread=thread,
            author=author,
            body=body,
            body_html=render_markdown(body),
            created_at=now,
        )
        _mark_read(author, thread, now)
    return thread


def reply(*, access: Access, thread: Thread, author, body: str) -> Post:
    """Add a reply; the thread's author is emailed after the commit."""
    if not access.can_post or thread.cohort_id != access.cohort.pk:
        raise NotAllowedError("Only members of this cohort may post here.")
    body = _clean_body(body)
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if thread.is_hidden:
            raise CommunityError("This thread has been hidden by the facilitator.")
        if thread.is_locked and not access.is_staff:
            raise CommunityError("This thread is locked: no more replies.")
        now = timezone.now()
        if thread.posts.filter(
            author=author, body=body, created_at__gte=now - REPLAY_WINDOW
        ).exists():
            raise CommunityError("You posted this reply a moment ago.")
        post = Post.objects.create(
            thread=thread,
            author=author,
            body=body,
            body_html=render_markdown(body),
            created_at=now,
        )
        thread.last_post_at = now
        thread.save(update_fields=["last_post_at"])
        _mark_read(author, thread, now)
        if thread.author_id and thread.author_id != author.pk:
            send_reply_email.delay_on_commit(post.pk)
    return post


def edit_post(*, access: Access, post: Post, editor, body: str) -> Post:
    """Authors edit their own posts while the thread is open."""
    if post.author_id != editor.pk or post.thread.cohort_id != access.cohort.pk:
        raise NotAllowedError("You can only edit your own posts.")
    if post.thread.is_locked and not access.is_staff:
        raise CommunityError("This thread is locked: posts can no longer be edited.")
    body = _clean_body(body)
    post.body = body
    post.body_html = render_markdown(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    return post


MODERATION = {
    "pin": ("is_pinned", True),
    "unpin": ("is_pinned", False),
    "lock": ("is_locked", True),
    "unlock": ("is_locked", False),
    "hide": ("is_hidden", True),
    "unhide": ("is_hidden", False),
}


def moderate_thread(*, access: Access, thread: Thread, actor, action: str) -> Thread:
    """Pin, lock or hide a thread (and undo); audited."""
    if not access.is_staff or thread.cohort_id != access.cohort.pk:
        raise NotAllowedError("Only the facilitators can do this.")
    if action not in MODERATION:
        raise CommunityError("Unknown action.")
    field, value = MODERATION[action]
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if getattr(thread, field) == value:
            return thread
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        record(f"community.thread.{action}", thread, actor=actor)
    return thread


def hide_post(*, access: Access, post: Post, actor, hidden: bool = True) -> Post:
    if not access.is_staff or post.thread.cohort_id != access.cohort.pk:
        raise NotAllowedError("Only the facilitators can do this.")
    with transaction.atomic():
        if post.is_hidden != hidden:
            post.is_hidden = hidden
            post.save(update_fields=["is_hidden"])
            record(
                "community.post.hidden" if hidden else "community.post.shown",
                post,
                actor=actor,
            )
    return post


def _mark_read(user, thread: Thread, when) -> None:
    if user is None or not user.is_authenticated:
        return
    marker, created = ReadMarker.objects.get_or_create(
        user=user, thread=thread, defaults={"read_at": when}
    )
    if not created and marker.read_at < when:
        ReadMarker.objects.filter(pk=marker.pk, read_at__lt=when).update(read_at=when)


def mark_read(*, user, thread: Thread, up_to=None) -> None:
    """The thread is read up to ``up_to`` (default: its last post)."""
    _mark_read(user, thread, up_to or thread.last_post_at)
