"""URL converters: a parameter that does not have its format never reaches a query.

A NUL byte, a megabyte of text, non-ASCII letters or ``../`` in a link's
token, an order reference or a certificate number answer 404 at the URL
resolver, before any view runs (PostgreSQL refuses a NUL in a query with a
server error; SQLite only finds nothing).
"""

from __future__ import annotations

from django.urls import register_converter


class _Pattern:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class LinkToken(_Pattern):
    """``secrets.token_urlsafe`` tokens of emailed links (waiting list, offers)."""

    regex = r"[A-Za-z0-9_-]{16,64}"


class OrderReference(_Pattern):
    """Order references, 'K7QF-2M9X' (case as typed; the view decides)."""

    regex = r"[A-Za-z0-9]{4}-[A-Za-z0-9]{4}"


class Code(_Pattern):
    """Certificate numbers ('CPD-7K3M-Q9XZ-4HPA-2WNR') and check-in codes."""

    regex = r"[A-Za-z0-9][A-Za-z0-9-]{0,39}"


register_converter(LinkToken, "token")
register_converter(OrderReference, "ref")
register_converter(Code, "code")
