"""Threads and replies: posting, editing, moderation, unread markers, limits."""

import datetime as dt

import pytest
from django.utils import timezone

from community import discussion
from community.errors import CommunityError, NotAllowedError
from community.models import Post, Thread
from community.selectors import unread_count
from cop.models import AuditEvent
from tests.community.factories import PostFactory, ThreadFactory, make_space, member_of

pytestmark = pytest.mark.django_db


def start(space, author=None, **kwargs):
    return discussion.start_thread(
        access=space.access(),
        author=author or space.member,
        title=kwargs.get("title", "How do you map assets?"),
        body=kwargs.get("body", "We are starting out."),
    )


def test_a_member_starts_a_thread_with_its_first_post(client, space):
    client.force_login(space.member)
    response = client.post(
        f"/space/{space.cohort.pk}/discussion/new/",
        {"title": "Mapping assets", "body": "Where do we **start**?"},
    )
    thread = Thread.objects.get()
    assert response.url == f"/space/{space.cohort.pk}/discussion/{thread.pk}/"
    assert (
        thread.posts.get().body_html == "<p>Where do we <strong>start</strong>?</p>\n"
    )


def test_a_reply_shows_in_the_thread(client, space):
    thread = start(space)
    client.force_login(space.other_member)
    client.post(
        f"/space/{space.cohort.pk}/discussion/{thread.pk}/", {"body": "Start small."}
    )
    response = client.get(f"/space/{space.cohort.pk}/discussion/{thread.pk}/")
    assert "Start small." in response.content.decode()


def test_script_in_a_post_is_shown_as_text_on_the_page(client, space):
    thread = start(space, body="<script>alert('x')</script>")
    client.force_login(space.other_member)
    html = client.get(f"/space/{space.cohort.pk}/discussion/{thread.pk}/").content
    assert b"<script>alert" not in html
    assert b"&lt;script&gt;alert" in html


def test_a_very_long_title_is_refused_with_a_clear_message(client, space):
    client.force_login(space.member)
    response = client.post(
        f"/space/{space.cohort.pk}/discussion/new/",
        {"title": "x" * 201, "body": "Body"},
    )
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert not Thread.objects.exists()


def test_a_very_long_body_is_refused_by_the_service(space):
    with pytest.raises(CommunityError, match="20,000 characters"):
        start(space, body="x" * 20_001)
    assert not Thread.objects.exists()


def test_an_empty_reply_is_refused(space):
    thread = start(space)
    with pytest.raises(CommunityError, match="Write something"):
        discussion.reply(
            access=space.access(), thread=thread, author=space.member, body="   "
        )
    assert thread.posts.count() == 1


def test_replies_to_a_locked_thread_are_refused_for_members(client, space):
    thread = start(space)
    discussion.moderate_thread(
        access=space.access(staff=True),
        thread=thread,
        actor=space.facilitator,
        action="lock",
    )
    client.force_login(space.other_member)
    response = client.post(
        f"/space/{space.cohort.pk}/discussion/{thread.pk}/", {"body": "Late"}
    )
    assert "locked" in response.content.decode()
    assert thread.posts.count() == 1


def test_a_hidden_thread_is_404_for_members_but_shown_to_staff(client, space):
    thread = start(space)
    discussion.moderate_thread(
        access=space.access(staff=True),
        thread=thread,
        actor=space.facilitator,
        action="hide",
    )
    client.force_login(space.other_member)
    assert (
        client.get(f"/space/{space.cohort.pk}/discussion/{thread.pk}/").status_code
        == 404
    )
    client.force_login(space.facilitator)
    assert (
        client.get(f"/space/{space.cohort.pk}/discussion/{thread.pk}/").status_code
        == 200
    )


