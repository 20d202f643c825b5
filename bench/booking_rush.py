"""Benchmark: 200 customers rush a 20-place cohort at the same moment.

Starts the app under gunicorn (2 workers) on PostgreSQL, then sends every
customer through the whole booking flow over HTTP at once: cohort page,
booking form, submit, confirmation page (a free cohort has no price review
step). Those who find the
cohort full (on the cohort page, the form or at confirmation) are told so.
Prints customers per second, p50/p95 of the whole flow for winners and for
those turned away, and the final counts: exactly 20 places taken, 0 server
errors. Measures the floor (bench/floor/, a bare Django page) under the same
gunicorn settings in the same run, before and after the rush, and prints the
ratio of customers/s to the floor-derived limit: floor requests/s divided by
the requests one customer made on average.

    .venv/bin/python bench/booking_rush.py [--customers 200] [--places 20]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379.
Uses its own databases (cop_bench and cop_bench_floor, dropped and re-created
each run), Redis database 1 (emails are queued there as in production, then
discarded) and ports 8101 and 8102. BENCH_DB, BENCH_FLOOR_DB, BENCH_REDIS,
BENCH_PORT and BENCH_FLOOR_PORT change them, so two people can run it at once.
The cohort is free, so no payment provider is needed. Customers
already have accounts and are signed in (sessions made before the clock
starts), as people booking would be.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import floorbench  # noqa: E402 - bench/ itself is on the path only from here

PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "cop_bench")
FLOOR_DB = os.environ.get("BENCH_FLOOR_DB", f"{DB_NAME}_floor")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/1")
PORT = int(os.environ.get("BENCH_PORT", "8101"))
FLOOR_PORT = int(os.environ.get("BENCH_FLOOR_PORT", str(PORT + 1)))
FLOOR_REQUESTS = 1500  # per floor measurement, bounded by FLOOR_SECONDS too
FLOOR_SECONDS = 15.0
WARM_UP = 4  # flows run first on another cohort, so each worker is warm
BASE = f"http://127.0.0.1:{PORT}"
LOG = Path(tempfile.gettempdir()) / f"cop_booking_rush_gunicorn_{PORT}.log"
FLOOR_LOG = Path(tempfile.gettempdir()) / f"cop_booking_rush_floor_{FLOOR_PORT}.log"

os.environ.update(
    {
        "DATABASE_URL": f"{PG_SERVER}/{DB_NAME}",
        "REDIS_URL": REDIS,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "SECRET_KEY": "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": BASE,
        "EMAIL_URL": "console:",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "cop.settings",
    }
)


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build(customers: int, places: int):
    """[(path, id) of the rush and warm-up cohorts], a signed-in session each."""
    import django

    django.setup()
    import datetime as dt

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from cohorts.models import Cohort, Programme, Session
    from cop.models import User

    programme = Programme.objects.create(
        name="Shared Ground",
        slug="shared-ground",
        summary="Peer learning for council officers.",
        audience="Practitioners.",
        content="Practice.",
        how_it_works="Six sessions.",
        format=Programme.Format.ONLINE,
    )
    first = timezone.now() + dt.timedelta(days=30)
    cohorts = []
    for slug, capacity in [("rush", places), ("warm-up", WARM_UP + 1)]:
        cohort = Cohort.objects.create(
            programme=programme,
            name=slug.title(),
            slug=slug,
            capacity=capacity,
            status=Cohort.Status.OPEN,
        )
        Session.objects.bulk_create(
            Session(
                cohort=cohort,
                number=i + 1,
                title=f"Session {i + 1}",
                starts_at=first + dt.timedelta(weeks=i),
                ends_at=first + dt.timedelta(weeks=i, hours=2),
                joining_link=f"https://meet.example/{i + 1}",
            )
            for i in range(6)
        )
        cohorts.append((cohort.get_absolute_url(), cohort.pk))
    users = User.objects.bulk_create(
        User(email=f"customer{i}@example.org", full_name=f"Customer {i}", password="!")
        for i in range(customers)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    keys = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return cohorts, keys


def start_server(threads: int) -> subprocess.Popen:
    log = open(LOG, "w")  # noqa: SIM115 - handed to gunicorn for its lifetime
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cop.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--threads",
            str(threads),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    import httpx

    for _ in range(100):
        try:
            httpx.get(f"{BASE}/", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not start; see {LOG}")


@dataclass
class Page:
    status_code: int
    text: str
    location: str


class Customer:
    """One person's browser: their own cookies, following redirects by hand."""

    def __init__(self, client, session_key: str):
        self.client = client
        self.cookies = {"sessionid": session_key}
        self.server_errors = 0
        self.requests = 0

    async def request(self, method: str, path: str, **kwargs) -> Page:
        for _hop in range(5):
            self.requests += 1
            header = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            async with self.client.request(
                method,
                BASE + path,
                headers={"Cookie": header},
                allow_redirects=False,
                **kwargs,
            ) as response:
                self._keep_cookies(response.headers.getall("Set-Cookie", []))
                page = Page(
                    response.status,
                    await response.text(),
                    response.headers.get("Location", ""),
                )
            if page.status_code >= 500:
                self.server_errors += 1
            if page.status_code not in (301, 302, 303):
                return page
            method, kwargs = "GET", {}
            path = page.location.removeprefix(BASE)
        return page

    def _keep_cookies(self, raw_cookies: list[str]) -> None:
        for raw in raw_cookies:
            name, _, rest = raw.partition("=")
            value = rest.split(";", 1)[0].strip('"')
            if not value or "max-age=0" in raw.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value


