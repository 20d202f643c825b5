import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.errors import EvaluationError
from evaluation.models import Answer, QuestionnaireRun, Response
from evaluation.questionnaires import export_table, run_results, submit_response
from tests.evaluation import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(cohort):
    return builders.run(cohort)


GOOD = {
    "How useful?": "4",
    "How many sessions?": "All",
    "What changed?": ["Met people"],
    "Recommend?": "yes",
    "Best part?": "The stories",
}


def answers_by_text(run, values):
    questions = {q.text: q.pk for q in run.questionnaire.questions.all()}
    return {questions[text]: value for text, value in values.items()}


def test_a_participant_answers_every_kind_of_question(run, person):
    response = submit_response(run=run, user=person, answers=answers_by_text(run, GOOD))
    stored = {
        a.question.text: (a.number, a.text, a.choices)
        for a in response.answers.select_related("question")
    }
    assert stored == {
        "How useful?": (4, "", []),
        "How many sessions?": (None, "", ["All"]),
        "What changed?": (None, "", ["Met people"]),
        "Recommend?": (1, "", []),
        "Best part?": (None, "The stories", []),
    }


def test_an_anonymous_questionnaire_stores_no_link_to_the_person(run, person):
    response = submit_response(run=run, user=person, answers=answers_by_text(run, GOOD))
    assert response.respondent is None


def test_a_named_questionnaire_keeps_who_answered(cohort, person):
    named = builders.run(cohort, anonymous=False)
    response = submit_response(
        run=named, user=person, answers=answers_by_text(named, GOOD)
    )
    assert response.respondent == person


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("How useful?", "6", "from 1 to 5"),
        ("How useful?", "0", "from 1 to 5"),
        ("How many sessions?", "Most", "one of the options"),
        ("What changed?", ["Flew to the moon"], "from the options"),
        ("Recommend?", "maybe", "yes or no"),
    ],
)
def test_an_answer_outside_what_the_question_allows_is_refused_and_nothing_saved(
    run, person, question, value, message
):
    with pytest.raises(EvaluationError, match=message) as refused:
        submit_response(
            run=run,
            user=person,
            answers=answers_by_text(run, {**GOOD, question: value}),
        )
    assert refused.value.field.startswith("q")
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_a_required_question_left_empty_is_refused(run, person):
    with pytest.raises(EvaluationError, match="Answer this question"):
        submit_response(
            run=run, user=person, answers=answers_by_text(run, {"Best part?": "x"})
        )
    assert not Response.objects.exists()


def test_a_replayed_submission_is_refused(run, person):
    submit_response(run=run, user=person, answers=answers_by_text(run, GOOD))
    with pytest.raises(EvaluationError, match="already answered"):
        submit_response(run=run, user=person, answers=answers_by_text(run, GOOD))
    assert Response.objects.count() == 1


def test_answers_after_the_window_closes_are_refused(cohort, person):
    closed = builders.run(cohort, opened_days_ago=20, closes_in_days=-1)
    with pytest.raises(EvaluationError, match="has closed"):
        submit_response(run=closed, user=person, answers=answers_by_text(closed, GOOD))
    assert not Response.objects.exists()


def test_answers_before_the_window_opens_are_refused(cohort, person):
    later = builders.run(cohort, opened_days_ago=-2, closes_in_days=10)
    with pytest.raises(EvaluationError, match="not open yet"):
        submit_response(run=later, user=person, answers=answers_by_text(later, GOOD))


def test_someone_not_in_the_cohort_is_refused(run):
    with pytest.raises(EvaluationError, match="cohort's participants"):
        submit_response(run=run, user=UserFactory(), answers=answers_by_text(run, GOOD))
    assert not Response.objects.exists()


def test_the_questionnaire_page_is_a_404_for_someone_not_in_the_cohort(client, run):
    client.force_login(UserFactory())
    response = client.get(reverse("evaluation:questionnaire", args=[run.pk]))
    assert response.status_code == 404


def test_the_questionnaire_page_states_that_it_is_anonymous(client, run, person):
    client.force_login(person)
    page = client.get(reverse("evaluation:questionnaire", args=[run.pk]))
    assert "This questionnaire is anonymous" in page.content.decode()


def test_the_questionnaire_page_shows_a_refusal_beside_the_question(
    client, run, person
):
    client.force_login(person)
    data = {
        f"q{pk}": v
        for pk, v in answers_by_text(run, {**GOOD, "How useful?": "9"}).items()
    }
    page = client.post(reverse("evaluation:questionnaire", args=[run.pk]), data)
    assert "Choose a number from 1 to 5" in page.content.decode()
    assert not Response.objects.exists()


def test_results_count_anonymous_answers_and_the_response_rate(cohort, run, person):
    other = builders.participant(cohort)
    builders.participant(cohort)  # invited, did not answer
    builders.response(run, person, {"How useful?": 4})
    builders.response(run, other, {"How useful?": 2})
    results = run_results(run)
    assert str(results.rate) == "2 of 3 (67%)"
    scale = results.questions[0].summary.scale
    assert (scale.count, str(scale.mean)) == (2, "3.00")


def test_a_named_export_of_an_anonymous_questionnaire_is_refused(run, person):
    builders.response(run, person, {"How useful?": 4})
    with pytest.raises(EvaluationError, match="cannot be exported with names"):
        export_table(run, named=True)


def test_the_anonymous_export_has_no_names_or_emails(run, person):
    builders.response(run, person, {"How useful?": 4, "Best part?": "Talk"})
    header, rows = export_table(run)
    assert "Name" not in header
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert person.full_name not in flat
    assert person.email not in flat
    assert rows[0][2] == 4


def test_a_named_export_of_a_named_questionnaire_gives_names(cohort, person):
    named = builders.run(cohort, anonymous=False)
    builders.response(named, person, {"How useful?": 5})
    header, rows = export_table(named, named=True)
    assert header[2:4] == ["Name", "Email"]
    assert rows[0][2:4] == [person.full_name, person.email]


def test_a_run_must_close_after_it_opens(cohort):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    run = QuestionnaireRun(
        questionnaire=builders.questionnaire(),
        cohort=cohort,
        opens_at=now,
        closes_at=now - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        run.full_clean()


def test_a_programmes_questionnaire_cannot_run_for_another_programmes_cohort(cohort):
    from django.core.exceptions import ValidationError

    from tests.factories import ProgrammeFactory

    now = timezone.now()
    run = QuestionnaireRun(
        questionnaire=builders.questionnaire(programme=ProgrammeFactory()),
        cohort=cohort,
        opens_at=now,
        closes_at=now + dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="another programme"):
        run.full_clean()


def test_the_default_end_of_cohort_evaluation_comes_with_the_product():
    from evaluation.models import Questionnaire

    default = Questionnaire.objects.get(is_default=True)
    kinds = set(default.questions.values_list("kind", flat=True))
    assert default.anonymous
    assert kinds == {"scale", "single", "multiple", "yes_no", "short_text", "long_text"}
