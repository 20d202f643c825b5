import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from evaluation.errors import EvaluationError
from evaluation.journal import (
    journal,
    research_rows,
    save_answers,
    set_research_consent,
)
from evaluation.models import JournalAnswer, ReflectiveQuestion
from tests.evaluation import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(cohort, sessions):
    programme = cohort.programme
    return [
        ReflectiveQuestion.objects.create(
            programme=programme, session=sessions[1], text="What surprised you?"
        ),
        ReflectiveQuestion.objects.create(
            programme=programme, session=sessions[0], text="Why did you join?"
        ),
        ReflectiveQuestion.objects.create(
            programme=programme, text="What will you try next?"
        ),
    ]


def test_the_journal_lists_questions_in_session_order_then_the_programmes(
    cohort, person, questions
):
    sections = journal(person, cohort)
    assert [e.question.text for s in sections for e in s.entries] == [
        "Why did you join?",
        "What surprised you?",
        "What will you try next?",
    ]
    assert sections[-1].title == "Throughout the programme"


def test_saving_keeps_answers_and_removes_emptied_ones(cohort, person, questions):
    save_answers(cohort=cohort, user=person, answers={questions[0].pk: "A lot"})
    save_answers(
        cohort=cohort,
        user=person,
        answers={questions[0].pk: " ", questions[2].pk: "Walk and talk"},
    )
    assert list(JournalAnswer.objects.values_list("text", flat=True)) == [
        "Walk and talk"
    ]


def test_a_question_from_another_programme_is_refused(cohort, person, questions):
    elsewhere = ReflectiveQuestion.objects.create(
        programme=builders.running_cohort().programme, text="Elsewhere?"
    )
    with pytest.raises(EvaluationError, match="not part of this journal"):
        save_answers(cohort=cohort, user=person, answers={elsewhere.pk: "x"})
    assert not JournalAnswer.objects.exists()


def test_another_participants_journal_is_a_404(client, cohort, questions):
    owner = builders.participant(cohort)
    JournalAnswer.objects.create(
        question=questions[0], cohort=cohort, author=owner, text="Private"
    )
    client.force_login(UserFactory())
    response = client.get(reverse("evaluation:journal", args=[cohort.pk]))
    assert response.status_code == 404


def test_a_journal_shows_only_its_authors_answers(client, cohort, person, questions):
    other = builders.participant(cohort)
    JournalAnswer.objects.create(
        question=questions[0], cohort=cohort, author=other, text="Other's secret"
    )
    client.force_login(person)
    page = client.get(reverse("evaluation:journal", args=[cohort.pk]))
    assert "Other's secret" not in page.content.decode()


def test_the_journal_downloads_as_a_pdf_with_the_answers(
    client, cohort, person, questions
):
    save_answers(cohort=cohort, user=person, answers={questions[1].pk: "To learn"})
    client.force_login(person)
    response = client.get(reverse("evaluation:journal_pdf", args=[cohort.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "To learn" in text


def test_the_research_export_holds_only_consented_answers_without_names(
    cohort, person, questions
):
    other = builders.participant(cohort, full_name="Sam Other")
    save_answers(cohort=cohort, user=person, answers={questions[0].pk: "Shared"})
    save_answers(cohort=cohort, user=other, answers={questions[0].pk: "Kept private"})
    set_research_consent(user=person, given=True)
    rows = research_rows([cohort.programme])
    assert [row[-1] for row in rows] == ["Shared"]
    flat = " ".join(" ".join(row) for row in rows)
    assert person.full_name not in flat
    assert person.email not in flat


def test_withdrawing_consent_removes_answers_from_the_research_export(
    cohort, person, questions
):
    save_answers(cohort=cohort, user=person, answers={questions[0].pk: "Shared"})
    set_research_consent(user=person, given=True)
    set_research_consent(user=person, given=False)
    assert research_rows([cohort.programme]) == []


def test_the_consent_page_says_free_text_is_kept_as_written(client, person):
    client.force_login(person)
    page = client.get(reverse("evaluation:consent")).content.decode()
    assert "Free text is kept as written" in page
