"""The application form starts from what the applicant's profile already says."""

import pytest
from django.urls import reverse

from applications.models import Application
from tests.applications.factories import ApplicationFactory
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _organisation_input(client, cohort) -> str:
    response = client.get(reverse("applications:apply", args=[cohort.pk]))
    return str(response.context["form"]["organisation_name"])


def test_new_application_starts_with_the_profile_organisation(client, cohort):
    user = UserFactory(organisation=OrganisationFactory(name="Hillside Council"))
    client.force_login(user)
    assert 'value="Hillside Council"' in _organisation_input(client, cohort)


def test_draft_without_an_organisation_takes_the_profile_one(client, cohort):
    user = UserFactory(organisation=OrganisationFactory(name="Hillside Council"))
    ApplicationFactory(
        cohort=cohort,
        applicant=user,
        status=Application.Status.DRAFT,
        organisation_name="",
    )
    client.force_login(user)
    assert 'value="Hillside Council"' in _organisation_input(client, cohort)


def test_draft_keeps_the_organisation_the_applicant_typed(client, cohort):
    user = UserFactory(organisation=OrganisationFactory(name="Hillside Council"))
    ApplicationFactory(
        cohort=cohort,
        applicant=user,
        status=Application.Status.DRAFT,
        organisation_name="Hillside Youth Trust",
    )
    client.force_login(user)
    assert 'value="Hillside Youth Trust"' in _organisation_input(client, cohort)


def test_no_profile_organisation_leaves_the_field_empty(client, cohort):
    client.force_login(UserFactory(organisation=None))
    assert "value=" not in _organisation_input(client, cohort)
