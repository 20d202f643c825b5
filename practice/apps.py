from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice between sessions"

    def ready(self) -> None:
        from practice import previews  # noqa: F401  registers email samples
