"""Choosing the language: Arabic turns the pages right to left."""

from __future__ import annotations

from typing import Any

import pytest

from integra.core.models import User
from tests.conftest import PASSWORD
from tests.e2e.conftest import html_lang_dir, path_of, sign_in

pytestmark = pytest.mark.e2e


def test_choosing_arabic_turns_the_page_right_to_left_and_back(
    new_page: Any, personas: dict[str, User]
) -> None:
    page = new_page()
    sign_in(page, personas["caseworker"])
    assert html_lang_dir(page) == ("en", "ltr")

    # The switcher submits itself as soon as a language is chosen. The option reads
    # Arabic's own name as Django spells it, with a shadda: العربيّة.
    with page.expect_navigation():
        page.locator("#language-select").select_option(label="العربيّة")

    assert html_lang_dir(page) == ("ar", "rtl")
    assert path_of(page) == "/"
    assert page.locator("#language-select").input_value() == "ar"
    assert page.locator("main h1").evaluate("h => getComputedStyle(h).direction") == "rtl"

    with page.expect_navigation():
        page.locator("#language-select").select_option(label="English")

    assert html_lang_dir(page) == ("en", "ltr")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Caseworker"


def test_the_language_choice_outlives_signing_in(new_page: Any, personas: dict[str, User]) -> None:
    page = new_page()
    page.goto("/login/")

    with page.expect_navigation():
        page.locator("#language-select").select_option("ar")
    assert path_of(page) == "/login/"
    assert html_lang_dir(page) == ("ar", "rtl")
    page.locator("#id_username").fill("analyst")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert path_of(page) == "/"
    assert html_lang_dir(page) == ("ar", "rtl")


def test_a_user_s_preferred_language_applies_from_sign_in(
    new_page: Any, personas: dict[str, User]
) -> None:
    caseworker = personas["caseworker"]
    caseworker.preferred_language = "ar"
    caseworker.save(update_fields=["preferred_language"])
    page = new_page()

    sign_in(page, caseworker)  # the sign-in pages themselves are in English

    assert path_of(page) == "/"
    assert html_lang_dir(page) == ("ar", "rtl")