def http_client():
    """A light client: the load generator shares the 2 cores with the server.

    No keep-alive: gunicorn closes idle connections, and a browser would
    simply reconnect; a reused, closed socket would read as a failure here.
    Cookies are kept per customer by hand, so the shared jar is a dummy.
    """
    import aiohttp

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0, force_close=True),
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=120),
    )


async def flow(
    customer: Customer, cohort_path: str, cohort_id: int
) -> tuple[str, float]:
    """The whole booking flow for one customer: ('won'|'full'|'error', seconds)."""
    started = time.perf_counter()
    page = await customer.request("GET", cohort_path)
    book_path = f"/bookings/cohort/{cohort_id}/book/"
    if book_path not in page.text:
        return _told_full(page.text), time.perf_counter() - started
    form = await customer.request("GET", book_path)
    if 'name="step" value="confirm"' not in form.text:
        return _told_full(form.text), time.perf_counter() - started
    confirm = {
        "csrfmiddlewaretoken": customer.cookies.get("csrftoken", ""),
        "book_for_self": "on",
        "colleague-TOTAL_FORMS": "3",
        "colleague-INITIAL_FORMS": "0",
        "colleague-MIN_NUM_FORMS": "0",
        "colleague-MAX_NUM_FORMS": "20",
        "expected_total": "0.00",
        "step": "confirm",
    }
    done = await customer.request("POST", book_path, data=confirm)
    if "your booking is confirmed" in done.text:
        return "won", time.perf_counter() - started
    return _told_full(done.text), time.perf_counter() - started


async def safe_flow(customer: Customer, cohort_path: str, cohort_id: int):
    """A connection the server dropped counts as an error, not a crash."""
    import aiohttp

    started = time.perf_counter()
    try:
        return await flow(customer, cohort_path, cohort_id)
    except aiohttp.ClientError:
        return "error", time.perf_counter() - started


def _told_full(text: str) -> str:
    return "full" if "fully booked" in text.lower() else "error"


async def rush(cohort_path: str, cohort_id: int, keys: list[str]):
    async with http_client() as client:
        customers = [Customer(client, key) for key in keys]
        started, cpu = time.perf_counter(), time.process_time()
        results = await asyncio.gather(
            *(safe_flow(c, cohort_path, cohort_id) for c in customers)
        )
        elapsed = time.perf_counter() - started
        # The load generator shares the 2 cores with the server: say how much.
        print(f"load generator CPU:   {time.process_time() - cpu:.2f} s")
    requests = sum(c.requests for c in customers)
    return results, elapsed, sum(c.server_errors for c in customers), requests


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(round(share * (len(ordered) - 1)), len(ordered) - 1)]


