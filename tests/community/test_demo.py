"""The demo space: a member can meet the group, read the notes, get the slides."""

import pytest
from django.core.management import call_command

from cohorts.models import Cohort, Programme
from community.models import Resource
from cop.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)  # idempotent
    return Cohort.objects.get(programme__slug="neighbourhood-practice", slug="2025-26")


def test_the_demo_practitioner_meets_the_group_and_reads_the_notes(client, demo):
    client.force_login(User.objects.get(email="practitioner@example.com"))
    members = client.get(f"/space/{demo.pk}/members/").content.decode()
    assert "Aisha Khan" in members
    last = demo.sessions.order_by("number").last()
    page = client.get(f"/space/{demo.pk}/sessions/{last.pk}/").content.decode()
    assert "ward walk" in page
    assert "Rosa Mendes" in page


def test_the_demo_slides_download(client, demo):
    client.force_login(User.objects.get(email="practitioner@example.com"))
    slides = Resource.objects.get(title="Slides: looking back")
    response = client.get(f"/space/{demo.pk}/resources/{slides.pk}/download/")
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")


def test_the_demo_learning_is_on_the_public_page(client, demo):
    programme = Programme.objects.get(slug="neighbourhood-practice")
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "Meeting residents where they are" in html
