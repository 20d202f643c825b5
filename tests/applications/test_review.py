"""Fair review: criteria, assigned reviewers, blind and anonymised review, stats."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Review, ReviewCriterion, ReviewPanel
from applications.review import ReviewError, review_stats, score_application
from cop.models import FACILITATORS_GROUP
from tests.applications.conftest import _staff
from tests.applications.factories import ApplicationFactory

D = Decimal


@pytest.mark.parametrize(
    ("totals", "count", "mean", "spread"),
    [
        ([], 0, None, None),
        ([D(5)], 1, D("5.00"), D("0.00")),
        ([D(7), D(4)], 2, D("5.50"), D("3.00")),
        ([D(1), D(2), D(2)], 3, D("1.67"), D("1.00")),
        ([D(0), D(9), D(9)], 3, D("6.00"), D("9.00")),
    ],
)
def test_review_statistics(totals, count, mean, spread):
    stats = review_stats(totals)

    assert (stats.count, stats.mean, stats.spread) == (count, mean, spread)


@pytest.fixture
def criteria(cohort):
    return [
        ReviewCriterion.objects.create(cohort=cohort, name="Fit with the focus"),
        ReviewCriterion.objects.create(cohort=cohort, name="Experience to share"),
    ]


@pytest.fixture
def reviewers(cohort):
    people = [_staff(FACILITATORS_GROUP) for _ in range(2)]
    for person in people:
        person.full_name = f"Reviewer {person.pk}"
        person.save()
    panel = ReviewPanel.objects.create(cohort=cohort)
    panel.reviewers.set(people)
    return people


@pytest.fixture
def application(cohort):
    return ApplicationFactory(
        cohort=cohort,
        applicant__full_name="Asha Patel",
        applicant__email="asha@hillside.example",
        organisation_name="Hillside Council",
    )


def scores(criteria, *values):
    return {c.pk: v for c, v in zip(criteria, values, strict=True)}


def test_a_reviewer_scores_each_criterion(application, criteria, reviewers):
    review = score_application(
        application_id=application.pk,
        reviewer=reviewers[0],
        scores=scores(criteria, 3, 2),
        comment="Strong fit.",
    )

    assert review.total == 5
    assert review.scores.count() == 2


def test_scoring_again_replaces_the_reviewers_scores(application, criteria, reviewers):
    score_application(
        application_id=application.pk,
        reviewer=reviewers[0],
        scores=scores(criteria, 3, 2),
    )

    score_application(
        application_id=application.pk,
        reviewer=reviewers[0],
        scores=scores(criteria, 1, 1),
    )

    assert Review.objects.get().total == 2


def test_a_score_outside_the_range_is_refused_and_saves_nothing(
    application, criteria, reviewers
):
    with pytest.raises(ReviewError, match="scored from 0 to 3"):
        score_application(
            application_id=application.pk,
            reviewer=reviewers[0],
            scores=scores(criteria, 4, 2),
        )

    assert not Review.objects.exists()


def test_a_criterion_left_unscored_is_refused(application, criteria, reviewers):
    with pytest.raises(ReviewError, match="Score “Experience to share”"):
        score_application(
            application_id=application.pk,
            reviewer=reviewers[0],
            scores={criteria[0].pk: 2},
        )


def test_a_reviewer_not_assigned_to_the_cohort_is_refused(
    application, criteria, cohort
):
    outsider = _staff(FACILITATORS_GROUP)
    cohort.programme.facilitators.add(outsider)

    with pytest.raises(ReviewError, match="not a reviewer for this cohort"):
        score_application(
            application_id=application.pk,
            reviewer=outsider,
            scores=scores(criteria, 1, 1),
        )

    assert not Review.objects.exists()


def _review_page(staff_client, user, application):
    url = reverse("admin:applications_review_application", args=[application.pk])
    return staff_client(user).get(url).content.decode()


def test_blind_review_hides_others_scores_until_the_reviewer_has_scored(
    staff_client, application, criteria, reviewers
):
    first, second = reviewers
    score_application(
        application_id=application.pk,
        reviewer=first,
        scores=scores(criteria, 3, 3),
        comment="Excellent candidate",
    )

    assert "Excellent candidate" not in _review_page(staff_client, second, application)

    score_application(
        application_id=application.pk,
        reviewer=second,
        scores=scores(criteria, 1, 1),
    )
    assert "Excellent candidate" in _review_page(staff_client, second, application)


def test_without_blind_review_others_scores_show_at_once(
    staff_client, cohort, application, criteria, reviewers
):
    ReviewPanel.objects.filter(cohort=cohort).update(blind_until_scored=False)
    score_application(
        application_id=application.pk,
        reviewer=reviewers[0],
        scores=scores(criteria, 3, 3),
        comment="Excellent candidate",
    )

    assert "Excellent candidate" in _review_page(
        staff_client, reviewers[1], application
    )


@pytest.fixture
def anonymised(cohort, reviewers):
    ReviewPanel.objects.filter(cohort=cohort).update(anonymised=True)


def test_anonymised_review_pages_never_show_the_name_email_or_organisation(
    staff_client, cohort, application, criteria, reviewers, anonymised
):
    cohort.programme.facilitators.add(reviewers[0])  # so the admin list shows it
    client = staff_client(reviewers[0])
    pages = [
        client.get(reverse("admin:applications_review_list", args=[cohort.pk])),
        client.get(
            reverse("admin:applications_review_application", args=[application.pk])
        ),
        client.get(reverse("admin:applications_application_changelist")),
        client.get(
            reverse("admin:applications_application_change", args=[application.pk])
        ),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "Asha Patel" not in html
        assert "asha@hillside.example" not in html
        assert "Hillside Council" not in html
    assert f"Applicant {application.pk}" in pages[0].content.decode()


def test_the_anonymised_csv_never_shows_the_name(
    staff_client, cohort, application, criteria, reviewers, anonymised
):
    response = staff_client(reviewers[0]).get(
        reverse("admin:applications_application_csv", args=[cohort.pk])
    )

    body = response.content.decode()
    assert "Asha Patel" not in body
    assert "asha@hillside.example" not in body
    assert "Hillside Council" not in body


def test_the_coordinator_sees_names_on_an_anonymised_panel(
    staff_client, coordinator, cohort, application, anonymised
):
    page = staff_client(coordinator).get(
        reverse("admin:applications_application_changelist")
    )

    assert "Asha Patel" in page.content.decode()


def test_a_reviewer_of_another_cohort_gets_404_on_the_review_screens(
    staff_client, cohort, application
):
    stranger = _staff(FACILITATORS_GROUP)

    page = staff_client(stranger).get(
        reverse("admin:applications_review_list", args=[cohort.pk])
    )

    assert page.status_code == 404


def test_the_list_shows_mean_count_and_spread_and_sorts_by_mean(
    staff_client, coordinator, cohort, criteria, reviewers
):
    low = ApplicationFactory(cohort=cohort, applicant__full_name="Low Scorer")
    high = ApplicationFactory(cohort=cohort, applicant__full_name="High Scorer")
    for reviewer, (a, b) in zip(reviewers, [(1, 0), (3, 3)], strict=True):
        score_application(
            application_id=low.pk, reviewer=reviewer, scores=scores(criteria, a, b)
        )
    for reviewer in reviewers:
        score_application(
            application_id=high.pk, reviewer=reviewer, scores=scores(criteria, 3, 2)
        )
    client = staff_client(coordinator)
    changelist = client.get(reverse("admin:applications_application_changelist"))
    mean_column = changelist.context["cl"].list_display.index("review_mean")

    page = client.get(
        reverse("admin:applications_application_changelist"), {"o": f"-{mean_column}"}
    ).content.decode()

    assert page.index("High Scorer") < page.index("Low Scorer")
    assert "3.50" in page  # low: totals 1 and 6, mean 3.50, spread 5.00
    assert "5.00" in page


def test_the_list_query_count_does_not_grow_with_reviews(
    staff_client,
    coordinator,
    cohort,
    criteria,
    reviewers,
    django_assert_max_num_queries,
):
    for _ in range(8):
        application = ApplicationFactory(cohort=cohort)
        for reviewer in reviewers:
            score_application(
                application_id=application.pk,
                reviewer=reviewer,
                scores=scores(criteria, 1, 2),
            )
    client = staff_client(coordinator)

    with django_assert_max_num_queries(30):
        client.get(reverse("admin:applications_application_changelist"))


def test_a_blind_reviewer_sees_no_scores_in_the_admin_before_scoring(
    staff_client, cohort, application, criteria, reviewers
):
    first, second = reviewers
    cohort.programme.facilitators.add(second)
    score_application(
        application_id=application.pk,
        reviewer=first,
        scores=scores(criteria, 3, 3),
        comment="Excellent candidate",
    )
    client = staff_client(second)

    change = client.get(
        reverse("admin:applications_application_change", args=[application.pk])
    ).content.decode()
    changelist = client.get(
        reverse("admin:applications_application_changelist")
    ).content.decode()

    assert "Excellent candidate" not in change
    assert "field-review_mean" not in changelist


def test_an_anonymised_reviewer_cannot_find_an_applicant_by_name(
    staff_client, cohort, application, reviewers, anonymised
):
    cohort.programme.facilitators.add(reviewers[0])

    page = staff_client(reviewers[0]).get(
        reverse("admin:applications_application_changelist"), {"q": "Asha"}
    )

    assert f"Applicant {application.pk}" not in page.content.decode()
