"""Benchmark: CPD certificates for a cohort of 200 participants.

Issues the certificates, then runs the real Celery task (eagerly) for each one:
render with WeasyPrint, store in default storage, record and send the email
("certificate task"). Then renders alone up to --renders ("render only").
Beside it, WeasyPrint renders a one-line page with the same shared
FontConfiguration, interleaved with the render-only certificates so both see
the same machine load: the floor no certificate can beat. Memory is sampled
every 50 renders to show it stays flat.

    .venv/bin/python bench/certificates.py [--participants 200] [--renders 500]

Uses a throwaway SQLite database and media folder, unless BENCH_DATABASE_URL
points at an empty database (e.g. postgres://postgres@127.0.0.1:5432/bench_cpd).
CPU time is printed beside wall-clock time because a shared machine's load
swings wall-clock figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
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
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_cohort(participants: int):
    from decimal import Decimal

    from django.utils import timezone

    from bookings.models import Order, Place
    from cohorts.models import Cohort, Programme, Session
    from cop.models import User
    from cpd.models import Attendance, CpdPolicy

    programme = Programme.objects.create(
        name="Shared Practice: community development",
        slug="bench-shared-practice",
        summary="Peer learning.",
        audience="Practitioners.",
        content="Practice.",
        how_it_works="Six sessions.",
        format=Programme.Format.ONLINE,
    )
    CpdPolicy.objects.create(
        programme=programme,
        hours_per_session=Decimal("1.75"),
        points_per_session=Decimal("3"),
        activity_points=Decimal("1"),
        accreditation_body="The CPD Standards Office",
        accreditation_number="40123",
        learning_objectives=(
            "Share practice and test ideas with peers\n"
            "Plan and review an action step between sessions\n"
            "Use the five community empowerment dimensions to plan work"
        ),
        signatory_name="Amira Patel",
        signatory_role="Programme lead",
    )
    cohort = Cohort.objects.create(
        programme=programme, name="2025-26", slug="2025-26", capacity=participants
    )
    first = timezone.now() - dt.timedelta(weeks=10)
    sessions = [
        Session.objects.create(
            cohort=cohort,
            number=n + 1,
            title=f"Session {n + 1}: working with communities",
            starts_at=first + dt.timedelta(weeks=n),
            ends_at=first + dt.timedelta(weeks=n, hours=2),
        )
        for n in range(6)
    ]
    booker = User.objects.create_user("booker@bench.example", full_name="Booker")
    order = Order.objects.create(
        cohort=cohort, booker=booker, status="confirmed", payment_method="free", total=0
    )
    for n in range(participants):
        user = User.objects.create_user(
            f"p{n}@bench.example", full_name=f"Participant Number {n:03d}"
        )
        place = Place.objects.create(
            order=order,
            cohort=cohort,
            attendee=user,
            attendee_name=user.full_name,
            attendee_email=user.email,
            status="confirmed",
        )
        attended = 3 + n % 4  # 3 to 6 sessions: everyone is eligible
        Attendance.objects.bulk_create(
            Attendance(
                session=s, place=place, status="attended", activity_completed=True
            )
            for s in sessions[:attended]
        )
    return cohort


def rss_mib() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MiB (Linux)."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in {"VmRSS", "VmHWM"}:
                values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def ms_stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def one_line_page() -> bytes:
    from weasyprint import HTML

    from cop.pdf import _fonts

    return HTML(string="<p>Certificate</p>").write_pdf(font_config=_fonts())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--renders", type=int, default=500)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-cpd-") as tmp:
        setup(Path(tmp))
        from django.core import mail

        import cpd.certificates as certificates
        from cpd.models import Certificate
        from cpd.tasks import render_and_send_certificate

        cohort = make_cohort(args.participants)

        # Warm up both paths (font loading, template compilation).
        for _ in range(3):
            one_line_page()
        # Issue (database only: the render is timed per certificate below).
        certificates._after_commit_render = lambda certificate: None
        start = time.perf_counter()
        issued = certificates.issue_certificates_for_cohort(cohort=cohort)
        issue_ms = (time.perf_counter() - start) * 1000

        for _ in range(3):  # warm up the certificate template and fonts
            certificates.render_certificate(issued[0])

        per_certificate, per_certificate_cpu = [], []
        rss_samples = []
        for index, certificate in enumerate(issued, 1):
            start, cpu = time.perf_counter(), time.process_time()
            render_and_send_certificate.apply(args=[certificate.pk], throw=True)
            per_certificate.append((time.perf_counter() - start) * 1000)
            per_certificate_cpu.append((time.process_time() - cpu) * 1000)
            if index % 50 == 0:
                rss_samples.append((index, rss_mib()[0]))
        total_s = (issue_ms + sum(per_certificate)) / 1000
        assert len(mail.outbox) == len(issued) == args.participants
        assert all(c.pdf for c in Certificate.objects.all())

        # Keep rendering (no storage) up to --renders and watch memory.
        sample = Certificate.objects.first()
        render_only, render_only_cpu = [], []
        floor, floor_cpu = [], []
        for index in range(len(issued) + 1, args.renders + 1):
            start, cpu = time.perf_counter(), time.process_time()
            certificates.render_certificate(sample)
            render_only.append((time.perf_counter() - start) * 1000)
            render_only_cpu.append((time.process_time() - cpu) * 1000)
            # The floor, interleaved so both see the same machine load.
            start, cpu = time.perf_counter(), time.process_time()
            one_line_page()
            floor.append((time.perf_counter() - start) * 1000)
            floor_cpu.append((time.process_time() - cpu) * 1000)
            if index % 50 == 0:
                gc.collect()
                rss_samples.append((index, rss_mib()[0]))
        _current, peak = rss_mib()

    rows = [
        ("one-line page (floor)", floor, floor_cpu),
        ("certificate render only", render_only, render_only_cpu),
        ("certificate task (all)", per_certificate, per_certificate_cpu),
    ]
    print(f"participants {args.participants}; milliseconds, wall clock and CPU")
    print(f"{'':24}{'median':>8}{'p95':>8}{'cpu med':>9}{'cpu p95':>9}")
    for label, wall, cpu in rows:
        print(f"{label:24}" + "".join(f"{v:8.1f}" for v in ms_stats(wall)), end="")
        print("".join(f"{v:9.1f}" for v in ms_stats(cpu)))
    ratio = ms_stats(render_only)[0] / ms_stats(floor)[0]
    ratio_cpu = ms_stats(render_only_cpu)[0] / ms_stats(floor_cpu)[0]
    print(f"certificate render / floor: {ratio:.1f}x wall, {ratio_cpu:.1f}x CPU")
    print(f"issue {args.participants} (database)  {issue_ms:7.0f} ms")
    print(f"total, issue + render + store + email: {total_s:.1f} s")
    print(f"peak memory (RSS high-water mark): {peak:.0f} MiB")
    print(
        "memory (RSS MiB) by render: "
        + ", ".join(f"{i}: {r:.0f}" for i, r in rss_samples)
    )
    start_index, start_rss = next((i, r) for i, r in rss_samples if i > len(issued))
    last_index, last_rss = rss_samples[-1]
    growth = (last_rss - start_rss) / max(1, last_index - start_index) * 1024
    print(
        f"render-only phase, render {start_index} to {last_index}: "
        f"{growth:+.1f} KiB per render"
    )


if __name__ == "__main__":
    main()
