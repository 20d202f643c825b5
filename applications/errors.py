"""The one exception the application services raise when they refuse."""

from cop.errors import DomainError


class ApplicationError(DomainError):
    """A refusal with a message fit to show the person who asked."""
