"""The sanitiser against known XSS payloads: what people type never runs."""

from html.parser import HTMLParser

import pytest

from community.markdown import ALLOWED_TAGS, render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<form action="https://evil.example"><button>go</button></form>',
    '<object data="x.swf"></object>',
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<!--<script>alert(1)</script>-->",
    "<<script>script>alert(1)<</script>/script>",
]


class _Elements(HTMLParser):
    """Every element and attribute the browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_renders_without_anything_that_could_run(payload):
    for tag, attributes in elements(render_markdown(payload)):
        assert tag in ALLOWED_TAGS, (payload, tag)
        for name, value in attributes.items():
            assert not name.startswith("on"), (payload, name)
            assert name != "style", payload
            if name == "href":
                scheme = value.split(":", 1)[0].strip().lower()
                assert scheme in {"http", "https", "mailto"}, (payload, value)


def test_html_typed_in_a_post_is_shown_as_text():
    assert "&lt;script&gt;" in render_markdown("<script>alert(1)</script>")


def test_links_open_safely():
    html = render_markdown("[toolkit](https://example.org/toolkit)")
    assert 'href="https://example.org/toolkit"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_markdown_formatting_survives():
    html = render_markdown("**bold** and *it*\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<li>one</li>" in html


def test_headings_in_posts_sit_below_the_pages_own():
    assert render_markdown("# Big").startswith("<h3>")


def test_mailto_links_are_kept():
    assert 'href="mailto:a@example.org"' in render_markdown("[a](mailto:a@example.org)")
