"""Benchmark: every page against the floor, a bare Django page, in one run.

Seeds PostgreSQL with the demo (`manage.py seed_demo`) plus a growth set (by
default 500 past cohorts in 10 programmes with 10,000 confirmed places in 5,000
orders, made with bulk_create), then serves the app and the floor
(bench/floor/: 20 of 1,000 rows, one query) under the same gunicorn settings:
2 sync workers each, on 127.0.0.1 only. Signs in through the real login
(allauth's /accounts/login/; the staff member also enters a current code from
their authenticator app, made here), warms every page up, then measures the
pages and the floor alternately (floor, page, floor, page, ...), several
rounds, each burst bounded in requests and seconds. For each page it prints
requests/s, p50 and p99 latency, queries per request and the ratio of its
requests/s to the floor's measured just before and after it.

Queries per request are counted in this process with Django's test Client
and CaptureQueriesContext against the same database and the same signed-in
session, not derived from timings. Pages that answer 404 in this tree are
reported as "missing".

    .venv/bin/python bench/pages.py            # full size, about 5 minutes
    .venv/bin/python bench/pages.py --quick    # small seed, few requests
    .venv/bin/python bench/pages.py --pages home,account,cpd --reuse

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379.
Databases cop_bench_pages and cop_bench_pages_floor (dropped and re-created
unless --reuse), Redis database 2 (flushed), ports 8111 and 8112. BENCH_DB,
BENCH_FLOOR_DB, BENCH_REDIS, BENCH_PORT and BENCH_FLOOR_PORT change them.

Other work on the same two cores moves the absolute figures a lot; the ratio
to the floor, measured next to each page, much less. Still, measure on a
quiet machine and say how quiet it was.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
os.environ.setdefault("BENCH_DB", "cop_bench_pages")
os.environ.setdefault("BENCH_REDIS", "redis://127.0.0.1:6379/2")
os.environ.setdefault("BENCH_PORT", "8111")

import booking_rush  # noqa: E402 - sets the app's environment from BENCH_*
import floorbench  # noqa: E402

ROOT = booking_rush.ROOT
PORT = booking_rush.PORT
FLOOR_PORT = booking_rush.FLOOR_PORT
BASE = booking_rush.BASE
LOG = Path(tempfile.gettempdir()) / f"cop_pages_gunicorn_{PORT}.log"
FLOOR_LOG = Path(tempfile.gettempdir()) / f"cop_pages_floor_{FLOOR_PORT}.log"

PARTICIPANT = "practitioner@example.com"
BOOKER = "council@example.com"
STAFF = "coordinator@example.com"

# The pages, one line each: (name, who asks, path). Who: "anonymous",
# "participant" (the demo practitioner, who has bookings and a CPD record),
# "booker" (the demo council lead, who has no place in the open cohort yet) or
# "staff" (the demo coordinator, signed in with two-factor). A path names
# values worked out from the seeded data in `page_context`; a page whose path
# needs a value the data lacks, or that answers 404, is reported "missing".
PAGES: list[tuple[str, str, str]] = [
    ("home", "anonymous", "/"),
    ("programme", "anonymous", "/programmes/{programme}/"),
    ("cohort", "anonymous", "{cohort_path}"),
    ("booking-form", "booker", "/bookings/cohort/{bookable_cohort_id}/book/"),
    ("account", "participant", "/account/"),
    ("cpd", "participant", "/cpd/"),
    ("order", "participant", "/bookings/order/{order}/"),
    ("session", "participant", "/sessions/{session_id}/"),
    ("admin-cohort", "staff", "/admin/cohorts/cohort/{cohort_id}/change/"),
    ("admin-orders", "staff", "/admin/bookings/order/"),
    ("registers", "staff", "/admin/cpd/attendance/registers/"),
    ("reports", "staff", "/admin/reports/"),
]


@dataclass
class Sizes:
    programmes: int
    cohorts: int
    places: int
    rounds: int
    requests: int  # per burst, at most
    seconds: float  # per burst, at most
    warm_up: int  # requests per page before measuring


FULL = Sizes(10, 500, 10_000, 3, 300, 6.0, 30)
QUICK = Sizes(2, 20, 400, 1, 30, 2.0, 5)


# --- Data -------------------------------------------------------------------


def seed_growth(sizes: Sizes) -> None:
    """Past cohorts full of confirmed places, as a provider has after years."""
    import datetime as dt
    from decimal import Decimal

    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from bookings.models import Order, Place
    from cohorts.models import Cohort, Programme, Session
    from cop.models import User

    per_cohort = sizes.places // sizes.cohorts
    people = max(per_cohort * 5, sizes.places // 5)
    users = User.objects.bulk_create(
        User(
            email=f"member{i:05d}@council{i % 40}.example",
            full_name=f"Member {i:05d}",
            password="!",
        )
        for i in range(people)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    programmes = Programme.objects.bulk_create(
        Programme(
            name=f"Practice programme {p + 1}",
            slug=f"practice-{p + 1}",
            summary="Peer learning for people who work with communities.",
            audience="Practitioners in councils and charities.",
            content="Sharing what works.",
            how_it_works="Six online sessions.",
            format=Programme.Format.ONLINE,
        )
        for p in range(sizes.programmes)
    )
    now = timezone.now()
    cohorts = Cohort.objects.bulk_create(
        Cohort(
            programme=programmes[c % sizes.programmes],
            name=f"Cohort {c + 1}",
            slug=f"cohort-{c + 1}",
            capacity=per_cohort,
            status=Cohort.Status.FINISHED,
        )
        for c in range(sizes.cohorts)
    )
    sessions = []
    for c, cohort in enumerate(cohorts):
        first = now - dt.timedelta(days=60 + 7 * (c % 400))
        sessions += [
            Session(
                cohort=cohort,
                number=i + 1,
                title=f"Session {i + 1}",
                starts_at=first + dt.timedelta(weeks=i),
                ends_at=first + dt.timedelta(weeks=i, hours=2),
                joining_link=f"https://meet.example/{c}-{i + 1}",
            )
            for i in range(6)
        ]
    Session.objects.bulk_create(sessions, batch_size=2000)
    orders, places = [], []
    for c, cohort in enumerate(cohorts):
        booked_at = now - dt.timedelta(days=90 + 7 * (c % 400))
        for j in range(per_cohort):
            attendee = users[(c * per_cohort + j) % people]
            if j % 2 == 0:  # one order books two places
                order = Order(
                    cohort=cohort,
                    booker=attendee,
                    status=Order.Status.CONFIRMED,
                    payment_method=Order.PaymentMethod.INVOICE,
                    total=Decimal("240.00"),
                    billing_contact=attendee.full_name,
                    billing_email=attendee.email,
                    billing_address="1 High Street\nTown",
                    created_at=booked_at,
                    confirmed_at=booked_at,
                )
                orders.append(order)
            places.append(
                Place(
                    order=order,
                    cohort=cohort,
                    attendee=attendee,
                    attendee_name=attendee.full_name,
                    attendee_email=attendee.email,
                    status=Place.Status.CONFIRMED,
                    list_price=Decimal("120.00"),
                    total=Decimal("120.00"),
                    created_at=booked_at,
                )
            )
    Order.objects.bulk_create(orders, batch_size=2000)
    Place.objects.bulk_create(places, batch_size=2000)


def staff_secret() -> str:
    """The coordinator's authenticator secret (set up here if they have none)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt

    from cop.models import User

    user = User.objects.get(email=STAFF)
    existing = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).first()
    if existing:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def page_context() -> dict[str, object]:
    """The values the page paths name, read from the seeded data."""
    from bookings.models import Order, Place
    from cohorts.models import Cohort, Programme
    from cop.models import User

    participant = User.objects.get(email=PARTICIPANT)
    context: dict[str, object] = {}
    programme = Programme.objects.get(slug="neighbourhood-practice")
    context["programme"] = programme.slug
    cohort = programme.cohorts.filter(status=Cohort.Status.OPEN).order_by("pk").first()
    if cohort:
        context["cohort_id"] = cohort.pk
        context["cohort_path"] = cohort.get_absolute_url()
    booker = User.objects.get(email=BOOKER)
    booked = Place.objects.filter(attendee_email=booker.email).values("cohort")
    bookable = (
        Cohort.objects.listed()
        .open()
        .filter(programme__booking_mode=Programme.BookingMode.DIRECT)
        .exclude(pk__in=booked)
        .order_by("pk")
        .first()
    )
    if bookable:
        context["bookable_cohort_id"] = bookable.pk
    order = Order.objects.filter(booker=participant).order_by("-created_at").first()
    if order:
        context["order"] = order.reference
    # No community session page in this tree yet: add "session_id" here once
    # there is one (and mend its path in PAGES).
    return context