@pytest.mark.parametrize("action", ["pin", "lock", "hide"])
def test_moderation_is_audited(client, space, action):
    thread = start(space)
    client.force_login(space.facilitator)
    client.post(
        f"/space/{space.cohort.pk}/discussion/{thread.pk}/moderate/",
        {"action": action},
    )
    assert AuditEvent.objects.filter(action=f"community.thread.{action}").count() == 1


def test_pinned_threads_come_first(space):
    first = start(space, title="Older, pinned")
    start(space, title="Newer")
    discussion.moderate_thread(
        access=space.access(staff=True),
        thread=first,
        actor=space.facilitator,
        action="pin",
    )
    from community.selectors import threads_for

    titles = [t.title for t in threads_for(space.cohort, space.member)]
    assert titles[0] == "Older, pinned"


def test_hiding_a_post_is_audited_and_hides_it_from_members(client, space):
    thread = start(space)
    post = discussion.reply(
        access=space.access(),
        thread=thread,
        author=space.other_member,
        body="Off topic",
    )
    client.force_login(space.facilitator)
    client.post(f"/space/{space.cohort.pk}/posts/{post.pk}/hide/")
    assert AuditEvent.objects.filter(action="community.post.hidden").exists()
    client.force_login(space.member)
    page = client.get(f"/space/{space.cohort.pk}/discussion/{thread.pk}/")
    assert b"Off topic" not in page.content


def test_members_cannot_moderate(space):
    thread = start(space)
    with pytest.raises(NotAllowedError):
        discussion.moderate_thread(
            access=space.access(), thread=thread, actor=space.member, action="pin"
        )
    thread.refresh_from_db()
    assert not thread.is_pinned


def test_authors_edit_their_own_posts(client, space):
    thread = start(space)
    post = thread.posts.get()
    client.force_login(space.member)
    client.post(
        f"/space/{space.cohort.pk}/posts/{post.pk}/edit/", {"body": "Clearer now"}
    )
    post.refresh_from_db()
    assert post.body == "Clearer now"
    assert post.edited_at is not None


def test_nobody_edits_another_persons_post(space):
    post = start(space).posts.get()
    with pytest.raises(NotAllowedError):
        discussion.edit_post(
            access=space.access(), post=post, editor=space.other_member, body="Mine"
        )
    post.refresh_from_db()
    assert post.body == "We are starting out."


def test_a_replayed_reply_is_refused_and_adds_nothing(client, space):
    thread = start(space)
    client.force_login(space.other_member)
    path = f"/space/{space.cohort.pk}/discussion/{thread.pk}/"
    client.post(path, {"body": "Same words"})
    response = client.post(path, {"body": "Same words"})
    assert "You posted this reply a moment ago." in response.content.decode()
    assert thread.posts.count() == 2


def test_a_replayed_new_thread_is_refused(space):
    start(space)
    with pytest.raises(CommunityError, match="a moment ago"):
        start(space)
    assert Thread.objects.count() == 1


def test_the_same_words_later_are_a_new_post(space):
    thread = start(space)
    first = discussion.reply(
        access=space.access(), thread=thread, author=space.other_member, body="+1"
    )
    Post.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    discussion.reply(
        access=space.access(), thread=thread, author=space.other_member, body="+1"
    )
    assert thread.posts.count() == 3


def test_a_new_reply_is_unread_for_the_threads_author(space):
    thread = start(space)
    assert unread_count(space.member) == 0
    discussion.reply(
        access=space.access(),
        thread=thread,
        author=space.other_member,
        body="An answer",
    )
    assert unread_count(space.member) == 1


def test_opening_the_thread_marks_it_read(client, space):
    thread = start(space)
    discussion.reply(
        access=space.access(), thread=thread, author=space.other_member, body="Hi"
    )
    client.force_login(space.member)
    client.get(f"/space/{space.cohort.pk}/discussion/{thread.pk}/")
    assert unread_count(space.member) == 0


def test_the_front_page_marks_unread_threads(client, space):
    thread = start(space)
    discussion.reply(
        access=space.access(), thread=thread, author=space.other_member, body="Hi"
    )
    client.force_login(space.member)
    html = client.get(f"/space/{space.cohort.pk}/").content.decode()
    assert "1 unread" in html


