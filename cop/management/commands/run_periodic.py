"""Run every periodic job in CELERY_BEAT_SCHEDULE in this process.

Beat does this in production. Without Redis (the embedded default) there is
no beat: run this beside ``runserver`` with ``--every 60``, or from cron.
Each job is idempotent, so running it more often than beat would is harmless.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from cop.celery import app


class Command(BaseCommand):
    help = "Run the periodic jobs (holds, offers, reminders, certificates) now."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, every SECONDS (default: run once and stop).",
        )

    def handle(self, *args, every: int = 0, **options):
        app.loader.import_default_modules()  # registers every app's tasks
        while True:
            for name, entry in sorted(settings.CELERY_BEAT_SCHEDULE.items()):
                result = app.tasks[entry["task"]].apply(args=entry.get("args", ()))
                status = "failed" if result.failed() else "done"
                self.stdout.write(f"{name}: {status}")
            if not every:
                return
            time.sleep(every)
