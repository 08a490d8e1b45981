"""Partners and referrals in a real browser, the whole flow of issue 4: a caseworker
assesses a refugee, starts a plan and refers its measure to an NGO's service, sharing
her name only; the NGO's partner agent finds the referral in the inbox, reads no more
of her than the name, accepts and completes it; the caseworker is told and finds the
measure done in the plan, with the partner's note as evidence. Also: the public
directory without sign-in, and axe-core on the referral form and the partner's page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from integra.core import access
from integra.core.models import Organisation, User
from integra.people import services as people_services
from integra.people.models import Person
from integra.plans.models import Measure, Plan, Programme
from integra.plans.services import assessments, plans, programmes
from integra.services.models import Referral, Service
from integra.services.services import directory, referrals
from tests.e2e.conftest import AxeReport, path_of, sign_in
from tests.plans.conftest import DEFINITION

pytestmark = pytest.mark.e2e

PLAN = re.compile(r"/plans/L-[0-9A-Z]{4}-[0-9A-Z]{4}/(#measures|#overview)?$")
ASSESSMENT = re.compile(r"/plans/assessments/A-[0-9A-Z]{4}-[0-9A-Z]{4}/$")
REFERRAL = re.compile(r"/partners/referrals/F-[0-9A-Z]{4}-[0-9A-Z]{4}/$")
MEASURES = "Measures of the plan, soonest due first"  # the plan's (hidden) table captions
REFERRALS = "Referrals of the person, newest first"
SERVICE = "Romanian for adults — Refugee NGO"  # the service's option in the referral form
NOTE = "Finished the A2 course, 60 hours; certificate of 1 June on file."
BIRTH = date(1990, 5, 1)


# --- Set-up, through the services ------------------------------------------------------


def _programme(coordinator: User) -> Programme:
    """md-voluntary, with a mandatory Romanian course, as the coordinator sets it up."""
    actor = access.actor_for(coordinator)
    programme = programmes.programme_save(
        actor=actor,
        data=programmes.ProgrammeData(
            code="md-voluntary",
            country="MD",
            name="Integration programme",
            participation="voluntary",
            min_months=12,
            max_months=24,
            review_every_days=90,
            domains=("housing", "employment", "language", "health", "education"),
            eligible_statuses=("international_protection", "stateless"),
        ),
    )
    programmes.programme_measure_add(
        actor=actor,
        programme=programme,
        data=programmes.ProgrammeMeasureData(
            code="language",
            domain="language",
            kind="language_course",
            title="Romanian course",
            due_within_days=180,
            mandatory=True,
        ),
    )
    return programme


def _refugee(caseworker: User) -> Person:
    """Amina, registered by the caseworker of centre A, with international protection."""
    actor = access.actor_for(caseworker)
    person = people_services.person_register(
        actor=actor,
        data=people_services.PersonData(
            given_name="Amina",
            family_name="Haddad",
            birth_date=BIRTH,
            citizenships=("SY",),
        ),
        confirm_new=True,
    )
    people_services.status_record(
        actor=actor,
        person=person,
        category="international_protection",
        valid_from=date(2025, 6, 1),
    )
    return person


def _services(partner: User, ngo: Organisation) -> Service:
    """The NGO's entry in the directory, as its partner agent writes it: Romanian
    classes (public, with internal notes) and a mentoring scheme kept off the public
    directory."""
    actor = access.actor_for(partner)
    course = directory.service_save(
        actor=actor,
        organisation=ngo,
        data=directory.ServiceData(
            code="romanian-adults",
            name="Romanian for adults",
            category="language",
            description="Evening classes in small groups, A1 to B1.",
            languages=("ro", "ar"),
            capacity_per_month=12,
            internal_notes="Waiting list in summer; call Ion before referring.",
            accept_within_days=3,
            complete_within_days=90,
            locations=(directory.LocationData("Chișinău", "Str. Pușkin 1", "Mon-Fri 18-20"),),
        ),
    )
    directory.service_save(
        actor=actor,
        organisation=ngo,
        data=directory.ServiceData(
            code="mentoring",
            name="Peer mentoring",
            category="community",
            internal_notes="Pilot, staff referrals only.",
            is_public=False,
        ),
    )
    return course


def _partnership(coordinator: User, orgs: dict[str, Organisation]) -> None:
    """Centre A and the NGO may share names and contact details for language services."""
    directory.partnership_save(
        actor=access.actor_for(coordinator),
        data=directory.PartnershipData(
            title="Language support",
            parties=(orgs["a"].code, orgs["ngo"].code),
            scope=("language",),
            shareable=("name", "contact"),
            valid_from=timezone.localdate() - timedelta(days=100),
        ),
    )


@pytest.fixture
def amina(personas: dict[str, User], orgs: dict[str, Organisation]) -> Person:
    """The programme and questionnaire of Moldova, the NGO's services, the partnership
    between centre A and the NGO, and a refugee registered at centre A."""
    _programme(personas["coordinator"])
    assessments.questionnaire_publish(
        actor=access.actor_for(personas["coordinator"]),
        code="initial",
        country="MD",
        title="Initial assessment",
        definition=DEFINITION,
    )
    _services(personas["partner"], orgs["ngo"])
    _partnership(personas["coordinator"], orgs)
    return _refugee(personas["caseworker"])


@pytest.fixture
def drafted(personas: dict[str, User], amina: Person) -> Plan:
    """Amina's plan, drafted through the services: the mandatory course only."""
    return plans.plan_create(
        actor=access.actor_for(personas["caseworker"]),
        person=amina,
        programme=Programme.objects.get(code="md-voluntary"),
        starts_on=timezone.localdate(),
    )


