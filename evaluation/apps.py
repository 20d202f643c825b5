from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = "Feedback and evaluation"

    def ready(self) -> None:
        from evaluation import previews

        previews.register()  # sample context for the admin's email previews
