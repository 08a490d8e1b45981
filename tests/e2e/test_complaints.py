# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""Complaints in a real browser (issue 6): an anonymous worker lodges a complaint
in Russian on a small phone with JavaScript switched off, with a payslip
attached; the tracking code is shown once; with it she follows the complaint
(the handler's public update, never the internal note) and adds information.
Nothing scrolls sideways, and axe-core finds nothing serious on the public pages.

Russian is chosen with the language form, as a visitor would. The words of these
pages are not all translated yet, so elements are found by their ids and names.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from integra.core import access
from integra.protection.models import Complaint
from integra.protection.services import complaint_handling as handling
from tests.e2e.conftest import AxeReport, html_lang_dir, path_of
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    PDF,
    legal_aid,
    media,
    routing,
)

pytestmark = pytest.mark.e2e

SMALL_PHONE = {"width": 360, "height": 740}
CODE = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$")
DESCRIPTION = "Хозяин не платит зарплату два месяца и забрал наши паспорта."
PUBLIC_NOTE = "Инспектор посетит стройку в понедельник."
INTERNAL_NOTE = "The foreman was fined last year."
WIDER_THAN_THE_SCREEN = "() => document.documentElement.scrollWidth - window.innerWidth"


def _submit(page: Any, form: str) -> None:
    page.locator(f"{form} button[type=submit]").click()
    page.wait_for_load_state()


def test_an_anonymous_worker_lodges_a_complaint_in_russian_then_follows_it(
    new_page: Any, live_server: Any, routing, media, people
) -> None:
    page = new_page(java_script_enabled=False, viewport=SMALL_PHONE)
    page.goto("/complaints/new/")
    page.locator("#language-select").select_option("ru")
    _submit(page, "form.language")
    assert path_of(page) == "/complaints/new/"
    assert html_lang_dir(page) == ("ru", "ltr")
    assert page.evaluate(WIDER_THAN_THE_SCREEN) <= 0

    # What happened, where, and a payslip; no name (anonymous is the default).
    page.locator("input[name=categories][value=wages]").check()
    page.locator("input[name=categories][value=documents]").check()
    page.locator("#id_description").fill(DESCRIPTION)
    page.locator("#id_employer").fill("Edil-Construct SA")
    page.locator("#id_sector").select_option("F")
    page.locator("#id_region").fill("Chișinău")
    assert page.locator("input[name=anonymous][value=anonymous]").is_checked()
    page.locator("#id_attachments").set_input_files(
        [{"name": "payslip.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    _submit(page, "#complaint-form")

    # The code, this once.
    assert path_of(page) == "/complaints/thanks/"
    assert html_lang_dir(page) == ("ru", "ltr")
    code = page.locator("#tracking-code").inner_text().strip()
    assert CODE.match(code)
    page.reload()
    assert page.locator("#tracking-code").count() == 0

    complaint = Complaint.objects.get()
    assert complaint.language == "ru"
    assert complaint.anonymous
    assert (complaint.name, complaint.contact) == ("", "")
    assert complaint.attachments.get().file_name == "payslip.pdf"
    inspector = access.actor_for(people["inspector"])
    handling.complaint_update(
        actor=inspector, complaint=complaint, status="in_progress", note=PUBLIC_NOTE, public=True
    )
    handling.complaint_update(actor=inspector, complaint=complaint, note=INTERNAL_NOTE)

    # She follows it with the code, typed as she wrote it down.
    page.goto("/complaints/track/")
    page.locator("#id_code").fill(code.replace("-", " ").lower())
    _submit(page, "#track-form")
    assert path_of(page) == "/complaints/track/complaint/"
    assert code not in page.url
    assert html_lang_dir(page) == ("ru", "ltr")
    events = page.locator("#complaint-events").inner_text()
    assert PUBLIC_NOTE in events
    assert INTERNAL_NOTE not in page.content()
    assert page.evaluate(WIDER_THAN_THE_SCREEN) <= 0

    # And adds what she has learnt since.
    page.locator("#id_text").fill("Бригадира зовут Ион.")
    _submit(page, "#information-form")
    assert path_of(page) == "/complaints/track/complaint/"
    assert "Бригадира зовут Ион." in page.locator("#complaint-events").inner_text()
    assert complaint.events.filter(kind="information").count() == 1


def test_a_wrong_code_is_refused_beside_the_field(new_page: Any, live_server: Any) -> None:
    page = new_page(java_script_enabled=False, viewport=SMALL_PHONE)
    page.goto("/complaints/track/")
    page.locator("#id_code").fill("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789")
    _submit(page, "#track-form")

    assert path_of(page) == "/complaints/track/"
    assert page.locator("#id_code_error").count() == 1


def test_the_public_complaint_pages_pass_axe(
    new_page: Any, live_server: Any, axe: AxeReport
) -> None:
    page = new_page(bypass_csp=True, viewport=SMALL_PHONE)
    for path in ("/complaints/new/", "/complaints/track/", "/complaints/thanks/"):
        page.goto(path)
        axe.check(page, path)
    page.goto("/complaints/new/")
    _submit(page, "#complaint-form")  # nothing filled in: the errors
    axe.check(page, "errors")
    axe.assert_clean()
