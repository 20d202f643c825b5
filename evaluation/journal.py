"""The reflective journal: private answers to the facilitator's questions.

Only the author ever sees their answers. A separate consent lets their
answers be pooled for research, anonymised: the research export carries no
name, email or organisation, but free text is kept as written (the consent
page says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Session
from evaluation import access
from evaluation.errors import EvaluationError
from evaluation.models import JournalAnswer, ReflectiveQuestion, ResearchConsent

MAX_ANSWER = 10_000


@dataclass
class JournalEntry:
    question: ReflectiveQuestion
    answer: JournalAnswer | None


@dataclass
class JournalSection:
    session: Session | None  # None: questions for the whole programme
    entries: list[JournalEntry] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.session is None:
            return _("Throughout the programme")
        return _("Session %(number)d: %(title)s") % {
            "number": self.session.number,
            "title": self.session.title,
        }


def questions_for(cohort: Cohort):
    return (
        ReflectiveQuestion.objects.filter(programme_id=cohort.programme_id)
        .filter(Q(session__isnull=True) | Q(session__cohort=cohort))
        .select_related("session")
    )


def journal(user, cohort: Cohort) -> list[JournalSection]:
    """The person's journal for a cohort: sections in session order, then the
    programme-wide questions."""
    answers = {
        a.question_id: a
        for a in JournalAnswer.objects.filter(author=user, cohort=cohort)
    }
    sections: dict[int | None, JournalSection] = {}
    questions = sorted(
        questions_for(cohort),
        key=lambda q: (
            q.session is None,
            q.session.starts_at.timestamp() if q.session else 0,
            q.position,
            q.pk,
        ),
    )
    for question in questions:
        section = sections.setdefault(
            question.session_id, JournalSection(session=question.session)
        )
        section.entries.append(JournalEntry(question, answers.get(question.pk)))
    return list(sections.values())


def save_answers(*, cohort: Cohort, user, answers: Mapping[int, str]) -> int:
    """Save the journal page; empty answers are removed. Returns rows kept."""
    if not access.is_participant(user, cohort):
        raise EvaluationError(
            _("Only participants of this cohort keep a journal here.")
        )
    allowed = {q.pk for q in questions_for(cohort)}
    for pk, text in answers.items():
        if pk not in allowed:
            raise EvaluationError(_("That question is not part of this journal."))
        if len(text) > MAX_ANSWER:
            raise EvaluationError(
                _("Keep each answer under %(limit)d characters.")
                % {"limit": MAX_ANSWER},
                field=f"j{pk}",
            )
    kept = 0
    with transaction.atomic():
        for pk, text in answers.items():
            text = text.strip()
            if not text:
                JournalAnswer.objects.filter(
                    question_id=pk, cohort=cohort, author=user
                ).delete()
                continue
            JournalAnswer.objects.update_or_create(
                question_id=pk, cohort=cohort, author=user, defaults={"text": text}
            )
            kept += 1
    return kept


def has_consented(user) -> bool:
    return ResearchConsent.objects.filter(user=user, given=True).exists()


def set_research_consent(*, user, given: bool) -> ResearchConsent:
    consent, _created = ResearchConsent.objects.update_or_create(
        user=user, defaults={"given": given}
    )
    return consent


RESEARCH_HEADER = ["Programme", "Cohort", "Session", "Question", "Answer"]


def research_rows(programmes) -> list[list[str]]:
    """Consented answers only: no name, email or organisation, ordered by
    question and then by when last edited (never by person)."""
    answers = (
        JournalAnswer.objects.filter(
            author__research_consent__given=True,
            cohort__programme__in=programmes,
        )
        .select_related("question__session", "cohort__programme")
        .order_by(
            "cohort__programme__name", "cohort__name", "question_id", "updated_at"
        )
    )
    return [
        [
            a.cohort.programme.name,
            a.cohort.name,
            str(a.question.session.number) if a.question.session else "",
            a.question.text,
            a.text,
        ]
        for a in answers
    ]