def test_unread_count_ignores_spaces_the_person_has_left(space):
    ThreadFactory(cohort=make_space().cohort)
    assert unread_count(space.member) == 0


def test_a_thread_of_500_posts_is_paged(client, space):
    thread = ThreadFactory(cohort=space.cohort, author=space.member)
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=space.member,
            body=f"Post {i}",
            body_html=f"<p>Post {i}</p>",
            created_at=now + dt.timedelta(seconds=i),
        )
        for i in range(500)
    )
    client.force_login(space.other_member)
    html = client.get(
        f"/space/{space.cohort.pk}/discussion/{thread.pk}/?page=5"
    ).content.decode()
    assert "Post 499" in html
    assert "Page 5 of 5" in html


def _grow_thread(space, thread, posts: int, members: int):
    authors = [member_of(space.cohort) for _ in range(members)]
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=authors[i % members],
            body=f"Post {i}",
            body_html=f"<p>Post {i}</p>",
            created_at=now + dt.timedelta(seconds=i),
        )
        for i in range(posts)
    )


def _queries(client, django_assert_max_num_queries, path, limit):
    client.get(path)  # the first visit also writes the read marker
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_a_threads_queries_do_not_grow_with_posts_and_members(
    client, space, django_assert_max_num_queries
):
    thread = ThreadFactory(cohort=space.cohort, author=space.member)
    path = f"/space/{space.cohort.pk}/discussion/{thread.pk}/?page=last"
    _grow_thread(space, thread, posts=5, members=2)
    client.force_login(space.other_member)
    small = _queries(client, django_assert_max_num_queries, path, 30)
    _grow_thread(space, thread, posts=495, members=38)
    large = _queries(client, django_assert_max_num_queries, path, 30)
    assert large == small


def test_the_front_pages_queries_do_not_grow_with_threads(
    client, space, django_assert_max_num_queries
):
    path = f"/space/{space.cohort.pk}/"
    client.force_login(space.member)
    PostFactory(thread=ThreadFactory(cohort=space.cohort, author=space.member))
    small = _queries(client, django_assert_max_num_queries, path, 25)
    for _ in range(30):
        author = member_of(space.cohort)
        PostFactory(thread=ThreadFactory(cohort=space.cohort, author=author))
    large = _queries(client, django_assert_max_num_queries, path, 25)
    assert large == small


def test_the_members_pages_queries_do_not_grow_with_members(
    client, space, django_assert_max_num_queries
):
    path = f"/space/{space.cohort.pk}/members/"
    client.force_login(space.member)
    small = _queries(client, django_assert_max_num_queries, path, 20)
    for _ in range(40):
        member_of(space.cohort)
    large = _queries(client, django_assert_max_num_queries, path, 20)
    assert large == small


def test_reading_an_earlier_page_leaves_later_posts_unread(client, space):
    thread = ThreadFactory(cohort=space.cohort, author=space.member)
    _grow_thread(space, thread, posts=150, members=2)
    thread.last_post_at = (
        Post.objects.filter(thread=thread).latest("created_at").created_at
    )
    thread.save()
    client.force_login(space.other_member)
    client.get(f"/space/{space.cohort.pk}/discussion/{thread.pk}/?page=1")
    assert unread_count(space.other_member) == 1
    client.get(f"/space/{space.cohort.pk}/discussion/{thread.pk}/?page=last")
    assert unread_count(space.other_member) == 0


def test_a_reply_takes_its_author_to_the_last_page(client, space):
    thread = start(space)
    client.force_login(space.other_member)
    response = client.post(
        f"/space/{space.cohort.pk}/discussion/{thread.pk}/", {"body": "Yes"}
    )
    assert "?page=last#post-" in response.url
    assert client.get(response.url).status_code == 200
