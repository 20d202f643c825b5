"""Reads for the space's pages and for other apps.

For other apps (the lead wires them): ``guests_for_session`` for the register
and session-change invites, ``unread_count`` for the participant dashboard,
``published_learning`` for the programme's public page. Each page read here
makes a fixed number of queries however many posts, threads or members.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from bookings.models import Place
from cohorts.models import Cohort, Programme, Session
from community.access import member_cohort_ids
from community.models import (
    GuestInvitation,
    MemberCard,
    Post,
    ReadMarker,
    Resource,
    SharedItem,
    SharedItemCredit,
    Thread,
    TopicProposal,
)
from notifications.batches import Recipient


def guests_for_session(session: Session) -> list[GuestInvitation]:
    """Guests invited to the session (not withdrawn): for the register, shown
    as guests; they never hold a place and never get a certificate."""
    return list(
        GuestInvitation.objects.filter(session=session, is_withdrawn=False).order_by(
            "name"
        )
    )


def guest_recipients(session: Session) -> list[Recipient]:
    """Attendee source for cohorts' session changes: guests get the update too."""
    return [
        Recipient(email=g.email, name=g.name, context={"guest": g})
        for g in guests_for_session(session)
    ]


def topics_for_session(session: Session) -> list[str]:
    """Titles of the topics the group gave this session (for reminders)."""
    return list(
        TopicProposal.objects.filter(session=session, is_hidden=False)
        .order_by("created_at")
        .values_list("title", flat=True)
    )


def _unread(queryset: QuerySet[Thread], user) -> QuerySet[Thread]:
    read_at = ReadMarker.objects.filter(user=user, thread=OuterRef("pk")).values(
        "read_at"
    )[:1]
    unread = Q(read_at__isnull=True) | Q(read_at__lt=F("last_post_at"))
    return queryset.annotate(read_at=Subquery(read_at)).annotate(
        has_unread=ExpressionWrapper(unread, output_field=BooleanField())
    )


def unread_threads(user) -> QuerySet[Thread]:
    """Visible threads with posts the person has not read, in their spaces."""
    cohorts = member_cohort_ids(user)
    read_later = ReadMarker.objects.filter(
        user=user, thread=OuterRef("pk"), read_at__gte=OuterRef("last_post_at")
    )
    return (
        Thread.objects.visible()
        .filter(cohort_id__in=cohorts)
        .exclude(Exists(read_later))
    )


def unread_count(user) -> int:
    """How many threads in the person's spaces have something new for them."""
    if not user.is_authenticated:
        return 0
    return unread_threads(user).count()


def threads_for(cohort: Cohort, user, *, include_hidden: bool = False):
    threads = Thread.objects.filter(cohort=cohort)
    if not include_hidden:
        threads = threads.visible()
    return (
        _unread(threads, user)
        .select_related("author")
        .annotate(post_count=Count("posts", filter=Q(posts__is_hidden=False)))
        .order_by("-is_pinned", "-last_post_at")
    )


def posts_for(thread: Thread, *, include_hidden: bool = False) -> QuerySet[Post]:
    posts = thread.posts.select_related("author__organisation")
    if not include_hidden:
        posts = posts.filter(is_hidden=False)
    return posts.order_by("created_at", "pk")


def staff_ids(cohort: Cohort) -> set[int]:
    return set(cohort.programme.facilitators.values_list("pk", flat=True))


@dataclass
class Member:
    user: object
    card: MemberCard | None
    is_facilitator: bool

    @property
    def role(self) -> str:
        return "Facilitator" if self.is_facilitator else (self.user.job_role or "")


def members(cohort: Cohort) -> list[Member]:
    """Facilitators first, then confirmed participants, by name."""
    cards = {card.user_id: card for card in MemberCard.objects.filter(cohort=cohort)}
    facilitators = cohort.programme.facilitators.select_related("organisation")
    people = [
        Member(user=person, card=cards.get(person.pk), is_facilitator=True)
        for person in facilitators.order_by("full_name")
    ]
    seen = {member.user.pk for member in people}
    places = (
        Place.objects.confirmed()
        .filter(cohort=cohort, attendee__isnull=False, attendee__is_active=True)
        .select_related("attendee__organisation")
        .order_by("attendee__full_name")
    )
    for place in places:
        if place.attendee_id in seen:
            continue
        seen.add(place.attendee_id)
        people.append(
            Member(
                user=place.attendee,
                card=cards.get(place.attendee_id),
                is_facilitator=False,
            )
        )
    return people


def resources_for(cohort: Cohort, *, include_hidden: bool = False):
    resources = Resource.objects.filter(
        Q(cohort=cohort) | Q(programme_id=cohort.programme_id)
    ).select_related("added_by", "session")
    if not include_hidden:
        resources = resources.filter(is_hidden=False)
    return resources.order_by("-added_at")


def resource_in_space(cohort: Cohort, pk: int) -> Resource | None:
    return resources_for(cohort, include_hidden=True).filter(pk=pk).first()


def published_learning(programme: Programme) -> list[SharedItem]:
    """Published items of every cohort of the programme, with named members."""
    credits = SharedItemCredit.objects.select_related("user").order_by(
        "user__full_name"
    )
    return list(
        SharedItem.objects.filter(
            cohort__programme=programme, status=SharedItem.Status.PUBLISHED
        )
        .select_related("cohort")
        .prefetch_related(Prefetch("credits", queryset=credits))
        .order_by("-published_at")
    )
