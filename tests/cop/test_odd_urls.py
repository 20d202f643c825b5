"""Odd values in any URL parameter answer 400 or 404, never a server error.

PostgreSQL refuses a NUL byte in a query with a server error where SQLite
only finds nothing, so the walk runs on both (CI runs it on PostgreSQL), and
on any database no odd value may reach a query at all.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from cop.urls import serve_media
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ODD_VALUES = {
    "nul": "a\x00b",
    "long": "A" * 5000,
    "non-ascii": "café-ü-😀",
    "dot-dot": "../../etc/passwd",
}

ROUTE_PARAM = re.compile(r"<(?:\w+:)?\w+>")
REGEX_GROUP = re.compile(r"\(\?P<\w+>[^)]*\)")

# The links the issue names: their parameters reach a query.
QUERIED = [
    "/bookings/waiting-list/{}/",
    "/bookings/offer/{}/",
    "/bookings/order/{}/",
    "/bookings/order/{}/invoice.pdf",
    "/cpd/verify/{}/",
    "/cpd/certificates/{}/download/",
]


def _walk(patterns, prefix=""):
    for pattern in patterns:
        text = prefix + _route(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            yield text


def _route(pattern) -> str:
    text = str(pattern)
    if hasattr(pattern, "regex") and not hasattr(pattern, "_route"):
        text = text.removeprefix("^").removesuffix("$")
        text = REGEX_GROUP.sub("{}", text)
        return text
    return ROUTE_PARAM.sub("{}", text)


def parametrised_routes() -> list[str]:
    return sorted({"/" + r for r in _walk(get_resolver().url_patterns) if "{}" in r})


def odd_urls():
    for route in parametrised_routes():
        for value in ODD_VALUES.values():
            yield route.replace("{}", quote(value, safe=""))


def test_the_walk_covers_every_parametrised_url_pattern():
    routes = parametrised_routes()
    for named in QUERIED:
        assert named in routes
    assert len(routes) > 50  # the admin's object pages included


@pytest.fixture
def clients():
    anonymous = Client(raise_request_exception=False)
    participant = Client(raise_request_exception=False)
    participant.force_login(UserFactory())
    staff = Client(raise_request_exception=False)
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    return {"anonymous": anonymous, "participant": participant, "staff": staff}


def test_no_url_answers_a_server_error_to_odd_values(clients):
    failures = []
    for url in odd_urls():
        for who, client in clients.items():
            status = client.get(url).status_code
            if status >= 500:
                failures.append((who, url[:80], status))
    assert failures == []


@pytest.mark.parametrize("name", list(ODD_VALUES))
@pytest.mark.parametrize("route", QUERIED)
def test_named_links_answer_404_or_400_to_odd_values(clients, route, name):
    url = route.format(quote(ODD_VALUES[name], safe=""))
    for client in (clients["participant"], clients["staff"]):
        assert client.get(url).status_code in {400, 404}


@pytest.mark.parametrize("name", list(ODD_VALUES))
@pytest.mark.parametrize("route", QUERIED)
def test_odd_values_never_reach_a_query(clients, route, name):
    value = ODD_VALUES[name]
    url = route.format(quote(value, safe=""))
    with CaptureQueriesContext(connection) as queries:
        clients["participant"].get(url)
    reached = [q["sql"] for q in queries.captured_queries if value[:40] in q["sql"]]
    assert reached == []


def test_nul_in_the_query_string_is_a_bad_request(clients):
    response = clients["participant"].get("/programmes/?offer=a%00b")
    assert response.status_code == 400
    assert "We could not read that address" in response.content.decode()


def test_a_stored_file_name_too_long_for_the_disk_is_not_found(rf, settings):
    settings.MEDIA_ROOT = settings.BASE_DIR / "media"
    with pytest.raises(Http404):
        serve_media(rf.get("/media/x"), "A" * 5000)
