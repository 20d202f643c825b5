"""Refusals in this app: the message says why, nothing was changed."""

from cop.errors import DomainError


class EvaluationError(DomainError):
    """Feedback, an answer, an assessment or an export that cannot be taken."""
