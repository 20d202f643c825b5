"""The one base exception every app's services raise when they refuse."""

from __future__ import annotations


class DomainError(Exception):
    """An action was refused and nothing was changed.

    ``message`` is fit to show the person who acted. ``field`` names the form
    field it is about, if there is one, so a page can show it beside that
    field (and in the error summary) rather than only at the top.
    """

    def __init__(self, message: object = "", *, field: str | None = None):
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""
