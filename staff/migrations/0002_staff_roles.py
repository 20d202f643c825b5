"""Facilitators and Coordinators may write to their cohorts and read the
network reports (cop.roles); the reports show each their own programmes."""

from django.db import migrations

from cop.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, app_labels=["staff"])


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0005_staff_roles"),
        ("staff", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
