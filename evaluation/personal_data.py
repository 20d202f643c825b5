"""What this app holds about a person, a copy of it, and erasure.

Named answers (feedback given with one's name, answers to named
questionnaires, journal answers, the research consent) are the person's and
are deleted on erasure. Anonymous answers carry no link to the person and
are kept: they only ever count in aggregates. Self-assessments are kept for
the cohort's figures with the link to the person removed (their start and
end stay paired under a new random key, so the change per dimension holds).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils.crypto import salted_hmac

from bookings.models import Place
from cohorts.models import Session
from cop.privacy import declare, declare_deleted, randomise, wipe
from evaluation.keys import cohort_key, respondent_key
from evaluation.models import (
    Answer,
    Assessment,
    JournalAnswer,
    QuestionnaireRun,
    ResearchConsent,
    Response,
    SessionFeedback,
)

# Named answers go with the person; anonymous ones never pointed at them.
FEEDBACK = declare_deleted(SessionFeedback, "respondent_key", "worked", "change")
RESPONSES = declare_deleted(Response, "respondent_key")
JOURNAL = declare_deleted(JournalAnswer, "text")
# Self-assessments stay for the cohort's figures, unlinked and without notes.
ASSESSMENTS = declare(Assessment, randomise("respondent_key"), wipe("notes"))
DECLARATIONS = [FEEDBACK, RESPONSES, JOURNAL, ASSESSMENTS]


def _cohort_ids(user) -> list[int]:
    return list(Place.objects.filter(attendee=user).values_list("cohort_id", flat=True))


def _feedback(user) -> list[dict[str, Any]]:
    sessions = Session.objects.filter(cohort_id__in=_cohort_ids(user))
    keys = [
        respondent_key(user, f"session:{pk}")
        for pk in sessions.values_list("pk", flat=True)
    ]
    rows = SessionFeedback.objects.filter(respondent_key__in=keys).select_related(
        "session__cohort"
    )
    return [
        {
            "session": str(f.session),
            "cohort": str(f.session.cohort),
            "usefulness": f.usefulness,
            "what_worked": f.worked,
            "what_to_change": f.change,
            "anonymous": f.anonymous,
            "updated_at": f.updated_at.isoformat(),
        }
        for f in rows
    ]


def _responses(user) -> list[dict[str, Any]]:
    runs = QuestionnaireRun.objects.filter(cohort_id__in=_cohort_ids(user))
    keys = [
        respondent_key(user, f"run:{pk}") for pk in runs.values_list("pk", flat=True)
    ]
    responses = Response.objects.filter(respondent_key__in=keys).select_related(
        "run__questionnaire", "run__cohort"
    )
    answers = Answer.objects.filter(response__in=responses).select_related("question")
    by_response: dict[int, list[dict[str, Any]]] = {}
    for answer in answers:
        by_response.setdefault(answer.response_id, []).append(
            {
                "question": answer.question.text,
                "number": answer.number,
                "text": answer.text,
                "choices": answer.choices,
            }
        )
    return [
        {
            "questionnaire": r.run.questionnaire.title,
            "cohort": str(r.run.cohort),
            "anonymous": r.run.questionnaire.anonymous,
            "submitted_at": r.submitted_at.isoformat(),
            "answers": by_response.get(r.pk, []),
        }
        for r in responses
    ]


def _assessments(user) -> list[dict[str, Any]]:
    rows = (
        Assessment.objects.filter(respondent=user)
        .select_related("cohort")
        .prefetch_related("ratings__statement__dimension")
    )
    return [
        {
            "cohort": str(a.cohort),
            "stage": a.stage,
            "cohort_review": a.is_cohort_review,
            "notes": a.notes,
            "ratings": [
                {
                    "dimension": r.statement.dimension.name,
                    "statement": r.statement.text,
                    "score": r.score,
                }
                for r in a.ratings.all()
            ],
        }
        for a in rows
    ]


def export(user) -> dict[str, Any]:
    consent = ResearchConsent.objects.filter(user=user).first()
    return {
        "session_feedback": _feedback(user),
        "questionnaire_responses": _responses(user),
        "empowerment_assessments": _assessments(user),
        "journal_answers": [
            {
                "cohort": str(a.cohort),
                "question": a.question.text,
                "answer": a.text,
                "updated_at": a.updated_at.isoformat(),
            }
            for a in JournalAnswer.objects.filter(author=user).select_related(
                "cohort", "question"
            )
        ],
        "research_consent": {
            "given": consent.given,
            "changed_at": consent.changed_at.isoformat(),
        }
        if consent
        else None,
    }


@transaction.atomic
def erase(user) -> None:
    """Delete named answers; keep anonymous ones and unlinked assessments."""
    FEEDBACK.erase(SessionFeedback.objects.filter(respondent=user), user)
    RESPONSES.erase(Response.objects.filter(respondent=user), user)
    JOURNAL.erase(JournalAnswer.objects.filter(author=user), user)
    ASSESSMENTS.erase(Assessment.objects.filter(respondent=user), user)
    ResearchConsent.objects.filter(user=user).delete()
    salt = secrets.token_hex(16)
    for cohort_id in set(
        Assessment.objects.filter(respondent=user, is_cohort_review=False).values_list(
            "cohort_id", flat=True
        )
    ):
        unlinked = salted_hmac(salt, cohort_key(user, cohort_id)).hexdigest()
        Assessment.objects.filter(
            respondent=user, is_cohort_review=False, cohort_id=cohort_id
        ).update(respondent=None, respondent_key=unlinked)
    Assessment.objects.filter(respondent=user, is_cohort_review=True).update(
        respondent=None, notes=""
    )
