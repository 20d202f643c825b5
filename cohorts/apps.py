from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Programmes and cohorts"

    def ready(self) -> None:
        from cohorts import samples, session_changes  # noqa: F401  (registers kinds)
        from notifications.previews import add_sample

        add_sample(samples.sample_cohort)
