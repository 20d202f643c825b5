"""The whole journey in a real browser: sign up, book, apply, certificates, 2FA."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application
from bookings.models import Order, Place
from cohorts.models import Cohort, Programme
from cop.models import FACILITATORS_GROUP, User
from cpd.models import Attendance
from tests.e2e.helpers import assert_page_is_accessible, sign_in
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PlaceFactory,
    PriceOptionFactory,
    ProgrammeFactory,
    UserFactory,
    add_sessions,
)
from tests.two_factor import current_code, give_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bookable():
    programme = ProgrammeFactory(name="Shared Ground", slug="shared-ground")
    cohort = CohortFactory(programme=programme, name="2031-32", slug="2031-32")
    add_sessions(cohort, count=6)
    PriceOptionFactory(cohort=cohort, name="All six sessions")
    return cohort


@pytest.fixture
def by_application():
    programme = ProgrammeFactory(
        name="Connection Groups",
        slug="connection-groups",
        booking_mode=Programme.BookingMode.APPLICATION,
    )
    now = timezone.now()
    cohort = CohortFactory(
        programme=programme,
        name="Spring group",
        slug="spring",
        applications_open_at=now - dt.timedelta(days=1),
        application_deadline=now + dt.timedelta(days=14),
    )
    add_sessions(cohort, count=6)
    return cohort


def test_sign_up_and_verify_email(page, mailoutbox):
    page.goto("/")
    page.get_by_role("link", name="Create account").click()
    page.get_by_label("Email").fill("alex@eastvale.example")
    page.get_by_label("Full name").fill("Alex Morgan")
    page.get_by_label("Job role").fill("Housing officer")
    page.get_by_label("Password", exact=True).fill("a-long-pass-phrase-9")
    page.get_by_label("Password (again)").fill("a-long-pass-phrase-9")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")

    message = mailoutbox[-1]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert link, message.body
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()

    # Confirming in the browser that signed up signs the person in.
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", name="My account")).to_be_visible()
    assert User.objects.get(email="alex@eastvale.example").full_name == "Alex Morgan"


def test_book_and_pay_by_invoice_then_see_it_on_the_dashboard(page, bookable):
    charity = OrganisationFactory(name="Eastvale Community Trust")
    person = UserFactory(
        email="alex@eastvale.example",
        full_name="Alex Morgan",
        organisation=charity,
        organisation_confirmed=True,  # staff confirmed the link: invoices allowed
    )
    sign_in(page, person.email)
    page.goto(bookable.get_absolute_url())
    page.get_by_role("link", name="Book a place").click()

    page.get_by_role("combobox", name=re.compile("^Organisation")).select_option(
        label=charity.name
    )

    page.get_by_role("radio", name=re.compile("^Invoice")).check()
    page.get_by_label("Billing contact").fill("Accounts Payable")
    page.get_by_label("Billing email").fill("ap@eastvale.example")
    page.get_by_label("Billing address").fill("1 Town Hall Square, Eastvale")
    page.get_by_role("button", name="Continue to check your booking").click()
    page.get_by_role("button", name=re.compile("Confirm booking")).click()

    order = Order.objects.get(booker=person)
    assert order.payment_method == Order.PaymentMethod.INVOICE
    page.goto("/account/")
    bookings = page.get_by_role("region", name="Bookings")
    expect(bookings).to_contain_text(order.reference)
    expect(bookings).to_contain_text("£750.00")
    upcoming = page.get_by_role("region", name="Upcoming sessions")
    if order.status == Order.Status.CONFIRMED:
        expect(upcoming).to_contain_text("Session 1")
    assert_page_is_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert_page_is_accessible(page)  # phone width: nothing scrolls sideways
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_download() as download:
        bookings.get_by_role("link", name=re.compile("Download invoice")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def test_apply_to_an_application_based_cohort(page, by_application):
    person = UserFactory(email="sam@westford.example")
    sign_in(page, person.email)
    page.goto(by_application.get_absolute_url())
    page.get_by_role("link", name="Apply for a place").click()
    page.get_by_label("Why do you want to take part?").fill("To learn with peers.")
    page.get_by_label("What do you hope to achieve?").fill("Better support plans.")
    page.get_by_label("What challenge or question would you bring").fill(
        "Reaching isolated older people."
    )
    page.get_by_label("I work on the front line").check()
    page.get_by_label("My organisation supports me taking part").check()
    page.get_by_label("Tuesday").check()
    page.locator("input[name=preferred_times]").first.check()
    page.get_by_role("button", name="Submit my application").click()
    expect(page.locator("main")).to_contain_text("submitted")

    application = Application.objects.get(applicant=person)
    assert application.status == Application.Status.SUBMITTED
    page.goto("/account/")
    applications = page.get_by_role("region", name="Applications")
    expect(applications).to_contain_text("Connection Groups")
    expect(applications).to_contain_text("Submitted")


def test_download_a_certificate_from_the_dashboard(page, bookable):
    from cpd.certificates import issue_certificate

    person = UserFactory(email="kim@eastvale.example", full_name="Kim Lee")
    place = PlaceFactory(
        order__cohort=bookable, order__booker=person, cohort=bookable, attendee=person
    )
    for session in bookable.sessions.all():
        Attendance.objects.create(session=session, place=place, status="attended")
    certificate, _ = issue_certificate(place=place)

    sign_in(page, person.email)
    certificates = page.get_by_role("region", name="CPD certificates")
    expect(certificates).to_contain_text(certificate.number)
    expect(certificates).to_contain_text("Total CPD points")
    with page.expect_download() as download:
        certificates.get_by_role("link", name=re.compile("Download PDF")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def test_facilitator_signs_in_with_two_factor_and_marks_attendance(page, bookable):
    facilitator = UserFactory(
        email="fran@network.example", full_name="Fran Facilitator", is_staff=True
    )
    group, _ = Group.objects.get_or_create(name=FACILITATORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="cpd"))
    facilitator.groups.add(group)
    bookable.programme.facilitators.add(facilitator)
    participant = PlaceFactory(
        order__cohort=bookable, cohort=bookable, attendee__full_name="Pat Participant"
    )
    secret = give_authenticator(facilitator)
    session = bookable.sessions.order_by("starts_at").first()
    # Attendance can only be recorded once a session has started.
    session.starts_at = timezone.now() - dt.timedelta(hours=2)
    session.ends_at = timezone.now()
    session.save()

    sign_in(
        page,
        facilitator.email,
        next_url=f"/admin/cpd/attendance/registers/session/{session.pk}/",
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Two-factor")
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()

    expect(page.locator("#content")).to_contain_text("Pat Participant")
    page.get_by_label("Attended").first.check()
    page.get_by_role("button", name="Save register").click()
    expect(page.locator(".messagelist")).to_contain_text("Register saved")

    attendance = Attendance.objects.get(place=participant, session=session)
    assert attendance.status == Attendance.Status.ATTENDED
    assert attendance.recorded_by == facilitator


def test_staff_without_two_factor_must_set_it_up_before_the_admin(page):
    staff = UserFactory(email="admin@network.example", is_staff=True, is_superuser=True)
    sign_in(page, staff.email, next_url="/admin/")
    # The admin sends staff straight on to set up an app: one password prompt.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(current_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.locator("main")).to_contain_text("recovery codes", ignore_case=True)

    page.get_by_role("link", name="Continue to the admin").click()
    expect(page.locator("#site-name")).to_be_visible()
    assert staff.authenticator_set.exists()


def test_admin_works_under_the_content_security_policy(page, bookable):
    """Lists, forms with date pickers and the audit trail: no CSP violations."""
    staff = UserFactory(email="coord@network.example", is_staff=True, is_superuser=True)
    secret = give_authenticator(staff)
    sign_in(page, staff.email, next_url="/admin/")
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()
    for path in [
        "/admin/",
        "/admin/cohorts/cohort/",
        f"/admin/cohorts/cohort/{bookable.pk}/change/",
        "/admin/cohorts/session/add/",
        "/admin/cop/user/",
        "/admin/cop/auditevent/",
        "/admin/cpd/attendance/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
    # The date picker is drawn by the admin's own script: it ran.
    page.goto(f"/admin/cohorts/cohort/{bookable.pk}/change/")
    expect(page.locator(".datetimeshortcuts").first).to_be_attached()
    assert Cohort.objects.filter(pk=bookable.pk).exists()
    assert Place.objects.count() == 0