@pytest.fixture
def referred(personas: dict[str, User], drafted: Plan) -> Referral:
    """The course referred to the NGO's classes through the services, her name only."""
    return referrals.referral_send(
        actor=access.actor_for(personas["caseworker"]),
        person=drafted.person,
        data=referrals.ReferralData(
            measure_id=drafted.measures.get().pk,
            service_id=Service.objects.get(code="romanian-adults").pk,
            shared_fields=("name",),
        ),
    )


# --- Steps ---------------------------------------------------------------------------


def _main_nav(page: Any) -> Any:
    return page.get_by_role("navigation", name="Main")


def _assess_and_start_a_plan(page: Any, person: Person) -> None:
    """On the person's page: the initial assessment, then a plan with the course only."""
    page.goto(f"/people/{person.public_id}/")
    page.get_by_role("link", name="Open the assessments and integration plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessments and integration plans")
    page.get_by_role("link", name="Assess", exact=True).click()
    page.get_by_role("group", name="Level in Romanian").get_by_label("None").check()
    page.get_by_role("group", name="Working now?").get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name="Needs a health screening?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("button", name="Record the assessment").click()
    page.wait_for_url(ASSESSMENT)
    expect(page.get_by_role("status")).to_contain_text("The assessment has been recorded.")

    page.get_by_role("link", name="Back to the assessments and plans").click()
    page.get_by_role("link", name="Start a plan").click()
    page.get_by_label("Programme").select_option(label="Integration programme")
    suggested = page.get_by_role("group", name="Measures the assessment suggested")
    suggested.get_by_label("Romanian course (Language course)").uncheck()  # mandatory anyway
    page.get_by_role("button", name="Start the plan").click()
    page.wait_for_url(PLAN)
    expect(page.get_by_role("status")).to_contain_text("The plan has been drafted.")


