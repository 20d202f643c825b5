"""Member cards: what each member chooses to tell the group.

Name, role and organisation always show (they are how the group knows each
other). Email, "what I bring" and "a challenge I'm working on" show only when
the member ticks them. A new card is offered pre-filled from the person's
application to the cohort (the "what I hope to achieve" and "challenge"
answers); nothing is shown until the member saves the card.
"""

from __future__ import annotations

from django.utils import timezone

from applications.models import Application
from community.access import Access
from community.errors import NotAllowedError
from community.models import MemberCard


def card_for(*, access: Access, user) -> MemberCard:
    """The member's saved card, or an unsaved one pre-filled from the application."""
    card = MemberCard.objects.filter(cohort=access.cohort, user=user).first()
    if card is not None:
        return card
    application = (
        Application.objects.filter(cohort=access.cohort, applicant=user)
        .only("hopes", "challenge")
        .first()
    )
    return MemberCard(
        cohort=access.cohort,
        user=user,
        what_i_bring=application.hopes if application else "",
        challenge=application.challenge if application else "",
    )


def save_card(*, access: Access, user, **fields) -> MemberCard:
    if not access.can_post:
        raise NotAllowedError("Only members of this cohort have a card here.")
    allowed = {
        "share_email",
        "what_i_bring",
        "share_what_i_bring",
        "challenge",
        "share_challenge",
    }
    values = {name: value for name, value in fields.items() if name in allowed}
    card, _ = MemberCard.objects.update_or_create(
        cohort=access.cohort,
        user=user,
        defaults={**values, "updated_at": timezone.now()},
    )
    return card
