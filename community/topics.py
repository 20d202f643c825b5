"""Topics set by the group: members propose, vote (one vote each, changeable),
and the facilitator gives the favourites to coming sessions."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet

from cohorts.models import Session
from community.access import Access
from community.errors import CommunityError, NotAllowedError
from community.models import TITLE_MAX, TopicProposal, TopicVote
from cop.audit import record


def propose_topic(
    *, access: Access, user, title: str, description: str = ""
) -> TopicProposal:
    if not access.can_post:
        raise NotAllowedError("Only members of this cohort may propose topics.")
    title = " ".join((title or "").split())
    if not title:
        raise CommunityError("Give the topic a title.", field="title")
    if len(title) > TITLE_MAX:
        raise CommunityError(
            f"Keep the title to {TITLE_MAX} characters (it has {len(title)}).",
            field="title",
        )
    if len(description) > 2000:
        raise CommunityError(
            "Keep the description to 2,000 characters.", field="description"
        )
    return TopicProposal.objects.create(
        cohort=access.cohort,
        title=title,
        description=description.strip(),
        proposed_by=user,
    )


def _check(access: Access, topic: TopicProposal) -> None:
    if not access.can_post or topic.cohort_id != access.cohort.pk or topic.is_hidden:
        raise NotAllowedError("Only members of this cohort may vote on its topics.")


def vote(*, access: Access, topic: TopicProposal, user) -> TopicVote:
    """One vote per member per topic; a second (replayed) vote is refused."""
    _check(access, topic)
    try:
        with transaction.atomic():
            return TopicVote.objects.create(topic=topic, user=user)
    except IntegrityError:
        raise CommunityError("You have already voted for this topic.") from None


def withdraw_vote(*, access: Access, topic: TopicProposal, user) -> None:
    _check(access, topic)
    deleted, _ = TopicVote.objects.filter(topic=topic, user=user).delete()
    if not deleted:
        raise CommunityError("You had not voted for this topic.")


def ranked(cohort) -> QuerySet[TopicProposal]:
    return (
        TopicProposal.objects.filter(cohort=cohort, is_hidden=False)
        .select_related("proposed_by", "session")
        .annotate(vote_count=Count("votes"))
        .order_by("-vote_count", "created_at")
    )


def assign_topic(
    *, access: Access, topic: TopicProposal, session: Session | None, actor
) -> TopicProposal:
    if not access.is_staff or topic.cohort_id != access.cohort.pk:
        raise NotAllowedError("Only the facilitators can assign topics.")
    if session is not None and session.cohort_id != access.cohort.pk:
        raise CommunityError("That session is not in this cohort.", field="session")
    with transaction.atomic():
        topic.session = session
        topic.save(update_fields=["session"])
        record(
            "community.topic.assigned",
            topic,
            actor=actor,
            session=session.pk if session else None,
        )
    return topic