def test_a_referral_goes_to_the_partner_and_its_outcome_comes_back_into_the_plan(
    new_page: Any, personas: dict[str, User], amina: Person
) -> None:
    caseworker = new_page()
    sign_in(caseworker, personas["caseworker"])
    _assess_and_start_a_plan(caseworker, amina)

    # The plan: the mandatory course, still to do, referred to nobody yet.
    measures = caseworker.get_by_role("table", name=MEASURES)
    expect(measures.get_by_role("row")).to_have_count(2)  # the header and the course
    course = measures.get_by_role("row", name=re.compile("^Romanian course"))
    expect(course).to_contain_text("Planned")
    overview = caseworker.get_by_role("region", name="Overview")
    expect(overview).to_contain_text("0% (0 of 1 measures)")
    referrals_section = caseworker.get_by_role("region", name="Referrals")
    expect(referrals_section).to_contain_text("Not referred to a partner yet.")

    # Refer the course to the NGO's classes, sharing her name and nothing else.
    course.get_by_role("link", name="Refer Romanian course").click()
    expect(caseworker.get_by_role("heading", level=1)).to_have_text("Refer to a partner")
    measure = caseworker.get_by_label("Measure of the plan")
    expect(measure.locator("option:checked")).to_have_text(re.compile(r"^Romanian course"))
    service = caseworker.get_by_label("Service", exact=True)
    # The services of the measure's category come first, as suggestions.
    expect(service.locator("optgroup").first).to_have_attribute("label", "Suggested: Language")
    expect(service.locator("optgroup").first.locator("option")).to_have_text([SERVICE])
    service.select_option(label=SERVICE)
    shared = caseworker.get_by_role("group", name=re.compile(r"^Data to share with the partner"))
    shared.get_by_label("Name", exact=True).check()
    expect(shared.get_by_role("checkbox", checked=True)).to_have_count(1)
    caseworker.get_by_label("Message to the partner").fill("She can come in the evenings.")
    caseworker.get_by_role("button", name="Send the referral").click()

    caseworker.wait_for_url(REFERRAL)
    referral_id = path_of(caseworker).split("/")[-2]
    expect(caseworker.get_by_role("status")).to_contain_text(
        "The referral has been sent to Refugee NGO."
    )
    sent = caseworker.get_by_role("region", name="Overview")
    expect(sent).to_contain_text("Waiting for the partner")
    expect(sent).to_contain_text("Partnership: Language support")
    shared_facts = caseworker.get_by_role("region", name="About the person")
    expect(shared_facts).to_contain_text("Shared with the partner")
    expect(shared_facts.locator("dt")).to_have_text(["Name"])
    expect(shared_facts.locator("dd")).to_have_text(["Amina Haddad"])

    # Back in the plan, the referral waits; the measure is still planned.
    sent.get_by_role("link", name="Romanian course", exact=True).click()
    caseworker.wait_for_url(PLAN)
    waiting = referrals_section.get_by_role("table", name=REFERRALS).get_by_role(
        "row", name=re.compile(referral_id)
    )
    expect(waiting).to_contain_text("Romanian for adults")
    expect(waiting).to_contain_text("Waiting for the partner")
    expect(course).to_contain_text("Planned")

    # The NGO's partner agent signs in and finds the referral in the inbox.
    partner = new_page()
    sign_in(partner, personas["partner"])
    _main_nav(partner).get_by_role("link", name="Inbox 1 unread").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("Inbox")
    partner.get_by_role("link", name=f"New referral {referral_id} to Romanian for adults.").click()

    # She reads the name it shares, and nothing else of the person.
    partner.wait_for_url(REFERRAL)
    assert path_of(partner) == f"/partners/referrals/{referral_id}/"
    expect(partner.get_by_role("heading", level=1)).to_have_text(f"Referral {referral_id}")
    person = partner.get_by_role("region", name="About the person")
    expect(person.locator("dt")).to_have_text(["Name"])  # one item shared, the name
    expect(person.locator("dd")).to_have_text(["Amina Haddad"])
    expect(person).to_contain_text("This is all the referral shares of the person")
    content = partner.locator("main")
    expect(content).to_contain_text("She can come in the evenings.")
    for hidden in ("1990", BIRTH.isoformat(), "Date of birth", amina.public_id):
        expect(content).not_to_contain_text(hidden)
    expect(content.locator("a[href*='/people/']")).to_have_count(0)
    expect(content.locator("a[href*='/plans/']")).to_have_count(0)

    # She accepts: the course is in progress.
    partner.get_by_role("button", name="Accept", exact=True).click()
    partner.wait_for_url(REFERRAL)
    expect(partner.get_by_role("status")).to_contain_text(
        "You accepted the referral. The person's measure is now in progress."
    )
    expect(partner.get_by_role("region", name="Overview")).to_contain_text("Accepted")
    assert Measure.objects.get(plan__person=amina).status == "in_progress"

    # The course is over: she completes the referral with the outcome and a note.
    actions = partner.get_by_role("region", name="What to do")
    expect(actions.get_by_role("button", name="Accept", exact=True)).to_have_count(0)
    actions.get_by_label("Outcome").select_option(label="Delivered as planned")
    actions.get_by_label("What was delivered").fill(NOTE)
    actions.get_by_role("button", name="Complete", exact=True).click()
    partner.wait_for_url(REFERRAL)
    expect(partner.get_by_role("status")).to_contain_text(
        "You completed the referral; the person's plan shows the outcome."
    )
    expect(partner.get_by_role("region", name="Overview")).to_contain_text("Completed")
    answer = partner.get_by_role("region", name="The answer")
    expect(answer).to_contain_text("Delivered as planned")
    expect(answer).to_contain_text(NOTE)
    expect(partner.get_by_role("region", name="What to do")).to_have_count(0)

    # The caseworker is told: two new messages, the acceptance and the completion.
    caseworker.goto("/")
    _main_nav(caseworker).get_by_role("link", name="Inbox 2 unread").click()
    expect(
        caseworker.get_by_role("link", name=f"Refugee NGO accepted referral {referral_id}.")
    ).to_be_visible()
    caseworker.get_by_role("link", name=f"Refugee NGO completed referral {referral_id}.").click()
    caseworker.wait_for_url(REFERRAL)
    expect(caseworker.get_by_role("region", name="Overview")).to_contain_text("Completed")
    expect(caseworker.get_by_role("region", name="The answer")).to_contain_text(NOTE)

    # The plan: the course done, with the partner's note as evidence; the progress follows.
    caseworker.get_by_role("region", name="Overview").get_by_role(
        "link", name="Romanian course", exact=True
    ).click()
    caseworker.wait_for_url(PLAN)
    expect(course).to_contain_text("Done")
    expect(course).to_contain_text(f"Refugee NGO, referral {referral_id}: {NOTE}")
    expect(overview).to_contain_text("100% (1 of 1 measures)")
    expect(overview.locator("progress")).to_have_attribute("value", "100")
    expect(waiting).to_contain_text("Completed")
    expect(course.get_by_role("link", name="Refer Romanian course")).to_have_count(0)

    # And so does the caseload.
    _main_nav(caseworker).get_by_role("link", name="Integration plans").click()
    expect(caseworker.get_by_role("heading", level=1)).to_have_text("Caseload")
    row = caseworker.get_by_role("row", name=re.compile("Amina Haddad"))
    expect(row).to_contain_text("100% (1 of 1 measures)")


