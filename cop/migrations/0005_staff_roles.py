"""The Facilitators and Coordinators groups with their permissions (cop.roles)."""

from django.db import migrations

from cop.roles import STAFF_APPS, grant_role_permissions


def create_roles(apps, schema_editor):
    grant_role_permissions(apps, app_labels=STAFF_APPS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cop", "0004_organisation_confirmation"),
        ("cohorts", "0003_drop_in_and_cancelled_labels"),
        ("bookings", "0003_payments_invoices_waiting_list"),
        ("applications", "0001_initial"),
        ("cpd", "0001_initial"),
        ("notifications", "0002_reminder_policy_opt_out_and_variant"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
