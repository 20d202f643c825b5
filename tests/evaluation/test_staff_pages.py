import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models import Assessment, Questionnaire, Statement
from tests.evaluation import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(cohort):
    return builders.run(cohort)


def test_staff_see_a_sessions_mean_distribution_and_comments(
    client, cohort, sessions, person, staff
):
    builders.feedback(sessions[1], person, 4, worked="Pairs", change="Shorter")
    client.force_login(staff)
    page = client.get(reverse("evaluation:staff_session", args=[sessions[1].pk]))
    html = page.content.decode()
    assert "mean usefulness 4.00" in html
    assert "Pairs" in html and "Shorter" in html
    assert person.full_name in html


def test_anonymous_feedback_never_shows_a_name_to_staff(
    client, cohort, sessions, person, staff
):
    builders.feedback(sessions[1], person, 2, anonymous=True, change="Slower")
    client.force_login(staff)
    html = client.get(
        reverse("evaluation:staff_session", args=[sessions[1].pk])
    ).content.decode()
    assert "Slower" in html
    assert "Anonymous" in html
    assert person.full_name not in html
    assert person.email not in html


def test_anonymous_questionnaire_results_never_show_a_name(client, run, person, staff):
    builders.response(run, person, {"How useful?": 4, "Best part?": "Stories"})
    client.force_login(staff)
    html = client.get(reverse("evaluation:staff_run", args=[run.pk])).content.decode()
    assert "Stories" in html
    assert person.full_name not in html


def test_results_pages_are_a_404_for_another_programmes_facilitator(
    client, cohort, sessions, run
):
    client.force_login(UserFactory(is_staff=True))
    for url in [
        reverse("evaluation:staff_cohort", args=[cohort.pk]),
        reverse("evaluation:staff_session", args=[sessions[0].pk]),
        reverse("evaluation:staff_run", args=[run.pk]),
        reverse("evaluation:staff_export", args=[run.pk, "csv"]),
        reverse("evaluation:staff_report", args=[cohort.pk]),
        reverse("evaluation:staff_review", args=[cohort.pk, "start"]),
        reverse("evaluation:staff_programme", args=[cohort.programme.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_participants_cannot_reach_the_results_pages(client, cohort, person):
    client.force_login(person)
    response = client.get(reverse("evaluation:staff_cohort", args=[cohort.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_csv_export_has_one_row_per_response(client, run, person, staff):
    builders.response(run, person, {"How useful?": 5, "What changed?": ["Met people"]})
    client.force_login(staff)
    response = client.get(reverse("evaluation:staff_export", args=[run.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Response", "Submitted", "How useful?"]
    assert rows[1][2] == "5"
    assert "Met people" in rows[1]


def test_the_excel_export_opens_with_the_answers(client, run, person, staff):
    builders.response(run, person, {"How useful?": 3, "Recommend?": 1})
    client.force_login(staff)
    response = client.get(reverse("evaluation:staff_export", args=[run.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == 3
    assert "Yes" in rows[1]


def test_a_named_export_of_an_anonymous_questionnaire_is_refused_with_a_message(
    client, run, person, staff
):
    builders.response(run, person, {"How useful?": 3})
    client.force_login(staff)
    url = reverse("evaluation:staff_export", args=[run.pk, "xlsx"]) + "?named=1"
    response = client.get(url, follow=True)
    html = response.content.decode()
    assert "cannot be exported with names" in html
    assert response.headers["Content-Type"].startswith("text/html")


def test_the_results_page_makes_the_same_queries_for_more_respondents(
    client, cohort, run, staff, django_assert_max_num_queries
):
    for _ in range(3):
        builders.response(run, builders.participant(cohort), {"How useful?": 4})
    client.force_login(staff)
    url = reverse("evaluation:staff_run", args=[run.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(12):
        builders.response(run, builders.participant(cohort), {"How useful?": 2})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_excel_export_makes_the_same_queries_for_more_respondents(
    client, cohort, run, staff, django_assert_max_num_queries
):
    builders.response(run, builders.participant(cohort), {"How useful?": 4})
    client.force_login(staff)
    url = reverse("evaluation:staff_export", args=[run.pk, "xlsx"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(12):
        builders.response(run, builders.participant(cohort), {"How useful?": 2})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_facilitator_saves_the_cohort_review_from_the_form(client, cohort, staff):
    client.force_login(staff)
    data = {f"s{s.pk}": "3" for s in Statement.objects.all()}
    data["notes"] = "A strong start"
    url = reverse("evaluation:staff_review", args=[cohort.pk, "start"])
    assert client.post(url, data).status_code == 302
    review = Assessment.objects.get(is_cohort_review=True)
    assert review.notes == "A strong start"


def test_the_cohort_page_shows_the_feedback_trend_chart(
    client, cohort, sessions, person, staff
):
    builders.feedback(sessions[0], person, 3)
    builders.feedback(sessions[1], person, 5)
    client.force_login(staff)
    html = client.get(
        reverse("evaluation:staff_cohort", args=[cohort.pk])
    ).content.decode()
    assert 'aria-labelledby="trend-title trend-desc"' in html
    assert "Session 1: 3.00; Session 2: 5.00" in html


def test_running_a_questionnaire_for_a_cohort_suggests_the_default_window(
    client, cohort, sessions
):
    coordinator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(coordinator)
    url = reverse("admin:evaluation_questionnairerun_add") + f"?cohort={cohort.pk}"
    form = client.get(url).context["adminform"].form
    last = sessions[-1]
    assert form.initial["opens_at"] == last.starts_at
    assert form.initial["closes_at"] == last.ends_at + dt.timedelta(days=14)
    assert (
        form.initial["questionnaire"] == Questionnaire.objects.get(is_default=True).pk
    )


def test_the_questionnaire_lists_link_to_the_results(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(
        reverse("admin:evaluation_questionnairerun_changelist")
    ).content.decode()
    assert reverse("evaluation:staff_index") in html


def test_the_cohort_results_page_makes_the_same_queries_for_more_feedback(
    client, cohort, sessions, staff, django_assert_max_num_queries
):
    builders.feedback(sessions[0], builders.participant(cohort), 4)
    client.force_login(staff)
    url = reverse("evaluation:staff_cohort", args=[cohort.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        person = builders.participant(cohort)
        builders.feedback(sessions[0], person, 3)
        builders.feedback(sessions[1], person, 5, anonymous=True)
        builders.assessment(cohort, person, "start", 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
