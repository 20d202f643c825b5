from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications and expressions of interest"

    def ready(self) -> None:
        from applications import email_kinds, reminders, samples  # noqa: F401
        from notifications import previews, scans

        previews.add_sample(samples.sample_application)
        for kind, sample in samples.decision_samples().items():
            previews.sample_for(kind)(sample)

        scans.register(
            "applications.deadline_reminders", reminders.scan_application_deadlines
        )
