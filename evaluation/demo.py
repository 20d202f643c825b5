"""Demo data for the finished cohort: feedback, an evaluation, assessments and
journal answers, so its review report has something to tell a funder.

Called by ``seed_demo``; safe to run twice (it stops if the cohort already has
its evaluation). Rows are written directly with past dates: the windows the
services enforce closed long ago.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction

from bookings.models import Order, Place
from cohorts.models import Cohort
from cop.models import User
from cpd.attendance import record_attendance
from evaluation.keys import COHORT_REVIEW_KEY, cohort_key, respondent_key
from evaluation.models import (
    Answer,
    Assessment,
    JournalAnswer,
    Questionnaire,
    QuestionnaireRun,
    Rating,
    ReflectiveQuestion,
    ResearchConsent,
    Response,
    SessionFeedback,
    Statement,
)

PEERS = [
    ("Aisha Rahman", "Neighbourhood coordinator"),
    ("Tom Whitfield", "Police community support officer"),
    ("Grace Mensah", "Housing engagement officer"),
    ("Daniel Price", "Youth worker"),
    ("Lucy Chen", "Public health practitioner"),
    ("Owen Davies", "Community development worker"),
]
WORKED = [
    "Hearing how others handled the same pressures.",
    "The small-group discussion of real cases.",
    "Time to plan an action step with a peer.",
    "Practical examples I could use the next day.",
    "",
]
CHANGE = [
    "A little more time in small groups.",
    "Share the reading before the session.",
    "",
    "",
    "Fewer slides, more discussion.",
]
SESSION_QUESTIONS = {
    1: "What do you most hope to get from this community of practice?",
    3: "Which informal group could you work with differently, and how?",
    5: "Where could you share power in a decision you are part of?",
}
PROGRAMME_QUESTION = "What will you do differently in your practice after this year?"
JOURNAL = {
    1: "To stop working on my own and learn from people facing the same things.",
    3: "The tenants' group on Mill Street: meet them where they already gather.",
    5: "The allocation of the small grants budget; residents could decide it.",
    None: "Start from what groups already do, and plan action steps with a peer.",
}


def seed_evaluation(*, facilitator: User, practitioner: User) -> None:
    """Fill the finished demo cohort (neighbourhood-practice 2025-26)."""
    cohort = Cohort.objects.filter(
        programme__slug="neighbourhood-practice", slug="2025-26"
    ).first()
    if cohort is None or cohort.questionnaire_runs.exists():
        return
    with transaction.atomic():
        people = [practitioner, *_peers(cohort, facilitator)]
        sessions = list(cohort.sessions.order_by("starts_at"))
        rng = random.Random(2026)  # the same demo every time
        _feedback(sessions, people, rng)
        _evaluation(cohort, sessions, people, rng)
        _assessments(cohort, people, facilitator, rng)
        _journal(cohort, sessions, people)


def _peers(cohort: Cohort, facilitator: User) -> list[User]:
    people = []
    sessions = list(cohort.sessions.order_by("number"))
    for index, (name, role) in enumerate(PEERS, 1):
        email = f"peer{index}@example.com"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, None, full_name=name, job_role=role)
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
        place = Place.objects.filter(cohort=cohort, attendee=user).first()
        if place is None:
            order = Order.objects.create(
                cohort=cohort,
                booker=user,
                status=Order.Status.CONFIRMED,
                payment_method=Order.PaymentMethod.FREE,
                total=Decimal("0.00"),
                created_at=sessions[0].starts_at - dt.timedelta(days=30),
            )
            place = Place.objects.create(
                order=order,
                cohort=cohort,
                attendee=user,
                attendee_name=name,
                attendee_email=email,
                status=Place.Status.CONFIRMED,
                is_free_place=True,
            )
            for session in sessions:
                missed = (session.number + index) % 5 == 0
                record_attendance(
                    session=session,
                    place=place,
                    status="apologies" if missed else "attended",
                    activity_completed=not missed,
                    actor=facilitator,
                )
        people.append(user)
    return people


def _feedback(sessions, people, rng) -> None:
    for session in sessions:
        base = 3 + (session.number >= 3) + (session.number == 4)
        for index, person in enumerate(people):
            if (session.number + index) % 5 == 0:
                continue  # did not attend, or did not answer
            anonymous = index % 3 == 2
            SessionFeedback.objects.create(
                session=session,
                respondent=None if anonymous else person,
                respondent_key=respondent_key(person, f"session:{session.pk}"),
                usefulness=min(5, max(1, base + rng.choice([-1, 0, 0, 1]))),
                worked=rng.choice(WORKED),
                change=rng.choice(CHANGE),
                anonymous=anonymous,
            )


def _evaluation(cohort, sessions, people, rng) -> None:
    questionnaire = Questionnaire.objects.filter(is_default=True).first()
    if questionnaire is None:
        return
    last = sessions[-1]
    run = QuestionnaireRun.objects.create(
        questionnaire=questionnaire,
        cohort=cohort,
        opens_at=last.starts_at,
        closes_at=last.ends_at + dt.timedelta(days=14),
    )
    questions = list(questionnaire.questions.all())
    for person in people[:-1]:  # one did not answer
        response = Response.objects.create(
            run=run,
            respondent=None if questionnaire.anonymous else person,
            respondent_key=respondent_key(person, f"run:{run.pk}"),
        )
        rows = []
        for question in questions:
            answer = _answer(question, rng)
            if answer is not None:
                answer.response = response
                rows.append(answer)
        Answer.objects.bulk_create(rows)


def _answer(question, rng) -> Answer | None:
    kind = question.kind
    if kind == "scale":
        return Answer(question=question, number=rng.choice([4, 4, 5, 5, 3]))
    if kind == "yes_no":
        return Answer(question=question, number=rng.choice([1, 1, 1, 0]))
    if kind == "single":
        return Answer(question=question, choices=[rng.choice(question.options[:3])])
    if kind == "multiple":
        picks = rng.sample(question.options[:4], k=rng.choice([1, 2, 3]))
        return Answer(question=question, choices=picks)
    if kind == "short_text":
        return Answer(question=question, text=rng.choice(WORKED[:4]))
    text = rng.choice(CHANGE)
    return Answer(question=question, text=text) if text else None


def _rate(assessment, statements, score_of) -> None:
    Rating.objects.bulk_create(
        Rating(assessment=assessment, statement=s, score=score_of(s))
        for s in statements
    )


def _assessments(cohort, people, facilitator, rng) -> None:
    statements = list(
        Statement.objects.filter(is_active=True).select_related("dimension")
    )
    growth = {
        "Confident": 2,
        "Inclusive": 1,
        "Organised": 1,
        "Cooperative": 1,
        "Influential": 0,
    }
    for person in people:
        key = cohort_key(person, cohort.pk)
        start = Assessment.objects.create(
            cohort=cohort, stage="start", respondent=person, respondent_key=key
        )
        starts = {s.pk: rng.choice([2, 2, 3, 3, 4]) for s in statements}
        _rate(start, statements, lambda s, starts=starts: starts[s.pk])
        end = Assessment.objects.create(
            cohort=cohort, stage="end", respondent=person, respondent_key=key
        )
        _rate(
            end,
            statements,
            lambda s, starts=starts: min(
                5,
                starts[s.pk]
                + growth.get(s.dimension.name, 0)
                + rng.choice([-1, 0, 0, 1]) // 2,
            ),
        )
    for stage, shift in [("start", 0), ("end", 1)]:
        review = Assessment.objects.create(
            cohort=cohort,
            stage=stage,
            is_cohort_review=True,
            respondent=facilitator,
            respondent_key=COHORT_REVIEW_KEY,
            notes=(
                "Plan: build confidence first, then organise around shared cases."
                if stage == "start"
                else "The group now runs its own case clinics between sessions."
            ),
        )
        _rate(
            review,
            statements,
            lambda s, shift=shift: min(
                5, 2 + shift + growth.get(s.dimension.name, 0) // 2
            ),
        )


def _journal(cohort, sessions, people) -> None:
    by_number = {s.number: s for s in sessions}
    questions = {
        number: ReflectiveQuestion.objects.get_or_create(
            programme=cohort.programme, session=by_number[number], text=text
        )[0]
        for number, text in SESSION_QUESTIONS.items()
        if number in by_number
    }
    questions[None] = ReflectiveQuestion.objects.get_or_create(
        programme=cohort.programme, session=None, text=PROGRAMME_QUESTION
    )[0]
    for index, person in enumerate(people[:4]):
        for number, question in questions.items():
            if index and number == 5:
                continue
            JournalAnswer.objects.get_or_create(
                question=question,
                cohort=cohort,
                author=person,
                defaults={"text": JOURNAL[number]},
            )
        ResearchConsent.objects.get_or_create(
            user=person, defaults={"given": index % 2 == 0}
        )
