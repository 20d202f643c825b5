"""Staff's own application questions: form, storage, admin, CSV, export, erasure."""

import csv
import io

import pytest
from django.urls import reverse

from applications.errors import ApplicationError
from applications.models import Application, ApplicationAnswer
from applications.submission import save_application
from cohorts.models import Question
from portal.personal_data import anonymise_user, export_personal_data
from tests.applications.test_apply import ANSWERS, _post

pytestmark = pytest.mark.django_db

FIXED = {
    "motivation": "To learn with peers.",
    "hopes": "Better ways.",
    "challenge": "Volunteers.",
    "role": "front_line",
    "organisation_name": "Hillside Council",
    "organisation_supports": True,
    "preferred_days": [1],
    "preferred_times": ["morning"],
}


@pytest.fixture
def sector(cohort):
    return Question.objects.create(
        programme=cohort.programme,
        form=Question.Form.APPLICATION,
        kind=Question.Kind.SINGLE_CHOICE,
        text="Which sector do you work in?",
        options="Local government\nHousing\nHealth",
        required=True,
    )


@pytest.fixture
def years(cohort):
    return Question.objects.create(
        cohort=cohort,
        form=Question.Form.APPLICATION,
        kind=Question.Kind.NUMBER,
        text="Years in community work",
    )


def test_custom_questions_appear_after_the_fixed_ones(
    client, cohort, practitioner, sector
):
    client.force_login(practitioner)

    page = client.get(reverse("applications:apply", args=[cohort.pk])).content.decode()

    assert page.index("challenge or question") < page.index(sector.text)


def test_an_answer_from_the_form_is_stored_with_the_application(
    client, cohort, practitioner, sector
):
    client.force_login(practitioner)
    field = f"question_{sector.pk}"

    _post(client, cohort, {**ANSWERS, field: "Housing"})

    answer = ApplicationAnswer.objects.get(application__applicant=practitioner)
    assert (answer.question, answer.value) == (sector, "Housing")


def test_submitting_without_a_required_answer_shows_it_and_saves_nothing(
    client, cohort, practitioner, sector
):
    client.force_login(practitioner)

    page = _post(client, cohort, ANSWERS)

    assert page.status_code == 200
    assert "This field is required" in page.content.decode()
    assert not Application.objects.exists()


def test_a_draft_may_leave_a_required_question_unanswered(
    client, cohort, practitioner, sector
):
    client.force_login(practitioner)

    _post(client, cohort, ANSWERS, submit=False)

    assert Application.objects.get().status == Application.Status.DRAFT


def test_an_answer_of_the_wrong_type_is_refused_and_changes_nothing(
    cohort, practitioner, years
):
    with pytest.raises(ApplicationError, match="not a valid number"):
        save_application(
            cohort=cohort,
            applicant=practitioner,
            answers=FIXED,
            question_answers={years.pk: "lots"},
            submit=True,
        )

    assert not Application.objects.exists()


def test_a_stored_answer_is_offered_again_when_editing(
    client, cohort, practitioner, years
):
    save_application(
        cohort=cohort,
        applicant=practitioner,
        answers=FIXED,
        question_answers={years.pk: "7"},
        submit=True,
    )
    client.force_login(practitioner)

    page = client.get(reverse("applications:apply", args=[cohort.pk])).content.decode()

    assert 'value="7"' in page


def _submitted(cohort, practitioner, sector):
    return save_application(
        cohort=cohort,
        applicant=practitioner,
        answers=FIXED,
        question_answers={sector.pk: "Health"},
        submit=True,
    )


def test_answers_show_in_the_admin(
    staff_client, coordinator, cohort, practitioner, sector
):
    application = _submitted(cohort, practitioner, sector)

    page = staff_client(coordinator).get(
        reverse("admin:applications_application_change", args=[application.pk])
    )

    assert "Which sector do you work in?" in page.content.decode()
    assert "Health" in page.content.decode()


def test_answers_are_columns_of_the_applications_csv(
    staff_client, coordinator, cohort, practitioner, sector
):
    _submitted(cohort, practitioner, sector)

    response = staff_client(coordinator).get(
        reverse("admin:applications_application_csv", args=[cohort.pk])
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["Which sector do you work in?"] == "Health"
    assert rows[0]["Applicant"] == practitioner.full_name


def test_answers_are_in_the_persons_data_export(cohort, practitioner, sector):
    _submitted(cohort, practitioner, sector)

    data = export_personal_data(practitioner)

    assert {"question": sector.text, "answer": "Health"}.items() <= data[
        "application_answers"
    ][0].items()


def test_answers_are_erased_with_the_person(cohort, practitioner, sector):
    _submitted(cohort, practitioner, sector)

    anonymise_user(user=practitioner, actor=None, reason="test")

    assert ApplicationAnswer.objects.get().value is None
