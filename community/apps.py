from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Cohort spaces"

    def ready(self) -> None:
        # Sample context for the admin's email previews (a registry lookup).
        from community import previews  # noqa: F401
