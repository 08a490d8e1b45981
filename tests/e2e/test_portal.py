# ruff: noqa: F811  (fixtures imported from tests/portal/conftest.py are used as arguments)
"""The migrants' portal in a real browser (issue 8).

An invited migrant opens her pages in Russian, and in Arabic, on a small phone with
JavaScript switched off: she redeems her invitation code, reads her plan and her
courses, and writes to her caseworker; nothing scrolls sideways. Arabic really turns
the layout right to left (screenshots and the header's geometry). Signing in by a
code e-mailed to her works without JavaScript; a wrong, a used or an expired code is
refused next to the field. Every portal page stays under 150 KB and asks no other
host for anything; axe-core finds nothing serious in English or Arabic; another
person's household address answers "not available" and names no one.

The portal's own words are not translated yet in every catalogue, so the pages are
found by their addresses and ids, not by their text in Russian or Arabic.
"""

from __future__ import annotations

import re
import struct
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from integra.courses.models import Course
from integra.courses.services import enrolments
from integra.people.models import Person
from integra.plans.services import plans as plan_services
from integra.portal.models import Account, CodePurpose, Message, OneTimeCode
from integra.portal.services import accounts
from integra.portal.services import mine as portal_services
from tests.e2e.conftest import AxeReport, html_lang_dir, path_of
from tests.portal.conftest import (  # noqa: F401  (fixtures)
    EMAIL,
    PHONE,
    amina,
    caseworker,
    coordinator,
    course,
    curriculum,
    karim,
    omar,
    open_account,
    programme,
    provider,
    rustam,
    teacher,
    teacher_record,
    teacher_user,
    test_definition,
)

pytestmark = pytest.mark.e2e

SMALL_PHONE = {"width": 360, "height": 740}
LIMIT = 150 * 1024
MEASURE = "Romanian course"  # the plan's language measure (data, not translated)
FROM_CASEWORKER = "Your appointment is confirmed. Bring your residence permit."
OWN_PAGES = [
    "/my/",
    "/my/plan/",
    "/my/courses/",
    "/my/referrals/",
    "/my/documents/",
    "/my/messages/",
    "/my/consents/",
    "/my/data/",
    "/my/account/",
    "/my/surveys/",
    "/my/legal-help/",
]
PUBLIC_PAGES = ["/my/sign-in/", "/rights/", "/work/"]
SIX_DIGITS = re.compile(r"\b(\d{6})\b")


# --- Set-up, through the services ------------------------------------------------------


@pytest.fixture
def her_life(caseworker, amina: Person, programme, course: Course) -> Person:
    """Amina's agreed plan, her Romanian course, a message from her caseworker and an
    appointment: something on every page."""
    created = plan_services.plan_create(
        actor=caseworker, person=amina, programme=programme, starts_on=timezone.localdate()
    )
    plan = plan_services.plan_agree(
        actor=caseworker, plan=created, agreed_on=timezone.localdate(), how="in_person"
    )
    enrolments.enrol(
        actor=caseworker,
        person=amina,
        data=enrolments.EnrolmentData(
            measure_id=plan.measures.get(kind="language_course").pk, course=course.public_id
        ),
    )
    portal_services.appointment_add(
        actor=caseworker,
        person=amina,
        starts_at=timezone.now() + timedelta(days=3),
        minutes=30,
        place="Integration Centre A, room 3",
        purpose="Review of the plan",
        language="ru",
        interpreter=True,
    )
    portal_services.message_to_person(actor=caseworker, person=amina, body=FROM_CASEWORKER)
    return amina


@pytest.fixture
def account(caseworker, her_life: Person) -> Account:
    """Amina has redeemed her invitation already."""
    return open_account(caseworker, her_life)


# --- Helpers ------------------------------------------------------------------------------


