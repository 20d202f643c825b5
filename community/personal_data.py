"""What the cohort's space holds about a person, a copy of it, and erasure.

Erasure (privacy line): "When you ask us to delete your account, your posts
stay so conversations still make sense, but your name on them is replaced by
'Former member'. Your member cards, your votes and the files and links you
added to a library are removed, and you are no longer named on shared
learning."
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from community.models import (
    DigestPreference,
    GuestInvitation,
    MemberCard,
    Post,
    ReadMarker,
    Resource,
    SharedItem,
    SharedItemCredit,
    Thread,
    TopicProposal,
    TopicVote,
)
from cop.privacy import declare, declare_deleted, keep, wipe

FORMER_MEMBER = "Former member"

PRIVACY_LINE = (
    "If you delete your account, your posts in a cohort's space stay so that "
    "conversations still make sense, but your name on them becomes "
    f"“{FORMER_MEMBER}”. Your member cards, votes, and the files and links "
    "you added are removed, and you are no longer named on shared learning."
)

CONVERSATION = (
    "The group's conversation stays so it still makes sense; the author is shown "
    "as \u201cFormer member\u201d."
)
LEARNING = "The group's shared learning; it no longer names the person."

CARDS = declare_deleted(MemberCard, "what_i_bring", "challenge")
RESOURCES = declare_deleted(
    Resource, "title", "file", "filename", "content_type", "url"
)
THREADS = declare(Thread, keep("title", reason=CONVERSATION))
POSTS = declare(
    Post, keep("body", reason=CONVERSATION), keep("body_html", reason=CONVERSATION)
)
TOPICS = declare(
    TopicProposal,
    keep("title", reason=CONVERSATION),
    keep("description", reason=CONVERSATION),
)
SHARED = declare(
    SharedItem,
    keep("title", reason=LEARNING),
    keep("body", reason=LEARNING),
    keep("body_html", reason=LEARNING),
)
GUESTS = declare(
    GuestInvitation,
    wipe("name", FORMER_MEMBER),
    wipe("email", lambda user: f"erased-guest-{user.pk}@deleted.invalid"),
    keep("topic", reason="What the session was about; it no longer names the guest."),
    keep("token", reason="A random secret; the invitation no longer names anyone."),
)
DECLARATIONS = [CARDS, RESOURCES, THREADS, POSTS, TOPICS, SHARED, GUESTS]


def export(user) -> dict[str, Any]:
    """Everything the person wrote or chose in the spaces, as plain data."""
    return {
        "member_cards": [
            {
                "cohort": str(card.cohort),
                "share_email": card.share_email,
                "what_i_bring": card.what_i_bring,
                "share_what_i_bring": card.share_what_i_bring,
                "challenge": card.challenge,
                "share_challenge": card.share_challenge,
            }
            for card in MemberCard.objects.filter(user=user).select_related(
                "cohort__programme"
            )
        ],
        "threads_started": [
            {
                "cohort": str(t.cohort),
                "title": t.title,
                "created_at": t.created_at.isoformat(),
            }
            for t in Thread.objects.filter(author=user).select_related(
                "cohort__programme"
            )
        ],
        "posts": [
            {
                "thread": post.thread.title,
                "body": post.body,
                "created_at": post.created_at.isoformat(),
                "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            }
            for post in Post.objects.filter(author=user).select_related("thread")
        ],
        "resources_added": [
            {
                "title": r.title,
                "kind": r.kind,
                "filename": r.filename,
                "url": r.url,
                "added_at": r.added_at.isoformat(),
            }
            for r in Resource.objects.filter(added_by=user)
        ],
        "topics_proposed": [
            {"title": t.title, "description": t.description}
            for t in TopicProposal.objects.filter(proposed_by=user)
        ],
        "topic_votes": [
            v.topic.title
            for v in TopicVote.objects.filter(user=user).select_related("topic")
        ],
        "named_on_shared_learning": [
            c.item.title
            for c in SharedItemCredit.objects.filter(user=user).select_related("item")
        ],
        "guest_invitations": [
            {"session": str(g.session), "topic": g.topic, "name": g.name}
            for g in GuestInvitation.objects.filter(email__iexact=user.email)
        ],
        "daily_digest": DigestPreference.objects.filter(user=user)
        .values_list("daily_digest", flat=True)
        .first(),
    }


@transaction.atomic
def erase(user) -> None:
    """Posts become "Former member"'s; cards, votes, files and credits go."""
    files = list(Resource.objects.filter(added_by=user, kind=Resource.Kind.FILE))
    RESOURCES.erase(Resource.objects.filter(added_by=user), user)
    names = [resource.file.name for resource in files if resource.file]
    if names:
        storage = files[0].file.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
    Post.objects.filter(author=user).update(author=None)
    Thread.objects.filter(author=user).update(author=None)
    TopicProposal.objects.filter(proposed_by=user).update(proposed_by=None)
    SharedItem.objects.filter(created_by=user).update(created_by=None)
    CARDS.erase(MemberCard.objects.filter(user=user), user)
    TopicVote.objects.filter(user=user).delete()
    SharedItemCredit.objects.filter(user=user).delete()
    ReadMarker.objects.filter(user=user).delete()
    DigestPreference.objects.filter(user=user).delete()
    GUESTS.erase(GuestInvitation.objects.filter(email__iexact=user.email), user)
