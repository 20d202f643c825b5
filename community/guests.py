"""Guest contributors: an external person invited to speak at one session.

A guest gets an invitation email with the session's calendar file (joining
link or venue included) and a personal link to that session's page; they
need no account. Guests never take a place (capacity is about places) and
never get a certificate (certificates are about places and attendance).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from cohorts.models import Session
from community.access import Access
from community.errors import CommunityError, NotAllowedError
from community.models import TITLE_MAX, GuestInvitation
from community.tasks import send_guest_invitation
from cop.audit import record


def invite_guest(
    *, access: Access, session: Session, actor, name: str, email: str, topic: str
) -> GuestInvitation:
    if not access.is_staff or session.cohort_id != access.cohort.pk:
        raise NotAllowedError("Only the facilitators can invite guests.")
    name, email, topic = name.strip(), email.strip().lower(), topic.strip()
    if not name:
        raise CommunityError("Give the guest's name.", field="name")
    if not email or "@" not in email:
        raise CommunityError("Give the guest's email address.", field="email")
    if not topic or len(topic) > TITLE_MAX:
        raise CommunityError(
            f"Say what they will talk about, in up to {TITLE_MAX} characters.",
            field="topic",
        )
    try:
        with transaction.atomic():
            invitation = GuestInvitation.objects.create(
                session=session, name=name, email=email, topic=topic, invited_by=actor
            )
            record(
                "community.guest.invited", invitation, actor=actor, session=session.pk
            )
            send_guest_invitation.delay_on_commit(invitation.pk)
    except IntegrityError:
        raise CommunityError(
            f"{email} is already invited to this session.", field="email"
        ) from None
    return invitation


def withdraw_invitation(
    *, access: Access, invitation: GuestInvitation, actor
) -> GuestInvitation:
    if not access.is_staff or invitation.session.cohort_id != access.cohort.pk:
        raise NotAllowedError("Only the facilitators can withdraw an invitation.")
    with transaction.atomic():
        if not invitation.is_withdrawn:
            invitation.is_withdrawn = True
            invitation.save(update_fields=["is_withdrawn"])
            record("community.guest.withdrawn", invitation, actor=actor)
    return invitation
