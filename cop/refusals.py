"""Showing a refusal: the one way views and admin screens show a DomainError.

A service refuses by raising a subclass of ``cop.errors.DomainError``. The
page that called it shows ``error.message``: on a form, beside the field the
error names (or the page's own field for it, or at the top); otherwise as an
error message on the next page. Bulk admin actions say which row was refused.
"""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest

from cop.errors import DomainError


def refusal_text(error: DomainError, *, about: object = None) -> str:
    """The message, prefixed with the row it is about in bulk actions."""
    return f"{about}: {error.message}" if about is not None else error.message


def show_refusal(
    where: HttpRequest | BaseForm,
    error: DomainError,
    *,
    field: str | None = None,
    about: object = None,
) -> None:
    """Show ``error`` on a form or as a message for the request.

    On a form the error goes beside ``error.field`` when the form has that
    field, else beside ``field`` (the page's own field for such refusals),
    else at the top of the form.
    """
    text = refusal_text(error, about=about)
    if isinstance(where, BaseForm):
        named = error.field if error.field in where.fields else None
        where.add_error(named or field, text)
        return
    messages.error(where, text)
