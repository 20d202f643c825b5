"""Every page shows a refusal's message one way (cop.refusals.show_refusal)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from applications.errors import ApplicationError
from bookings.errors import BookingError
from cohorts.services import CohortError
from cop.errors import DomainError
from cop.refusals import show_refusal
from cpd.attendance import AttendanceError
from cpd.attendance_import import ReportError
from cpd.certificates import CertificateError
from cpd.check_in import CheckInError
from notifications.unsubscribe import BadTokenError


class NameForm(forms.Form):
    name = forms.CharField(required=False)
    code = forms.CharField(required=False)


def bound_form() -> NameForm:
    form = NameForm({"name": "", "code": ""})
    assert form.is_valid()
    return form


def request_with_messages():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize(
    "error_class",
    [
        BookingError,
        ApplicationError,
        CohortError,
        AttendanceError,
        ReportError,
        CertificateError,
        CheckInError,
        BadTokenError,
    ],
)
def test_every_apps_refusal_is_a_domain_error_with_a_message(error_class):
    error = error_class("Not now.")
    assert isinstance(error, DomainError)
    assert error.message == "Not now."


def test_refusal_goes_beside_the_field_it_names():
    form = bound_form()
    show_refusal(form, DomainError("Give a name.", field="name"))
    assert form.errors == {"name": ["Give a name."]}


def test_refusal_goes_beside_the_pages_field_when_it_names_none():
    form = bound_form()
    show_refusal(form, CheckInError("That code has expired."), field="code")
    assert form.errors == {"code": ["That code has expired."]}


def test_refusal_naming_a_field_the_form_lacks_goes_to_the_top():
    form = bound_form()
    show_refusal(form, DomainError("Choose a cohort.", field="cohort"))
    assert form.non_field_errors() == ["Choose a cohort."]


def test_refusal_without_a_form_becomes_an_error_message():
    request = request_with_messages()
    show_refusal(request, BookingError("Too late to cancel."), about="Order B-1")
    [message] = list(get_messages(request))
    assert (message.message, message.level_tag) == (
        "Order B-1: Too late to cancel.",
        "error",
    )
