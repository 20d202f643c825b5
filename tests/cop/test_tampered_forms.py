"""Tampered or truncated form data gets a plain message, not Django's own text."""

import pytest
from django.utils import translation

from bookings.forms import colleague_formset
from cpd.forms import RegisterFormSet


@pytest.mark.parametrize(
    "make_formset",
    [lambda: colleague_formset(data={}), lambda: RegisterFormSet(data={})],
    ids=["booking colleagues", "attendance register"],
)
def test_a_formset_without_its_management_data_says_so_plainly(make_formset):
    with translation.override("en-gb"):
        formset = make_formset()
        assert not formset.is_valid()
        message = " ".join(formset.non_form_errors())
    assert "nothing was saved" in message
    assert "bug report" not in message
    assert "ManagementForm" not in message
