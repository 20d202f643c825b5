from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    name = "expenses"
    verbose_name = "Expense claims"

    def ready(self) -> None:
        from expenses import email_kinds, samples  # noqa: F401
        from notifications import previews

        previews.add_sample(samples.sample_claim)
