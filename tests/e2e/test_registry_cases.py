"""The registry's casework pages in a real browser: merging duplicates (and undoing a
merge), family-reunification and naturalisation requests, splitting and merging
households, and the registration steps. axe-core on each in both directions, the
widest of them on a phone screen, and one request followed from start to decision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from integra.core import access
from integra.core.models import User
from integra.people import services
from integra.people.models import Household, Person, PersonMerge, Request
from integra.people.services import merges, requests
from tests.e2e.conftest import AxeReport, html_lang_dir
from tests.e2e.test_registry import _register
from tests.e2e.test_small_screens import PHONE, _overflow

pytestmark = pytest.mark.e2e

REQUEST_PAGE = re.compile(r"/people/requests/R-[0-9A-Z]{4}-[0-9A-Z]{4}/$")
LANGUAGES = [("en", "ltr"), ("ar", "rtl")]


@dataclass(frozen=True)
class Cases:
    amina: Person  # the record kept, head of the household, applicant
    merge: PersonMerge  # a duplicate of Amina merged into her record
    request: Request  # family reunification, with a family member and a document
    household: Household  # Amina, her husband and their adult son
    newcomer: Person  # just registered: the next step is the household


def _submit(page: Any) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.fixture
def cases(personas: dict[str, User]) -> Cases:
    """Arranged as centre A's caseworker would have it, through the services."""
    caseworker = personas["caseworker"]
    actor = access.actor_for(caseworker)
    today = timezone.localdate()
    amina = _register(
        caseworker,
        given_name="Амина",
        family_name="Хаддад",
        birth_date=date(1992, 3, 1),
        citizenships=("SY",),
    )
    duplicate = _register(
        caseworker, given_name="Amina", family_name="Haddad", birth_date=date(1992, 3, 1)
    )
    merge = merges.person_merge(
        actor=actor,
        kept=amina,
        duplicate=duplicate,
        reason="Same passport number, confirmed with her at the desk.",
    )
    request = requests.request_open(
        actor=actor,
        person=amina,
        kind="family_reunification",
        submitted_on=today - timedelta(days=30),
        note="Her mother and sister are still in Aleppo.",
    )
    requests.request_member_add(
        actor=actor,
        request=request,
        name="Фатима Хаддад",
        relationship="parent",
        country="SY",
        birth_date=date(1961, 7, 12),
    )
    requests.request_document_add(
        actor=actor,
        request=request,
        title="Birth certificate of the applicant",
        received_on=today - timedelta(days=20),
        note="Certified copy",
    )
    household = services.household_join(
        actor=actor, person=amina, household=None, relationship="head"
    ).household
    for given, relationship in (("Самир", "spouse"), ("Юсуф", "child")):
        member = _register(caseworker, given_name=given, family_name="Хаддад")
        services.household_join(
            actor=actor, person=member, household=household, relationship=relationship
        )
    newcomer = _register(caseworker, given_name="Layla", family_name="Mansour")
    return Cases(amina, merge, request, household, newcomer)


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_the_casework_pages_have_no_serious_violations(
    open_as: Any,
    personas: dict[str, User],
    cases: Cases,
    axe: AxeReport,
    language: str,
    direction: str,
) -> None:
    caseworker, admin = personas["caseworker"], personas["admin"]
    amina, merge, request = cases.amina, cases.merge, cases.request
    undo = f'main a[href="/people/merges/{merge.public_id}/undo/"]'
    page = open_as(caseworker, language=language, bypass_csp=True)

    # Merging a duplicate.
    page.goto(f"/people/{amina.public_id}/merge/")
    assert html_lang_dir(page) == (language, direction)
    expect(page.locator("#id_duplicate")).to_be_visible()
    axe.check(page, "merge a duplicate")
    page.locator("#id_duplicate").fill(amina.public_id)
    _submit(page)  # no reason, and the record itself as its duplicate
    expect(page.locator("#id_reason_error")).to_be_visible()
    axe.check(page, "merge a duplicate, with errors")

    # The merged records: the caseworker sees the merge, only an administrator may undo it.
    page.goto("/people/merges/")
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator(undo)).to_have_count(0)
    axe.check(page, "merged records, as the caseworker")
    page = open_as(admin, page=page, language=language)
    page.goto("/people/merges/")
    expect(page.locator(undo)).to_be_visible()
    axe.check(page, "merged records, as the administrator")
    page.locator(undo).click()
    page.wait_for_load_state()
    expect(page.locator("#id_reason")).to_be_visible()
    axe.check(page, "undo a merge")
    _submit(page)  # no reason
    expect(page.locator("#id_reason_error")).to_be_visible()
    axe.check(page, "undo a merge, without a reason")

    # A family-reunification request.
    page = open_as(caseworker, page=page, language=language)
    page.goto(f"/people/{amina.public_id}/requests/new/")
    axe.check(page, "record a request")
    page.goto(f"/people/requests/{request.public_id}/")
    expect(page.locator("#members-heading + table tbody tr")).to_have_count(1)
    expect(page.locator("section[aria-labelledby=request-documents-heading] li")).to_have_count(1)
    axe.check(page, "request with a family member and a document")
    page.goto(f"/people/requests/{request.public_id}/status/")
    page.locator("#id_status").select_option("granted")
    page.locator("#id_on").fill(timezone.localdate().isoformat())
    _submit(page)  # granted, but no decision reference
    expect(page.locator("#id_decision_reference_error")).to_be_visible()
    axe.check(page, "record the next step, granted without a reference")

    # The household, with its split and merge forms.
    page.goto(f"/people/households/{cases.household.public_id}/")
    expect(page.locator("#id_members input[type=checkbox]")).to_have_count(3)
    expect(page.locator("#id_head")).to_be_visible()
    expect(page.locator("#id_remaining_head")).to_be_visible()
    expect(page.locator("#id_other")).to_be_visible()
    axe.check(page, "household with split and merge forms")

    # The household step of a registration.
    page.goto(f"/people/{cases.newcomer.public_id}/household/?step=household")
    expect(page.locator("nav.steps [aria-current=step]")).to_have_count(1)
    axe.check(page, "registration step: household")

    axe.assert_clean()


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_request_and_a_household_fit_a_phone_screen(
    open_as: Any, personas: dict[str, User], cases: Cases, language: str, direction: str
) -> None:
    page = open_as(personas["caseworker"], language=language, viewport=PHONE)
    too_wide: dict[str, int] = {}
    for path, shown in [
        (f"/people/requests/{cases.request.public_id}/", "#members-heading + table"),
        (f"/people/households/{cases.household.public_id}/", "#id_other"),
    ]:
        page.goto(path)
        assert html_lang_dir(page) == (language, direction)
        expect(page.locator(shown)).to_be_attached()
        if (extra := _overflow(page)) > 0:
            too_wide[path] = extra

    assert not too_wide, f"wider than a {PHONE['width']}px screen (by px): {too_wide}"