def resolve(path: str, context: dict[str, object]) -> str | None:
    try:
        return path.format(**context)
    except KeyError:
        return None


# --- Signing in through the real login ----------------------------------------

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(email: str, password: str, secret: str | None = None) -> dict[str, str]:
    """Sign in as a browser would; returns the session's cookies.

    Cookies are kept by hand: without DEBUG they are marked Secure, and a
    client's jar would not send them back over plain HTTP on loopback.
    """
    import httpx

    cookies: dict[str, str] = {}

    def send(method: str, path: str, **kwargs) -> httpx.Response:
        header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        response = client.request(
            method, path, headers={"Cookie": header, "Referer": BASE + path}, **kwargs
        )
        for raw in response.headers.get_list("set-cookie"):
            name, _, rest = raw.partition("=")
            value = rest.split(";", 1)[0].strip('"')
            if value and "max-age=0" not in raw.lower():
                cookies[name] = value
            else:
                cookies.pop(name, None)
        return response

    def form_post(path: str, data: dict[str, str]) -> httpx.Response:
        token = CSRF_FIELD.search(send("GET", path).text).group(1)
        return send("POST", path, data={**data, "csrfmiddlewaretoken": token})

    with httpx.Client(base_url=BASE, follow_redirects=False, timeout=30) as client:
        response = form_post("/accounts/login/", {"login": email, "password": password})
        location = response.headers.get("location", "")
        if "/2fa/" in location:
            if secret is None:
                raise SystemExit(f"{email} was asked for a code and has none")
            response = form_post(location, {"code": totp_code(secret)})
            location = response.headers.get("location", "")
        if response.status_code != 302 or "/accounts/" in location:
            raise SystemExit(
                f"signing in as {email} failed: {response.status_code} {location}"
            )
    return {"sessionid": cookies["sessionid"]}


