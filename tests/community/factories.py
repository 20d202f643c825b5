"""Spaces for the community tests: a cohort with members, staff and content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from bookings.models import Place
from cohorts.models import Cohort, Session
from community.access import Access
from community.markdown import render_markdown
from community.models import GuestInvitation, Post, Thread
from cop.models import COORDINATORS_GROUP, User
from tests.factories import (
    CohortFactory,
    PlaceFactory,
    ProgrammeFactory,
    UserFactory,
    add_sessions,
)


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")
    author = factory.SubFactory(UserFactory)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SelfAttribute("thread.author")
    body = "A thought about practice."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))


@dataclass
class Space:
    cohort: Cohort
    sessions: list[Session]
    member: User
    other_member: User
    facilitator: User
    extra: dict = field(default_factory=dict)

    def access(self, *, staff: bool = False) -> Access:
        return Access(cohort=self.cohort, is_staff=staff, is_member=not staff)


def member_of(cohort: Cohort, **user_fields) -> User:
    person = UserFactory(**user_fields)
    PlaceFactory(order__cohort=cohort, cohort=cohort, attendee=person)
    return person


def make_space(*, past: int = 2, coming: int = 2) -> Space:
    """A running cohort: ``past`` sessions done, ``coming`` still to come."""
    facilitator = UserFactory(full_name="Fran Facilitator", is_staff=True)
    programme = ProgrammeFactory()
    programme.facilitators.add(facilitator)
    cohort = CohortFactory(programme=programme, status=Cohort.Status.RUNNING)
    first = timezone.now() - dt.timedelta(weeks=past, hours=1)
    sessions = add_sessions(cohort, count=past + coming, first=first)
    return Space(
        cohort=cohort,
        sessions=sessions,
        member=member_of(cohort, full_name="Mina Member"),
        other_member=member_of(cohort, full_name="Omar Other"),
        facilitator=facilitator,
    )


def cancelled_participant(cohort: Cohort) -> User:
    person = UserFactory()
    PlaceFactory(
        order__cohort=cohort,
        cohort=cohort,
        attendee=person,
        status=Place.Status.CANCELLED,
    )
    return person


def coordinator() -> User:
    person = UserFactory(is_staff=True)
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    person.groups.add(group)
    return person


def invite(session: Session, email: str = "guest@elsewhere.example") -> GuestInvitation:
    return GuestInvitation.objects.create(
        session=session, name="Gita Guest", email=email, topic="Asset mapping"
    )


def community_rows(person: User, place: Place) -> dict[str, object]:
    """One row of each community model that holds something about ``person``,
    for the portal's erasure test (``tests/portal``)."""
    from community.models import MemberCard, Resource, SharedItem, TopicProposal

    cohort = place.cohort
    session = add_sessions(cohort, count=1)[0]
    thread = ThreadFactory(cohort=cohort, author=person)
    return {
        "community.MemberCard": MemberCard.objects.create(cohort=cohort, user=person),
        "community.Resource": Resource.objects.create(
            cohort=cohort, kind=Resource.Kind.LINK, title="Toolkit", added_by=person
        ),
        "community.Thread": thread,
        "community.Post": PostFactory(thread=thread, author=person),
        "community.TopicProposal": TopicProposal.objects.create(
            cohort=cohort, title="Asset mapping", proposed_by=person
        ),
        "community.SharedItem": SharedItem.objects.create(
            cohort=cohort,
            kind=SharedItem.Kind.choices[0][0],
            title="What we learnt",
            body="",
            body_html="",
            created_by=person,
        ),
        "community.GuestInvitation": GuestInvitation.objects.create(
            session=session, name=person.full_name, email=person.email, topic="Talk"
        ),
    }
