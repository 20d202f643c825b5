"""Refusals in the cohort's space (each carries a message fit to show)."""

from cop.errors import DomainError


class CommunityError(DomainError):
    """An action in a cohort's space was refused; nothing changed."""


class NotAllowedError(CommunityError):
    """The person may not do this here (views turn it into a 404)."""
