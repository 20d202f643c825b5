"""Domain errors: each carries a message fit to show the person who acted."""

from cop.errors import DomainError


class BookingError(DomainError):
    """A booking action was refused; nothing was changed."""


class PriceChanged(BookingError):  # noqa: N818 - reads as a sentence
    """The price shown to the booker is not the price now (tampered or stale)."""
