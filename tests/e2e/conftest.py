"""Browser tests: one Chromium per session, a fresh context per test, the live server.

Personas are the suite's own (``tests/conftest.py``); requesting ``live_server`` makes
pytest-django give their fixtures a transactional database, so the server thread sees
them. Every persona that needs a second factor gets a confirmed authenticator here,
except ``newcomer``, who has none and must enrol at sign-in.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core import access
from integra.core.models import Organisation, User
from integra.core.roles import Role
from tests.conftest import PASSWORD, make_user

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 10_000
HOME = re.compile(r"^https?://[^/]+/$")  # for page.wait_for_url: the home page, no query


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make between browser steps are still plain synchronous code. Set here, not at import,
    # so that a run of the other tests (which collects this file too) keeps Django's guard.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Opens a page in a fresh browser context (own cookies) on the live server.

    Keyword arguments go to ``browser.new_context``: ``java_script_enabled=False``,
    ``viewport=…``, ``bypass_csp=True`` (needed only to inject axe-core).
    """
    contexts: list[Any] = []

    def open_page(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def personas(
    live_server: Any, people: dict[str, User], orgs: dict[str, Organisation]
) -> dict[str, User]:
    """The suite's personas in a database the live server shares, plus a newcomer.

    Everyone whose role needs a second factor has a confirmed authenticator.
    """
    for user in people.values():
        if access.requires_two_factor(user):
            TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    people["newcomer"] = make_user("newcomer", orgs["a"], Role.CASEWORKER)
    return people


@pytest.fixture
def open_as(
    new_page: Callable[..., Any], client_for: Callable[[User], Client], live_server: Any
) -> Callable[..., Any]:
    """A page already signed in as ``user`` (both steps), skipping the sign-in pages.

    For tests about what comes after sign-in; the sign-in pages have tests of their own.
    ``page=`` reuses an open page (and its browser context) for another user.
    """

    def open_page(user: User, *, page: Any = None, language: str = "en", **options: Any) -> Any:
        page = page or new_page(**options)
        session = client_for(user).cookies[settings.SESSION_COOKIE_NAME].value
        page.context.clear_cookies()
        page.context.add_cookies(
            [
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
            ]
        )
        return page

    return open_page


def current_code(user: User) -> str:
    """The code the user's authenticator shows now.

    django-otp refuses a code already used in the same time step, so the device
    forgets its last use first: a test may sign the same persona in twice.
    """
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{code:0{device.digits}d}"


def code_for_key(base32_key: str) -> str:
    """The code an authenticator app set up with this key shows now."""
    key = base64.b32decode(base32_key.strip() + "=" * (-len(base32_key.strip()) % 8))
    return f"{totp(key):06d}"


def path_of(page: Any) -> str:
    """The page's path and query, decoded: ``/login/verify/?next=/``."""
    parts = urlsplit(page.url)
    return unquote(parts.path + (f"?{parts.query}" if parts.query else ""))


def html_lang_dir(page: Any) -> tuple[str | None, str | None]:
    root = page.locator("html")
    return root.get_attribute("lang"), root.get_attribute("dir")


def submit_password(page: Any, username: str, password: str = PASSWORD) -> None:
    """The first sign-in step. Fields are found by id, so it works in any language."""
    page.goto("/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def sign_in(page: Any, user: User) -> None:
    """Password, then the authenticator code where the role asks for one.

    A user without an authenticator enrols with the key the page shows.
    """
    submit_password(page, user.username)
    if urlsplit(page.url).path == "/login/verify/":
        key = page.locator("code.secret")
        code = code_for_key(key.inner_text()) if key.count() else current_code(user)
        page.locator("#id_code").fill(code)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    assert not urlsplit(page.url).path.startswith("/login/"), (
        f"{user.username} is stuck at {page.url}"
    )


AXE_RUN = """async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
    });
    return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                      targets: v.nodes.map((node) => node.target.join(" "))}));
}"""


def axe_violations(page: Any) -> list[str]:
    """Serious and critical axe-core findings on the page, one line per finding."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {'; '.join(v['targets'])}"
        for v in page.evaluate(AXE_RUN, AXE_TAGS)
    ]


class AxeReport:
    """Collects findings page by page so one run lists every problem at once."""

    def __init__(self) -> None:
        self.findings: dict[str, list[str]] = {}

    def check(self, page: Any, label: str) -> None:
        found = axe_violations(page)
        if found:
            self.findings[f"{label} [{page.url}]"] = found

    def assert_clean(self) -> None:
        if self.findings:
            lines = []
            for where, found in self.findings.items():
                lines.append(where)
                lines.extend(f"  - {line}" for line in found)
            pytest.fail("axe-core found serious or critical violations:\n" + "\n".join(lines))


@pytest.fixture
def axe() -> AxeReport:
    return AxeReport()
