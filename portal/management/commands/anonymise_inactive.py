"""Anonymise everyone inactive for longer than DATA_RETENTION_DAYS."""

from django.core.management.base import BaseCommand

from portal.personal_data import anonymise_user, inactive_people, retention_cutoff


class Command(BaseCommand):
    help = (
        "Remove the personal data of people with no activity since the retention "
        "cutoff (DATA_RETENTION_DAYS), keeping financial records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be anonymised."
        )

    def handle(self, *args, dry_run=False, **options):
        people = list(inactive_people())
        cutoff = retention_cutoff()
        for person in people:
            if not dry_run:
                anonymise_user(user=person, actor=None, reason="retention period")
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{verb} {len(people)} people inactive since before {cutoff:%Y-%m-%d}."
        )