# --- Queries per request, in this process -----------------------------------


def count_queries(path: str, cookies: dict[str, str]) -> tuple[int, int]:
    """(status, queries) of a warmed GET, median of three, with the same session."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    logging.getLogger("django.request").setLevel(logging.ERROR)  # 404s expected
    client = Client(SERVER_NAME="127.0.0.1", SERVER_PORT=str(PORT))
    for name, value in cookies.items():
        client.cookies[name] = value
    status = client.get(path).status_code
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        counts.append(len(queries))
    return status, int(statistics.median(counts))


# --- Measuring ------------------------------------------------------------------


@dataclass
class Target:
    name: str
    who: str
    path: str | None
    cookies: dict[str, str]
    status: int = 0
    queries: int = 0

    @property
    def measurable(self) -> bool:
        return self.path is not None and self.status == 200


async def measure(targets: list[Target], sizes: Sizes, concurrency: int):
    """Floor, page, floor, page, ... for ``sizes.rounds`` rounds.

    Returns each page's Sample and the floor Samples next to it.
    """
    floor_url = f"http://127.0.0.1:{FLOOR_PORT}{floorbench.FLOOR_PATH}"
    pages = {t.name: floorbench.Sample() for t in targets}
    beside = {t.name: floorbench.Sample() for t in targets}
    floor_all = floorbench.Sample()

    def bounded(url, cookies=None, *, requests=sizes.requests):
        return floorbench.burst(
            client,
            url,
            cookies=cookies,
            requests=requests,
            seconds=sizes.seconds,
            concurrency=concurrency,
        )

    async with floorbench.http_client() as client:
        await bounded(floor_url, requests=sizes.warm_up * 3)
        for target in targets:
            await bounded(BASE + target.path, target.cookies, requests=sizes.warm_up)
        for _round in range(sizes.rounds):
            before = await bounded(floor_url)
            floor_all.add(before)
            for target in targets:
                sample = await bounded(BASE + target.path, target.cookies)
                after = await bounded(floor_url)
                floor_all.add(after)
                pages[target.name].add(sample)
                beside[target.name].add(before)
                beside[target.name].add(after)
                before = after
    return pages, beside, floor_all


def print_table(targets, pages, beside, floor_all) -> None:
    print()
    print(
        f"{'page':<14} {'who':<11} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}"
        f" {'queries':>7} {'floor/s':>7} {'ratio':>6}  path"
    )
    for target in targets:
        if not target.measurable:
            state = "missing" if target.status in (0, 404) else f"HTTP {target.status}"
            print(
                f"{target.name:<14} {target.who:<11} {state:>7}"
                f" {'':>7} {'':>7} {'':>7} {'':>7} {'':>6}  {target.path or '-'}"
            )
            continue
        sample, floor = pages[target.name], beside[target.name]
        note = f"  ({sample.bad} not 200: {sample.statuses})" if sample.bad else ""
        print(
            f"{target.name:<14} {target.who:<11} {sample.per_second:>7.1f}"
            f" {1000 * floorbench.median(sample.latencies):>7.1f}"
            f" {1000 * floorbench.percentile(sample.latencies, 0.99):>7.1f}"
            f" {target.queries:>7} {floor.per_second:>7.1f}"
            f" {sample.per_second / floor.per_second:>6.2f}  {target.path}{note}"
        )
    print(
        f"{'floor':<14} {'anonymous':<11} {floor_all.per_second:>7.1f}"
        f" {1000 * floorbench.median(floor_all.latencies):>7.1f}"
        f" {1000 * floorbench.percentile(floor_all.latencies, 0.99):>7.1f}"
        f" {1:>7} {floor_all.per_second:>7.1f} {1:>6.2f}  {floorbench.FLOOR_PATH}"
    )


# --- Running ------------------------------------------------------------------


def prepare(sizes: Sizes, reuse: bool) -> str:
    """The app's and the floor's databases, seeded; returns the floor's URL."""
    floor_url = f"{booking_rush.PG_SERVER}/{booking_rush.FLOOR_DB}"
    if reuse:
        return floor_url
    started = time.perf_counter()
    booking_rush.recreate_database()
    floorbench.recreate_floor_database(booking_rush.PG_SERVER, booking_rush.FLOOR_DB)
    booking_rush.manage("migrate", "--noinput")
    booking_rush.manage("collectstatic", "--noinput")
    booking_rush.manage("seed_demo")
    import django

    django.setup()
    seed_growth(sizes)
    print(
        f"seeded: demo + {sizes.places} confirmed places in {sizes.cohorts} cohorts"
        f" in {time.perf_counter() - started:.0f} s"
    )
    return floor_url


