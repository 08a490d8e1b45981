"""Signing in with a password and a second factor, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from integra.core.models import User
from tests.e2e.conftest import HOME, code_for_key, current_code, path_of, submit_password

pytestmark = pytest.mark.e2e


def test_a_caseworker_signs_in_with_password_and_code(
    new_page: Any, personas: dict[str, User]
) -> None:
    page = new_page()

    submit_password(page, "caseworker")
    assert path_of(page) == "/login/verify/?next=/"
    assert page.get_by_role("heading", level=1).inner_text() == "Two-step verification"
    page.get_by_label("Six-digit code").fill(current_code(personas["caseworker"]))
    page.get_by_role("button", name="Verify").click()

    page.wait_for_url(HOME)
    assert path_of(page) == "/"
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Caseworker"
    assert page.get_by_role("link", name="Integration Centre A").first.is_visible()
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_a_wrong_code_shows_an_error_beside_the_field(
    new_page: Any, personas: dict[str, User]
) -> None:
    page = new_page()
    right = current_code(personas["caseworker"])
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"

    submit_password(page, "caseworker")
    page.get_by_label("Six-digit code").fill(wrong)
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()

    assert path_of(page).startswith("/login/verify/")
    field = page.locator(".field.has-error", has=page.locator("#id_code"))
    assert (
        field.locator(".error").inner_text()
        == "That code is not right. Check the time on your phone."
    )
    expect(page.locator("#id_code")).to_have_accessible_description(
        "That code is not right. Check the time on your phone."
    )
    assert page.get_by_role("alert").is_visible()  # the error summary above the form
    assert page.get_by_role("button", name="Sign out").count() == 0


def test_a_password_alone_does_not_open_a_page_that_needs_the_code(
    new_page: Any, personas: dict[str, User]
) -> None:
    page = new_page()

    submit_password(page, "caseworker")
    page.goto("/organisations/")

    assert path_of(page).startswith("/login/")
    assert page.get_by_role("button", name="Sign out").count() == 0


def test_a_newcomer_enrols_an_authenticator_and_gets_in(
    new_page: Any, personas: dict[str, User]
) -> None:
    page = new_page()

    submit_password(page, "newcomer")
    assert path_of(page).startswith("/login/verify/")
    assert page.get_by_role("heading", level=1).inner_text() == "Set up two-step verification"
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    key = page.locator("code.secret").inner_text()
    page.get_by_label("Six-digit code").fill(code_for_key(key))
    page.get_by_role("button", name="Confirm and sign in").click()

    page.wait_for_url(HOME)
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Newcomer"
    assert TOTPDevice.objects.filter(user=personas["newcomer"], confirmed=True).count() == 1


def test_an_analyst_signs_in_with_a_password_only(new_page: Any, personas: dict[str, User]) -> None:
    page = new_page()

    submit_password(page, "analyst")

    assert path_of(page) == "/"
    assert page.get_by_role("heading", level=3, name="Statistics").is_visible()


def test_signing_out_ends_the_session(new_page: Any, personas: dict[str, User]) -> None:
    page = new_page()
    submit_password(page, "analyst")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")
    assert page.get_by_role("status").inner_text() == "You have signed out."
    page.goto("/")

    assert path_of(page).startswith("/login/")
