"""Integration plans in a real browser: a caseworker assesses a refugee, starts a plan
from the suggested measures, adds one, records the agreement and marks a measure done;
a measure due before the plan starts is refused beside its field; and axe-core on the
assessment form and the plan page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from integra.core import access
from integra.core.models import User
from integra.people import services as people_services
from integra.people.models import Person
from integra.plans.models import Measure, Plan, Programme, Questionnaire
from integra.plans.services import assessments, plans, programmes
from tests.e2e.conftest import AxeReport, path_of, sign_in
from tests.plans.conftest import DEFINITION

pytestmark = pytest.mark.e2e

PLAN = re.compile(r"/plans/L-[0-9A-Z]{4}-[0-9A-Z]{4}/(#measures|#overview)?$")
ASSESSMENT = re.compile(r"/plans/assessments/A-[0-9A-Z]{4}-[0-9A-Z]{4}/$")
MEASURES = "Measures of the plan, soonest due first"  # the table's (hidden) caption


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


def _questionnaire(coordinator: User) -> None:
    assessments.questionnaire_publish(
        actor=access.actor_for(coordinator),
        code="initial",
        country="MD",
        title="Initial assessment",
        definition=DEFINITION,
    )


def _refugee(caseworker: User) -> Person:
    """Amina, registered by the caseworker of centre A, with international protection."""
    actor = access.actor_for(caseworker)
    person = people_services.person_register(
        actor=actor,
        data=people_services.PersonData(
            given_name="Amina",
            family_name="Haddad",
            birth_date=date(1990, 5, 1),
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


@pytest.fixture
def amina(personas: dict[str, User]) -> Person:
    """The programme and the questionnaire of Moldova, and a refugee to assess."""
    _programme(personas["coordinator"])
    _questionnaire(personas["coordinator"])
    return _refugee(personas["caseworker"])


@pytest.fixture
def drafted(personas: dict[str, User], amina: Person) -> Plan:
    """Amina assessed and her plan drafted, through the services: the mandatory course."""
    actor = access.actor_for(personas["caseworker"])
    assessment = assessments.assessment_record(
        actor=actor,
        person=amina,
        questionnaire_id=Questionnaire.objects.get(code="initial").pk,
        answers={"local_level": "none", "working": False},
    )
    return plans.plan_create(
        actor=actor,
        person=amina,
        programme=Programme.objects.get(code="md-voluntary"),
        starts_on=timezone.localdate(),
        assessment=assessment,
    )


def _answer_the_questionnaire(page: Any) -> None:
    page.get_by_role("group", name="Level in Romanian").get_by_label("None").check()
    page.get_by_role("group", name="Working now?").get_by_label("No", exact=True).check()
    # A caseworker may record health answers: the sensitive section is asked too.
    health = page.get_by_role("group", name="Needs a health screening?")
    expect(health).to_be_visible()
    health.get_by_label("No", exact=True).check()


def test_a_caseworker_assesses_plans_agrees_and_records_progress(
    new_page: Any, personas: dict[str, User], amina: Person
) -> None:
    today = timezone.localdate()
    page = new_page()
    sign_in(page, personas["caseworker"])

    page.goto(f"/people/{amina.public_id}/")
    page.get_by_role("link", name="Open the assessments and integration plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessments and integration plans")
    expect(page.get_by_text("Not assessed yet.")).to_be_visible()

    # The assessment: no Romanian, not working, no health screening needed.
    page.get_by_role("link", name="Assess", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment")
    _answer_the_questionnaire(page)
    page.get_by_role("button", name="Record the assessment").click()

    page.wait_for_url(ASSESSMENT)
    expect(page.get_by_role("status")).to_contain_text("The assessment has been recorded.")
    suggested = page.get_by_role("table", name="Measures the answers suggest")
    expect(suggested.get_by_role("row")).to_have_count(3)  # the header and two suggestions
    expect(suggested.get_by_role("row", name=re.compile("^Romanian course"))).to_contain_text(
        "Level in Romanian"
    )
    expect(suggested.get_by_role("row", name=re.compile("^Job search"))).to_contain_text(
        "Working now?"
    )
    expect(suggested).not_to_contain_text("Health screening")

    # The plan: in the programme, with the job search the assessment suggested.
    page.get_by_role("link", name="Back to the assessments and plans").click()
    page.get_by_role("link", name="Start a plan").click()
    expect(page.get_by_text(re.compile(r"^Based on the assessment A-"))).to_be_visible()
    page.get_by_label("Programme").select_option(label="Integration programme")
    expect(page.get_by_label("Starts on")).to_have_value(today.isoformat())
    choices = page.get_by_role("group", name="Measures the assessment suggested")
    choices.get_by_label("Romanian course (Language course)").uncheck()  # mandatory anyway
    choices.get_by_label("Job search (Job search and placement)").check()
    page.get_by_role("button", name="Start the plan").click()

    page.wait_for_url(PLAN)
    expect(page.get_by_role("status")).to_contain_text("The plan has been drafted.")
    measures = page.get_by_role("table", name=MEASURES)
    expect(measures.get_by_role("row")).to_have_count(3)
    course = measures.get_by_role("row", name=re.compile("^Romanian course"))
    expect(course).to_contain_text("mandatory")
    expect(course).to_contain_text("Language course")
    expect(measures.get_by_role("row", name=re.compile("^Job search"))).to_contain_text(
        "Job search and placement"
    )
    overview = page.get_by_role("region", name="Overview")
    expect(overview).to_contain_text("Not agreed yet")
    expect(overview).to_contain_text("0% (0 of 2 measures)")

    # A housing measure with a due date.
    due = today + timedelta(days=30)
    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Domain").select_option(label="Housing")
    page.get_by_label("Kind").select_option(label="Finding housing")
    page.get_by_label("Title").fill("Find a flat in Chișinău")
    page.get_by_label("Due on").fill(due.isoformat())
    page.get_by_role("button", name="Add", exact=True).click()

    page.wait_for_url(PLAN)
    expect(page.get_by_role("status")).to_contain_text("The measure has been added.")
    expect(measures.get_by_role("row")).to_have_count(4)
    housing = measures.get_by_role("row", name=re.compile("^Find a flat in Chișinău"))
    expect(housing).to_contain_text("Housing")
    expect(housing).to_contain_text("Planned")

    # The agreement, signed on paper.
    page.get_by_role("link", name="Record the agreement").click()
    expect(page.get_by_label("Agreed on")).to_have_value(today.isoformat())
    page.get_by_role("group", name="How the person agreed").get_by_label("Signed on paper").check()
    page.get_by_role("button", name="Record", exact=True).click()

    page.wait_for_url(PLAN)
    expect(page.get_by_role("status")).to_contain_text("The plan is agreed.")
    expect(overview).to_contain_text(re.compile(r"Agreed on \S+ \(Signed on paper\)"))
    expect(overview.get_by_role("link", name="Record a review")).to_be_visible()

    # The flat is found: done, with evidence.
    housing.get_by_role("link", name="Update Find a flat in Chișinău").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update a measure")
    page.get_by_label("Status", exact=True).select_option(label="Done")
    page.get_by_label("Evidence").fill("Tenancy agreement of 1 December, copy on file.")
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(PLAN)
    expect(page.get_by_role("status")).to_contain_text("The measure has been updated.")
    expect(housing).to_contain_text("Done")
    expect(housing).to_contain_text("Tenancy agreement of 1 December, copy on file.")
    expect(overview).to_contain_text("33% (1 of 3 measures)")
    expect(overview.locator("progress")).to_have_attribute("value", "33")


def test_a_measure_due_before_the_plan_starts_is_refused_beside_its_field(
    open_as: Any, personas: dict[str, User], drafted: Plan
) -> None:
    page = open_as(personas["caseworker"])
    page.goto(f"/plans/{drafted.public_id}/")
    expect(page.get_by_role("table", name=MEASURES).get_by_role("row")).to_have_count(2)

    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Domain").select_option(label="Housing")
    page.get_by_label("Kind").select_option(label="Finding housing")
    page.get_by_label("Title").fill("Find a flat")
    due_on = page.get_by_label("Due on")
    due_on.fill((drafted.starts_on - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_load_state()

    message = "A measure cannot fall due before the plan starts."
    assert path_of(page) == f"/plans/{drafted.public_id}/measures/new/"
    expect(page.get_by_role("alert")).to_contain_text(f"Due on: {message}")
    expect(due_on).to_have_accessible_description(message)
    expect(page.locator(".field.has-error")).to_have_count(1)
    expect(page.get_by_label("Title")).to_have_value("Find a flat")  # nothing to retype
    assert Measure.objects.filter(plan=drafted).count() == 1

    page.get_by_role("link", name="Back to the plan").click()
    measures = page.get_by_role("table", name=MEASURES)
    expect(measures.get_by_role("row")).to_have_count(2)  # the header and the course only
    expect(measures).not_to_contain_text("Find a flat")


def test_the_assessment_form_and_the_plan_page_have_no_serious_violations(
    open_as: Any, personas: dict[str, User], drafted: Plan, axe: AxeReport
) -> None:
    page = open_as(personas["caseworker"], bypass_csp=True)  # the CSP forbids injected axe

    page.goto(f"/plans/person/{drafted.person.public_id}/assess/")
    expect(page.get_by_role("group", name="Level in Romanian")).to_be_visible()
    axe.check(page, "assessment form")
    page.get_by_role("button", name="Record the assessment").click()  # the level is required
    page.wait_for_load_state()
    expect(page.locator(".field.has-error")).to_have_count(1)
    axe.check(page, "assessment form, with an error")

    page.goto(f"/plans/{drafted.public_id}/")
    expect(page.get_by_role("table", name=MEASURES).get_by_role("row")).to_have_count(2)
    axe.check(page, "plan page, a draft")

    axe.assert_clean()
