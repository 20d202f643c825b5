"""Demo content for one cohort's space (called by ``seed_demo``; idempotent).

Fills last year's Neighbourhood Working cohort, where the demo practitioner
has a place: a few more members with cards, the facilitator's notes from the
last session, the slides and a programme toolkit, a question with answers, a
proposed topic, a guest contributor and a published piece of shared learning.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone

from bookings.models import Order, Place
from cohorts.models import Cohort
from community.markdown import render_markdown
from community.models import (
    GuestInvitation,
    MemberCard,
    Post,
    Resource,
    SessionPage,
    SharedItem,
    SharedItemCredit,
    Thread,
    TopicProposal,
    TopicVote,
)
from cop.models import User

PROGRAMME_SLUG = "neighbourhood-practice"
COHORT_SLUG = "2025-26"
DEMO_PASSWORD = "demo-pass-2026"

MEMBERS = [
    (
        "aisha.khan@riverside.example",
        "Aisha Khan",
        "Tenant engagement lead",
        "Fifteen years of running residents' panels, and a lot of mistakes "
        "to learn from.",
        "Getting younger tenants to come to anything at all.",
    ),
    (
        "tom.hughes@westmoor.example",
        "Tom Hughes",
        "Neighbourhood policing inspector",
        "How to get partners round one table quickly.",
        "Handing decisions to residents when the force wants quick results.",
    ),
]


def _pdf(title: str) -> bytes:
    """A one-page PDF with a title line (small, valid, made without a library)."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    body += b"startxref\n%d\n%%%%EOF\n" % xref
    return body


def _member(cohort: Cohort, email, name, role) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    user.job_role = role
    user.save(update_fields=["job_role"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not Place.objects.filter(cohort=cohort, attendee=user).exists():
        order = Order.objects.create(
            cohort=cohort,
            booker=user,
            status=Order.Status.CONFIRMED,
            payment_method=Order.PaymentMethod.FREE,
            total=Decimal("0.00"),
            confirmed_at=timezone.now(),
        )
        Place.objects.create(
            order=order,
            cohort=cohort,
            attendee=user,
            attendee_name=name,
            attendee_email=email,
            status=Place.Status.CONFIRMED,
        )
    return user


def _thread(cohort, author, title, posts: list[tuple[User, str]], when) -> Thread:
    thread = Thread.objects.filter(cohort=cohort, title=title).first()
    if thread is not None:
        return thread
    thread = Thread.objects.create(
        cohort=cohort, title=title, author=author, created_at=when, last_post_at=when
    )
    for offset, (who, body) in enumerate(posts):
        at = when + dt.timedelta(hours=offset * 3)
        Post.objects.create(
            thread=thread,
            author=who,
            body=body,
            body_html=render_markdown(body),
            created_at=at,
        )
        thread.last_post_at = at
    thread.save(update_fields=["last_post_at"])
    return thread


def fill_demo_space(*, facilitator: User, practitioner: User) -> Cohort:
    cohort = Cohort.objects.get(programme__slug=PROGRAMME_SLUG, slug=COHORT_SLUG)
    sessions = list(cohort.sessions.order_by("number"))
    last = sessions[-1]
    if not last.facilitator_notes:
        last.facilitator_notes = (
            "We looked back over the year: what changed in how each of us works "
            "with residents, and what we will keep doing.\n\n"
            "Actions: Aisha to share the tenant panel terms of reference; Tom "
            "to write up the ward walk model for the network."
        )
        last.save(update_fields=["facilitator_notes"])
    SessionPage.objects.update_or_create(
        session=last,
        defaults={
            "plan": "1. Round: one change in my practice this year\n"
            "2. What we share with the network\n3. Planning ahead",
            "plan_html": render_markdown(
                "1. Round: one change in my practice this year\n"
                "2. What we share with the network\n3. Planning ahead"
            ),
        },
    )
    people = [practitioner]
    for email, name, role, bring, challenge in MEMBERS:
        member = _member(cohort, email, name, role)
        people.append(member)
        MemberCard.objects.get_or_create(
            cohort=cohort,
            user=member,
            defaults={
                "what_i_bring": bring,
                "share_what_i_bring": True,
                "challenge": challenge,
                "share_challenge": True,
            },
        )
    MemberCard.objects.get_or_create(
        cohort=cohort,
        user=practitioner,
        defaults={
            "what_i_bring": "Community development in coastal towns.",
            "share_what_i_bring": True,
            "share_email": True,
        },
    )
    aisha, tom = people[1], people[2]
    if not Resource.objects.filter(
        cohort=cohort, title="Slides: looking back"
    ).exists():
        slides = Resource(
            cohort=cohort,
            session=last,
            kind=Resource.Kind.FILE,
            title="Slides: looking back",
            filename="looking-back.pdf",
            content_type="application/pdf",
            added_by=facilitator,
        )
        content = _pdf("Looking back and planning ahead")
        slides.size = len(content)
        slides.file.save("looking-back.pdf", ContentFile(content), save=False)
        slides.save()
    Resource.objects.get_or_create(
        programme=cohort.programme,
        title="Neighbourhood working toolkit",
        defaults={
            "kind": Resource.Kind.LINK,
            "url": "https://example.org/neighbourhood-toolkit",
            "added_by": facilitator,
        },
    )
    after = last.ends_at + dt.timedelta(days=2)
    _thread(
        cohort,
        practitioner,
        "Getting young people to residents' meetings?",
        [
            (
                practitioner,
                "Our meetings are all over-60s. Has anyone found a format that "
                "works for **younger residents**?",
            ),
            (
                aisha,
                "We stopped holding meetings and went to them: pop-ups at the "
                "college and a WhatsApp poll. Turnout tripled.",
            ),
            (tom, "Same here with the youth club: ten minutes on their agenda first."),
        ],
        after,
    )
    topic, _ = TopicProposal.objects.get_or_create(
        cohort=cohort,
        title="Evaluating neighbourhood work without drowning in forms",
        defaults={"proposed_by": tom, "session": last},
    )
    for person in (practitioner, aisha):
        TopicVote.objects.get_or_create(topic=topic, user=person)
    GuestInvitation.objects.get_or_create(
        session=last,
        email="rosa.mendes@civic-lab.example",
        is_withdrawn=False,
        defaults={
            "name": "Rosa Mendes",
            "topic": "Participatory budgeting in three towns",
            "invited_by": facilitator,
        },
    )
    body = (
        "Over a year, members of the cohort changed how they reach residents "
        "who never come to meetings:\n\n"
        "- go to where people already are (colleges, youth clubs, school gates);\n"
        "- ask one question, not twenty;\n"
        "- report back what changed, every time."
    )
    item, _ = SharedItem.objects.get_or_create(
        cohort=cohort,
        title="Meeting residents where they are",
        defaults={
            "kind": SharedItem.Kind.BLOG_POST,
            "body": body,
            "body_html": render_markdown(body),
            "status": SharedItem.Status.PUBLISHED,
            "created_by": aisha,
            "agreed_at": after,
            "published_at": after + dt.timedelta(days=7),
        },
    )
    for person in (aisha, practitioner):
        SharedItemCredit.objects.get_or_create(item=item, user=person)
    return cohort
