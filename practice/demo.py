"""Demo data for practice between sessions; called once from ``seed_demo``.

- The practitioner's finished 2025-26 cohort gets the action steps they
  completed after sessions 1-3 (what their certificate's activity points
  count), so call this before that certificate is issued.
- A running cohort, "Autumn 2026", of eight members: a demo login
  (member@example.com) with steps done, being tried and not yet started, a
  facilitator's comment, logged learning and a catch-up partner for the
  current round; others who are stuck, one marked to contact, one contacted.

Safe to run twice: everything is found or created by a natural key, and the
rounds use fixed seeds. ``record_attendance`` is passed in by the command
(cpd sits beside this app and reads it, never the other way round).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.utils import timezone

from bookings.models import Order, Place
from cohorts.models import Cohort, Programme, Session
from cop.models import Organisation, User
from practice.catchups import start_round
from practice.models import (
    ActionStep,
    CatchUpMember,
    CatchUpPair,
    CatchUpRound,
    CpdLogEntry,
    FollowUp,
    PracticeSettings,
    StepComment,
)

LONDON = ZoneInfo("Europe/London")
DEMO_PASSWORD = "demo-pass-2026"

MEMBERS = [
    # email, name, role, organisation email domain
    ("member@example.com", "Alex Morgan", "Neighbourhood officer", "eastvale"),
    ("amina@northbridge.example", "Amina Hussain", "Community hub lead", "northbridge"),
    ("tom@riverside.example", "Tom Fletcher", "Tenant engagement officer", "riverside"),
    ("kerry@westmoor.example", "Kerry Walsh", "Neighbourhood sergeant", "westmoor"),
    ("sunita@oakfield.example", "Sunita Rao", "Family liaison officer", "oakfield"),
    ("david@hillside.example", "David Okoro", "Faith forum coordinator", "hillside"),
    ("beth@meadow.example", "Beth Lloyd", "Social prescriber", "meadow"),
    ("rhys@harbour.example", "Rhys Evans", "Volunteer coordinator", "harbour"),
]

PAST_STEPS = [
    (1, "Hold a listening walk with residents on the Elm estate.", "Twelve came."),
    (2, "Ask the tenants' group which decisions they want a say in.", "Three."),
    (3, "Invite the youth club to the ward forum.", "Two came and spoke."),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def load(
    *,
    people: dict[str, User],
    record_attendance: Callable[..., object],
    past_place: Place | None = None,
    today: dt.date | None = None,
) -> None:
    today = today or timezone.localdate()
    facilitator = people["facilitator"]
    if past_place is not None:
        _past_steps(past_place)
    programme = Programme.objects.get(slug="neighbourhood-practice")
    PracticeSettings.objects.get_or_create(programme=programme)
    PracticeSettings.objects.update_or_create(
        programme=Programme.objects.get(slug="connected-communities"),
        defaults={"automatic_rounds": True},
    )
    cohort, sessions = _running_cohort(programme, today)
    members = _members(people)
    places = [_place(cohort, user) for user in members]
    for session in sessions[:3]:
        for place in places:
            absent = session.number == 2 and place.attendee.email.startswith("kerry")
            record_attendance(
                session=session,
                place=place,
                status="absent" if absent else "attended",
                actor=facilitator,
            )
    _steps(places, sessions, today, facilitator)
    _rounds(sessions, facilitator)
    _log(places[0], today)
    people["member"] = members[0]


def _past_steps(place: Place) -> None:
    sessions = {s.number: s for s in place.cohort.sessions.all()}
    for number, what, reflection in PAST_STEPS:
        session = sessions[number]
        ActionStep.objects.get_or_create(
            place=place,
            session=session,
            what=what,
            defaults={
                "owner": place.attendee,
                "by_when": timezone.localdate(session.starts_at)
                + dt.timedelta(days=21),
                "status": ActionStep.Status.DONE,
                "reflection": reflection,
                "created_at": session.ends_at,
                "completed_at": session.ends_at + dt.timedelta(days=20),
            },
        )


def _running_cohort(programme: Programme, today: dt.date):
    cohort, _ = Cohort.objects.update_or_create(
        programme=programme,
        slug="autumn-2026",
        defaults={"name": "Autumn 2026", "capacity": 12, "status": "running"},
    )
    offsets = [-56, -28, -4, 24, 52, 80]  # three held, the next in 24 days
    sessions = []
    for number, days in enumerate(offsets, 1):
        day = today + dt.timedelta(days=days)
        session, _ = Session.objects.update_or_create(
            cohort=cohort,
            number=number,
            defaults={
                "title": [
                    "Getting to know the community",
                    "Listening at scale",
                    "Working with informal groups",
                    "Sharing power in decisions",
                    "Testing ideas with peers",
                    "Looking back and planning ahead",
                ][number - 1],
                "starts_at": _at(day, 10),
                "ends_at": _at(day, 12),
                "joining_link": f"https://meet.example/autumn-2026-{number}",
            },
        )
        sessions.append(session)
    return cohort, sessions


def _members(people: dict[str, User]) -> list[User]:
    users = []
    for email, name, role, domain in MEMBERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD)
        user.full_name, user.job_role = name, role
        user.organisation = Organisation.objects.filter(
            email_domains__icontains=domain
        ).first()
        user.organisation_confirmed = user.organisation is not None
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users.append(user)
    return users


def _place(cohort: Cohort, user: User) -> Place:
    place = Place.objects.filter(cohort=cohort, attendee=user).first()
    if place is not None:
        return place
    order = Order.objects.create(
        cohort=cohort,
        booker=user,
        organisation=user.organisation,
        status=Order.Status.CONFIRMED,
        payment_method=Order.PaymentMethod.FREE,
        total=Decimal("0.00"),
        confirmed_at=timezone.now(),
    )
    return Place.objects.create(
        order=order,
        cohort=cohort,
        attendee=user,
        attendee_name=user.full_name,
        attendee_email=user.email,
        status=Place.Status.CONFIRMED,
        is_free_place=True,
    )


def _step(place, session, what, by_when, **fields) -> ActionStep:
    step, _ = ActionStep.objects.get_or_create(
        place=place,
        session=session,
        what=what,
        defaults={
            "owner": place.attendee,
            "by_when": by_when,
            "created_at": session.ends_at,
            **fields,
        },
    )
    return step


def _steps(places, sessions, today, facilitator) -> None:
    alex, amina, tom, kerry, sunita, david, beth, rhys = places
    s1, s2, s3 = sessions[:3]
    done = _step(
        alex,
        s1,
        "Run a listening walk on the Fairfield estate with two residents.",
        today - dt.timedelta(days=40),
        status="done",
        reflection="Eight residents joined; the play area came up again and again.",
        shared=True,
        completed_at=s2.starts_at - dt.timedelta(days=5),
    )
    StepComment.objects.get_or_create(
        step=done,
        body="Lovely. Could the play area be a first small win?",
        defaults={"author": facilitator},
    )
    _step(
        alex,
        s2,
        "Ask the tenants' association which decisions they want a say in.",
        today + dt.timedelta(days=10),
        status="trying",
        reflection="Met the chair; the full group meets next week.",
        who_might_help="Tom (Riverside Housing)",
    )
    _step(
        alex,
        s3,
        "Invite the youth club to the next ward forum.",
        today + dt.timedelta(days=20),
        who_might_help="Sunita",
    )
    _step(
        amina, s3, "Map who already runs groups at the hub.", today + dt.timedelta(14)
    )
    _step(
        tom,
        s2,
        "Co-write the newsletter with two tenants.",
        today,
        status="done",
        reflection="They chose the topics; more replies than ever.",
    )
    stuck = _step(
        kerry,
        s1,
        "Walk the beat with a community group leader.",
        today - dt.timedelta(days=20),
        status="trying",
    )
    _step(kerry, s3, "Hold a drop-in at the library.", today - dt.timedelta(days=1))
    _step(
        sunita,
        s3,
        "Ask parents what would make school events easier.",
        today + dt.timedelta(days=12),
        shared=True,
    )
    _step(
        david,
        s2,
        "Bring two faith groups together over food.",
        today - dt.timedelta(days=6),
    )
    _step(beth, s3, "Start a walking group with patients.", today + dt.timedelta(18))
    _step(
        rhys,
        s1,
        "Recruit volunteers from the food bank users.",
        today - dt.timedelta(days=30),
        status="dropped",
        reflection="Not the right time for them.",
    )
    if not FollowUp.objects.filter(place=kerry).exists():
        FollowUp.objects.create(
            place=kerry,
            step=stuck,
            reason="Missed session 2 and a step is overdue.",
            flagged_by=facilitator,
        )
    if not FollowUp.objects.filter(place=david).exists():
        FollowUp.objects.create(
            place=david,
            reason="Asked for help finding a venue.",
            flagged_by=facilitator,
            outcome="Phoned; the community centre can host for free.",
            contacted_by=facilitator,
            contacted_at=timezone.now() - dt.timedelta(days=3),
        )


def _rounds(sessions, facilitator) -> None:
    for after, seed, reported in [
        (sessions[1], 2026, True),
        (sessions[2], 2027, False),
    ]:
        round = CatchUpRound.objects.filter(after_session=after).first()
        if round is None:
            round = start_round(actor=facilitator, after_session=after, seed=seed)
            # Marked sent directly: a demo sends no introduction emails.
            round.status = CatchUpRound.Status.SENT
            round.sent_at = after.ends_at + dt.timedelta(days=1)
            round.save(update_fields=["status", "sent_at"])
            if reported:
                for i, pair in enumerate(round.pairs.order_by("position")):
                    pair.outcome = (
                        CatchUpPair.Outcome.NOT_MET
                        if i == 1
                        else CatchUpPair.Outcome.MET
                    )
                    pair.reported_by = (
                        CatchUpMember.objects.filter(pair=pair).first().user
                    )
                    pair.reported_at = round.sent_at + dt.timedelta(days=7)
                    pair.save()


def _log(place: Place, today: dt.date) -> None:
    for days, what, minutes, kind in [
        (
            30,
            "Read the community empowerment toolkit, chapters 1-2",
            90,
            "self_directed",
        ),
        (20, "Coffee catch-up with Amina", 30, "catch_up"),
    ]:
        CpdLogEntry.objects.get_or_create(
            user=place.attendee,
            place=place,
            what=what,
            defaults={
                "on": today - dt.timedelta(days=days),
                "minutes": minutes,
                "kind": kind,
            },
        )
