"""Staff two-factor sign-in, the admin's login, rate limits and the CSP header."""

import time

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory
from tests.two_factor import current_code, give_authenticator

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True, email="staff@cop.example")


def sign_in(client, user, next_url="/admin/"):
    return client.post(
        f"{reverse('account_login')}?next={next_url}",
        {"login": user.email, "password": PASSWORD},
    )


def test_admin_login_page_redirects_to_the_protected_sign_in(client):
    response = client.get(reverse("admin:login") + "?next=/admin/cop/user/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2Fcop%2Fuser%2F"


def test_posting_to_the_stock_admin_login_form_does_not_sign_in(client, staff):
    response = client.post(
        reverse("admin:login"), {"username": staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_admin_login_refuses_signed_in_non_staff(client):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:login")).status_code == 403


def test_staff_without_authenticator_must_set_one_up_before_the_admin(client, staff):
    sign_in(client, staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_with_authenticator_is_asked_for_a_code_at_sign_in(client, staff):
    secret = give_authenticator(staff)
    response = sign_in(client, staff)
    assert response.url == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not signed in yet

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_code_keeps_staff_out_of_the_admin(client, staff):
    secret = give_authenticator(staff)
    sign_in(client, staff)
    wrong = str((int(current_code(secret)) + 1) % 1_000_000).zfill(6)
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_session_that_skipped_the_second_factor_is_asked_for_a_code(client, staff):
    secret = give_authenticator(staff)
    client.login(email=staff.email, password=PASSWORD)  # bypasses allauth
    response = client.get("/admin/cop/user/")
    assert response.status_code == 302
    assert (
        response.url == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2Fcop%2Fuser%2F"
    )

    response = client.post(
        reverse("mfa_reauthenticate") + "?next=/admin/cop/user/",
        {"code": current_code(secret)},
    )
    assert response.url == "/admin/cop/user/"
    assert client.get("/admin/cop/user/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_setting_up_the_app_lets_staff_into_the_admin(client, staff):
    """allauth announces the new app after commit, as in production."""
    sign_in(client, staff)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_are_asked_for_their_password_once_when_signing_in(client, staff):
    sign_in(client, staff)

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200  # not sent to type the password again


def test_password_is_asked_again_once_the_sign_in_is_no_longer_recent(client, staff):
    sign_in(client, staff)
    with time_machine.travel(time.time() + 10 * 60):
        response = client.get(reverse("mfa_activate_totp"))

    assert response.url.startswith(reverse("account_reauthenticate"))


def test_participants_do_not_need_a_second_factor(client):
    person = UserFactory()
    sign_in(client, person, next_url="/account/")
    assert client.get("/account/").status_code == 200


def test_repeated_failed_sign_ins_are_rate_limited(client, staff):
    for _ in range(5):
        client.post(
            reverse("account_login"), {"login": staff.email, "password": "wrong"}
        )
    response = sign_in(client, staff)
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_admin_pages_send_the_policy_too(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_audit_trail_is_listed_in_the_admin_and_read_only(client, staff):
    from cop.audit import record

    record("bookings.price.changed", staff, actor=staff, old="450.00", new="500.00")
    client.force_login(staff)
    page = client.get(reverse("admin:cop_auditevent_changelist"))
    assert page.status_code == 200
    assert "bookings.price.changed" in page.content.decode()
    assert client.get(reverse("admin:cop_auditevent_add")).status_code == 403


def test_audit_trail_can_be_narrowed_to_price_changes(client, staff):
    from cop.audit import record

    record("bookings.priceoption.changed", staff, actor=staff, old={"price": "1"})
    record("cpd.attendance.recorded", staff, actor=staff, new={"status": "attended"})
    client.force_login(staff)
    page = client.get(reverse("admin:cop_auditevent_changelist") + "?area=prices")
    shown = [event.action for event in page.context["cl"].result_list]
    assert shown == ["bookings.priceoption.changed"]


def test_the_privacy_page_is_reachable_before_signing_in(client):
    home = client.get("/").content.decode()
    assert 'href="/privacy/"' in home
    page = client.get("/privacy/")
    assert page.status_code == 200
    assert "six years" in page.content.decode()
