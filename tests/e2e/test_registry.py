"""The registry in a real browser: search first, register in Cyrillic, be warned of a
duplicate in Latin spelling; and axe-core on every registry page, both directions."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from integra.core import access
from integra.core.models import Organisation, User
from integra.core.roles import Role
from integra.people import services
from integra.people.models import Person
from tests.conftest import make_user
from tests.e2e.conftest import AxeReport, html_lang_dir, path_of, sign_in

pytestmark = pytest.mark.e2e

PROFILE = re.compile(r"/people/P-[0-9A-Z]{4}-[0-9A-Z]{4}/$")
STEP = re.compile(r"/people/P-[0-9A-Z]{4}-[0-9A-Z]{4}/household/\?step=household$")


def _register(user: User, **fields: Any) -> Person:
    """Arranges a person as ``user``'s centre would register them."""
    return services.person_register(
        actor=access.actor_for(user), data=services.PersonData(**fields), confirm_new=True
    )


def _search(page: Any, text: str) -> None:
    """Types into the search box and submits; htmx swaps the results in place."""
    page.locator("#id_q").fill(text)
    page.locator("main form[role=search] button[type=submit]").click()


def _submit(page: Any) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_a_caseworker_registers_a_household_in_steps_and_is_warned_of_a_second_spelling(
    new_page: Any, personas: dict[str, User]
) -> None:
    page = new_page()
    sign_in(page, personas["caseworker"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_text("Search first")).to_be_visible()

    _search(page, "Шевченко")
    expect(page.get_by_text("Nobody you may see matches")).to_be_visible()
    page.get_by_role("link", name="Register a person").click()
    page.get_by_label("Given name", exact=True).fill("Олександр")
    page.locator("#id_family_name").fill("Шевченко")
    page.get_by_label("Sex").select_option("male")
    page.get_by_label("Date of birth (optional)").fill("1988-03-14")
    page.get_by_role("button", name="Register", exact=True).click()

    # Step 2: the household. Left empty, he heads a new one.
    page.wait_for_url(STEP)
    expect(page.get_by_role("status")).to_contain_text("Oleksandr Shevchenko is registered.")
    steps = page.get_by_role("navigation", name="Registration steps")
    expect(steps.locator("[aria-current=step]")).to_have_text("Household")
    page.get_by_label("Relationship to the head of the household").select_option("head")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"\?step=status$"))
    expect(steps.locator("[aria-current=step]")).to_have_text("Status and documents")
    for _ in range(4):  # status, documents, skills: skipped; consent: finish
        steps.get_by_role("link").click()
        page.wait_for_load_state()
    page.wait_for_url(PROFILE)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Олександр Шевченко (Oleksandr Shevchenko)")
    household = page.locator("#household").get_by_role("link", name=re.compile("^H-"))
    household_id = household.inner_text()
    first_url = page.url

    # A second record in Latin letters: Integra warns; here it really is someone
    # else (a cousin of the same name), who joins the household.
    page.goto("/people/new/")
    page.get_by_label("Given name", exact=True).fill("Oleksandr")
    page.locator("#id_family_name").fill("Shevchenko")
    page.get_by_label("Date of birth (optional)").fill("1988-03-14")
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_load_state()

    warning = page.get_by_role("alert").filter(has_text="This person may already be registered")
    expect(warning).to_be_visible()
    match = warning.get_by_role("link", name=re.compile("Олександр Шевченко"))
    assert first_url.endswith(match.get_attribute("href"))
    assert Person.objects.count() == 1
    expect(page.locator("#id_given_name")).to_have_value("Oleksandr")  # nothing to retype
    page.get_by_role("button", name="Register as a new person").click()

    page.wait_for_url(STEP)
    page.get_by_label("Household id (optional)").fill(household_id)
    page.get_by_label("Relationship to the head of the household").select_option("other")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"\?step=status$"))
    assert Person.objects.count() == 2

    page.goto(f"/people/households/{household_id}/")
    members = page.get_by_role("table", name="Members")
    expect(members.get_by_role("row")).to_have_count(3)  # the header and two members
    expect(members).to_contain_text("Head of household")
    expect(members).to_contain_text("Other relative or member")


