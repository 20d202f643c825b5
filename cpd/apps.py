from django.apps import AppConfig


class CpdConfig(AppConfig):
    name = "cpd"
    verbose_name = "Attendance and CPD"

    def ready(self) -> None:
        from cpd import email_kinds, samples  # noqa: F401  (registers on import)
        from notifications import previews

        previews.add_sample(samples.sample_certificate)
