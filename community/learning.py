"""Learning shared with the network.

An item (blog post, written resource, sharing event, question for the wider
network) is drafted in the space with a thread for members to discuss it.
The facilitator marks it agreed, then publishes it; published items show on
the programme's public page, credited only to members who said they agree to
be named. Agreeing and publishing are audited.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from community.access import Access
from community.discussion import start_thread
from community.errors import CommunityError, NotAllowedError
from community.markdown import render_markdown
from community.models import BODY_MAX, TITLE_MAX, SharedItem, SharedItemCredit
from cop.audit import record


def draft_item(*, access: Access, user, kind: str, title: str, body: str) -> SharedItem:
    if not access.can_post:
        raise NotAllowedError("Only members of this cohort may draft shared learning.")
    if kind not in SharedItem.Kind.values:
        raise CommunityError("Choose what kind of item this is.", field="kind")
    title = " ".join((title or "").split())
    if not title or len(title) > TITLE_MAX:
        raise CommunityError(
            f"Give a title of up to {TITLE_MAX} characters.", field="title"
        )
    body = (body or "").strip()
    if not body or len(body) > BODY_MAX:
        raise CommunityError(
            f"Write the item (up to {BODY_MAX:,} characters).", field="body"
        )
    with transaction.atomic():
        thread = start_thread(
            access=access,
            author=user,
            title=f"Shared learning: {title}"[:TITLE_MAX],
            body=f"A draft to share with the network: **{title}**. "
            "What should we change before we share it?",
        )
        return SharedItem.objects.create(
            cohort=access.cohort,
            kind=kind,
            title=title,
            body=body,
            body_html=render_markdown(body),
            thread=thread,
            created_by=user,
        )


def edit_item(*, access: Access, item: SharedItem, user, title: str, body: str):
    if item.status == SharedItem.Status.PUBLISHED:
        raise CommunityError("Published items can no longer be changed here.")
    if not (access.is_staff or item.created_by_id == user.pk):
        raise NotAllowedError(
            "Only the person who drafted it, or a facilitator, edits it."
        )
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise CommunityError(
            f"Give a title of up to {TITLE_MAX} characters.", field="title"
        )
    if not body or len(body) > BODY_MAX:
        raise CommunityError(
            f"Write the item (up to {BODY_MAX:,} characters).", field="body"
        )
    item.title, item.body, item.body_html = title, body, render_markdown(body)
    if item.status == SharedItem.Status.AGREED:
        item.status, item.agreed_at = SharedItem.Status.DRAFT, None
    item.save()
    return item


def agree_to_be_named(*, access: Access, item: SharedItem, user) -> None:
    if not access.is_member or item.cohort_id != access.cohort.pk:
        raise NotAllowedError(
            "Only members of this cohort may be named on its learning."
        )
    try:
        with transaction.atomic():
            SharedItemCredit.objects.create(item=item, user=user)
    except IntegrityError:
        raise CommunityError("You have already agreed to be named.") from None


def withdraw_name(*, access: Access, item: SharedItem, user) -> None:
    if item.cohort_id != access.cohort.pk:
        raise NotAllowedError("Not in this cohort.")
    SharedItemCredit.objects.filter(item=item, user=user).delete()


def mark_agreed(*, access: Access, item: SharedItem, actor) -> SharedItem:
    if not access.is_staff or item.cohort_id != access.cohort.pk:
        raise NotAllowedError("Only the facilitators can mark an item agreed.")
    with transaction.atomic():
        item = SharedItem.objects.select_for_update().get(pk=item.pk)
        if item.status != SharedItem.Status.DRAFT:
            raise CommunityError("Only a draft can be marked agreed.")
        item.status, item.agreed_at = SharedItem.Status.AGREED, timezone.now()
        item.save(update_fields=["status", "agreed_at"])
        record("community.shared_item.agreed", item, actor=actor)
    return item


def publish(*, access: Access, item: SharedItem, actor) -> SharedItem:
    if not access.is_staff or item.cohort_id != access.cohort.pk:
        raise NotAllowedError("Only the facilitators can publish.")
    with transaction.atomic():
        item = SharedItem.objects.select_for_update().get(pk=item.pk)
        if item.status != SharedItem.Status.AGREED:
            raise CommunityError("Mark the item agreed by the group before publishing.")
        item.status, item.published_at = SharedItem.Status.PUBLISHED, timezone.now()
        item.save(update_fields=["status", "published_at"])
        record("community.shared_item.published", item, actor=actor)
    return item


def unpublish(*, access: Access, item: SharedItem, actor) -> SharedItem:
    if not access.is_staff or item.cohort_id != access.cohort.pk:
        raise NotAllowedError("Only the facilitators can withdraw a published item.")
    with transaction.atomic():
        item = SharedItem.objects.select_for_update().get(pk=item.pk)
        if item.status == SharedItem.Status.PUBLISHED:
            item.status, item.published_at = SharedItem.Status.AGREED, None
            item.save(update_fields=["status", "published_at"])
            record("community.shared_item.unpublished", item, actor=actor)
    return item
