"""For the programme's public page: learning its communities chose to share."""

from django import template

from community.selectors import published_learning

register = template.Library()


@register.inclusion_tag("community/_shared_learning.html")
def shared_learning(programme):
    return {"items": published_learning(programme)}
