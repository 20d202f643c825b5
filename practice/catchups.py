"""Coffee catch-up rounds: draw, redraw, swap, introduce, report.

Rules:
- A round belongs to the session after which pairs meet; they meet before the
  cohort's next session, so the last session has no round. One per session.
- Members are the people with a confirmed place in the cohort (and an
  account), less those who opted out of that round.
- The draw is ``practice.pairing.draw`` with the round's stored seed and the
  cohort's earlier pairs as history: the same seed gives the same pairs.
- Until the introductions go, a facilitator may redraw (a new seed) or swap
  one person; opting out is possible until then too. Introductions go once
  per member and pair (the notification key).
- Either member reports "we met" or "couldn't meet", from the email's signed
  link or from the page; nobody else may.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Place
from cohorts.models import Session
from cop.audit import record
from cop.models import User
from notifications.services import notify
from practice import kinds, pairing
from practice.errors import PracticeError
from practice.models import (
    CatchUpMember,
    CatchUpOptOut,
    CatchUpPair,
    CatchUpRound,
    new_seed,
)

TOKEN_SALT = "practice.catch-up-report"
TOKEN_MAX_AGE = 60 * 60 * 24 * 120  # a link in an email works for 120 days


def next_session(session: Session) -> Session | None:
    return (
        Session.objects.filter(
            cohort_id=session.cohort_id,
            starts_at__gt=session.starts_at,
            is_cancelled=False,
        )
        .order_by("starts_at")
        .first()
    )


def round_members(round: CatchUpRound) -> list[User]:
    """People taking part: confirmed places with an account, not opted out."""
    opted = set(round.opt_outs.values_list("user_id", flat=True))
    users = (
        User.objects.filter(
            places__cohort_id=round.cohort_id,
            places__status=Place.Status.CONFIRMED,
            is_active=True,
        )
        .exclude(pk__in=opted)
        .distinct()
        .order_by("pk")
    )
    return list(users)


def cohort_history(round: CatchUpRound) -> set[frozenset[int]]:
    """Every pair that met (or was asked to) in the cohort's other rounds."""
    groups: dict[int, list[int]] = {}
    rows = CatchUpMember.objects.filter(round__cohort_id=round.cohort_id).exclude(
        round=round
    )
    for pair_id, user_id in rows.values_list("pair_id", "user_id"):
        groups.setdefault(pair_id, []).append(user_id)
    return pairing.history_pairs(groups.values())


def _draw(round: CatchUpRound) -> None:
    round.pairs.all().delete()
    users = round_members(round)
    groups = pairing.draw(
        [pairing.Member(u.pk, u.organisation_id) for u in users],
        history=cohort_history(round),
        seed=round.seed,
    )
    for position, group in enumerate(groups):
        pair = CatchUpPair.objects.create(round=round, position=position)
        CatchUpMember.objects.bulk_create(
            CatchUpMember(round=round, pair=pair, user_id=user_id) for user_id in group
        )


def start_round(
    *,
    actor,
    after_session: Session,
    automatic: bool = False,
    seed: int | None = None,
) -> CatchUpRound:
    """Create the round after ``after_session`` and draw its pairs."""
    if after_session.is_cancelled:
        raise PracticeError(_("That session was cancelled."), field="after_session")
    if next_session(after_session) is None:
        raise PracticeError(
            _("There is no later session to meet before."), field="after_session"
        )
    with transaction.atomic():
        if CatchUpRound.objects.filter(after_session=after_session).exists():
            raise PracticeError(
                _("There is already a round after this session."),
                field="after_session",
            )
        round = CatchUpRound.objects.create(
            cohort_id=after_session.cohort_id,
            after_session=after_session,
            seed=new_seed() if seed is None else seed,
            automatic=automatic,
            created_by=actor,
        )
        _draw(round)
        record("practice.round.started", round, actor=actor, seed=round.seed)
    return round


def _lock_draft(round: CatchUpRound) -> CatchUpRound:
    round = CatchUpRound.objects.select_for_update().get(pk=round.pk)
    if round.status != CatchUpRound.Status.DRAFT:
        raise PracticeError(_("The introductions have gone; the pairs are fixed."))
    return round


def redraw(*, actor, round: CatchUpRound, seed: int | None = None) -> CatchUpRound:
    """A new seed and new pairs, before the introductions go."""
    with transaction.atomic():
        round = _lock_draft(round)
        round.seed = new_seed() if seed is None else seed
        round.save(update_fields=["seed"])
        _draw(round)
        record("practice.round.redrawn", round, actor=actor, seed=round.seed)
    return round


