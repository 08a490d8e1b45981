"""The main actions work with JavaScript switched off: plain forms and redirects."""

from __future__ import annotations

from typing import Any

import pytest

from integra.core.models import User
from tests.e2e.conftest import code_for_key, html_lang_dir, path_of, sign_in, submit_password

pytestmark = pytest.mark.e2e


def test_signing_in_and_changing_language_work_without_javascript(
    new_page: Any, personas: dict[str, User]
) -> None:
    page = new_page(java_script_enabled=False)
    sign_in(page, personas["caseworker"])  # password, then the code: plain form posts
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Caseworker"

    page.locator("#language-select").select_option("ar")
    assert html_lang_dir(page) == ("en", "ltr")  # nothing happens until the button is pressed
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()

    assert html_lang_dir(page) == ("ar", "rtl")
    assert path_of(page) == "/"

    page.locator("#language-select").select_option("en")
    page.locator("form.language button[type=submit]").click()  # its label is now in Arabic
    page.wait_for_load_state()

    assert html_lang_dir(page) == ("en", "ltr")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert path_of(page) == "/login/"
    assert page.get_by_role("status").inner_text() == "You have signed out."


def test_a_newcomer_enrols_without_javascript(new_page: Any, personas: dict[str, User]) -> None:
    page = new_page(java_script_enabled=False)
    submit_password(page, "newcomer")
    key = page.locator("code.secret").inner_text()
    page.get_by_label("Six-digit code").fill(code_for_key(key))
    page.get_by_role("button", name="Confirm and sign in").click()
    page.wait_for_load_state()

    assert path_of(page) == "/"
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Newcomer"
