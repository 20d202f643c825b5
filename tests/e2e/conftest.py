"""Browser tests: Playwright driving Debian's Chromium against the live server.

Never downloads a browser: it uses /usr/bin/chromium, and every test here is
skipped (with the reason) when that is absent. A failing test leaves a
screenshot in artifacts/. Any Content-Security-Policy violation fails the test.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM
# calls are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
]
PORTS = range(8301, 8400)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free port in 8301-8399 for the live server.")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} not found: install Debian's chromium to run browser tests"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def live_server_address():
    if not os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS"):
        os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"] = f"127.0.0.1:{_free_port()}"
    return os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"]


@pytest.fixture(scope="session")
def browser(live_server_address):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def server(live_server_address, live_server, settings):
    """The live server's base URL, with SITE_URL pointing at it for emails."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def page(request, browser, server):
    """A fresh browser tab; screenshot on failure; CSP violations fail the test."""
    from django.core.cache import cache

    # Rate-limit counts and used TOTP codes are keyed by user id, which the
    # flushed database hands out again: start every journey with none.
    cache.clear()
    context = browser.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    violations: list[str] = []
    tab.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    yield tab
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        try:
            tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as error:  # the page may have crashed; keep the report
            print(f"Could not save a screenshot: {error}")
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"
