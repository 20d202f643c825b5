"""Expense claims, moved from ``applications`` with their rows.

``applications.0002`` renamed the table; this takes over the model's state
only. Content types (and so the permissions groups hold) and audit entries
follow the model to its new app label.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

import expenses.models


def follow_the_model(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("cop", "AuditEvent")
    if not ContentType.objects.filter(app_label="expenses", model="expenseclaim").exists():
        ContentType.objects.filter(
            app_label="applications", model="expenseclaim"
        ).update(app_label="expenses")
    AuditEvent.objects.filter(object_key__startswith="applications.expenseclaim:").update(
        object_key=models.functions.Replace(
            "object_key",
            models.Value("applications.expenseclaim:"),
            models.Value("expenses.expenseclaim:"),
        )
    )


def back_to_applications(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("cop", "AuditEvent")
    if not ContentType.objects.filter(
        app_label="applications", model="expenseclaim"
    ).exists():
        ContentType.objects.filter(app_label="expenses", model="expenseclaim").update(
            app_label="applications"
        )
    AuditEvent.objects.filter(object_key__startswith="expenses.expenseclaim:").update(
        object_key=models.functions.Replace(
            "object_key",
            models.Value("expenses.expenseclaim:"),
            models.Value("applications.expenseclaim:"),
        )
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("applications", "0002_expenseclaim_to_expenses"),
        ("cohorts", "0002_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cop", "0004_organisation_confirmation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExpenseClaim",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=8, validators=[django.core.validators.MinValueValidator(Decimal("0.01"))])),
                        ("description", models.CharField(max_length=300, verbose_name="what it was for")),
                        ("incurred_on", models.DateField(blank=True, null=True, verbose_name="date of the expense")),
                        ("receipt", models.FileField(upload_to=expenses.models.receipt_path)),
                        ("receipt_name", models.CharField(blank=True, max_length=200)),
                        ("receipt_content_type", models.CharField(blank=True, max_length=60)),
                        ("status", models.CharField(choices=[("submitted", "Awaiting approval"), ("approved", "Approved"), ("rejected", "Rejected")], default="submitted", max_length=16)),
                        ("reviewer_note", models.TextField(blank=True)),
                        ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("claimant", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="expense_claims", to=settings.AUTH_USER_MODEL)),
                        ("cohort", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="expense_claims", to="cohorts.cohort")),
                        ("reviewer", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "ordering": ["-created_at"],
                        "constraints": [models.CheckConstraint(condition=models.Q(("amount__gt", 0)), name="expense_amount_positive")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(follow_the_model, back_to_applications),
    ]
