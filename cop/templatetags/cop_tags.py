"""Formatting used across templates: London times and GBP amounts."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

register = template.Library()


def format_when(starts_at: dt.datetime, ends_at: dt.datetime | None = None) -> str:
    """'Tuesday 23 May 2023, 10:00-12:00' in Europe/London."""
    start = timezone.localtime(starts_at)
    text = f"{start:%A} {start.day} {start:%B %Y, %H:%M}"
    if ends_at is not None:
        end = timezone.localtime(ends_at)
        if end.date() == start.date():
            text += f"-{end:%H:%M}"
        else:
            text += f" to {end:%A} {end.day} {end:%B %Y, %H:%M}"
    return text


@register.filter
def when(obj) -> str:
    """Format a session (anything with starts_at/ends_at) or a datetime."""
    if isinstance(obj, dt.datetime):
        return format_when(obj)
    return format_when(obj.starts_at, obj.ends_at)


@register.filter
def gbp(amount) -> str:
    """'£1,234.50'; a zero amount reads 'Free'."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount))
    if value == 0:
        return "Free"
    return f"£{value:,.2f}"