def test_a_caseworker_follows_a_family_reunification_request_to_its_decision(
    open_as: Any, personas: dict[str, User]
) -> None:
    amina = _register(
        personas["caseworker"],
        given_name="Amina",
        family_name="Haddad",
        birth_date=date(1992, 3, 1),
        citizenships=("SY",),
    )
    today = timezone.localdate()
    page = open_as(personas["caseworker"])

    page.goto(f"/people/{amina.public_id}/")
    section = page.locator("#requests")
    expect(section).to_contain_text("No family-reunification or naturalisation requests.")
    section.get_by_role("link", name="Record a request").click()
    page.get_by_label("Request", exact=True).select_option(label="Family reunification")
    page.get_by_label("Submitted on").fill((today - timedelta(days=14)).isoformat())
    page.get_by_label("Note (optional)").fill("Her husband is still in Kharkiv.")
    page.get_by_role("button", name="Record").click()

    page.wait_for_url(REQUEST_PAGE)
    expect(page.get_by_role("status")).to_contain_text("The request has been recorded.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Family reunification")
    request_url = page.url
    page.get_by_role("link", name="Add a family member abroad").click()
    page.get_by_label("Name", exact=True).fill("Андрій Коваленко")
    page.get_by_label("Relationship to the applicant").select_option(label="Spouse or partner")
    page.get_by_label("Country where they live (ISO code)").fill("UA")
    page.get_by_role("button", name="Record").click()

    page.wait_for_url(request_url)
    expect(page.get_by_role("status")).to_contain_text("The family member has been added.")
    members = page.get_by_role("table", name="Family members abroad")
    expect(members.get_by_role("row")).to_have_count(2)  # the header and the husband
    expect(members).to_contain_text("Андрій Коваленко (Andriy Kovalenko)")
    expect(members).to_contain_text("Spouse or partner")

    page.get_by_role("link", name="Record the next step").click()
    page.get_by_label("New status").select_option(label="Granted")
    page.get_by_label("Date", exact=True).fill(today.isoformat())
    page.get_by_label("Decision reference (optional)").fill("BMA-2026/114")
    page.get_by_role("button", name="Record").click()

    page.wait_for_url(request_url)
    expect(page.get_by_role("status")).to_contain_text("The request's status has been recorded.")
    expect(page.locator("main dl.facts")).to_contain_text("Granted")
    expect(page.locator("main dl.facts")).to_contain_text("BMA-2026/114")
    expect(page.get_by_role("link", name="Record the next step")).to_have_count(0)
    expect(page.get_by_role("link", name="Add a family member abroad")).to_have_count(0)
    history = page.get_by_role("table", name="History")
    expect(history.get_by_role("row")).to_have_count(3)  # the header, submitted, granted

    page.get_by_role("link", name="Amina Haddad").click()
    page.wait_for_url(re.compile(rf"/people/{amina.public_id}/(#requests)?$"))
    row = page.locator("#requests tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Family reunification")
    expect(row.locator("td").last).to_have_text("Granted")
