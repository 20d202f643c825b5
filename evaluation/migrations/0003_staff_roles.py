"""Facilitators and Coordinators may run evaluations (cop.roles)."""

from django.db import migrations

from cop.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, app_labels=["evaluation"])


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0005_staff_roles"),
        ("evaluation", "0002_default_dimensions_and_evaluation"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
