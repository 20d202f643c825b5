"""Member cards (shared only by choice) and the person's data rights."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community import discussion, members, personal_data, resources
from community.models import MemberCard, Post, Resource
from tests.cop.builders import application

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_directory_shows_name_role_and_organisation_only_by_default(client, space):
    MemberCard.objects.create(
        cohort=space.cohort, user=space.member, what_i_bring="Youth work"
    )
    client.force_login(space.other_member)
    html = client.get(f"/space/{space.cohort.pk}/members/").content.decode()
    assert "Mina Member" in html
    assert space.member.job_role in html
    assert space.member.email not in html
    assert "Youth work" not in html


def test_shared_details_show_in_the_directory(client, space):
    MemberCard.objects.create(
        cohort=space.cohort,
        user=space.member,
        share_email=True,
        what_i_bring="Youth work",
        share_what_i_bring=True,
    )
    client.force_login(space.other_member)
    html = client.get(f"/space/{space.cohort.pk}/members/").content.decode()
    assert space.member.email in html
    assert "Youth work" in html


def test_the_card_is_offered_prefilled_from_the_application(client, space):
    application(
        space.member,
        cohort=space.cohort,
        hopes="Better partnerships",
        challenge="Reaching young people",
    )
    client.force_login(space.member)
    html = client.get(f"/space/{space.cohort.pk}/members/my-card/").content.decode()
    assert "Better partnerships" in html
    assert "Reaching young people" in html
    assert not MemberCard.objects.exists()


def test_a_member_saves_their_card(client, space):
    client.force_login(space.member)
    client.post(
        f"/space/{space.cohort.pk}/members/my-card/",
        {"challenge": "Funding", "share_challenge": "on"},
    )
    card = MemberCard.objects.get(user=space.member)
    assert card.share_challenge and card.challenge == "Funding"


def test_facilitators_appear_in_the_directory(client, space):
    client.force_login(space.member)
    html = client.get(f"/space/{space.cohort.pk}/members/").content.decode()
    assert "Fran Facilitator" in html


def _activity(space):
    thread = discussion.start_thread(
        access=space.access(), author=space.member, title="Q", body="My question"
    )
    members.save_card(access=space.access(), user=space.member, challenge="Funding")
    resource = resources.add_file(
        access=space.access(),
        user=space.member,
        title="Slides",
        upload=SimpleUploadedFile("slides.pdf", PDF),
    )
    return thread, resource


def test_the_export_holds_posts_cards_and_resources(space):
    _activity(space)
    data = personal_data.export(space.member)
    assert data["posts"][0]["body"] == "My question"
    assert data["member_cards"][0]["challenge"] == "Funding"
    assert data["resources_added"][0]["filename"] == "slides.pdf"


def test_the_export_holds_nothing_of_other_people(space):
    _activity(space)
    assert personal_data.export(space.other_member)["posts"] == []


def test_erasure_names_posts_former_member_and_removes_card_and_files(
    client, space, django_capture_on_commit_callbacks
):
    thread, resource = _activity(space)
    path = resource.file.path
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase(space.member)
    assert Post.objects.get(thread=thread).author is None
    assert not MemberCard.objects.filter(user=space.member).exists()
    assert not Resource.objects.exists()
    import os

    assert not os.path.exists(path)
    client.force_login(space.other_member)
    html = client.get(f"/space/{space.cohort.pk}/discussion/{thread.pk}/").content
    assert b"Former member" in html
    assert b"Mina Member" not in html