def data_summary() -> str:
    from bookings.models import Order, Place
    from cohorts.models import Cohort

    places = Place.objects.filter(status=Place.Status.CONFIRMED).count()
    return (
        f"data: {Cohort.objects.count()} cohorts, {Order.objects.count()} orders,"
        f" {places} confirmed places"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Pages: " + ", ".join(name for name, _, _ in PAGES),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small seed (400 places), one round of few requests: a smoke run",
    )
    parser.add_argument(
        "--pages", help="comma-separated page names to measure (default: all)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the databases of the previous run instead of seeding again",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=4,
        help="requests in flight at once (default 4: two per sync worker)",
    )
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    chosen = [name for name, _, _ in PAGES]
    if args.pages:
        chosen = [name.strip() for name in args.pages.split(",") if name.strip()]
        unknown = set(chosen) - {name for name, _, _ in PAGES}
        if unknown:
            parser.error(f"unknown pages: {', '.join(sorted(unknown))}")

    floor_url = prepare(sizes, args.reuse)
    import django

    django.setup()
    import redis

    from portal.management.commands.seed_demo import DEMO_PASSWORD

    print(data_summary())
    secret = staff_secret()
    context = page_context()
    redis.Redis.from_url(booking_rush.REDIS).flushdb()
    server = floor = None
    try:
        server = floorbench.start_gunicorn(
            wsgi="cop.wsgi", port=PORT, cwd=ROOT, log=LOG
        )
        floor = floorbench.start_floor(
            port=FLOOR_PORT, database_url=floor_url, log=FLOOR_LOG
        )
        cookies = {
            "anonymous": {},
            "participant": sign_in(PARTICIPANT, DEMO_PASSWORD),
            "booker": sign_in(BOOKER, DEMO_PASSWORD),
            "staff": sign_in(STAFF, DEMO_PASSWORD, secret),
        }
        targets = []
        for name, who, path in PAGES:
            if name not in chosen:
                continue
            target = Target(name, who, resolve(path, context), cookies[who])
            if target.path is not None:
                target.status, target.queries = count_queries(
                    target.path, target.cookies
                )
            targets.append(target)
        measured = [t for t in targets if t.measurable]
        cpu = time.process_time()
        pages, beside, floor_all = asyncio.run(
            measure(measured, sizes, args.concurrency)
        )
        cpu = time.process_time() - cpu
    finally:
        for process in (server, floor):
            if process is not None:
                floorbench.stop(process)
        redis.Redis.from_url(booking_rush.REDIS).flushdb()
    print_table(targets, pages, beside, floor_all)
    print(
        f"\ngunicorn: 2 sync workers each, 127.0.0.1; {args.concurrency} requests in"
        f" flight; {sizes.rounds} rounds of at most {sizes.requests} requests or"
        f" {sizes.seconds:.0f} s per burst; load generator CPU {cpu:.1f} s;"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    errors = sum(pages[t.name].bad for t in measured)
    if errors:
        print(f"FAILED: {errors} responses other than 200 while measuring")
        sys.exit(1)


if __name__ == "__main__":
    main()
