"""Benchmark: one reminder sweep for 10,000 participants across 50 sessions.

Builds 50 cohorts of 200 confirmed participants on PostgreSQL, each with a
session starting in two days, starts a real Celery worker with 2 processes on
Redis, then times one sweep: the scan that queues every due reminder and the
worker that sends them (file email backend). Prints emails per second and
database queries per email (scan and workers together), for a small and a
full run, to show the per-email figure does not grow with participants.

    .venv/bin/python bench/reminders.py [--sizes 1000,10000] [--sessions 50]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379.
Uses its own database (cop_bench_reminders, dropped and re-created each run)
and Redis database 3. Also importable as ``celery -A reminders worker``: the
worker side counts its queries into Redis.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "cop_bench_reminders"
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/3")
MAIL_DIR = Path(tempfile.gettempdir()) / "cop_bench_reminders_mail"
COUNTER = "bench:reminders:queries"

os.environ.update(
    {
        "DATABASE_URL": f"{PG_SERVER}/{DB_NAME}",
        "REDIS_URL": REDIS,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "SECRET_KEY": "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "cop.settings",
    }
)


# --- Worker side (imported by `celery -A reminders worker`) ---------------------


def _install_worker_hooks() -> None:
    from celery.signals import task_postrun, task_prerun, worker_process_init

    state = {"queries": 0}

    def count(execute, sql, params, many, context):
        state["queries"] += 1
        return execute(sql, params, many, context)

    @worker_process_init.connect(weak=False)
    def _init(**kwargs):
        from django.conf import settings

        settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        settings.EMAIL_FILE_PATH = str(MAIL_DIR)

    @task_prerun.connect(weak=False)
    def _before(**kwargs):
        from django.db import connection

        state["queries"] = 0
        state["wrapper"] = connection.execute_wrapper(count)
        state["wrapper"].__enter__()

    @task_postrun.connect(weak=False)
    def _after(**kwargs):
        import redis

        state["wrapper"].__exit__(None, None, None)
        redis.Redis.from_url(REDIS).incrby(COUNTER, state["queries"])


if __name__ != "__main__":
    from cop.celery import app  # noqa: F401  (what `celery -A` looks for)

    _install_worker_hooks()


# --- Orchestration ------------------------------------------------------------------


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def seed(participants: int, sessions: int, start: dt.datetime) -> None:
    """``sessions`` cohorts, each with one session in two days, and places."""
    from decimal import Decimal

    from bookings.models import Order, Place
    from cohorts.models import Cohort, Programme, Session
    from cop.models import User
    from notifications.models import Notification

    Notification.objects.all().delete()
    Place.objects.all().delete()
    Order.objects.all().delete()
    Session.objects.all().delete()
    Cohort.objects.all().delete()
    Programme.objects.all().delete()
    User.objects.all().delete()

    programme = Programme.objects.create(
        name="Shared Ground",
        slug="shared-ground",
        summary="Peer learning.",
        audience="Practitioners.",
        content="Practice.",
        how_it_works="Six sessions.",
        format=Programme.Format.ONLINE,
    )
    per_session = participants // sessions
    booked_long_ago = start - dt.timedelta(days=40)  # no fresh invites in the run
    for index in range(sessions):
        cohort = Cohort.objects.create(
            programme=programme,
            name=f"Cohort {index}",
            slug=f"cohort-{index}",
            capacity=per_session,
            status=Cohort.Status.RUNNING,
        )
        Session.objects.create(
            cohort=cohort,
            number=1,
            title="Getting started",
            starts_at=start + dt.timedelta(minutes=index),
            ends_at=start + dt.timedelta(minutes=index, hours=2),
            joining_link=f"https://meet.example/cohort-{index}",
        )
        users = User.objects.bulk_create(
            User(
                email=f"p{index}-{n}@example.org",
                full_name=f"Participant {index}-{n}",
                password="!",
            )
            for n in range(per_session)
        )
        orders = Order.objects.bulk_create(
            Order(
                cohort=cohort,
                booker=user,
                reference=f"B{index:03d}-{n:04d}",
                status=Order.Status.CONFIRMED,
                payment_method=Order.PaymentMethod.FREE,
                total=Decimal("0"),
                created_at=booked_long_ago,
                confirmed_at=booked_long_ago,
            )
            for n, user in enumerate(users)
        )
        Place.objects.bulk_create(
            Place(
                order=order,
                cohort=cohort,
                attendee=user,
                attendee_name=user.full_name,
                attendee_email=user.email,
                status=Place.Status.CONFIRMED,
                created_at=booked_long_ago,
            )
            for order, user in zip(orders, users, strict=True)
        )


def start_worker() -> subprocess.Popen:
    worker = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/celery"),
            "--workdir",
            str(ROOT / "bench"),
            "-A",
            "reminders",
            "worker",
            "--concurrency=2",
            "--pool=prefork",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
    )
    from cop.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return worker
    worker.terminate()
    raise SystemExit("The Celery worker did not start.")


def run(participants: int, sessions: int) -> dict[str, float]:
    import redis
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from notifications.models import Notification
    from notifications.scans import scan_all

    now = timezone.now()
    seed(participants, sessions, now + dt.timedelta(days=2))
    shutil.rmtree(MAIL_DIR, ignore_errors=True)
    MAIL_DIR.mkdir(parents=True)
    redis.Redis.from_url(REDIS).delete(COUNTER)

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as scan_queries:
        queued = scan_all(now=now)
    scanned = time.perf_counter() - started
    sent = Notification.objects.filter(status="sent")
    while sent.count() < queued:
        if time.perf_counter() - started > 900:
            raise SystemExit("Gave up waiting for the worker after 15 minutes.")
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    worker_queries = int(redis.Redis.from_url(REDIS).get(COUNTER) or 0)
    # The file backend ends each message with a line of 79 dashes.
    files = sum(p.read_bytes().count(b"-" * 79) for p in MAIL_DIR.iterdir())
    return {
        "participants": participants,
        "queued": queued,
        "mails": files,
        "scan_s": scanned,
        "total_s": elapsed,
        "per_second": queued / elapsed,
        "scan_queries": len(scan_queries),
        "worker_queries": worker_queries,
        "per_email": (len(scan_queries) + worker_queries) / queued,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--sessions", type=int, default=50)
    args = parser.parse_args()

    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    worker = start_worker()
    try:
        print(
            f"{'participants':>12} {'emails':>7} {'scan s':>7} {'total s':>8} "
            f"{'emails/s':>9} {'queries/email':>14}"
        )
        for size in [int(s) for s in args.sizes.split(",")]:
            result = run(size, args.sessions)
            assert result["mails"] == result["queued"], result
            print(
                f"{result['participants']:>12} {result['queued']:>7} "
                f"{result['scan_s']:>7.1f} {result['total_s']:>8.1f} "
                f"{result['per_second']:>9.0f} {result['per_email']:>14.2f}"
                f"   (scan {result['scan_queries']}, "
                f"workers {result['worker_queries']})"
            )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        from cop.celery import app

        app.connection_for_write().default_channel.client.flushdb()


if __name__ == "__main__":
    main()
