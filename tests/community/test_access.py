"""Every URL of the space against everyone who must not get in (404), the
signed-out visitor (sign in first), members, staff and guests."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community import learning, resources, topics
from community.models import Post, Thread
from tests.community.factories import (
    PostFactory,
    ThreadFactory,
    cancelled_participant,
    coordinator,
    invite,
    make_space,
    member_of,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def content(space):
    thread = ThreadFactory(cohort=space.cohort, author=space.member)
    post = PostFactory(thread=thread, author=space.member)
    resource = resources.add_file(
        access=space.access(),
        user=space.member,
        title="Slides",
        upload=SimpleUploadedFile("slides.pdf", PDF),
    )
    topic = topics.propose_topic(
        access=space.access(), user=space.member, title="Trust"
    )
    item = learning.draft_item(
        access=space.access(), user=space.member, kind="blog_post", title="T", body="B"
    )
    guest = invite(space.sessions[1])
    return {
        "thread": thread,
        "post": post,
        "resource": resource,
        "topic": topic,
        "item": item,
        "guest": guest,
    }


def space_urls(space, content) -> list[tuple[str, str, str]]:
    """(method, path, who may use it: "member" or "staff")."""
    c, s = space.cohort.pk, space.sessions[0].pk
    t, p = content["thread"].pk, content["post"].pk
    r, tp, it = content["resource"].pk, content["topic"].pk, content["item"].pk
    g = content["guest"].pk
    return [
        ("get", f"/space/{c}/", "member"),
        ("get", f"/space/{c}/members/", "member"),
        ("get", f"/space/{c}/members/my-card/", "member"),
        ("get", f"/space/{c}/sessions/{s}/", "member"),
        ("get", f"/space/{c}/sessions/{s}/plan/", "staff"),
        ("get", f"/space/{c}/sessions/{s}/guests/", "staff"),
        ("post", f"/space/{c}/guests/{g}/withdraw/", "staff"),
        ("get", f"/space/{c}/resources/", "member"),
        ("get", f"/space/{c}/resources/{r}/download/", "member"),
        ("post", f"/space/{c}/resources/{r}/hide/", "staff"),
        ("get", f"/space/{c}/discussion/", "member"),
        ("get", f"/space/{c}/discussion/new/", "member"),
        ("get", f"/space/{c}/discussion/{t}/", "member"),
        ("post", f"/space/{c}/discussion/{t}/moderate/", "staff"),
        ("get", f"/space/{c}/posts/{p}/edit/", "author"),
        ("post", f"/space/{c}/posts/{p}/hide/", "staff"),
        ("get", f"/space/{c}/topics/", "member"),
        ("post", f"/space/{c}/topics/{tp}/vote/", "member"),
        ("post", f"/space/{c}/topics/{tp}/assign/", "staff"),
        ("get", f"/space/{c}/learning/", "member"),
        ("get", f"/space/{c}/learning/{it}/", "member"),
        ("get", f"/space/{c}/learning/{it}/edit/", "author"),
    ]


def outsiders(space) -> dict[str, object]:
    other_space = make_space()
    other_programme_facilitator = other_space.facilitator
    guest_elsewhere = UserFactory(email="guest@elsewhere.example")
    return {
        "member of another cohort": other_space.member,
        "cancelled participant": cancelled_participant(space.cohort),
        # Invited to session 2 only: every page but that session's is closed.
        "guest of another session": guest_elsewhere,
        "facilitator of another programme": other_programme_facilitator,
        "signed-in stranger": UserFactory(),
    }


def _call(client, method, path):
    data = {"action": "pin"} if method == "post" else {}
    response = getattr(client, method)(path, data)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_everyone_outside_the_space_gets_404_on_every_url(client, space, content):
    for label, person in outsiders(space).items():
        client.force_login(person)
        for method, path, _ in space_urls(space, content):
            response = _call(client, method, path)
            assert response.status_code == 404, (label, method, path)


def test_signed_out_visitors_are_asked_to_sign_in_on_every_url(client, space, content):
    for method, path, _ in space_urls(space, content):
        response = _call(client, method, path)
        assert response.status_code == 302, path
        assert response.url.startswith("/accounts/login/"), path


def test_members_open_member_pages_and_get_404_on_staff_pages(client, space, content):
    client.force_login(space.member)
    for method, path, who in space_urls(space, content):
        response = _call(client, method, path)
        if who == "staff":
            assert response.status_code == 404, path
        else:
            assert response.status_code in {200, 302}, path


def test_another_member_cannot_edit_someone_elses_post(client, space, content):
    client.force_login(space.other_member)
    post = content["post"]
    response = client.get(f"/space/{space.cohort.pk}/posts/{post.pk}/edit/")
    assert response.status_code == 404


def test_the_programmes_facilitator_opens_every_staff_page(client, space, content):
    client.force_login(space.facilitator)
    for method, path, who in space_urls(space, content):
        if who == "author":
            continue
        response = _call(client, method, path)
        assert response.status_code in {200, 302}, path


def test_a_coordinator_opens_any_programmes_space(client, space, content):
    client.force_login(coordinator())
    response = client.get(f"/space/{space.cohort.pk}/")
    assert response.status_code == 200


def test_members_lose_access_after_the_programmes_period(client, space):
    from community.models import CommunitySettings

    CommunitySettings.objects.create(
        programme=space.cohort.programme, access_days_after_end=0
    )
    for session in space.sessions:
        session.starts_at = session.starts_at.replace(year=2020)
        session.ends_at = session.ends_at.replace(year=2020)
        session.save()
    client.force_login(space.member)
    assert client.get(f"/space/{space.cohort.pk}/").status_code == 404


def test_members_keep_access_within_the_period_after_the_end(client, space):
    from community.models import CommunitySettings

    CommunitySettings.objects.create(
        programme=space.cohort.programme, access_days_after_end=10_000
    )
    for session in space.sessions:
        session.starts_at = session.starts_at.replace(year=2020)
        session.ends_at = session.ends_at.replace(year=2020)
        session.save()
    client.force_login(space.member)
    assert client.get(f"/space/{space.cohort.pk}/").status_code == 200


def test_a_signed_in_guest_opens_their_own_session_page(client, space):
    invitation = invite(space.sessions[1], email="gita@elsewhere.example")
    client.force_login(UserFactory(email="gita@elsewhere.example"))
    response = client.get(f"/space/{space.cohort.pk}/sessions/{invitation.session.pk}/")
    assert response.status_code == 200
    assert b"Gita Guest" in response.content


def test_a_guests_personal_link_opens_their_session_without_signing_in(client, space):
    invitation = invite(space.sessions[1])
    response = client.get(f"/space/guest/{invitation.token}/")
    assert response.status_code == 200
    assert space.sessions[1].joining_link.encode() in response.content


def test_a_withdrawn_guests_link_is_404(client, space):
    invitation = invite(space.sessions[1])
    invitation.is_withdrawn = True
    invitation.save()
    assert client.get(f"/space/guest/{invitation.token}/").status_code == 404


def test_an_unknown_guest_token_is_404(client, db):
    assert client.get("/space/guest/not-a-token/").status_code == 404


def test_the_guest_page_shows_neither_notes_nor_downloads(client, space):
    session = space.sessions[1]
    session.facilitator_notes = "Private notes for the group"
    session.save()
    invitation = invite(session)
    response = client.get(f"/space/guest/{invitation.token}/")
    assert b"Private notes for the group" not in response.content
    assert b"/download/" not in response.content


def test_a_draft_cohort_has_no_space_for_its_participants(client, space):
    space.cohort.status = "draft"
    space.cohort.save()
    client.force_login(space.member)
    assert client.get(f"/space/{space.cohort.pk}/").status_code == 404


def test_a_new_member_of_the_cohort_gets_in(client, space):
    newcomer = member_of(space.cohort)
    client.force_login(newcomer)
    assert client.get(f"/space/{space.cohort.pk}/").status_code == 200


def test_outsiders_posting_change_nothing(client, space, content):
    client.force_login(make_space().member)
    c, t = space.cohort.pk, content["thread"].pk
    client.post(f"/space/{c}/discussion/{t}/", {"body": "Let me in"})
    client.post(f"/space/{c}/discussion/new/", {"title": "x", "body": "y"})
    assert Post.objects.filter(thread__cohort=space.cohort).count() == 2
    assert Thread.objects.filter(cohort=space.cohort).count() == 2