def swap(*, actor, round: CatchUpRound, person: User, other: User) -> CatchUpRound:
    """Swap two members between their pairs, or put ``other`` (not in the
    round) in ``person``'s place; before the introductions go."""
    if person.pk == other.pk:
        raise PracticeError(_("Choose two different people."), field="other")
    with transaction.atomic():
        round = _lock_draft(round)
        mine = CatchUpMember.objects.filter(round=round, user=person).first()
        if mine is None:
            raise PracticeError(
                _("%(name)s is not in this round.") % {"name": person.full_name},
                field="person",
            )
        theirs = CatchUpMember.objects.filter(round=round, user=other).first()
        if theirs is None:
            eligible = Place.objects.confirmed().filter(
                cohort_id=round.cohort_id, attendee=other
            )
            if not eligible.exists():
                raise PracticeError(
                    _("%(name)s has no place in this cohort.")
                    % {"name": other.full_name},
                    field="other",
                )
            CatchUpOptOut.objects.filter(round=round, user=other).delete()
            mine.user = other
            mine.save(update_fields=["user"])
        else:
            # Swap pairs (the unique key on round and user holds throughout).
            mine_pair, theirs_pair = mine.pair_id, theirs.pair_id
            CatchUpMember.objects.filter(pk=mine.pk).update(pair_id=theirs_pair)
            CatchUpMember.objects.filter(pk=theirs.pk).update(pair_id=mine_pair)
        record(
            "practice.round.swapped",
            round,
            actor=actor,
            person=person.pk,
            other=other.pk,
        )
    return round


def opt_out(*, user, round: CatchUpRound) -> None:
    """Sit this round out; the pairs are drawn again without you."""
    with transaction.atomic():
        round = CatchUpRound.objects.select_for_update().get(pk=round.pk)
        if round.status != CatchUpRound.Status.DRAFT:
            raise PracticeError(
                _(
                    "The introductions for this round have gone. Tell your "
                    "partner, or mark that you couldn't meet."
                )
            )
        if (
            not Place.objects.confirmed()
            .filter(cohort_id=round.cohort_id, attendee=user)
            .exists()
        ):
            raise PracticeError(_("You have no place in this cohort."))
        CatchUpOptOut.objects.get_or_create(round=round, user=user)
        _draw(round)


def report_token(*, pair: CatchUpPair, user) -> str:
    return signing.dumps({"p": pair.pk, "u": user.pk}, salt=TOKEN_SALT)


def report_url(*, pair: CatchUpPair, user) -> str:
    token = report_token(pair=pair, user=user)
    return settings.SITE_URL + reverse("practice:report", args=[token])


@dataclass(frozen=True)
class TokenHolder:
    pair: CatchUpPair
    user: User


def read_token(token: str) -> TokenHolder:
    """The pair and person a report link is for; refuses a bad or old link."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise PracticeError(
            _("This link is not valid or has expired. Sign in to report instead.")
        ) from error
    pair = CatchUpPair.objects.filter(pk=data.get("p")).select_related("round").first()
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if pair is None or user is None:
        raise PracticeError(_("This catch-up no longer exists."))
    return TokenHolder(pair=pair, user=user)


def report_outcome(
    *, user, pair: CatchUpPair, outcome: str, now: dt.datetime | None = None
) -> CatchUpPair:
    """'We met' or 'couldn't meet', by one of the pair; the latest word stands."""
    if outcome not in (CatchUpPair.Outcome.MET, CatchUpPair.Outcome.NOT_MET):
        raise PracticeError(_("Say whether you met."), field="outcome")
    with transaction.atomic():
        pair = CatchUpPair.objects.select_for_update().get(pk=pair.pk)
        if not pair.members.filter(user=user).exists():
            raise PracticeError(_("You can only report on your own catch-up."))
        if pair.round.status != CatchUpRound.Status.SENT:
            raise PracticeError(
                _("The introductions for this round have not gone yet.")
            )
        pair.outcome = outcome
        pair.reported_by = user
        pair.reported_at = now or timezone.now()
        pair.save(update_fields=["outcome", "reported_by", "reported_at"])
    return pair


def send_introductions(
    *, actor, round: CatchUpRound, now: dt.datetime | None = None
) -> int:
    """Fix the pairs and email each member their partner(s); returns emails."""
    sent = 0
    with transaction.atomic():
        round = _lock_draft(round)
        meet_before = next_session(round.after_session)
        pairs = list(
            round.pairs.prefetch_related("members__user__organisation").order_by(
                "position"
            )
        )
        if not pairs:
            raise PracticeError(_("Nobody to pair in this round."))
        round.status = CatchUpRound.Status.SENT
        round.sent_at = now or timezone.now()
        round.save(update_fields=["status", "sent_at"])
        cohort = round.cohort
        for pair in pairs:
            members = [m.user for m in pair.members.all()]
            for user in members:
                partners = [other for other in members if other.pk != user.pk]
                made = notify(
                    kind=kinds.INTRODUCTION,
                    to=user.email,
                    user=user,
                    about=pair,
                    cohort=cohort,
                    optional=kinds.OPTIONAL[kinds.INTRODUCTION],
                    context={
                        "name": user.get_short_name(),
                        "partners": partners,
                        "cohort": cohort,
                        "programme": cohort.programme,
                        "meet_before": meet_before,
                        "met_url": report_url(pair=pair, user=user) + "?met=1",
                        "not_met_url": report_url(pair=pair, user=user) + "?met=0",
                    },
                )
                sent += made is not None
        record("practice.round.sent", round, actor=actor, emails=sent)
    return sent
