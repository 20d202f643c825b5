"""How people will attend in-person and hybrid sessions, and the venue's numbers.

A participant says whether they come in person or join online (hybrid), or
that they cannot come, with dietary and access needs, until the session's
cut-off (``Session.attendance_cutoff``); after it the venue has its numbers
and a change of mind is refused. Cohorts does not know who holds a place:
``extensions.is_participant`` asks the apps above.

The writer locks the session row so numbers read while people change their
minds are always whole (each person counted once, in one way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import extensions
from cohorts.models import AttendanceIntention, Session
from cop.errors import DomainError
from cop.templatetags.cop_tags import format_when

How = AttendanceIntention.How


class AttendanceError(DomainError):
    """A change to how someone attends was refused; nothing changed."""


def allowed_choices(session: Session) -> list[tuple[str, str]]:
    """In person sessions: come or not; hybrid: in person, online, or not."""
    offered = list(How) if session.is_hybrid else [How.IN_PERSON, How.NOT_COMING]
    return [(how.value, str(how.label)) for how in offered]


def say_how_i_attend(
    *,
    session: Session,
    user,
    how: str,
    dietary_requirements: str = "",
    access_needs: str = "",
    now: dt.datetime | None = None,
) -> AttendanceIntention:
    """Record or change how ``user`` will attend ``session``."""
    now = now or timezone.now()
    if not session.has_venue:
        raise AttendanceError(_("This session is online only."))
    if how not in {value for value, _label in allowed_choices(session)}:
        raise AttendanceError(_("Choose one of the options offered."), field="how")
    with transaction.atomic():
        session = (
            Session.objects.select_for_update()
            .select_related("cohort__programme")
            .get(pk=session.pk)
        )
        if session.is_cancelled:
            raise AttendanceError(_("This session is cancelled."))
        if now >= session.attendance_cutoff:
            raise AttendanceError(
                _(
                    "Plans for this session closed on %(when)s, when the venue "
                    "was given its numbers. Please email the facilitator."
                )
                % {"when": format_when(session.attendance_cutoff)}
            )
        if not extensions.is_participant(user, session.cohort):
            raise AttendanceError(_("Only participants of this cohort can say this."))
        intention, _created = AttendanceIntention.objects.update_or_create(
            session=session,
            user=user,
            defaults={
                "how": how,
                "dietary_requirements": dietary_requirements.strip(),
                "access_needs": access_needs.strip(),
            },
        )
    return intention


@dataclass(frozen=True)
class CateringNumbers:
    in_person: int
    online: int
    not_coming: int
    dietary: list[tuple[str, str]]  # (name, needs) of those coming in person
    access: list[tuple[str, str]]

    @property
    def answered(self) -> int:
        return self.in_person + self.online + self.not_coming


def catering_numbers(intentions: Iterable[AttendanceIntention]) -> CateringNumbers:
    """Counts and needs from intentions (pure: pass rows with their users)."""
    rows = list(intentions)
    coming = [i for i in rows if i.how == How.IN_PERSON]

    def name(intention: AttendanceIntention) -> str:
        return intention.user.full_name or intention.user.email

    return CateringNumbers(
        in_person=len(coming),
        online=sum(1 for i in rows if i.how == How.ONLINE),
        not_coming=sum(1 for i in rows if i.how == How.NOT_COMING),
        dietary=sorted(
            (name(i), i.dietary_requirements) for i in coming if i.dietary_requirements
        ),
        access=sorted((name(i), i.access_needs) for i in coming if i.access_needs),
    )


def numbers_for(session: Session) -> CateringNumbers:
    return catering_numbers(session.intentions.select_related("user"))


def intention_of(user, session: Session) -> AttendanceIntention | None:
    return AttendanceIntention.objects.filter(user=user, session=session).first()


@dataclass(frozen=True)
class WhatApplies:
    """What a reminder tells one person about an in-person or hybrid session."""

    in_person: bool  # give the venue (and lunch)
    online: bool  # give the joining link
    not_coming: bool
    undecided: bool  # hybrid, no plan yet: ask them to say

    @property
    def lunch(self) -> bool:
        return self.in_person


def what_applies(
    session: Session, intention: AttendanceIntention | None
) -> WhatApplies:
    """Venue and lunch for those coming, the link for those joining online.

    Online sessions: the link. In-person sessions: the venue unless they said
    they cannot come. Hybrid without a plan: both, and a request to say.
    """
    how = intention.how if intention else None
    if not session.has_venue:
        return WhatApplies(
            in_person=False, online=True, not_coming=False, undecided=False
        )
    if how == How.NOT_COMING:
        return WhatApplies(
            in_person=False, online=False, not_coming=True, undecided=False
        )
    if session.is_hybrid and how == How.ONLINE:
        return WhatApplies(
            in_person=False, online=True, not_coming=False, undecided=False
        )
    undecided = how is None
    return WhatApplies(
        in_person=True,
        online=session.is_hybrid and undecided,
        not_coming=False,
        undecided=undecided,
    )


def plans_by_user(session: Session) -> dict[int, AttendanceIntention]:
    return {i.user_id: i for i in session.intentions.all()}
