"""Run the reminder scan and the unsent sweep once, or every N seconds.

Beat does this in production. Without Redis (the embedded default) there is
no beat: run this beside ``runserver`` (``--every 60``) or from cron.
"""

import time

from django.core.management.base import BaseCommand

from notifications.scans import scan_each
from notifications.services import sweep_unsent


class Command(BaseCommand):
    help = "Queue due reminders and resend unsent emails (once, or in a loop)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, scanning every SECONDS (default: run once).",
        )

    def handle(self, *args, every: int = 0, **options):
        while True:
            queued = scan_each()
            swept = len(sweep_unsent())
            by_scan = ", ".join(f"{n} {name}" for name, n in queued.items() if n)
            self.stdout.write(
                f"Queued {sum(queued.values())} emails"
                + (f" ({by_scan})" if by_scan else "")
                + f"; resent {swept} unsent emails."
            )
            if not every:
                return
            time.sleep(every)
