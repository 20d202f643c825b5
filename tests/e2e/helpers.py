"""Small steps the journeys share: sign in, read emails, check a page's basics."""

from __future__ import annotations

import re
from pathlib import Path

from django.core import mail
from playwright.sync_api import Page, expect

PASSWORD = "correct-horse-42"


def sign_in(page: Page, email: str, password: str = PASSWORD, next_url: str = ""):
    target = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    page.goto(target)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def link_in_last_email(to: str) -> str:
    message = [m for m in mail.outbox if to in m.to][-1]
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


# Evaluated in the page through the DevTools protocol (not an inline script).
PAGE_CHECKS = (Path(__file__).parent / "page_checks.js").read_text()
# axe-core (vendored, MPL-2.0), also evaluated through the DevTools protocol so
# the site's content security policy stays strict.
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ': ' + v.help + ' -> '
      + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
}"""


def axe_violations(page: Page) -> list[str]:
    """Serious and critical WCAG 2.2 AA violations axe-core finds on the page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(AXE_RUN, AXE_TAGS)


def assert_page_is_accessible(page: Page) -> None:
    """axe (WCAG 2.2 AA), plus labels, heading order, one h1, alt text, no
    sideways scroll and nothing external."""
    expect(page.locator("main h1")).to_have_count(1)
    assert page.evaluate(PAGE_CHECKS) == [], page.url
    violations = axe_violations(page)
    assert violations == [], (page.url, violations)
