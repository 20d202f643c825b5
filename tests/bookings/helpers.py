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


def book(cohort, booker, option=None, count=1, **kwargs):
    kwargs.setdefault("attendees", people(count))
    kwargs.setdefault("payment_method", "invoice")
    kwargs.setdefault("billing", BILLING)
    return book_places(
        cohort_id=cohort.pk,
        booker=booker,
        option_id=option.pk if option else None,
        **kwargs,
    )
