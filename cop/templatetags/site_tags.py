"""Site settings for templates rendered without a request (500 page, emails)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def provider_name() -> str:
    return settings.PROVIDER_NAME
