"""Facilitators and Coordinators may work with practice between sessions (cop.roles)."""

from django.db import migrations

from cop.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, app_labels=["practice"])


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0005_staff_roles"),
        ("practice", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
