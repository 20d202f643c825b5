"""Small helpers for booking tests."""

from bookings.services import Attendee, Billing, book_places


def people(n: int, domain: str = "northtown.gov.uk") -> list[Attendee]:
    return [Attendee(f"Person {i}", f"person{i}@{domain}") for i in range(n)]


BILLING = Billing(
    purchase_order_number="PO-1",
    contact="Finance Team",
    email="finance@northtown.gov.uk",
    address="Town Hall, Northtown",
)


def confirm_member(user, organisation_id: int) -> None:
    """Make ``user`` a confirmed member of the organisation, as staff would."""
    user.organisation_id = organisation_id
    user.organisation_confirmed = True
    user.save(update_fields=["organisation", "organisation_confirmed"])


def book(cohort, booker, option=None, count=1, **kwargs):
    """Book through the service; a booker for an organisation is its member."""
    if kwargs.get("organisation_id"):
        confirm_member(booker, kwargs["organisation_id"])
    kwargs.setdefault("attendees", people(count))
    kwargs.setdefault("payment_method", "invoice")
    kwargs.setdefault("billing", BILLING)
    return book_places(
        cohort_id=cohort.pk,
        booker=booker,
        option_id=option.pk if option else None,
        **kwargs,
    )
