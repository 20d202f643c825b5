"""Rows for the evaluation tests, made directly."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from evaluation.keys import cohort_key, respondent_key
from evaluation.models import (
    Answer,
    Assessment,
    Question,
    Questionnaire,
    QuestionnaireRun,
    Rating,
    Response,
    SessionFeedback,
    Statement,
)
from tests.factories import (
    CohortFactory,
    PlaceFactory,
    UserFactory,
    add_sessions,
)


def running_cohort(*, sessions: int = 4, started_weeks_ago: int = 2, **fields):
    """Weekly sessions, the first ``started_weeks_ago`` weeks less a day ago."""
    cohort = CohortFactory(status="running", **fields)
    first = (
        timezone.now() - dt.timedelta(weeks=started_weeks_ago) + dt.timedelta(days=1)
    )
    add_sessions(cohort, sessions, first=first)
    return cohort


def participant(cohort, **user_fields):
    person = UserFactory(**user_fields)
    PlaceFactory(order__cohort=cohort, cohort=cohort, attendee=person)
    return person


def facilitator(cohort, **user_fields):
    person = UserFactory(is_staff=True, **user_fields)
    cohort.programme.facilitators.add(person)
    return person


def questionnaire(*, programme=None, anonymous=True, kinds=None, title="Evaluation"):
    q = Questionnaire.objects.create(
        programme=programme, title=title, anonymous=anonymous
    )
    specs = kinds or [
        ("scale", "How useful?", ""),
        ("single", "How many sessions?", "All\nSome\nNone"),
        ("multiple", "What changed?", "Tried something\nMet people\nNothing"),
        ("yes_no", "Recommend?", ""),
        ("short_text", "Best part?", ""),
        ("long_text", "What to change?", ""),
    ]
    for position, (kind, text, choices) in enumerate(specs):
        Question.objects.create(
            questionnaire=q,
            position=position,
            kind=kind,
            text=text,
            choices=choices,
            required=kind == "scale",
        )
    return q


def run(cohort, questionnaire_=None, *, opened_days_ago=1, closes_in_days=13, **kw):
    now = timezone.now()
    return QuestionnaireRun.objects.create(
        questionnaire=questionnaire_ or questionnaire(programme=cohort.programme, **kw),
        cohort=cohort,
        opens_at=now - dt.timedelta(days=opened_days_ago),
        closes_at=now + dt.timedelta(days=closes_in_days),
    )


def response(run_, person, answers: dict[str, object]):
    """Answers by question text: numbers, text, or a list of choices."""
    anonymous = run_.questionnaire.anonymous
    response_ = Response.objects.create(
        run=run_,
        respondent=None if anonymous else person,
        respondent_key=respondent_key(person, f"run:{run_.pk}"),
    )
    for question in run_.questionnaire.questions.all():
        value = answers.get(question.text)
        if value is None:
            continue
        if isinstance(value, list):
            Answer.objects.create(response=response_, question=question, choices=value)
        elif isinstance(value, int):
            Answer.objects.create(response=response_, question=question, number=value)
        else:
            Answer.objects.create(response=response_, question=question, text=value)
    return response_


def feedback(session, person, usefulness: int, *, anonymous=False, **fields):
    return SessionFeedback.objects.create(
        session=session,
        respondent=None if anonymous else person,
        respondent_key=respondent_key(person, f"session:{session.pk}"),
        usefulness=usefulness,
        anonymous=anonymous,
        **fields,
    )


def assessment(cohort, person, stage: str, score_for: dict[str, int] | int):
    """Rate every active statement; ``score_for`` by dimension name, or one score."""
    a = Assessment.objects.create(
        cohort=cohort,
        stage=stage,
        respondent=person,
        respondent_key=cohort_key(person, cohort.pk),
    )
    for statement in Statement.objects.filter(is_active=True).select_related(
        "dimension"
    ):
        score = (
            score_for
            if isinstance(score_for, int)
            else score_for.get(statement.dimension.name, 3)
        )
        Rating.objects.create(assessment=a, statement=statement, score=score)
    return a


def scores_for_all(score: int) -> dict[int, str]:
    return {s.pk: str(score) for s in Statement.objects.filter(is_active=True)}


def evaluation_rows(person, place) -> dict[str, object]:
    """One row of each evaluation model that holds something about ``person``
    (named, so erasure has something to do), for the portal's erasure test."""
    from evaluation.models import JournalAnswer, ReflectiveQuestion
    from tests.factories import SessionFactory

    cohort = place.cohort
    session = SessionFactory(cohort=cohort, number=97)
    named = run(cohort, questionnaire(programme=cohort.programme, anonymous=False))
    question = ReflectiveQuestion.objects.create(
        programme=cohort.programme, text="What surprised you?"
    )
    return {
        "evaluation.SessionFeedback": feedback(session, person, 4, worked="Talks"),
        "evaluation.Response": response(named, person, {}),
        "evaluation.JournalAnswer": JournalAnswer.objects.create(
            question=question, cohort=cohort, author=person, text="Much"
        ),
        "evaluation.Assessment": assessment(cohort, person, "start", 3),
    }
