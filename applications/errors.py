"""The one exception the application services raise when they refuse."""


class ApplicationError(Exception):
    """A refusal with a message fit to show the person who asked."""
