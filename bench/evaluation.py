"""Benchmark: questionnaire results page and Excel export at 2,000 respondents.

A programme's cohort with 20 questions (8 scale, 3 single choice, 3 multiple
choice, 2 yes/no, 2 short and 2 long text) and an anonymous run answered by
up to 2,000 people (40,000 answers). At 250, 1,000 and 2,000 respondents it
times the staff results page (with its charts) and the Excel export, median
of --repeat runs, wall clock and CPU, and counts the database queries, which
must not grow with the respondents.

    .venv/bin/python bench/evaluation.py [--respondents 2000] [--repeat 5]

Uses a throwaway SQLite database unless BENCH_DATABASE_URL points at an empty
database (e.g. postgres://postgres@127.0.0.1:5432/bench_evaluation).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ["scale"] * 8 + ["single"] * 3 + ["multiple"] * 3 + ["yes_no"] * 2
KINDS += ["short_text"] * 2 + ["long_text"] * 2
OPTIONS = "All of them\nMost of them\nAbout half\nFewer than half"


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


def make_run():
    import datetime as dt

    from django.utils import timezone

    from cohorts.models import Cohort, Programme
    from evaluation.models import Question, Questionnaire, QuestionnaireRun

    programme = Programme.objects.create(
        name="Bench programme",
        slug="bench-evaluation",
        summary="Peer learning.",
        audience="Practitioners.",
        content="Practice.",
        how_it_works="Six sessions.",
        format=Programme.Format.ONLINE,
    )
    cohort = Cohort.objects.create(
        programme=programme, name="2026", slug="2026", capacity=2500
    )
    questionnaire = Questionnaire.objects.create(
        programme=programme, title="Bench evaluation", anonymous=True
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            position=i,
            kind=kind,
            text=f"Question {i + 1} ({kind})",
            choices=OPTIONS if kind in {"single", "multiple"} else "",
        )
        for i, kind in enumerate(KINDS)
    )
    now = timezone.now()
    return QuestionnaireRun.objects.create(
        questionnaire=questionnaire,
        cohort=cohort,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=13),
    )


def add_respondents(run, start: int, stop: int, rng: random.Random) -> None:
    from bookings.models import Order, Place
    from cop.models import User
    from evaluation.models import Answer, Response

    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.org", full_name=f"Bench Person {n}")
        for n in range(start, stop)
    )
    order = Order.objects.create(
        cohort=run.cohort,
        booker=users[0],
        status=Order.Status.CONFIRMED,
        payment_method=Order.PaymentMethod.FREE,
        total=0,
    )
    Place.objects.bulk_create(
        Place(
            order=order,
            cohort=run.cohort,
            attendee=user,
            attendee_name=user.full_name,
            attendee_email=user.email,
            status=Place.Status.CONFIRMED,
        )
        for user in users
    )
    responses = Response.objects.bulk_create(
        Response(run=run, respondent_key=f"bench-{n}") for n in range(start, stop)
    )
    options = OPTIONS.splitlines()
    questions = list(run.questionnaire.questions.all())
    answers = []
    for response in responses:
        for question in questions:
            kind = question.kind
            if kind == "scale":
                answers.append(
                    Answer(
                        response=response, question=question, number=rng.randint(1, 5)
                    )
                )
            elif kind == "yes_no":
                answers.append(
                    Answer(
                        response=response, question=question, number=rng.randint(0, 1)
                    )
                )
            elif kind == "single":
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        choices=[rng.choice(options)],
                    )
                )
            elif kind == "multiple":
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        choices=rng.sample(options, 2),
                    )
                )
            else:
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        text="Working in pairs helped.",
                    )
                )
    Answer.objects.bulk_create(answers, batch_size=5000)


def measure(view, request, repeat: int, **kwargs) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walls, cpus = [], []
    queries = 0
    size = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = view(request, **kwargs)
            if hasattr(response, "render"):
                response.render()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        queries = len(captured.captured_queries)
        size = len(response.content)
    return statistics.median(walls), statistics.median(cpus), queries, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from django.test import RequestFactory

        from cop.models import User
        from evaluation import staff_views

        staff = User.objects.create_user(
            "bench-coordinator@example.org", None, full_name="Bench Coordinator"
        )
        staff.is_staff = staff.is_superuser = True
        staff.save()
        run = make_run()
        rng = random.Random(15)
        factory = RequestFactory()
        steps = [n for n in (250, 1000, 2000) if n < args.respondents]
        steps.append(args.respondents)
        print(f"{len(KINDS)} questions; milliseconds, median of {args.repeat}")
        print(
            f"{'respondents':>11} {'answers':>8}  {'page wall':>9} {'page cpu':>8} "
            f"{'queries':>7}  {'xlsx wall':>9} {'xlsx cpu':>8} {'queries':>7} "
            f"{'xlsx KiB':>8}"
        )
        done = 0
        for step in steps:
            build = time.perf_counter()
            add_respondents(run, done, step, rng)
            done = step
            request = factory.get("/")
            request.user = staff
            page = measure(staff_views.run_results, request, args.repeat, run_id=run.pk)
            xlsx = measure(
                staff_views.run_export, request, args.repeat, run_id=run.pk, fmt="xlsx"
            )
            print(
                f"{step:>11} {step * len(KINDS):>8}  {page[0]:>9.1f} {page[1]:>8.1f} "
                f"{page[2]:>7}  {xlsx[0]:>9.1f} {xlsx[1]:>8.1f} {xlsx[2]:>7} "
                f"{xlsx[3] / 1024:>8.0f}   "
                f"(data built in {time.perf_counter() - build:.1f} s)"
            )


if __name__ == "__main__":
    main()
