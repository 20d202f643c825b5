import factory

from expenses.models import ExpenseClaim
from tests.applications.factories import RecruitingCohortFactory
from tests.factories import UserFactory


class ExpenseClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpenseClaim

    cohort = factory.SubFactory(RecruitingCohortFactory)
    claimant = factory.SubFactory(UserFactory)
    amount = "12.40"
    description = "Train fare"
    receipt = factory.django.FileField(filename="receipt.pdf", data=b"%PDF-1.4\n%%EOF")
    receipt_name = "receipt.pdf"
    receipt_content_type = "application/pdf"
