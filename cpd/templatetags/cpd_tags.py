"""Formatting for CPD figures."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def amount(value) -> str:
    """12.00 -> '12', 10.50 -> '10.5': hours and points as people write them."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    return text


@register.filter
def plural_s(value) -> str:
    """'s' unless the amount is exactly one."""
    return "" if Decimal(str(value)) == 1 else "s"
