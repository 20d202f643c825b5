import pytest

from evaluation import personal_data
from evaluation.aggregates import summarise_scale
from evaluation.assessments import cohort_change
from evaluation.journal import save_answers, set_research_consent
from evaluation.models import (
    Assessment,
    JournalAnswer,
    ReflectiveQuestion,
    ResearchConsent,
    Response,
    SessionFeedback,
)
from tests.evaluation import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(cohort, sessions, person):
    builders.feedback(sessions[0], person, 4, worked="Named words")
    builders.feedback(sessions[1], person, 2, anonymous=True, change="Anon words")
    named = builders.run(cohort, anonymous=False, title="Named survey")
    anonymous = builders.run(cohort, title="Anonymous survey")
    builders.response(named, person, {"How useful?": 5})
    builders.response(anonymous, person, {"How useful?": 3})
    builders.assessment(cohort, person, "start", 2)
    builders.assessment(cohort, person, "end", 4)
    question = ReflectiveQuestion.objects.create(
        programme=cohort.programme, text="What next?"
    )
    save_answers(cohort=cohort, user=person, answers={question.pk: "Try pairs"})
    set_research_consent(user=person, given=True)
    return cohort


def test_the_export_holds_named_and_anonymous_feedback(history, person):
    data = personal_data.export(person)
    assert sorted(f["usefulness"] for f in data["session_feedback"]) == [2, 4]


def test_the_export_holds_both_questionnaire_responses(history, person):
    data = personal_data.export(person)
    titles = sorted(r["questionnaire"] for r in data["questionnaire_responses"])
    assert titles == ["Anonymous survey", "Named survey"]


def test_the_export_holds_assessments_journal_and_consent(history, person):
    data = personal_data.export(person)
    assert {a["stage"] for a in data["empowerment_assessments"]} == {"start", "end"}
    assert data["journal_answers"][0]["answer"] == "Try pairs"
    assert data["research_consent"]["given"] is True


def test_the_export_has_nothing_of_anyone_elses(history, person, cohort):
    other = builders.participant(cohort)
    data = personal_data.export(other)
    assert data["session_feedback"] == []
    assert data["journal_answers"] == []


def test_erasure_removes_named_answers(history, person):
    personal_data.erase(person)
    assert not SessionFeedback.objects.filter(worked="Named words").exists()
    assert not Response.objects.filter(respondent=person).exists()
    assert not JournalAnswer.objects.exists()
    assert not ResearchConsent.objects.exists()


def test_erasure_keeps_anonymous_answers_for_the_aggregates(history, person):
    personal_data.erase(person)
    assert SessionFeedback.objects.filter(change="Anon words").exists()
    assert Response.objects.filter(run__questionnaire__anonymous=True).count() == 1
    scores = SessionFeedback.objects.values_list("usefulness", flat=True)
    assert summarise_scale(scores).count == 1


def test_erasure_unlinks_assessments_but_keeps_the_change(history, person):
    before = cohort_change(history)[0]
    personal_data.erase(person)
    assert not Assessment.objects.filter(respondent=person).exists()
    after = cohort_change(history)[0]
    assert (after.people, after.mean_change) == (before.people, before.mean_change)
