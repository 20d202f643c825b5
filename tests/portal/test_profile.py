"""The profile page: the person's own details and email preferences."""

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def details(**overrides):
    return {
        "full_name": "Alex Morgan",
        "job_role": "Housing officer",
        "organisation": "",
        "access_needs": "Step-free access",
        "dietary_requirements": "Vegetarian",
        "optional_emails": "",
    } | overrides


def test_profile_requires_sign_in(client):
    response = client.get(reverse("account:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_profile_shows_the_person_their_own_details(client):
    person = UserFactory(full_name="Alex Morgan", access_needs="Hearing loop")
    client.force_login(person)
    page = client.get(reverse("account:profile")).content.decode()
    assert 'value="Alex Morgan"' in page
    assert "Hearing loop" in page
    assert '<label for="id_dietary_requirements">' in page


def test_saving_the_profile_updates_details_and_email_preference(client):
    org = OrganisationFactory(name="Eastvale District Council")
    person = UserFactory(optional_emails=True)
    client.force_login(person)
    response = client.post(
        reverse("account:profile"),
        details(organisation=org.pk, full_name=" Alex  Morgan "),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Alex Morgan"
    assert person.organisation == org
    assert person.access_needs == "Step-free access"
    assert person.dietary_requirements == "Vegetarian"
    assert person.optional_emails is False


def test_blank_full_name_is_refused_and_nothing_changes(client):
    person = UserFactory(full_name="Alex Morgan", job_role="Officer")
    client.force_login(person)
    response = client.post(
        reverse("account:profile"), details(full_name="   ", job_role="Manager")
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    person.refresh_from_db()
    assert person.full_name == "Alex Morgan"
    assert person.job_role == "Officer"


def test_changing_organisation_ends_being_its_contact(client):
    person = UserFactory(
        organisation=OrganisationFactory(), is_organisation_contact=True
    )
    client.force_login(person)
    client.post(
        reverse("account:profile"), details(organisation=OrganisationFactory().pk)
    )
    person.refresh_from_db()
    assert person.is_organisation_contact is False


def test_profile_cannot_make_someone_staff_or_a_contact(client):
    person = UserFactory(organisation=OrganisationFactory())
    client.force_login(person)
    client.post(
        reverse("account:profile"),
        details(
            organisation=person.organisation_id,
            is_staff="on",
            is_organisation_contact="on",
        ),
    )
    person.refresh_from_db()
    assert not person.is_staff
    assert not person.is_organisation_contact