def report(results, elapsed, server_errors: int, cohort_id: int, places: int) -> bool:
    from bookings.models import Place

    winners = [t for outcome, t in results if outcome == "won"]
    turned_away = [t for outcome, t in results if outcome == "full"]
    errors = [t for outcome, t in results if outcome == "error"]
    taken = Place.objects.filter(cohort_id=cohort_id).taken().count()
    print(f"customers:            {len(results)} in {elapsed:.2f} s")
    print(f"customers per second: {len(results) / elapsed:.1f}")
    print(
        f"winners:              {len(winners)}  p50 {statistics.median(winners):.2f} s"
        f"  p95 {percentile(winners, 0.95):.2f} s"
    )
    if turned_away:
        print(
            f"told it is full:      {len(turned_away)}"
            f"  p50 {statistics.median(turned_away):.2f} s"
            f"  p95 {percentile(turned_away, 0.95):.2f} s"
        )
    print(f"unexpected pages:     {len(errors)}")
    print(f"server errors (5xx):  {server_errors}")
    print(f"places taken:         {taken} of {places} (confirmed + held)")
    return taken == len(winners) == places and not errors and not server_errors


def single_flow_time(cohort_path: str, cohort_id: int, key: str) -> float:
    async def one():
        async with http_client() as client:
            return await flow(Customer(client, key), cohort_path, cohort_id)

    outcome, seconds = asyncio.run(one())
    assert outcome == "won", outcome
    return seconds


def measure_floor(threads: int) -> float:
    """The floor's requests/s: as many connections at once as the server has threads."""

    async def run() -> float:
        async with floorbench.http_client() as client:
            url = f"http://127.0.0.1:{FLOOR_PORT}{floorbench.FLOOR_PATH}"
            await floorbench.burst(
                client, url, requests=100, seconds=5, concurrency=2 * threads
            )
            sample = await floorbench.burst(
                client,
                url,
                requests=FLOOR_REQUESTS,
                seconds=FLOOR_SECONDS,
                concurrency=2 * threads,
            )
        if sample.bad:
            raise SystemExit(f"the floor answered badly: {sample.statuses}")
        return sample.per_second

    return asyncio.run(run())


def report_limit(
    floors: list[float], customers_per_second: float, requests: int, customers: int
) -> None:
    floor = statistics.mean(floors)
    per_customer = requests / customers
    limit = floor / per_customer
    print(
        "floor /list/:         "
        + ", ".join(f"{f:.0f}" for f in floors)
        + f" requests/s (before, after the rush); mean {floor:.0f}"
    )
    print(f"requests per customer: {per_customer:.2f} ({requests} for {customers})")
    print(f"floor-derived limit:  {limit:.1f} customers/s")
    print(
        f"rush / limit:         {customers_per_second / limit:.2f}"
        f" ({customers_per_second:.1f} of {limit:.1f} customers/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--places", type=int, default=20)
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per gunicorn worker"
    )
    args = parser.parse_args()

    recreate_database()
    floor_url = floorbench.recreate_floor_database(PG_SERVER, FLOOR_DB)
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    cohorts, keys = build(args.customers + WARM_UP + 1, args.places)
    (cohort_path, cohort_id), (warm_path, warm_id) = cohorts
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    server = start_server(args.threads)
    floor = None
    try:
        floor = floorbench.start_floor(
            port=FLOOR_PORT, database_url=floor_url, log=FLOOR_LOG, threads=args.threads
        )
        floors = [measure_floor(args.threads)]
        for _ in range(WARM_UP):
            single_flow_time(warm_path, warm_id, keys.pop())
        alone = single_flow_time(warm_path, warm_id, keys.pop())
        print(f"one customer alone:   {alone:.3f} s for the whole flow")
        results, elapsed, server_errors, requests = asyncio.run(
            rush(cohort_path, cohort_id, keys)
        )
        floors.append(measure_floor(args.threads))
    finally:
        floorbench.stop(server)
        if floor is not None:
            floorbench.stop(floor)
        redis.Redis.from_url(REDIS).flushdb()
    ok = report(results, elapsed, server_errors, cohort_id, args.places)
    report_limit(floors, len(results) / elapsed, requests, len(results))
    print("result:               " + ("OK, no overbooking" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
