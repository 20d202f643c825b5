from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    name = "expenses"
    verbose_name = "Expense claims"

    def ready(self) -> None:
        from expenses import email_kinds  # noqa: F401
