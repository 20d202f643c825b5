from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Cohort spaces"

    def ready(self) -> None:
        from cohorts.session_changes import register_attendee_source

        # Sample context for the admin's email previews (a registry lookup).
        from community import previews, selectors  # noqa: F401

        register_attendee_source("community.guests", selectors.guest_recipients)