@pytest.fixture
def caseworker_b(personas: dict[str, User], orgs: dict[str, Organisation]) -> User:
    return make_user("caseworker_b", orgs["b"], Role.CASEWORKER)


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_registry_pages_have_no_serious_violations(
    open_as: Any,
    personas: dict[str, User],
    caseworker_b: User,
    axe: AxeReport,
    language: str,
    direction: str,
) -> None:
    caseworker = personas["caseworker"]
    amina = _register(
        caseworker,
        given_name="Амина",
        family_name="Хаддад",
        birth_date=date(1992, 3, 1),
        citizenships=("SY",),
        phone="+37369123456",
    )
    elsewhere = _register(caseworker_b, given_name="Ivan", family_name="Petrov")
    page = open_as(caseworker, language=language, bypass_csp=True)

    page.goto("/people/")
    assert html_lang_dir(page) == (language, direction)
    axe.check(page, "search, before searching")
    _search(page, "Haddad")
    expect(page.locator(f'#person-results a[href="/people/{amina.public_id}/"]')).to_be_visible()
    axe.check(page, "search, one found")
    _search(page, "Nobody-by-this-name")
    expect(page.locator("#person-results table")).to_have_count(0)
    axe.check(page, "search, nobody found")

    page.goto("/people/new/")
    axe.check(page, "register, empty")
    _submit(page)
    expect(page.locator("#id_given_name_error")).to_be_visible()
    axe.check(page, "register, with errors")
    page.locator("#id_given_name").fill("Amina")
    page.locator("#id_family_name").fill("Haddad")
    page.locator("#id_birth_date").fill("1992-03-01")
    _submit(page)
    expect(page.locator('input[name="confirm_new"]')).to_have_count(1)
    axe.check(page, "register, with matches")

    page.goto(f"/people/{amina.public_id}/")
    expect(page.locator("#viewers tbody tr").first).to_be_visible()
    axe.check(page, "profile")
    page.goto(f"/people/{amina.public_id}/edit/")
    axe.check(page, "edit")
    page.locator("#id_phone").fill("not a phone")
    _submit(page)
    expect(page.locator("#id_phone_error")).to_be_visible()
    axe.check(page, "edit, with an error")

    page.goto(f"/people/{amina.public_id}/status/new/")
    axe.check(page, "record a status")
    page.locator("#id_valid_from").fill("2024-05-01")
    page.locator("#id_valid_until").fill("2024-01-01")
    _submit(page)
    expect(page.locator("#id_valid_until_error")).to_be_visible()
    axe.check(page, "record a status, with an error")
    page.locator("#id_valid_until").fill("")
    _submit(page)
    expect(page.locator("#status tbody tr")).to_have_count(1)
    axe.check(page, "profile with a status history")

    page.goto(f"/people/{amina.public_id}/names/new/")
    axe.check(page, "add another name")
    _submit(page)
    expect(page.locator("#id_name_error")).to_be_visible()
    axe.check(page, "add another name, with an error")
    page.locator("#id_name").fill("أمينة حداد")
    _submit(page)
    axe.check(page, "profile with another name")

    page.goto(f"/people/{amina.public_id}/skills/")
    axe.check(page, "languages and skills")
    page.locator("#id_experience-occupation").fill("99")
    page.locator("#id_experience-years").fill("2")
    page.locator('button[name="add"][value="experience"]').click()
    expect(page.locator("#id_experience-occupation_error")).to_be_visible()
    axe.check(page, "languages and skills, with an error")

    page.goto(f"/people/{amina.public_id}/household/")
    axe.check(page, "household form")
    page.locator("#id_household").fill("H-0")
    _submit(page)
    expect(page.locator("#id_household_error")).to_be_visible()
    axe.check(page, "household form, with an error")
    page.locator("#id_household").fill("")
    _submit(page)
    axe.check(page, "household page")

    page.goto(f"/people/{amina.public_id}/vulnerability/")
    axe.check(page, "vulnerability flags")
    page.goto(f"/people/{amina.public_id}/consents/new/")
    axe.check(page, "record a consent")
    page.locator('input[name="recipients"][value="ngo"]').check()
    _submit(page)
    expect(page.locator("#consents tbody tr")).to_have_count(1)
    axe.check(page, "profile with a consent")

    page.goto(f"/people/{amina.public_id}/documents/new/")
    axe.check(page, "record a document")
    page.locator("#id_number").fill("F1")
    page.locator("#id_issuing_country").fill("SY")
    _submit(page)
    expect(page.locator("#id_number_error")).to_be_visible()
    axe.check(page, "record a document, with an error")
    page.locator("#id_number").fill("N 0123456")
    _submit(page)
    expect(page.locator("#documents tbody tr")).to_have_count(1)
    axe.check(page, "profile with documents")

    response = page.goto(f"/people/{elsewhere.public_id}/")
    assert response is not None
    assert response.status == 403
    axe.check(page, "outside my scope")
    _submit(page)  # no reason given
    expect(page.locator("#id_reason_error")).to_be_visible()
    axe.check(page, "outside my scope, break-glass without a reason")
    assert path_of(page) == f"/people/{elsewhere.public_id}/break-glass/"

    axe.assert_clean()
