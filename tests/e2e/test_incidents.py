"""Discrimination incidents in a real browser (R21): an anonymous witness reports
an incident in Ukrainian on a small phone with JavaScript switched off; the
tracking code is shown once; a handler at the equality body signs in, takes the
incident up and posts a public update (and an internal note); with the code the
witness sees the status and the public update, never the internal note. The
report form has no field for residence status.

Ukrainian is chosen with the language form, as a visitor would. Elements are found
by their ids and names; the Ukrainian words checked are from
integra/locale/uk/LC_MESSAGES/django.po.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core.models import Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.protection.models import Incident
from tests.conftest import make_user
from tests.e2e.conftest import html_lang_dir, path_of, sign_in

pytestmark = pytest.mark.e2e

SMALL_PHONE = {"width": 360, "height": 740}
CODE = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$")
DESCRIPTION = "Водій автобуса кричав на жінку, щоб вона поверталася до своєї країни."
PUBLIC_NOTE = "Ми зв'язалися з перевізником та чекаємо на його відповідь."
INTERNAL_NOTE = "The carrier had a similar report last spring."
WIDER_THAN_THE_SCREEN = "() => document.documentElement.scrollWidth - window.innerWidth"
# Names of form fields that would ask about residence, a permit or a status.
RESIDENCE = re.compile(r"residen|status|permit|visa|migration|legal", re.IGNORECASE)

# Ukrainian, from the catalogue (integra/locale/uk/LC_MESSAGES/django.po).
UK_REPORT_RECEIVED = "Ваше повідомлення отримано"  # "Your report was received"
UK_YOUR_TRACKING_CODE = "Ваш код відстеження"  # "Your tracking code"
UK_WHO_IS_REPORTING = "Хто повідомляє?"  # "Who is reporting?"
UK_STATUS = "Статус"  # "Status"
UK_BEING_FOLLOWED_UP = "Розглядається"  # "Being followed up"


def _submit(page: Any, form: str) -> None:
    page.locator(f"{form} button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def equality_handler(live_server: Any, orgs: dict[str, Organisation]) -> User:
    """A handler (the inspector's role) at an equality body, with a confirmed
    authenticator, as the e2e personas have, so that she signs in with both steps."""
    body = Organisation.objects.create(
        code="equality-council",
        name="Equality Council",
        kind=OrganisationKind.EQUALITY_BODY,
        level=Level.NATIONAL,
        country="MD",
    )
    user = make_user("equality", body, Role.INSPECTOR)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def test_a_witness_reports_an_incident_in_ukrainian_and_follows_the_handlers_update(
    new_page: Any, live_server: Any, equality_handler: User
) -> None:
    witness = new_page(java_script_enabled=False, viewport=SMALL_PHONE)
    witness.goto("/incidents/report/")
    witness.locator("#language-select").select_option("uk")
    _submit(witness, "form.language")
    assert path_of(witness) == "/incidents/report/"
    assert html_lang_dir(witness) == ("uk", "ltr")
    assert UK_WHO_IS_REPORTING in witness.locator("#incident-form").inner_text()
    assert witness.evaluate(WIDER_THAN_THE_SCREEN) <= 0

    # Nothing on the form asks about residence status.
    names = witness.locator(
        "#incident-form input, #incident-form select, #incident-form textarea"
    ).evaluate_all("(fields) => fields.map((field) => field.name + ' ' + field.id)")
    assert names
    assert [name for name in names if RESIDENCE.search(name)] == []

    # A witness; what happened and where; no name (anonymous is the default).
    witness.locator("input[name=reported_by][value=witness]").check()
    witness.locator("input[name=kinds][value=verbal]").check()
    witness.locator("input[name=grounds][value=nationality]").check()
    witness.locator("#id_place_kind").select_option("transport")
    witness.locator("#id_place").fill("Автобус 24")
    witness.locator("#id_region").fill("Chișinău")
    witness.locator("#id_description").fill(DESCRIPTION)
    assert witness.locator("input[name=anonymous][value=anonymous]").is_checked()
    _submit(witness, "#incident-form")

    # The code, this once, on a page in Ukrainian.
    assert path_of(witness) == "/incidents/thanks/"
    assert html_lang_dir(witness) == ("uk", "ltr")
    thanks = witness.locator("main").inner_text()
    assert UK_REPORT_RECEIVED in thanks
    assert UK_YOUR_TRACKING_CODE in thanks
    code = witness.locator("#tracking-code").inner_text().strip()
    assert CODE.match(code)
    assert witness.evaluate(WIDER_THAN_THE_SCREEN) <= 0
    witness.reload()
    assert witness.locator("#tracking-code").count() == 0
    assert code not in witness.content()

    incident = Incident.objects.get()
    assert (incident.reported_by, incident.language) == ("witness", "uk")
    assert incident.kinds == ["verbal"]
    assert incident.anonymous
    assert (incident.name, incident.contact) == ("", "")

    # The handler at the equality body signs in (password and authenticator code),
    # finds the incident in the list, takes it up and posts a public update.
    handler = new_page()
    sign_in(handler, equality_handler)
    handler.goto("/incidents/")
    row = handler.locator(f"#incidents tr#{incident.public_id}")
    assert row.count() == 1
    row.locator("a").click()
    handler.wait_for_load_state()
    assert path_of(handler) == f"/incidents/{incident.public_id}/"
    assert DESCRIPTION in handler.locator("#incident-description").inner_text()

    handler.locator(f"form[action='/incidents/{incident.public_id}/take/'] button").click()
    handler.wait_for_load_state()
    assert path_of(handler) == f"/incidents/{incident.public_id}/"
    assert "Equality Council" in handler.locator("#incident-facts").inner_text()

    handler.locator("#id_update-note").fill(PUBLIC_NOTE)
    handler.locator("#id_update-public").check()
    _submit(handler, "#update")
    assert path_of(handler) == f"/incidents/{incident.public_id}/"
    handler.locator("#id_update-note").fill(INTERNAL_NOTE)
    _submit(handler, "#update")
    events = handler.locator("#incident-events").inner_text()
    assert PUBLIC_NOTE in events
    assert INTERNAL_NOTE in events

    incident.refresh_from_db()
    assert incident.status == "following_up"
    assert incident.handled_by is not None
    assert incident.handled_by.name == "Equality Council"
    assert incident.events.filter(kind="update", public=True, text=PUBLIC_NOTE).count() == 1

    # The witness follows the report with the code, typed as she wrote it down.
    witness.goto("/incidents/track/")
    witness.locator("#id_code").fill(code)
    _submit(witness, "#track-form")
    assert path_of(witness) == "/incidents/track/incident/"
    assert code not in witness.url
    assert html_lang_dir(witness) == ("uk", "ltr")
    status = witness.locator("#incident-status").inner_text()
    assert UK_STATUS in status
    assert UK_BEING_FOLLOWED_UP in status
    assert PUBLIC_NOTE in witness.locator("#incident-events").inner_text()
    assert INTERNAL_NOTE not in witness.content()
    assert witness.evaluate(WIDER_THAN_THE_SCREEN) <= 0
