"""Expense claims move to their own app, ``expenses``.

The rows stay: the table is renamed to ``expenses_expenseclaim`` (so it is
named for the app that owns it) and ``expenses.0001_initial`` takes over the
model's state without touching the database.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(
                    name="expenseclaim", table="expenses_expenseclaim"
                ),
            ],
            state_operations=[
                migrations.DeleteModel(name="ExpenseClaim"),
            ],
        ),
    ]
