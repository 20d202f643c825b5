"""Domain errors: each carries a message fit to show the person who acted."""


class BookingError(Exception):
    """A booking action was refused; nothing was changed.

    ``field`` names the form field the message is about, if there is one, so
    a page can show it next to that field rather than at the top.
    """

    def __init__(self, *args, field: str | None = None):
        super().__init__(*args)
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class PriceChanged(BookingError):  # noqa: N818 - reads as a sentence
    """The price shown to the booker is not the price now (tampered or stale)."""
