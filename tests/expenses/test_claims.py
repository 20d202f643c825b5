import csv
import io
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cop.models import AuditEvent
from expenses.claims import approved_claims_csv, review_claims
from expenses.errors import ExpenseError
from expenses.models import ExpenseClaim
from notifications.models import Notification
from tests.applications.factories import RecruitingCohortFactory
from tests.expenses.factories import ExpenseClaimFactory
from tests.factories import PlaceFactory, PriceOptionFactory, UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def participant(cohort, practitioner):
    PlaceFactory(order__cohort=cohort, attendee=practitioner)
    return practitioner


def _claim(client, cohort, receipt, amount="12.40"):
    return client.post(
        reverse("expenses:claim_new"),
        {
            "cohort": cohort.pk,
            "description": "Train fare to Leeds",
            "amount": amount,
            "incurred_on": "2026-05-01",
            "receipt": receipt,
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("ticket.pdf", PDF, "application/pdf"),
        ("photo.png", png_bytes(), "image/png"),
        ("photo-with-no-extension", png_bytes(), "image/png"),
    ],
)
def test_participant_claims_with_a_pdf_or_image_receipt(
    client, cohort, participant, name, content, content_type
):
    client.force_login(participant)
    page = _claim(client, cohort, SimpleUploadedFile(name, content))
    assert page.status_code == 302
    claim = ExpenseClaim.objects.get()
    assert claim.amount == Decimal("12.40")
    assert claim.status == ExpenseClaim.Status.SUBMITTED
    assert claim.receipt_content_type == content_type
    assert claim.receipt_name == name
    assert name not in claim.receipt.name  # stored under an unguessable name
    assert AuditEvent.objects.filter(action="applications.expense.submitted").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("receipt.pdf", b"MZ\x90\x00 this is a program"),  # right name, wrong content
        ("receipt.png", b"<html><script>alert(1)</script></html>"),
        ("receipt.txt", b"just text"),
    ],
)
def test_wrong_type_receipts_are_refused(client, cohort, participant, name, content):
    client.force_login(participant)
    page = _claim(client, cohort, SimpleUploadedFile(name, content))
    assert page.status_code == 200
    assert (
        "Upload the receipt as a PDF, JPEG, PNG or WebP file" in page.content.decode()
    )
    assert not ExpenseClaim.objects.exists()


def test_oversized_receipts_are_refused(client, cohort, participant, settings):
    settings.EXPENSE_RECEIPT_MAX_BYTES = 1024 * 1024
    client.force_login(participant)
    big = PDF + b"0" * (1024 * 1024)
    page = _claim(client, cohort, SimpleUploadedFile("big.pdf", big))
    assert "The limit is 1 MB" in page.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_a_negative_amount_is_refused(client, cohort, participant):
    client.force_login(participant)
    page = _claim(client, cohort, SimpleUploadedFile("r.pdf", PDF), amount="-5")
    assert page.status_code == 200
    assert not ExpenseClaim.objects.exists()


def test_only_participants_of_free_cohorts_can_claim(client, practitioner):
    client.force_login(practitioner)
    page = client.get(reverse("expenses:claim_new"))
    assert page.status_code == 302
    paid = RecruitingCohortFactory()
    PriceOptionFactory(cohort=paid)
    PlaceFactory(order__cohort=paid, attendee=practitioner)
    assert client.get(reverse("expenses:claim_new")).status_code == 302


def test_a_tampered_cohort_is_refused(client, cohort, participant):
    other = RecruitingCohortFactory()
    client.force_login(participant)
    page = _claim(client, other, SimpleUploadedFile("r.pdf", PDF))
    assert page.status_code == 200
    assert not ExpenseClaim.objects.exists()


def test_participant_sees_only_their_own_claims(client, cohort, participant):
    ExpenseClaimFactory(cohort=cohort, claimant=participant, description="Mine")
    theirs = ExpenseClaimFactory(cohort=cohort, description="Someone else's")
    client.force_login(participant)
    page = client.get(reverse("expenses:claims")).content.decode()
    assert "Mine" in page
    assert "Someone else" not in page
    receipt = reverse("expenses:claim_receipt", args=[theirs.pk])
    assert client.get(receipt).status_code == 404


def test_claimant_and_facilitator_can_download_the_receipt(
    client, staff_client, cohort, participant, facilitator
):
    claim = ExpenseClaimFactory(cohort=cohort, claimant=participant)
    url = reverse("expenses:claim_receipt", args=[claim.pk])
    client.force_login(participant)
    own = client.get(url)
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert own.content.startswith(b"%PDF")
    assert staff_client(facilitator).get(url).status_code == 200


def test_facilitator_of_another_programme_cannot_download_receipts(client):
    claim = ExpenseClaimFactory()
    outsider = UserFactory(is_staff=True)
    client.force_login(outsider)
    url = reverse("expenses:claim_receipt", args=[claim.pk])
    assert client.get(url).status_code == 404


def test_approving_records_the_reviewer_and_emails_the_claimant(cohort, facilitator):
    claim = ExpenseClaimFactory(cohort=cohort)
    review_claims(claim_ids=[claim.pk], approve=True, actor=facilitator)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.APPROVED
    assert claim.reviewer == facilitator
    assert claim.reviewed_at is not None
    assert Notification.objects.filter(kind="expenses_claim_approved").count() == 1


def test_a_decided_claim_cannot_be_decided_again(cohort):
    claim = ExpenseClaimFactory(cohort=cohort, status="rejected")
    with pytest.raises(ExpenseError, match="already been decided"):
        review_claims(claim_ids=[claim.pk], approve=True, actor=None)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.REJECTED


def test_csv_holds_only_approved_claims_with_exact_amounts(cohort, facilitator):
    approved = ExpenseClaimFactory(cohort=cohort, amount=Decimal("7.05"))
    review_claims(claim_ids=[approved.pk], approve=True, actor=facilitator)
    pending = ExpenseClaimFactory(cohort=cohort)
    rows = list(
        csv.reader(io.StringIO(approved_claims_csv(ExpenseClaim.objects.all())))
    )
    assert rows[0][0] == "Claim"
    assert len(rows) == 2
    assert rows[1][0] == str(approved.pk)
    assert rows[1][8] == "7.05"
    assert str(pending.pk) not in [r[0] for r in rows]


def test_csv_defuses_spreadsheet_formulas(cohort, facilitator):
    claim = ExpenseClaimFactory(cohort=cohort, description="=HYPERLINK(1)")
    review_claims(claim_ids=[claim.pk], approve=True, actor=facilitator)
    text = approved_claims_csv(ExpenseClaim.objects.all())
    assert "'=HYPERLINK(1)" in text


def test_admin_approves_and_exports_csv(staff_client, facilitator, cohort):
    claim = ExpenseClaimFactory(cohort=cohort, amount=Decimal("30.00"))
    ExpenseClaimFactory(amount=Decimal("99.00"))  # another programme's claim
    client = staff_client(facilitator)
    changelist = reverse("admin:expenses_expenseclaim_changelist")
    client.post(changelist, {"action": "approve", ACTION_CHECKBOX_NAME: [claim.pk]})
    response = client.post(
        changelist,
        {
            "action": "export_approved_csv",
            ACTION_CHECKBOX_NAME: list(
                ExpenseClaim.objects.values_list("pk", flat=True)
            ),
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode()
    assert "30.00" in body
    assert "99.00" not in body
