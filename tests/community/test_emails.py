"""Reply emails, the daily digest and guest invitations: each exactly once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from community import discussion, emails
from community.guests import invite_guest
from community.models import DigestPreference, GuestInvitation
from notifications.models import Notification, OptOut
from tests.community.factories import PostFactory, ThreadFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def reply(space, thread, author, body="An answer"):
    return discussion.reply(
        access=space.access(), thread=thread, author=author, body=body
    )


@pytest.fixture
def thread(space):
    return discussion.start_thread(
        access=space.access(), author=space.member, title="Mapping", body="Help?"
    )


def test_the_threads_author_is_emailed_about_a_reply(
    space, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply(space, thread, space.other_member)
    sent = [m for m in mail.outbox if space.member.email in m.to]
    assert len(sent) == 1
    assert "New reply: Mapping" in sent[0].subject
    assert "An answer" in sent[0].body


def test_replying_to_your_own_thread_sends_nothing(
    space, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply(space, thread, space.member)
    assert not Notification.objects.filter(kind=emails.REPLY).exists()


def test_a_reply_email_sent_twice_is_recorded_once(space, thread):
    post = reply(space, thread, space.other_member)
    emails.send_reply_email(post)
    emails.send_reply_email(post)
    assert Notification.objects.filter(kind=emails.REPLY).count() == 1


def _posts_yesterday(space, day=dt.date(2026, 3, 9)):
    thread = ThreadFactory(cohort=space.cohort, author=space.other_member)
    at = dt.datetime.combine(day, dt.time(14), tzinfo=LONDON)
    PostFactory(
        thread=thread, author=space.other_member, body="Yesterday's news", created_at=at
    )
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(8), tzinfo=LONDON)


def test_the_digest_lists_yesterdays_posts_for_members(space):
    now = _posts_yesterday(space)
    assert emails.send_daily_digests(now=now) >= 1
    digest = Notification.objects.get(kind=emails.DIGEST, recipient=space.member)
    assert "Yesterday's news" in digest.body_text
    assert digest.variant == "2026-03-09"
    assert digest.optional


def test_the_digest_leaves_out_your_own_posts(space):
    now = _posts_yesterday(space)
    emails.send_daily_digests(now=now)
    assert not Notification.objects.filter(
        kind=emails.DIGEST, recipient=space.other_member
    ).exists()


def test_the_digest_runs_twice_and_sends_once(space):
    now = _posts_yesterday(space)
    emails.send_daily_digests(now=now)
    assert emails.send_daily_digests(now=now + dt.timedelta(hours=1)) == 0
    assert (
        Notification.objects.filter(kind=emails.DIGEST, recipient=space.member).count()
        == 1
    )


def test_no_digest_before_seven_in_the_morning(space):
    now = _posts_yesterday(space).replace(hour=6)
    assert emails.send_daily_digests(now=now) == 0


def test_no_digest_on_a_quiet_day(space):
    now = dt.datetime(2026, 3, 10, 8, tzinfo=LONDON)
    assert emails.send_daily_digests(now=now) == 0


def test_people_who_turned_the_digest_off_get_none(space):
    DigestPreference.objects.create(user=space.member, daily_digest=False)
    emails.send_daily_digests(now=_posts_yesterday(space))
    assert not Notification.objects.filter(
        kind=emails.DIGEST, recipient=space.member
    ).exists()


def test_people_who_unsubscribed_have_their_digest_skipped(space):
    OptOut.objects.create(email=space.member.email)
    emails.send_daily_digests(now=_posts_yesterday(space))
    digest = Notification.objects.get(kind=emails.DIGEST, recipient=space.member)
    assert digest.status == Notification.Status.SKIPPED


def test_the_digest_link_turns_the_digest_off(client, space):
    url = emails.digest_off_url(space.member)
    path = url.split("testserver")[-1].replace("http://127.0.0.1:8000", "")
    assert client.get(path).status_code == 200
    client.post(path)
    assert not DigestPreference.objects.get(user=space.member).daily_digest


def test_a_forged_digest_link_is_404(client, db):
    assert client.get("/space/email/digest-off/forged/").status_code == 404


def test_members_turn_the_digest_off_in_their_preferences(client, space):
    client.force_login(space.member)
    client.post("/space/email/", {})
    assert not DigestPreference.objects.get(user=space.member).daily_digest


def test_a_guest_invitation_carries_the_calendar_and_personal_link(
    space, django_capture_on_commit_callbacks
):
    session = space.sessions[-1]
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_guest(
            access=space.access(staff=True),
            session=session,
            actor=space.facilitator,
            name="Gita Guest",
            email="Gita@Elsewhere.example",
            topic="Asset mapping",
        )
    message = mail.outbox[-1]
    assert message.to == ["gita@elsewhere.example"]
    assert f"/space/guest/{invitation.token}/" in message.body
    assert session.joining_link in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename == "invite.ics"
    assert mimetype.startswith("text/calendar")
    assert session.joining_link in content.replace("\r\n ", "")


def test_inviting_the_same_guest_twice_is_refused(space):
    from community.errors import CommunityError

    session = space.sessions[-1]
    details = {"name": "Gita", "email": "g@x.example", "topic": "Asset mapping"}
    invite_guest(
        access=space.access(staff=True),
        session=session,
        actor=space.facilitator,
        **details,
    )
    with pytest.raises(CommunityError, match="already invited"):
        invite_guest(
            access=space.access(staff=True),
            session=session,
            actor=space.facilitator,
            **details,
        )
    assert GuestInvitation.objects.count() == 1


def test_members_cannot_invite_guests(space):
    from community.errors import NotAllowedError

    with pytest.raises(NotAllowedError):
        invite_guest(
            access=space.access(),
            session=space.sessions[0],
            actor=space.member,
            name="G",
            email="g@x.example",
            topic="T",
        )


def test_guests_never_take_a_place(space):
    from bookings.capacity import places_taken

    before = places_taken(space.cohort)
    invite_guest(
        access=space.access(staff=True),
        session=space.sessions[0],
        actor=space.facilitator,
        name="G",
        email="g@x.example",
        topic="T",
    )
    assert places_taken(space.cohort) == before


def test_guests_for_session_lists_live_invitations_only(space):
    from community.selectors import guests_for_session
    from tests.community.factories import invite

    live = invite(space.sessions[0], email="a@x.example")
    gone = invite(space.sessions[0], email="b@x.example")
    gone.is_withdrawn = True
    gone.save()
    assert guests_for_session(space.sessions[0]) == [live]


@pytest.mark.parametrize("kind", [emails.REPLY, emails.DIGEST, emails.GUEST_INVITATION])
def test_each_email_previews_in_the_admin(client, kind):
    from django.urls import reverse

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:notifications_preview", args=[kind]))
    html = client.get(reverse("admin:notifications_preview_html", args=[kind]))
    assert page.status_code == 200
    assert b"could not be rendered" not in page.content
    assert html.status_code == 200


def test_a_guest_gets_the_updated_invite_when_their_session_moves(
    space, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.core import mail

    from cohorts.session_changes import session_changed
    from tests.community.factories import invite
    from tests.ics import events

    session = space.sessions[-1]  # still to come
    invite(session, email="gita@elsewhere.example")
    session.starts_at += dt.timedelta(hours=1)
    session.ends_at += dt.timedelta(hours=1)
    session.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_changed(session=session, changed_fields=["starts_at", "ends_at"])
    to_guest = [m for m in mail.outbox if m.to == ["gita@elsewhere.example"]]
    assert len(to_guest) == 1
    (ics,) = [a for a in to_guest[0].attachments if a[0].endswith(".ics")]
    assert events(ics[1])[0]["sequence"] == session.sequence