def test_the_public_directory_needs_no_sign_in_and_keeps_internal_notes_in(
    new_page: Any, amina: Person
) -> None:
    page = new_page()
    page.goto("/")
    page.get_by_role("link", name="Directory of services for migrants").click()  # the footer

    assert path_of(page) == "/partners/public/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Services directory")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)  # nobody signed in
    results = page.locator("#directory-results")
    expect(results.get_by_role("heading", level=2)).to_have_text(["Romanian for adults"])
    card = results.get_by_role("listitem").filter(has_text="Romanian for adults")
    expect(card).to_contain_text("Refugee NGO — Language")
    expect(card).to_contain_text("Evening classes in small groups, A1 to B1.")
    expect(card).to_contain_text("Chișinău, Str. Pușkin 1 — Mon-Fri 18-20")
    main = page.locator("main")
    for internal in ("Waiting list", "call Ion", "Peer mentoring", "Pilot", "a month"):
        expect(main).not_to_contain_text(internal)

    # A search by words and category narrows the list, still without signing in.
    search = page.get_by_role("search", name="Search the services")
    search.get_by_label("Words").fill("evening")
    search.get_by_label("Category").select_option(label="Language")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/partners/public/\?.*q=evening"))
    expect(results.get_by_role("heading", level=2)).to_have_text(["Romanian for adults"])
    search.get_by_label("Words").fill("mentoring")
    search.get_by_label("Category").select_option(label="All categories")
    search.get_by_role("button", name="Search").click()
    expect(results).to_contain_text("No service matches.")
    expect(main).not_to_contain_text("Peer mentoring")


def test_the_referral_form_and_the_partners_page_have_no_serious_violations(
    open_as: Any, personas: dict[str, User], referred: Referral, axe: AxeReport
) -> None:
    person = referred.person
    page = open_as(personas["caseworker"], bypass_csp=True)  # the CSP forbids injected axe

    page.goto(f"/partners/referrals/person/{person.public_id}/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer to a partner")
    axe.check(page, "referral form")
    page.get_by_role("button", name="Send the referral").click()  # no service, no data
    page.wait_for_load_state()
    expect(page.locator(".field.has-error")).not_to_have_count(0)
    expect(page.get_by_role("alert")).to_be_visible()
    axe.check(page, "referral form, with errors")

    page.goto(f"/partners/referrals/{referred.public_id}/")
    expect(page.get_by_role("region", name="Overview")).to_contain_text("Waiting for the partner")
    axe.check(page, "referral, the sender's page")

    page = open_as(personas["partner"], page=page)
    page.goto(f"/partners/referrals/{referred.public_id}/")
    expect(page.get_by_role("button", name="Accept", exact=True)).to_be_visible()
    axe.check(page, "referral, the partner's page, waiting")
    page.get_by_role("button", name="Accept", exact=True).click()
    page.wait_for_url(REFERRAL)
    actions = page.get_by_role("region", name="What to do")
    actions.get_by_role("button", name="Complete", exact=True).click()  # no outcome, no note
    page.wait_for_load_state()
    expect(actions.locator(".field.has-error")).to_have_count(2)
    axe.check(page, "referral, the partner's page, completing with errors")

    page.goto("/inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    axe.check(page, "the partner's inbox")
    page.goto("/partners/referrals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals received")
    axe.check(page, "referrals received")

    page.context.clear_cookies()
    page.goto("/partners/public/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Services directory")
    axe.check(page, "public directory")

    axe.assert_clean()
