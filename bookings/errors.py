"""Domain errors: each carries a message fit to show the person who acted."""


class BookingError(Exception):
    """A booking action was refused; nothing was changed."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class PriceChanged(BookingError):  # noqa: N818 - reads as a sentence
    """The price shown to the booker is not the price now (tampered or stale)."""
