"""Link places booked for a colleague to the colleague's account.

An organisation contact books places by name and email; a colleague who has
no account yet gets one later. When they verify that email address, their
places (and so their sessions, reminders and certificates) become theirs.
"""

from __future__ import annotations

from django.db import transaction

from bookings.models import Place
from cop.audit import record


@transaction.atomic
def link_places_to_account(*, user, email: str) -> int:
    """Attach unowned places booked for ``email`` to ``user``; return how many."""
    places = list(
        Place.objects.select_for_update().filter(
            attendee__isnull=True, attendee_email__iexact=email
        )
    )
    for place in places:
        place.attendee = user
        place.save(update_fields=["attendee"])
        record("bookings.place.linked_to_account", place, actor=user, email=email)
    return len(places)


def on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    """allauth hook: a verified address may claim the places booked for it."""
    link_places_to_account(user=email_address.user, email=email_address.email)
