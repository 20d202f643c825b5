"""The one exception the expense services raise when they refuse."""

from cop.errors import DomainError


class ExpenseError(DomainError):
    """A refusal with a message fit to show the person who asked."""
