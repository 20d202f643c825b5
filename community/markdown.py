"""The one rule for turning what people type into HTML that is safe to show.

Markdown is parsed by markdown-it-py with raw HTML switched off (so ``<script>``
is shown as text), then the result goes through nh3 (the Rust ``ammonia``
sanitiser) with an allow-list: no scripts, styles, iframes or event-handler
attributes, only http, https and mailto links, and every link gets
``rel="noopener noreferrer nofollow"`` so it can neither reach back into this
page nor pass on ranking. Images are not allowed (they could track readers).
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)
# Headings in posts sit under the page's own h1/h2: shift them down.
_HEADING_SHIFT = {"h1": "h3", "h2": "h4", "h3": "h5", "h4": "h6"}


def _shift_headings(tokens) -> None:
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = _HEADING_SHIFT.get(token.tag, "h6")


def render_markdown(text: str) -> str:
    """Sanitised HTML for ``text``; safe to mark safe in a template."""
    tokens = _parser.parse(text or "")
    _shift_headings(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    return sanitise(html)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
