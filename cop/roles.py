"""The staff roles: Facilitators and Coordinators groups and their permissions.

Created by data migrations (``cop/migrations/0005_staff_roles.py``), never by
the demo seed, so a real deployment has them after ``migrate``. An app that
adds models later grants their permissions in its own data migration with
``grant_role_permissions(apps, app_labels=["<app>"])``.

- Facilitators run their own programmes: every permission of the apps they
  work in except deleting (they cancel, withdraw and release instead).
  Which programmes they see is scoped by the admin, not by permissions.
- Coordinators see everything: all of those permissions, deleting included,
  and the kernel's (people, organisations, membership tiers).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.management import create_permissions

from cop.models import COORDINATORS_GROUP, FACILITATORS_GROUP

STAFF_APPS = ["cohorts", "bookings", "applications", "cpd", "notifications"]


def grant_role_permissions(apps: Any, *, app_labels: Iterable[str]) -> None:
    """Give both groups the permissions of ``app_labels`` (run in a migration).

    Permissions are normally created after all migrations have run, so they
    are created here first for the apps named.
    """
    labels = list(app_labels)
    for label in [*labels, "cop"]:
        config = apps.get_app_config(label)
        # A migration's app stubs lack models_module, which create_permissions
        # checks; set it for the call (Django's documented workaround).
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    facilitators, _ = group_model.objects.get_or_create(name=FACILITATORS_GROUP)
    coordinators, _ = group_model.objects.get_or_create(name=COORDINATORS_GROUP)
    perms = permission_model.objects.filter(content_type__app_label__in=labels)
    facilitators.permissions.add(*perms.exclude(codename__startswith="delete_"))
    coordinators.permissions.add(
        *perms, *permission_model.objects.filter(content_type__app_label="cop")
    )
