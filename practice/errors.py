"""The exception practice services raise when they refuse."""

from cop.errors import DomainError


class PracticeError(DomainError):
    """A refusal with a message fit to show the person who asked."""
