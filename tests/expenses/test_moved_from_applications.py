"""Moving expense claims out of applications keeps every row and permission."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cop.models import AuditEvent
from expenses.models import ExpenseClaim
from tests.factories import CohortFactory, UserFactory

BEFORE = [("expenses", None), ("applications", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def claim_made_before_the_move(transactional_db):
    """A claim, its audit entry and a group's permission, in the old app."""
    try:
        executor = _migrate(BEFORE)
        old = executor.loader.project_state(("applications", "0001_initial")).apps
        person, cohort = UserFactory(), CohortFactory()
        claim = old.get_model("applications", "ExpenseClaim").objects.create(
            cohort_id=cohort.pk,
            claimant_id=person.pk,
            amount="12.40",
            description="Train fare to Leeds",
            receipt="expense-receipts/1/abc.pdf",
        )
        AuditEvent.objects.create(
            action="applications.expense.submitted",
            object_key=f"applications.expenseclaim:{claim.pk}",
            object_repr="claim",
        )
        content_type, _ = old.get_model(
            "contenttypes", "ContentType"
        ).objects.get_or_create(app_label="applications", model="expenseclaim")
        permission, _ = Permission.objects.get_or_create(
            content_type_id=content_type.pk,
            codename="change_expenseclaim",
            defaults={"name": "Can change expense claim"},
        )
        Group.objects.create(name="Finance").permissions.add(permission)
        yield claim.pk
    finally:
        _migrate(_latest())


def _move():
    _migrate(_latest())


def test_the_claim_is_kept_with_its_details(claim_made_before_the_move):
    _move()
    claim = ExpenseClaim.objects.get(pk=claim_made_before_the_move)
    assert (claim.description, str(claim.amount)) == ("Train fare to Leeds", "12.40")
    assert claim.receipt.name == "expense-receipts/1/abc.pdf"


def test_groups_keep_their_permission_on_claims(claim_made_before_the_move):
    _move()
    permission = Group.objects.get(name="Finance").permissions.get()
    assert permission.content_type.app_label == "expenses"


def test_the_audit_trail_follows_the_claim(claim_made_before_the_move):
    _move()
    keys = list(AuditEvent.objects.values_list("object_key", flat=True))
    assert keys == [f"expenses.expenseclaim:{claim_made_before_the_move}"]


def test_new_claims_number_on_from_the_kept_ones(claim_made_before_the_move):
    _move()
    claim = ExpenseClaim.objects.get()
    claim.pk = None
    claim.save()
    assert claim.pk > claim_made_before_the_move