def _goto(page: Any, path: str, *, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"


def _submit(page: Any, form: str = "main form") -> None:
    """Presses the form's submit button and waits for the answer (no JavaScript)."""
    page.locator(f"{form} button[type=submit]").click()
    page.wait_for_load_state()


WIDEST = """(limit) => {
    const out = [];
    const scrolls = (el) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
    for (const el of document.querySelectorAll("body *")) {
        const box = el.getBoundingClientRect();
        let inBox = false;  // inside a box that scrolls on its own, as wide tables do
        for (let up = el.parentElement; up && !inBox; up = up.parentElement) inBox = scrolls(up);
        if (!inBox && (box.right > limit + 0.5 || box.left < -0.5)) {
            out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
                     + `${el.className ? "." + String(el.className).split(" ").join(".") : ""}`
                     + ` [${Math.round(box.left)}..${Math.round(box.right)}]`);
        }
    }
    return out.slice(-3);
}"""


def _overflow(page: Any) -> int:
    """How many CSS pixels the document is wider than the phone (0 when it fits)."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    return int(width) - SMALL_PHONE["width"]


def _too_wide(page: Any) -> list[str]:
    """The elements outside scrolling boxes that stick out of the phone (the last three)."""
    return page.evaluate(WIDEST, SMALL_PHONE["width"])


def _choose_language(page: Any, code: str) -> None:
    """The language form at the top of every page: choose, then press the button."""
    page.locator("#language-select").select_option(code)
    _submit(page, "form.language")


def _language_cookie(page: Any) -> str | None:
    for cookie in page.context.cookies():
        if cookie["name"] == settings.LANGUAGE_COOKIE_NAME:
            return cookie["value"]
    return None


def _own_tab(page: Any, path: str) -> None:
    """Follows the link to one of my pages in the tabs under the heading."""
    page.locator(f"main ul.tabs a[href='{path}']").click()
    page.wait_for_load_state()
    assert path_of(page) == path
    expect(page.locator(f"main ul.tabs a[href='{path}']")).to_have_attribute("aria-current", "page")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- 1. Invited, on a small phone, without JavaScript, in Russian or Arabic -----------------


@pytest.mark.parametrize(
    ("language", "name", "direction"),
    [("ru", "Русский", "ltr"), ("ar", "العربيّة", "rtl")],
    ids=["ru", "ar"],
)
def test_an_invited_migrant_uses_her_pages_on_a_small_phone_without_javascript(
    new_page: Any,
    caseworker,
    her_life: Person,
    course: Course,
    language: str,
    name: str,
    direction: str,
) -> None:
    invitation = accounts.invite(actor=caseworker, person=her_life, channel="sms")
    page = new_page(viewport=SMALL_PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    too_wide: dict[str, str] = {}
    scripts: dict[str, int] = {}

    def check_the_page(label: str) -> None:
        assert html_lang_dir(page) == (language, direction), label
        if (extra := _overflow(page)) > 0:
            too_wide[label] = f"{extra}px: {_too_wide(page)}"
        if count := page.locator("script").count():
            scripts[label] = count

    _goto(page, "/my/welcome/")
    assert html_lang_dir(page) == ("en", "ltr")
    page.locator("#language-select").select_option(label=name)  # as she reads it
    assert html_lang_dir(page) == ("en", "ltr")  # nothing happens until she presses Change
    _submit(page, "form.language")
    assert path_of(page) == "/my/welcome/"
    assert _language_cookie(page) == language
    check_the_page("welcome")

    # The code the caseworker read out, typed with the phone number it was sent to.
    page.locator("#id_address").fill(PHONE)
    page.locator("#id_code").fill(invitation.code)
    _submit(page)

    assert path_of(page) == "/my/"
    check_the_page("my integration")
    expect(page.locator("main h1")).to_contain_text("Amina")
    expect(page.locator("main")).to_contain_text(MEASURE)  # the next step of her plan
    expect(page.locator("main")).to_contain_text("Integration Centre A, room 3")
    assert Account.objects.get(person=her_life).activated_at is not None

    _own_tab(page, "/my/plan/")
    check_the_page("my plan")
    expect(page.locator("main")).to_contain_text("Integration programme")
    expect(page.locator("main")).to_contain_text(MEASURE)

    _own_tab(page, "/my/courses/")
    check_the_page("my courses")
    expect(page.locator("main .card h3")).to_have_text(course.title)

    _own_tab(page, "/my/messages/")
    check_the_page("messages")
    expect(page.locator("main ol")).to_contain_text(FROM_CASEWORKER)
    text = "Здравствуйте! Можно перенести встречу на пятницу? شكراً"
    page.locator("#id_body").fill(text)
    _submit(page)

    assert path_of(page) == "/my/messages/"
    check_the_page("messages, one sent")
    expect(page.locator("main [role=status]")).to_be_visible()
    expect(page.locator("main ol li").first).to_contain_text(text)  # newest first
    sent = Message.objects.get(person=her_life, from_person=True)
    assert sent.body == text
    assert sent.organisation.code == "centre-a"

    assert not too_wide, f"wider than {SMALL_PHONE['width']}px: {too_wide}"
    assert not scripts, f"<script> elements on the migrant's pages: {scripts}"


# --- 2. Arabic is laid out right to left, for real -----------------------------------------


def _brand_box(page: Any) -> dict[str, float]:
    box = page.locator("header .brand").bounding_box()
    assert box is not None
    return box


def _heading_text_hugs(page: Any) -> str:
    """Which side of its box the first heading's text sits on: "right" or "left"."""
    return page.evaluate(
        """() => {
            const h1 = document.querySelector("main h1");
            const range = document.createRange();
            range.selectNodeContents(h1);
            const text = range.getBoundingClientRect(), box = h1.getBoundingClientRect();
            const gapLeft = text.left - box.left, gapRight = box.right - text.right;
            return gapRight < gapLeft ? "right" : "left";
        }"""
    )


def test_arabic_turns_the_portal_right_to_left(
    new_page: Any, caseworker, her_life: Person, tmp_path: Any
) -> None:
    invitation = accounts.invite(actor=caseworker, person=her_life, channel="email")
    page = new_page(viewport=SMALL_PHONE, is_mobile=True)
    half = SMALL_PHONE["width"] / 2

    # In English, the brand starts the header on the left; the heading reads from the left.
    _goto(page, "/my/sign-in/")
    assert html_lang_dir(page) == ("en", "ltr")
    english = _brand_box(page)
    assert english["x"] + english["width"] < half, english
    assert page.locator("main").evaluate("m => getComputedStyle(m).direction") == "ltr"
    assert _heading_text_hugs(page) == "left"

    # The link of the invitation e-mail: the page asks her to press its button.
    _choose_language(page, "ar")
    _goto(page, urlsplit(invitation.link).path)
    assert html_lang_dir(page) == ("ar", "rtl")
    assert Account.objects.get(person=her_life).activated_at is None  # opening uses nothing
    _submit(page)
    assert path_of(page) == "/my/"

    shots: dict[str, bytes] = {}
    for name, path in [("my", "/my/"), ("rights", "/rights/"), ("sign-in", "/my/sign-in/")]:
        if path == "/my/sign-in/":
            page.locator("header form[action='/my/sign-out/'] button").click()
            page.wait_for_load_state()
        _goto(page, path)
        assert path_of(page) == path
        assert html_lang_dir(page) == ("ar", "rtl"), path
        main = page.locator("main")
        assert main.evaluate("m => getComputedStyle(m).direction") == "rtl", path
        assert main.evaluate("m => getComputedStyle(m).textAlign") in ("start", "right"), path
        assert _heading_text_hugs(page) == "right", path
        arabic = _brand_box(page)
        assert arabic["x"] > half, f"{path}: the brand is not on the right: {arabic}"
        assert _overflow(page) <= 0, f"{path}: {_too_wide(page)}"
        target = tmp_path / "screenshots" / f"portal-{name}-ar.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=True)
        shots[name] = target.read_bytes()

    for name, data in shots.items():
        width, height = _png_size(data)
        assert len(data) > 1000, name
        assert width == SMALL_PHONE["width"], f"{name}: {width}px wide"  # nothing sideways
        assert height >= SMALL_PHONE["height"] // 2, f"{name}: {height}px tall"


# --- 3. Signing in by an e-mailed code, without JavaScript ----------------------------------


def _ask_for_a_code(page: Any) -> str:
    """Asks for a code at /my/sign-in/ and reads it from the e-mail that comes."""
    before = len(mail.outbox)
    _goto(page, "/my/sign-in/")
    page.locator("#id_address").fill(EMAIL)
    _submit(page)
    assert path_of(page) == "/my/sign-in/code/"
    assert len(mail.outbox) == before + 1, "no e-mail with a code"
    message = mail.outbox[-1]
    assert message.to == [EMAIL]
    found = SIX_DIGITS.search(message.body)
    assert found, message.body
    return found.group(1)


def _enter_code(page: Any, code: str) -> None:
    page.locator("#id_code").fill(code)
    _submit(page)


def _assert_code_refused(page: Any) -> None:
    assert path_of(page) == "/my/sign-in/code/"
    field = page.locator("#id_code")
    described = (field.get_attribute("aria-describedby") or "").split()
    assert "id_code_error" in described, described
    error = page.locator("#id_code_error")
    expect(error).to_contain_text("That code is not right, or it has expired.")
    expect(page.locator(".field.has-error #id_code")).to_have_count(1)
    expect(page.locator(".error-summary a[href='#id_code']")).to_be_visible()


def test_signing_in_with_an_e_mailed_code_without_javascript(
    new_page: Any, account: Account, mailoutbox: list[Any]
) -> None:
    page = new_page(java_script_enabled=False)
    code = _ask_for_a_code(page)
    expect(page.locator("main")).to_contain_text(EMAIL)

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    _enter_code(page, wrong)
    _assert_code_refused(page)

    _enter_code(page, code)
    assert path_of(page) == "/my/"
    expect(page.locator("main h1")).to_contain_text("Amina")

    # Signed out, the code she used once does not open her pages again.
    page.locator("header form[action='/my/sign-out/'] button").click()
    page.wait_for_load_state()
    assert path_of(page) == "/my/sign-in/"
    fresh = _ask_for_a_code(page)
    _enter_code(page, code)
    _assert_code_refused(page)

    # Nor does a code past its ten minutes.
    live = OneTimeCode.objects.filter(
        account=account, purpose=CodePurpose.SIGN_IN, used_at__isnull=True
    )
    assert live.count() == 1
    ten_minutes_ago = timezone.now() - timedelta(minutes=settings.INTEGRA_PORTAL_CODE_MINUTES)
    live.update(created_at=ten_minutes_ago - timedelta(minutes=1), expires_at=ten_minutes_ago)
    _enter_code(page, fresh)
    _assert_code_refused(page)
    _goto(page, "/my/plan/")
    assert path_of(page) == "/my/sign-in/?next=/my/plan/"


# --- 4. Light pages, from this host only ------------------------------------------------------


def _weigh(page: Any, path: str, host: str) -> tuple[int, list[str]]:
    """The bytes that crossed the network to show ``path`` (headers and bodies, as
    Chromium counts them), and every request made to another host."""
    finished: list[Any] = []
    elsewhere: list[str] = []

    def on_request(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme != "data" and (
            parts.scheme not in ("http", "https") or parts.netloc != host
        ):
            elsewhere.append(request.url)

    page.on("request", on_request)
    page.on("requestfinished", lambda request: finished.append(request))
    _goto(page, path)
    page.wait_for_load_state("networkidle")
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += (
            sizes["requestHeadersSize"]
            + sizes["requestBodySize"]
            + sizes["responseHeadersSize"]
            + sizes["responseBodySize"]
        )
    return total, elsewhere


def test_every_portal_page_is_light_and_asks_no_other_host(
    new_page: Any, open_as: Any, live_server: Any, account: Account, record_property: Any
) -> None:
    host = urlsplit(live_server.url).netloc
    weights: dict[str, int] = {}
    foreign: dict[str, list[str]] = {}
    for path in OWN_PAGES + PUBLIC_PAGES:
        # A fresh browser each time: nothing cached, the page as a first visit costs.
        anonymous = path == "/my/sign-in/"
        page = new_page() if anonymous else open_as(account.user)
        weights[path], elsewhere = _weigh(page, path, host)
        assert path_of(page) == path
        if elsewhere:
            foreign[path] = elsewhere
        page.context.close()

    # In the JUnit XML of a run (--junitxml), for the record of how light the pages are.
    kilobytes = {path: round(size / 1024, 1) for path, size in weights.items()}
    record_property("page_weights_kb", kilobytes)
    assert all(size > 1000 for size in weights.values()), weights  # something was counted
    heavy = {path: size for path, size in weights.items() if size > LIMIT}
    assert not heavy, f"heavier than {LIMIT // 1024} KB (bytes): {heavy}"
    assert not foreign, f"requests to other hosts: {foreign}"


# --- 5. axe-core, English and Arabic ----------------------------------------------------------


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_portal_has_no_serious_accessibility_violations(
    new_page: Any,
    open_as: Any,
    live_server: Any,
    account: Account,
    axe: AxeReport,
    language: str,
    direction: str,
) -> None:
    mine = open_as(account.user, language=language, bypass_csp=True)
    for path in ["/my/", "/my/messages/", "/my/surveys/", "/rights/", "/work/"]:
        _goto(mine, path)
        assert html_lang_dir(mine) == (language, direction)
        axe.check(mine, f"{path}, signed in, {language}")

    # The message form, sent empty: the error next to the field.
    _goto(mine, "/my/messages/")
    _submit(mine)
    expect(mine.locator(".error-summary")).to_be_visible()
    axe.check(mine, f"/my/messages/ with an error, {language}")

    anyone = new_page(bypass_csp=True)
    anyone.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    for path in ["/my/sign-in/", "/rights/", "/work/"]:
        _goto(anyone, path)
        assert html_lang_dir(anyone) == (language, direction)
        axe.check(anyone, f"{path}, anonymous, {language}")
    _goto(anyone, "/my/sign-in/")
    anyone.locator("#id_address").fill("not an address")
    _submit(anyone)
    expect(anyone.locator("#id_address_error")).to_be_visible()
    axe.check(anyone, f"/my/sign-in/ with an error, {language}")

    axe.assert_clean()


# --- 6. Another person's household page -------------------------------------------------------


def test_another_person_s_household_page_is_not_available(
    open_as: Any, account: Account, omar: Person, karim: Person, rustam: Person
) -> None:
    page = open_as(account.user)

    # Her son: she may see him.
    _goto(page, f"/my/household/{omar.public_id}/")
    expect(page.locator("main h1")).to_contain_text("Omar")

    answers: dict[str, str] = {}
    for label, public_id, name in [
        ("a stranger", rustam.public_id, "Rustam"),
        ("her brother, who does not share", karim.public_id, "Karim"),
        ("nobody", "P-0000-0000", None),
    ]:
        _goto(page, f"/my/household/{public_id}/", status=404)
        assert page.locator("main h1").inner_text() == "Not available", label
        expect(page.locator("main")).to_contain_text("There is no such page.")
        html = page.content()
        if name is not None:
            assert name not in html, f"{label}: the page names {name}"
        assert public_id not in page.locator("main").inner_text(), label
        answers[label] = page.locator("main").inner_text()

    # The same words whether the record exists or not: nothing to guess from.
    assert len(set(answers.values())) == 1, answers
