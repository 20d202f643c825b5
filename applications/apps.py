from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications and expressions of interest"

    def ready(self) -> None:
        from applications import email_kinds, reminders  # noqa: F401
        from notifications import scans

        scans.register(
            "applications.deadline_reminders", reminders.scan_application_deadlines
        )
