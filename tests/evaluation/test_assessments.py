import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.assessments import (
    cohort_change,
    programme_change,
    save_cohort_review,
    save_self_assessment,
)
from evaluation.errors import EvaluationError
from evaluation.models import Assessment, Rating, Statement
from tests.evaluation import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_five_dimensions_come_with_the_product():
    names = list(
        Statement.objects.values_list("dimension__name", flat=True)
        .order_by("dimension__position")
        .distinct()
    )
    assert names == [
        "Confident",
        "Inclusive",
        "Organised",
        "Cooperative",
        "Influential",
    ]


def test_a_participant_rates_every_statement_at_the_start():
    cohort = builders.running_cohort(started_weeks_ago=0)  # first session tomorrow
    person = builders.participant(cohort)
    assessment = save_self_assessment(
        cohort=cohort, user=person, stage="start", scores=builders.scores_for_all(2)
    )
    assert assessment.ratings.count() == Statement.objects.count()


def test_the_start_assessment_closes_when_the_first_session_ends(cohort, person):
    with pytest.raises(EvaluationError, match="closed when the first session ended"):
        save_self_assessment(
            cohort=cohort, user=person, stage="start", scores=builders.scores_for_all(2)
        )
    assert not Assessment.objects.exists()


def test_the_end_assessment_opens_at_the_last_session(cohort, person):
    with pytest.raises(EvaluationError, match="opens at the last session"):
        save_self_assessment(
            cohort=cohort, user=person, stage="end", scores=builders.scores_for_all(4)
        )


def test_the_end_assessment_is_open_after_the_last_session():
    cohort = builders.running_cohort(sessions=2, started_weeks_ago=3)
    person = builders.participant(cohort)
    assessment = save_self_assessment(
        cohort=cohort, user=person, stage="end", scores=builders.scores_for_all(4)
    )
    assert assessment.stage == "end"


@pytest.mark.parametrize("bad", ["0", "6", "x", ""])
def test_a_rating_outside_one_to_five_is_refused_and_nothing_saved(bad):
    cohort = builders.running_cohort(started_weeks_ago=0)
    person = builders.participant(cohort)
    scores = builders.scores_for_all(3)
    first = next(iter(scores))
    scores[first] = bad
    with pytest.raises(EvaluationError) as refused:
        save_self_assessment(cohort=cohort, user=person, stage="start", scores=scores)
    assert refused.value.field == f"s{first}"
    assert not Rating.objects.exists()


def test_changing_ones_ratings_replaces_them():
    cohort = builders.running_cohort(started_weeks_ago=0)
    person = builders.participant(cohort)
    save_self_assessment(
        cohort=cohort, user=person, stage="start", scores=builders.scores_for_all(2)
    )
    save_self_assessment(
        cohort=cohort, user=person, stage="start", scores=builders.scores_for_all(5)
    )
    assert set(Rating.objects.values_list("score", flat=True)) == {5}
    assert Assessment.objects.count() == 1


def test_someone_not_in_the_cohort_cannot_assess():
    cohort = builders.running_cohort(started_weeks_ago=0)
    with pytest.raises(EvaluationError, match="Only participants"):
        save_self_assessment(
            cohort=cohort,
            user=UserFactory(),
            stage="start",
            scores=builders.scores_for_all(3),
        )


def test_the_cohorts_change_pairs_each_persons_start_and_end(cohort):
    ana, ben = builders.participant(cohort), builders.participant(cohort)
    builders.assessment(cohort, ana, "start", 2)
    builders.assessment(cohort, ana, "end", 4)
    builders.assessment(cohort, ben, "start", 3)
    builders.assessment(cohort, ben, "end", 3)
    confident = cohort_change(cohort)[0]
    assert (confident.dimension, confident.people) == ("Confident", 2)
    assert (str(confident.mean_change), str(confident.spread)) == ("1.00", "1.00")


def test_the_programmes_change_is_given_per_cohort(cohort):
    other = builders.running_cohort(programme=cohort.programme)
    for c, end in [(cohort, 4), (other, 5)]:
        person = builders.participant(c)
        builders.assessment(c, person, "start", 3)
        builders.assessment(c, person, "end", end)
    result = {
        c.pk: changes[0].mean_change
        for c, changes in programme_change(cohort.programme)
    }
    assert {k: str(v) for k, v in result.items()} == {
        cohort.pk: "1.00",
        other.pk: "2.00",
    }


def test_a_facilitator_records_the_cohorts_own_review(cohort, staff):
    review = save_cohort_review(
        cohort=cohort, actor=staff, stage="start", scores=builders.scores_for_all(2)
    )
    assert review.is_cohort_review
    assert not any(c.people for c in cohort_change(cohort))


def test_another_programmes_facilitator_cannot_review_the_cohort(cohort):
    stranger = UserFactory(is_staff=True)
    with pytest.raises(EvaluationError, match="facilitators"):
        save_cohort_review(
            cohort=cohort,
            actor=stranger,
            stage="start",
            scores=builders.scores_for_all(2),
        )


def test_the_assessment_page_is_a_404_for_someone_not_in_the_cohort(client, cohort):
    client.force_login(UserFactory())
    url = reverse("evaluation:assessment", args=[cohort.pk, "start"])
    assert client.get(url).status_code == 404


def test_a_participant_sees_their_own_start_and_end_chart(client, cohort, person):
    builders.assessment(cohort, person, "start", 2)
    builders.assessment(cohort, person, "end", 4)
    client.force_login(person)
    page = client.get(reverse("evaluation:cohort", args=[cohort.pk])).content.decode()
    assert 'role="img"' in page
    assert "Your empowerment ratings, start and end" in page
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<script" not in svg


def test_the_cohort_page_is_a_404_for_someone_not_in_the_cohort(client, cohort):
    client.force_login(UserFactory())
    assert client.get(reverse("evaluation:cohort", args=[cohort.pk])).status_code == 404


def test_an_assessment_window_ends_thirty_days_after_the_last_session():
    from evaluation.assessments import END_DAYS, stage_window

    cohort = builders.running_cohort(sessions=1, started_weeks_ago=1)
    last = cohort.sessions.get()
    window = stage_window(cohort, "end")
    assert window.closes_at == last.ends_at + dt.timedelta(days=END_DAYS)
    assert window.is_open(timezone.now())


def test_a_participant_never_sees_another_participants_ratings(client):
    cohort = builders.running_cohort(started_weeks_ago=0)
    owner = builders.participant(cohort)
    builders.assessment(cohort, owner, "start", 5)
    viewer = builders.participant(cohort)
    client.force_login(viewer)
    page = client.get(reverse("evaluation:assessment", args=[cohort.pk, "start"]))
    assert 'value="5" checked' not in page.content.decode()
    assert page.context["existing"] is None


def test_the_journal_pdf_is_a_404_for_someone_not_in_the_cohort(client, cohort):
    client.force_login(UserFactory())
    url = reverse("evaluation:journal_pdf", args=[cohort.pk])
    assert client.get(url).status_code == 404
