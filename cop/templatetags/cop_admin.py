"""Small filters for the admin's widget templates (templates/admin/widgets/)."""

from __future__ import annotations

from django import template
from django.utils.text import capfirst

register = template.Library()


@register.filter
def field_words(name: str) -> str:
    """'sessions-0-starts_at' -> 'Starts at': a form field's name in words, for
    labels a widget template writes without knowing the field's label."""
    return capfirst(str(name).rsplit("-", 1)[-1].replace("_", " "))
