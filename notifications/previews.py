"""Sample data for previewing every email template in the admin.

Built from unsaved objects, so a preview never touches the database. Other
apps may add sample context for their own kinds with ``@sample_for(kind)``;
kinds without one get the generic sample below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from bookings.models import Invoice, Order, Place
from cohorts.models import Cohort, Programme, Session
from cop.models import User

SAMPLES: dict[str, Callable[[], dict[str, Any]]] = {}


def sample_for(kind: str):
    def register(function: Callable[[], dict[str, Any]]):
        SAMPLES[kind] = function
        return function

    return register


def email_kinds() -> list[str]:
    """Every kind with a subject template in the project's templates folders."""
    kinds: set[str] = set()
    for config in settings.TEMPLATES:
        for folder in config.get("DIRS", []):
            for path in Path(folder, "emails").glob("*.subject.txt"):
                kinds.add(path.name.removesuffix(".subject.txt"))
    return sorted(kinds)


def generic_sample() -> dict[str, Any]:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    start = timezone.localtime(now + dt.timedelta(days=7)).replace(hour=10)
    programme = Programme(
        name="Shared Ground", slug="shared-ground", summary="Peer learning."
    )
    cohort = Cohort(
        programme=programme,
        name="2026-27",
        slug="2026-27",
        capacity=20,
        application_deadline=now + dt.timedelta(hours=48),
    )
    session = Session(
        pk=0,
        cohort=cohort,
        number=3,
        title="Working with partners",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        mode=Session.Mode.ONLINE,
        joining_link="https://meet.example/shared-ground-3",
        facilitator_notes=(
            "Thank you all for a lively session.\n\n"
            "Action step: try one of the mapping exercises with a partner "
            "before we meet again."
        ),
    )
    user = User(email="sam.patel@example.org", full_name="Sam Patel")
    order = Order(
        reference="K7QF-2M9X",
        cohort=cohort,
        booker=user,
        total=Decimal("750.00"),
        payment_method=Order.PaymentMethod.INVOICE,
        purchase_order_number="PO-12345",
        created_at=now - dt.timedelta(days=31),
    )
    place = Place(
        order=order,
        cohort=cohort,
        attendee=user,
        attendee_name=user.full_name,
        attendee_email=user.email,
        total=Decimal("750.00"),
    )
    invoice = Invoice(
        pk=0,  # its balance looks up credit notes: none for pk 0
        order=order,
        number=42,
        amount=Decimal("750.00"),
        due_on=timezone.localdate(now) - dt.timedelta(days=1),
        purchase_order_number="PO-12345",
        billing_name="Northshire Council",
        billing_contact="Accounts payable",
        billing_email="accounts@northshire.example",
    )
    return {
        "user": user,
        "invoice": invoice,
        "name": user.full_name,
        "programme": programme,
        "cohort": cohort,
        "session": session,
        "sessions": [session],
        "order": order,
        "place": place,
        "due_on": timezone.localdate(now) - dt.timedelta(days=1),
        "number": 1,
        "lead": "in a week",
        "stage": "first",
        "cancelled": False,
        "unsubscribe_url": f"{settings.SITE_URL}/notifications/unsubscribe/sample/",
    }


def sample_context(kind: str) -> dict[str, Any]:
    context = generic_sample()
    if kind in SAMPLES:
        context.update(SAMPLES[kind]())
    return context
