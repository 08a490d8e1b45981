"""axe-core on every page the personas reach: no serious or critical WCAG 2.2 AA finding.

Each test walks a set of pages and reports every finding at once. Pages are checked in
English and, where the layout differs most (sign-in, home), in Arabic, right to left.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from integra.core.models import User
from tests.e2e.conftest import AxeReport, axe_violations, html_lang_dir, path_of, submit_password

pytestmark = pytest.mark.e2e

LANGUAGES = ["en", "ar"]


def _axe_page(new_page: Any, live_server: Any, language: str = "en") -> Any:
    page = new_page(bypass_csp=True)  # the site's CSP forbids the injected axe script
    if language != "en":
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
    return page


def _goto(page: Any, path: str, *, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"


def test_the_checker_reports_a_page_that_breaks_the_rules(
    new_page: Any, live_server: Any, personas: dict[str, User]
) -> None:
    page = _axe_page(new_page, live_server)
    _goto(page, "/login/")
    page.evaluate(
        """() => {
            const faint = document.createElement("p");
            faint.textContent = "Faint grey text on white";
            faint.style.color = "#bbbbbb";
            document.querySelector("main").append(faint);
            document.querySelector("#id_username").removeAttribute("id");
        }"""
    )

    found = axe_violations(page)

    assert any(line.startswith("color-contrast (serious)") for line in found), found
    assert any(line.startswith("label (critical)") for line in found), found


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_pages_have_no_serious_violations(
    new_page: Any, live_server: Any, personas: dict[str, User], axe: AxeReport, language: str
) -> None:
    page = _axe_page(new_page, live_server, language)

    _goto(page, "/login/")
    assert html_lang_dir(page)[0] == language
    axe.check(page, "sign-in")
    page.locator("main form button[type=submit]").click()  # empty: every field in error
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    axe.check(page, "sign-in with errors")

    submit_password(page, "caseworker")
    assert path_of(page).startswith("/login/verify/")
    axe.check(page, "code form")
    page.locator("#id_code").fill("12345")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".field.has-error").is_visible()
    axe.check(page, "code form with an error")

    enrol = _axe_page(new_page, live_server, language)
    submit_password(enrol, "newcomer")
    assert enrol.locator("img.qr").is_visible()
    axe.check(enrol, "enrolment")

    _goto(page, "/no-such-page/", status=404)
    axe.check(page, "404 before sign-in")

    axe.assert_clean()


def test_the_lockout_page_has_no_serious_violations(
    new_page: Any, personas: dict[str, User], live_server: Any, axe: AxeReport
) -> None:
    page = _axe_page(new_page, live_server)

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        submit_password(page, "teacher", password="not the password")

    assert page.get_by_role("heading", level=1).inner_text() == "Too many attempts"
    axe.check(page, "lockout")
    axe.assert_clean()


def test_every_role_s_home_page_has_no_serious_violations_in_either_direction(
    open_as: Any, personas: dict[str, User], axe: AxeReport
) -> None:
    page = None
    for name, user in personas.items():
        for language, direction in [("en", "ltr"), ("ar", "rtl")]:
            page = open_as(user, page=page, language=language, bypass_csp=True)
            _goto(page, "/")
            assert html_lang_dir(page) == (language, direction)
            axe.check(page, f"home of {name}, {language}")

    axe.assert_clean()


def test_an_administrator_s_pages_have_no_serious_violations(
    open_as: Any, personas: dict[str, User], axe: AxeReport
) -> None:
    page = open_as(personas["admin"], bypass_csp=True)

    _goto(page, "/organisations/")
    axe.check(page, "organisation list")
    page.get_by_label("Search by name, code or locality").fill("zzz-nothing")
    page.get_by_role("button", name="Search").click()  # htmx swaps the rows in place
    expect(page.get_by_text("No organisation matches your search.")).to_be_visible()
    axe.check(page, "organisation list, nothing found")

    _goto(page, "/organisations/centre-a/")
    assert page.get_by_role("button", name="Remove caseworker").is_visible()
    axe.check(page, "organisation the admin manages")

    _goto(page, "/organisations/centre-a/edit/")
    axe.check(page, "organisation edit")
    page.get_by_label("Name").fill("")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    axe.check(page, "organisation edit with errors")

    _goto(page, "/organisations/new/?parent=centre-a")
    axe.check(page, "new organisation")
    page.get_by_role("button", name="Create").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    axe.check(page, "new organisation with errors")

    _goto(page, "/organisations/centre-a/members/new/")
    axe.check(page, "add a member")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    axe.check(page, "add a member with errors")
    page.get_by_label("User name").fill("fresh.caseworker")
    page.get_by_label("Role").select_option("caseworker")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Member added"
    axe.check(page, "member added, with an initial password")

    _goto(page, "/account/tokens/")
    axe.check(page, "tokens, none yet")
    name = page.get_by_label("Name")
    expect(name).to_have_accessible_description("What will use this token?")
    page.get_by_role("button", name="Create token").click()
    page.wait_for_load_state()
    expect(name).to_have_accessible_description("What will use this token? This field is required.")
    axe.check(page, "tokens, form with errors")
    name.fill("reporting script")
    page.get_by_role("button", name="Create token").click()
    page.wait_for_load_state()
    assert page.locator(".notice code.secret").is_visible()
    axe.check(page, "tokens, one just created")

    _goto(page, "/account/password/")
    axe.check(page, "change password")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    axe.check(page, "change password with errors")

    _goto(page, "/organisations/no-such-organisation/", status=404)
    axe.check(page, "404 of an organisation")
    _goto(page, "/organisations/new/", status=403)  # only a system administrator at the top
    axe.check(page, "403")

    root = User.objects.create_superuser("root", password="unused")
    open_as(root, page=page)
    _goto(page, "/organisations/new/")
    axe.check(page, "new top-level organisation, as system administrator")

    axe.assert_clean()


def test_a_caseworker_s_pages_have_no_serious_violations(
    open_as: Any, personas: dict[str, User], axe: AxeReport
) -> None:
    page = open_as(personas["caseworker"], bypass_csp=True)

    _goto(page, "/organisations/centre-b/")
    summary = page.get_by_text("Open with break-glass access")
    assert summary.is_visible()
    axe.check(page, "organisation outside the caseworker's access")
    summary.click()
    axe.check(page, "break-glass form open")
    page.get_by_role("button", name="Open for a limited time").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    axe.check(page, "break-glass form with errors")
    page.get_by_label("Why do you need this record?").fill("Checking who runs the Bălți office.")
    page.get_by_role("button", name="Open for a limited time").click()
    page.wait_for_load_state()
    assert page.get_by_role("columnheader", name="User name").is_visible()
    axe.check(page, "organisation opened with break-glass")

    _goto(page, "/audit/", status=403)
    axe.check(page, "403 of the audit log")
    _goto(page, "/organisations/centre-a/edit/", status=403)
    axe.check(page, "403 of an edit form")

    axe.assert_clean()


def test_the_audit_log_has_no_serious_violations(
    open_as: Any, personas: dict[str, User], axe: AxeReport
) -> None:
    # A break-glass access, so the log has a highlighted row and a grant to show.
    caseworker = open_as(personas["caseworker"])
    _goto(caseworker, "/organisations/centre-b/")
    caseworker.get_by_text("Open with break-glass access").click()
    caseworker.get_by_label("Why do you need this record?").fill("Urgent family reunification")
    caseworker.get_by_role("button", name="Open for a limited time").click()
    expect(caseworker.get_by_role("columnheader", name="User name")).to_be_visible()

    page = open_as(personas["dpo"], bypass_csp=True)
    _goto(page, "/audit/")
    assert page.get_by_role("cell", name="Urgent family reunification").first.is_visible()
    axe.check(page, "audit log")
    page.get_by_label("Break-glass only").check()
    page.get_by_role("button", name="Search").click()  # htmx swaps the rows in place
    expect(page).to_have_url(re.compile(r"break_glass_only=on"))
    rows = page.locator("#audit-rows tbody tr")
    expect(rows.first).to_have_class("break-glass-row")
    assert rows.count() == page.locator("#audit-rows tbody tr.break-glass-row").count()
    axe.check(page, "audit log, break-glass only")

    axe.assert_clean()
