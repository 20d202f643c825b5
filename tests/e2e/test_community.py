"""The cohort's space in a real browser: a question, an answer, the unread
marker; a guest who sees only their session; every page at 1280 and 360 px."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Browser, expect

from community import discussion, learning, resources, topics
from community.models import Post
from tests.community.factories import invite, make_space
from tests.e2e.helpers import assert_page_is_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def space():
    space = make_space()
    # A facilitator who is not admin staff signs in without a second factor.
    space.facilitator.is_staff = False
    space.facilitator.save()
    return space


def second_tab(browser: Browser, server: str):
    context = browser.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_a_member_asks_another_answers_and_the_first_sees_it_unread(
    page, browser, server, space
):
    cohort = space.cohort.pk
    sign_in(page, space.member.email, next_url=f"/space/{cohort}/")
    expect(page.locator("h1")).to_contain_text(space.cohort.name)
    page.get_by_role("link", name="Ask a question or start a discussion").click()
    page.get_by_label("Title").fill("How do you reach younger residents?")
    page.get_by_label("Your post").fill("Our meetings are **all** over-60s.")
    page.get_by_role("button", name="Post").click()
    expect(page.locator(".post strong").first).to_have_text("Mina Member")
    assert_page_is_accessible(page)

    context, other = second_tab(browser, server)
    try:
        sign_in(other, space.other_member.email, next_url=f"/space/{cohort}/")
        other.get_by_role("link", name="How do you reach younger residents?").click()
        other.get_by_label("Your reply").fill("Go to them: pop-ups at the college.")
        other.get_by_role("button", name="Post reply").click()
        expect(other.locator(".posts")).to_contain_text("pop-ups at the college")
    finally:
        context.close()

    page.goto(f"/space/{cohort}/")
    expect(page.locator(".is-unread")).to_contain_text(
        "How do you reach younger residents?"
    )
    expect(page.get_by_text("1 unread")).to_be_visible()
    assert_page_is_accessible(page)
    page.get_by_role("link", name="How do you reach younger residents?").click()
    expect(page.locator(".posts")).to_contain_text("pop-ups at the college")
    page.goto(f"/space/{cohort}/")
    expect(page.locator(".is-unread")).to_have_count(0)
    assert Post.objects.count() == 2


def test_a_guest_opens_their_session_and_nothing_else(page, space):
    session, other_session = space.sessions[-1], space.sessions[-2]
    invitation = invite(session)
    page.goto(f"/space/guest/{invitation.token}/")
    expect(page.locator("h1")).to_contain_text(session.title)
    expect(page.get_by_role("link", name="Join online")).to_be_visible()
    expect(
        page.get_by_role("navigation", name=f"{space.cohort.programme.name} space")
    ).to_have_count(0)
    assert_page_is_accessible(page)
    for path in [
        f"/space/{space.cohort.pk}/sessions/{other_session.pk}/",
        f"/space/{space.cohort.pk}/discussion/",
    ]:
        response = page.goto(path)
        assert response.status == 404 or "/accounts/login/" in page.url, path


def _content(space):
    member, staff = space.access(), space.access(staff=True)
    thread = discussion.start_thread(
        access=member,
        author=space.member,
        title="Mapping assets",
        body="Where to start?",
    )
    discussion.reply(
        access=member, thread=thread, author=space.other_member, body="Here"
    )
    resources.add_file(
        access=member,
        user=space.member,
        title="Slides",
        upload=SimpleUploadedFile("slides.pdf", PDF),
        session=space.sessions[0],
    )
    resources.add_link(
        access=staff,
        user=space.facilitator,
        title="Toolkit",
        url="https://toolkit.example",
        for_programme=True,
    )
    topic = topics.propose_topic(access=member, user=space.member, title="Funding")
    topics.vote(access=member, topic=topic, user=space.other_member)
    item = learning.draft_item(
        access=member,
        user=space.member,
        kind="blog_post",
        title="Trust",
        body="Takes time.",
    )
    learning.mark_agreed(access=staff, item=item, actor=space.facilitator)
    learning.publish(access=staff, item=item, actor=space.facilitator)
    invite(space.sessions[0])
    return thread, item


def member_paths(space, thread, item):
    c, s = space.cohort.pk, space.sessions[0].pk
    draft = learning.draft_item(
        access=space.access(), user=space.member, kind="question", title="Q", body="?"
    )
    post = thread.posts.order_by("pk").first()
    return [
        "/space/",
        f"/space/{c}/",
        f"/space/{c}/members/",
        f"/space/{c}/members/my-card/",
        f"/space/{c}/sessions/{s}/",
        f"/space/{c}/resources/",
        f"/space/{c}/discussion/",
        f"/space/{c}/discussion/new/",
        f"/space/{c}/discussion/{thread.pk}/",
        f"/space/{c}/posts/{post.pk}/edit/",
        f"/space/{c}/topics/",
        f"/space/{c}/learning/",
        f"/space/{c}/learning/{item.pk}/",
        f"/space/{c}/learning/{draft.pk}/edit/",
        "/space/email/",
        space.cohort.programme.get_absolute_url(),
    ]


def staff_paths(space, thread, item):
    c, s = space.cohort.pk, space.sessions[0].pk
    return [
        f"/space/{c}/",
        f"/space/{c}/sessions/{s}/",
        f"/space/{c}/sessions/{s}/plan/",
        f"/space/{c}/sessions/{s}/guests/",
        f"/space/{c}/resources/",
        f"/space/{c}/discussion/{thread.pk}/",
        f"/space/{c}/topics/",
        f"/space/{c}/learning/{item.pk}/",
    ]


@pytest.mark.parametrize("width", [1280, 360])
def test_member_pages_pass_the_checks(page, space, width):
    thread, item = _content(space)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, space.member.email, next_url="/space/")
    expect(page.locator("h1")).to_have_text("Your cohort spaces")
    for path in member_paths(space, thread, item):
        response = page.goto(path)
        assert response.ok, path
        assert_page_is_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_facilitator_pages_pass_the_checks(page, space, width):
    thread, item = _content(space)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, space.facilitator.email, next_url="/space/")
    expect(page.locator("h1")).to_have_text("Your cohort spaces")
    for path in staff_paths(space, thread, item):
        response = page.goto(path)
        assert response.ok, path
        assert_page_is_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_guest_and_digest_pages_pass_the_checks(page, space, width):
    from community.emails import digest_off_url

    invitation = invite(space.sessions[0])
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"/space/guest/{invitation.token}/")
    assert_page_is_accessible(page)
    page.goto(
        "/space/email/digest-off/"
        + digest_off_url(space.member).split("/digest-off/")[1]
    )
    assert_page_is_accessible(page)
    page.get_by_role("button", name="Turn off the daily digest").click()
    expect(page.locator("main")).to_contain_text("The daily digest is off")
    assert_page_is_accessible(page)
