from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Staff cockpit"

    def ready(self) -> None:
        from staff import email_kinds, samples  # noqa: F401
