"""On a phone-sized screen the pages fit the width: no sideways scrolling of the page.

Wide tables may scroll inside their own box; the document itself must not.
"""

from __future__ import annotations

from typing import Any

import pytest

from integra.core.models import User
from tests.e2e.conftest import html_lang_dir

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


def _overflow(page: Any) -> int:
    """How many CSS pixels the document is wider than the window (0 when it fits)."""
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert inner == PHONE["width"]
    return int(width) - int(inner)


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_home_page_fits_a_phone_screen(
    open_as: Any, personas: dict[str, User], language: str, direction: str
) -> None:
    page = open_as(personas["caseworker"], language=language, viewport=PHONE)

    page.goto("/")

    assert html_lang_dir(page) == (language, direction)
    assert page.locator("main h1").is_visible()
    assert _overflow(page) <= 0


def test_the_working_pages_fit_a_phone_screen(open_as: Any, personas: dict[str, User]) -> None:
    too_wide: dict[str, int] = {}
    page = None
    for user, paths in [
        (
            "admin",
            [
                "/",
                "/organisations/",
                "/organisations/centre-a/",
                "/organisations/centre-a/members/new/",
                "/account/tokens/",
            ],
        ),
        ("dpo", ["/audit/"]),
        ("caseworker", ["/organisations/centre-b/"]),
    ]:
        for language in ["en", "ar"]:
            page = open_as(personas[user], page=page, language=language, viewport=PHONE)
            for path in paths:
                page.goto(path)
                if (extra := _overflow(page)) > 0:
                    too_wide[f"{path} as {user} in {language}"] = extra

    page.context.clear_cookies()
    page.goto("/login/")
    if (extra := _overflow(page)) > 0:
        too_wide["/login/"] = extra

    assert not too_wide, f"wider than a {PHONE['width']}px screen (by px): {too_wide}"
