"""WCAG 2.2 target size (2.5.8) on every password and two-factor page.

The accessibility walk (test_accessibility.py) reaches the pages a signed-in
person sees; the two-factor pages appear only with an authenticator app or
during sign-in, so they are walked here, with axe-core's target-size rule at
any impact.
"""

import pytest

from tests.e2e.helpers import AXE_SOURCE, sign_in
from tests.factories import UserFactory
from tests.two_factor import current_code, give_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TARGET_SIZE = """async () => {
  const only = {runOnly: {type: 'rule', values: ['target-size']}};
  const result = await axe.run(document, only);
  return result.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')));
}"""

PUBLIC = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
]
SIGNED_IN = [
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
]
WITH_AUTHENTICATOR = [
    "/accounts/2fa/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/reauthenticate/",
]


def small_targets(page, paths) -> list[tuple[str, list[str]]]:
    found = []
    for path in paths:
        page.goto(path)
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_SOURCE)
        offenders = page.evaluate(TARGET_SIZE)
        if offenders:
            found.append((path, offenders))
    return found


@pytest.mark.parametrize("width", [1280, 360])
def test_public_account_pages_have_targets_of_24_pixels(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    assert small_targets(page, PUBLIC) == []


@pytest.mark.parametrize("width", [1280, 360])
def test_password_and_two_factor_pages_have_targets_of_24_pixels(page, width):
    person = UserFactory()
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, person.email)
    page.wait_for_url("**/account/")
    assert small_targets(page, SIGNED_IN) == []


@pytest.mark.parametrize("width", [1280, 360])
def test_two_factor_pages_with_an_app_have_targets_of_24_pixels(page, width):
    person = UserFactory()
    secret = give_authenticator(person)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, person.email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    found = small_targets(page, ["/accounts/2fa/authenticate/"])
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/")
    assert found + small_targets(page, WITH_AUTHENTICATOR) == []
