"""The organisation search: live with htmx, a plain form submission without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from integra.core.models import User
from tests.e2e.conftest import path_of

pytestmark = pytest.mark.e2e


def test_the_organisation_list_filters_as_you_type(open_as: Any, personas: dict[str, User]) -> None:
    page = open_as(personas["admin"])
    page.goto("/organisations/")
    rows = page.locator("#organisation-rows tbody tr")
    expect(rows).to_have_count(5)
    page.evaluate("() => { window.integraMarker = 'same page'; }")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    page.get_by_label("Search by name, code or locality").press_sequentially("Bălți")

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Integration Centre B")
    expect(page).to_have_url(f"{page.url.split('?')[0]}?q=B%C4%83l%C8%9Bi")
    # htmx swapped the rows in place: no page load, and the site's CSP did not object.
    assert page.evaluate("() => window.integraMarker") == "same page"
    assert problems == []


def test_the_organisation_search_works_without_javascript(
    open_as: Any, personas: dict[str, User]
) -> None:
    page = open_as(personas["admin"], java_script_enabled=False)
    page.goto("/organisations/")

    page.get_by_label("Search by name, code or locality").fill("inspectorate")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()

    assert path_of(page) == "/organisations/?q=inspectorate"
    rows = page.locator("#organisation-rows tbody tr")
    assert rows.count() == 1
    assert "Labour Inspectorate" in rows.first.inner_text()
