"""Benchmark: the staff cockpit for a year of 100 cohorts and 10,000 participants.

Builds ten programmes of ten cohorts each (six sessions per cohort spread over
the last year, 100 confirmed places per cohort, attendance for every session
held, payments for half the orders, waiting lists and interest), then times
the pages a coordinator uses, called through the real views and templates:

- the today page (the admin home),
- one cohort's overview (its figures, funnel chart and attendance grid),
- the year's network report page (every table and chart),
- the same report's Excel download (openpyxl).

Prints, per page, the median and p95 wall-clock time over --runs runs, CPU
time, and the number of SQL queries (the same for any number of people).

    .venv/bin/python bench/reports.py [--cohorts 100] [--per-cohort 100] [--runs 7]

Uses a throwaway SQLite database unless BENCH_DATABASE_URL points at an empty
database (e.g. postgres://postgres@127.0.0.1:5432/bench_reports).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(cohorts: int, per_cohort: int):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from applications.models import ExpressionOfInterest
    from bookings.models import Order, Payment, Place, WaitingListEntry
    from cohorts.models import Cohort, Programme, Session
    from cop.models import MembershipTier, Organisation, OrganisationType, User
    from cpd.models import Attendance

    now = timezone.now()
    tiers = [
        MembershipTier.objects.create(
            name=f"Tier {i}", slug=f"tier-{i}", discount_percent=Decimal(10 * i)
        )
        for i in range(3)
    ]
    types = [value for value, _label in OrganisationType.choices]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisation {i}",
            type=types[i % len(types)],
            membership_tier=tiers[i % 3] if i % 4 else None,
        )
        for i in range(200)
    )
    people = User.objects.bulk_create(
        User(
            email=f"person{i}@bench.example",
            full_name=f"Person {i:05d}",
            organisation=organisations[i % len(organisations)],
            password="!",
        )
        for i in range(cohorts * per_cohort)
    )
    coordinator = User.objects.create_superuser(
        "coordinator@bench.example", "bench-password-0123", full_name="Cora Ordinator"
    )
    coordinator.is_staff = True
    coordinator.save()
    programmes = [
        Programme.objects.create(
            name=f"Programme {p}",
            slug=f"programme-{p}",
            summary="Peer learning.",
            audience="Practitioners.",
            content="Practice.",
            how_it_works="Six sessions.",
            format=Programme.Format.ONLINE,
        )
        for p in range(max(cohorts // 10, 1))
    ]
    all_cohorts = []
    for c in range(cohorts):
        programme = programmes[c % len(programmes)]
        cohort = Cohort.objects.create(
            programme=programme,
            name=f"Cohort {c}",
            slug=f"cohort-{c}",
            capacity=per_cohort + 10,
            status=Cohort.Status.RUNNING,
        )
        first = now - dt.timedelta(days=330) + dt.timedelta(days=3 * c)
        Session.objects.bulk_create(
            Session(
                cohort=cohort,
                number=n + 1,
                title=f"Session {n + 1}",
                starts_at=first + dt.timedelta(weeks=n),
                ends_at=first + dt.timedelta(weeks=n, hours=2),
            )
            for n in range(6)
        )
        all_cohorts.append(cohort)
    booker = coordinator
    orders, places = [], []
    for c, cohort in enumerate(all_cohorts):
        for i in range(per_cohort):
            person = people[c * per_cohort + i]
            orders.append(
                Order(
                    cohort=cohort,
                    booker=booker,
                    status=Order.Status.CONFIRMED,
                    payment_method=Order.PaymentMethod.CARD,
                    total=Decimal("450.00"),
                )
            )
    orders = Order.objects.bulk_create(orders, batch_size=2000)
    for index, order in enumerate(orders):
        person = people[index]
        places.append(
            Place(
                order=order,
                cohort_id=order.cohort_id,
                attendee=person,
                attendee_name=person.full_name,
                attendee_email=person.email,
                status=Place.Status.CONFIRMED,
                list_price=Decimal("500.00"),
                discount=Decimal("50.00"),
                total=Decimal("450.00"),
                is_free_place=index % 25 == 0,
            )
        )
    places = Place.objects.bulk_create(places, batch_size=2000)
    Payment.objects.bulk_create(
        (
            Payment(
                order=order,
                method=Order.PaymentMethod.CARD,
                status=Payment.Status.PAID,
                amount=order.total,
                paid_at=now,
            )
            for order in orders[::2]
        ),
        batch_size=2000,
    )
    held = {s.cohort_id: [] for s in Session.objects.filter(starts_at__lt=now)}
    for session in Session.objects.filter(starts_at__lt=now):
        held[session.cohort_id].append(session)
    Attendance.objects.bulk_create(
        (
            Attendance(
                session=session,
                place=place,
                status=(
                    Attendance.Status.ATTENDED
                    if (place.pk + session.number) % 5
                    else Attendance.Status.ABSENT
                ),
            )
            for place in places
            for session in held.get(place.cohort_id, [])
        ),
        batch_size=5000,
    )
    WaitingListEntry.objects.bulk_create(
        WaitingListEntry(
            programme=cohort.programme,
            cohort=cohort,
            name=f"Waiting {c}-{w}",
            email=f"waiting{c}-{w}@bench.example",
        )
        for c, cohort in enumerate(all_cohorts)
        for w in range(5)
    )
    ExpressionOfInterest.objects.bulk_create(
        ExpressionOfInterest(
            cohort=cohort,
            name=f"Curious {c}-{w}",
            email=f"curious{c}-{w}@bench.example",
        )
        for c, cohort in enumerate(all_cohorts)
        for w in range(10)
    )
    return coordinator, all_cohorts[len(all_cohorts) // 2]


def measure(name, call, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm: templates, charts' fonts
    walls, cpus = [], []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = call()
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (name, response.status_code)
        queries = len(captured)
    walls.sort()
    p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
    print(
        f"{name:<28}{statistics.median(walls):>9.0f}{p95:>9.0f}"
        f"{statistics.median(cpus):>9.0f}{queries:>9}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cohorts", type=int, default=100)
    parser.add_argument("--per-cohort", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup(Path(workdir))
        from django.contrib.messages.storage.fallback import FallbackStorage
        from django.contrib.sessions.backends.db import SessionStore
        from django.test import RequestFactory
        from django.utils import timezone

        from staff import staff_views

        started = time.perf_counter()
        coordinator, cohort = build(args.cohorts, args.per_cohort)
        print(
            f"built {args.cohorts} cohorts, {args.cohorts * args.per_cohort} "
            f"participants in {time.perf_counter() - started:.1f} s"
        )
        factory = RequestFactory()
        today = timezone.localdate()
        year = {
            "start": (today.replace(year=today.year - 1)).isoformat(),
            "end": today.isoformat(),
        }

        def get(view, path, data=None, **kwargs):
            def call():
                request = factory.get(path, data or {})
                request.user = coordinator
                request.session = SessionStore()
                request._messages = FallbackStorage(request)
                response = view(request, **kwargs)
                if hasattr(response, "render"):
                    response.render()
                return response

            return call

        print(
            f"{'milliseconds':<28}{'median':>9}{'p95':>9}{'cpu med':>9}{'queries':>9}"
        )
        measure("today page", get(staff_views.today, "/admin/"), args.runs)
        measure(
            f"cohort overview ({args.per_cohort})",
            get(staff_views.cohort_overview, "/", cohort_id=cohort.pk),
            args.runs,
        )
        measure(
            "network report, a year",
            get(staff_views.network_reports, "/admin/reports/", year),
            args.runs,
        )
        measure(
            "Excel export, a year",
            get(staff_views.network_report_download, "/", year, fmt="xlsx"),
            args.runs,
        )


if __name__ == "__main__":
    main()
