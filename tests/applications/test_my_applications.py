import pytest
from django.urls import reverse

from applications.models import Application
from applications.selectors import applications_for
from tests.applications.factories import ApplicationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_my_applications_lists_only_my_own(client, cohort, practitioner):
    ApplicationFactory(cohort=cohort, applicant=practitioner)
    ApplicationFactory(cohort=cohort, applicant=UserFactory(full_name="Other Person"))
    client.force_login(practitioner)
    page = client.get(reverse("applications:mine"))
    assert page.status_code == 200
    assert page.content.decode().count(str(cohort)) == 1


def test_applications_for_returns_the_persons_applications(cohort, practitioner):
    mine = ApplicationFactory(cohort=cohort, applicant=practitioner)
    ApplicationFactory(cohort=cohort)
    assert list(applications_for(practitioner)) == [mine]


def test_my_application_page_shows_status_and_availability(
    client, cohort, practitioner
):
    application = ApplicationFactory(
        cohort=cohort, applicant=practitioner, status="waitlisted"
    )
    client.force_login(practitioner)
    page = client.get(reverse("applications:detail", args=[application.pk]))
    text = page.content.decode()
    assert "Waiting list" in text
    assert "Tuesday, Wednesday" in text
    assert "Afternoon (14:00-16:00)" in text


def test_someone_elses_application_is_not_found(client, cohort, practitioner):
    theirs = ApplicationFactory(cohort=cohort)
    client.force_login(practitioner)
    assert (
        client.get(reverse("applications:detail", args=[theirs.pk])).status_code == 404
    )
    withdraw = client.post(reverse("applications:withdraw", args=[theirs.pk]))
    assert withdraw.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Application.Status.SUBMITTED


def test_an_applicant_can_withdraw_before_a_decision(client, cohort, practitioner):
    application = ApplicationFactory(cohort=cohort, applicant=practitioner)
    client.force_login(practitioner)
    client.post(reverse("applications:withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_an_accepted_applicant_cannot_withdraw_online(client, cohort, practitioner):
    application = ApplicationFactory(
        cohort=cohort, applicant=practitioner, status="accepted"
    )
    client.force_login(practitioner)
    page = client.post(
        reverse("applications:withdraw", args=[application.pk]), follow=True
    )
    assert "cannot be withdrawn" in page.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
