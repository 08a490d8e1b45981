"""The plan pages, first part: the caseload, programmes and questionnaires (a
person's assessments and plans: test_pages_cases.py). Each page for a user who
may, and for one who may not; bad input explained beside its field, changing
nothing."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from integra.plans.models import (
    Incentive,
    Programme,
    Questionnaire,
)


def html_of(response) -> str:
    return response.content.decode()


def error_beside(html: str, field_id: str) -> str:
    """The error text shown under the field whose id is ``field_id``."""
    match = re.search(rf'<div id="{re.escape(field_id)}_error">(.*?)</div>', html, re.S)
    assert match, f"no error beside #{field_id}"
    return match.group(1)


# --- Caseload -------------------------------------------------------------------------------


def test_the_caseload_lists_the_caseworkers_plans_and_says_what_is_overdue(cw, plan):
    response = cw.get("/plans/")

    html = html_of(response)
    assert response.status_code == 200
    assert f'href="/plans/{plan.public_id}/"' in html
    assert "<bdi>Amina Haddad</bdi>" in html
    assert plan.person.public_id in html
    assert "Integration programme" in html
    # The mandatory course fell due 180 days after the start, which has passed.
    assert plan.next_due_on < timezone.localdate()
    assert "overdue" in html
    assert "0% (0 of 1 measures)" in html


def test_the_caseload_filters_and_says_when_nothing_matches(cw, plan):
    response = cw.get("/plans/", {"whose": "mine", "due": "review"})

    html = html_of(response)
    assert plan.public_id not in html
    assert "No plan matches" in html


def test_the_caseload_answers_htmx_with_the_results_only(cw, plan):
    response = cw.get("/plans/", {"due": "overdue"}, HTTP_HX_REQUEST="true")

    html = html_of(response)
    assert plan.public_id in html
    assert "<html" not in html


def test_a_bad_filter_is_explained_beside_its_field(cw, plan):
    response = cw.get("/plans/", {"q": "Amina"})

    assert response.status_code == 200
    assert "public id as it is shown" in error_beside(html_of(response), "id_q")


def test_the_caseload_of_another_centre_does_not_list_the_plan(client_for, caseworker_b, plan):
    response = client_for(caseworker_b).get("/plans/", {"whose": "all"})

    assert response.status_code == 200
    assert plan.public_id not in html_of(response)


def test_the_coordinator_sees_every_organisations_plans(coord, plan):
    html = html_of(coord.get("/plans/"))

    assert plan.public_id in html


def test_analysts_and_migrants_have_no_caseload(people, client_for):
    assert client_for(people["analyst"]).get("/plans/").status_code == 403
    assert client_for(people["migrant"]).get("/plans/").status_code == 403


def test_an_inspector_is_sent_to_the_programmes(people, client_for):
    response = client_for(people["inspector"]).get("/plans/")

    assert response.status_code == 302
    assert response["Location"] == "/plans/programmes/"


def test_the_navigation_links_the_plans_for_staff_only(cw, people, client_for):
    assert 'href="/plans/"' in html_of(cw.get("/"))
    assert 'href="/plans/"' not in html_of(client_for(people["analyst"]).get("/"))


# --- Programmes -----------------------------------------------------------------------------


def test_staff_read_the_programmes(people, client_for, programme):
    client = client_for(people["partner"])

    listing = html_of(client.get("/plans/programmes/"))
    detail = client.get(f"/plans/programmes/{programme.code}/")

    assert f'href="/plans/programmes/{programme.code}/"' in listing
    html = html_of(detail)
    assert detail.status_code == 200
    assert "International protection" in html
    assert "Stateless person" in html
    assert "12 to 24 months" in html
    assert "Romanian course" in html
    assert "<strong>Mandatory</strong>" in html
    assert "180 days of the start" in html
    assert "every 90 days" in html
    assert "New programme" not in listing
    assert "Add a measure" not in html


def test_analysts_do_not_read_programmes(people, client_for, programme):
    client = client_for(people["analyst"])

    assert client.get("/plans/programmes/").status_code == 403
    assert client.get(f"/plans/programmes/{programme.code}/").status_code == 404


def test_an_unknown_programme_is_not_found(cw):
    assert cw.get("/plans/programmes/nothing-here/").status_code == 404


PROGRAMME_FORM = {
    "code": "md-youth",
    "country": "md",
    "name": "Youth programme",
    "description": "",
    "participation": "voluntary",
    "eligible_statuses": ["international_protection"],
    "min_age": "16",
    "max_age": "25",
    "min_months": "6",
    "max_months": "12",
    "hours_per_week": "",
    "domains": ["education", "employment"],
    "review_every_days": "60",
    "is_active": "on",
}


def test_the_coordinator_creates_a_programme(coord, people):
    response = coord.post("/plans/programmes/new/", PROGRAMME_FORM)

    assert response.status_code == 302
    assert response["Location"] == "/plans/programmes/md-youth/"
    created = Programme.objects.get(code="md-youth")
    assert created.country == "MD"
    assert created.domains == ["employment", "education"]
    assert "has been created" in html_of(coord.get(response["Location"]))


def test_a_bad_programme_is_explained_beside_its_field_and_not_saved(coord):
    response = coord.post(
        "/plans/programmes/new/", {**PROGRAMME_FORM, "min_months": "12", "max_months": "6"}
    )

    assert response.status_code == 200
    assert "at least the minimum" in error_beside(html_of(response), "id_max_months")
    assert not Programme.objects.filter(code="md-youth").exists()


def test_a_caseworker_may_not_create_or_change_a_programme(cw, programme):
    assert cw.get("/plans/programmes/new/").status_code == 403
    assert cw.post("/plans/programmes/new/", PROGRAMME_FORM).status_code == 403
    refused = cw.post(
        f"/plans/programmes/{programme.code}/edit/", {**PROGRAMME_FORM, "name": "Mine now"}
    )
    assert refused.status_code == 403
    assert not Programme.objects.filter(code="md-youth").exists()
    programme.refresh_from_db()
    assert programme.name == "Integration programme"


def test_the_coordinator_changes_a_programme_but_not_its_code(coord, programme):
    page = html_of(coord.get(f"/plans/programmes/{programme.code}/edit/"))
    assert 'value="Integration programme"' in page

    response = coord.post(
        f"/plans/programmes/{programme.code}/edit/",
        {**PROGRAMME_FORM, "code": "renamed", "name": "Renamed programme"},
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Renamed programme"
    assert programme.code == "md-voluntary"


def test_the_coordinator_adds_and_removes_a_programme_measure(coord, programme):
    added = coord.post(
        f"/plans/programmes/{programme.code}/measures/new/",
        {
            "code": "flat",
            "title": "Find a flat",
            "domain": "housing",
            "kind": "housing_search",
            "due_within_days": "60",
        },
    )
    assert added.status_code == 302
    assert programme.measures.filter(code="flat", mandatory=False).exists()

    removed = coord.post(f"/plans/programmes/{programme.code}/measures/flat/remove/")

    assert removed.status_code == 302
    assert not programme.measures.filter(code="flat").exists()
    assert "has been removed" in html_of(coord.get(removed["Location"]))


def test_a_measure_outside_the_programmes_domains_is_refused(coord, programme):
    response = coord.post(
        f"/plans/programmes/{programme.code}/measures/new/",
        {
            "code": "art",
            "title": "Theatre",
            "domain": "culture",
            "kind": "community_activity",
            "due_within_days": "60",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in error_beside(html_of(response), "id_domain")
    assert not programme.measures.filter(code="art").exists()


def test_a_measure_that_plans_use_is_not_removed(coord, plan, programme):
    response = coord.post(f"/plans/programmes/{programme.code}/measures/language/remove/")

    assert "cannot be removed" in html_of(coord.get(response["Location"]))
    assert programme.measures.filter(code="language").exists()


def test_the_coordinator_adds_an_incentive(coord, programme):
    response = coord.post(
        f"/plans/programmes/{programme.code}/incentives/new/",
        {"name": "Allowance", "condition": "Attends the course", "on_completion_of": "language"},
    )

    assert response.status_code == 302
    incentive = Incentive.objects.get(programme=programme)
    assert incentive.on_completion_of == programme.measures.get(code="language")
    assert "Allowance" in html_of(coord.get(f"/plans/programmes/{programme.code}/"))


def test_caseworkers_may_not_add_measures_or_incentives(cw, programme):
    assert cw.get(f"/plans/programmes/{programme.code}/measures/new/").status_code == 403
    refused = cw.post(
        f"/plans/programmes/{programme.code}/incentives/new/",
        {"name": "Allowance", "condition": "Attends"},
    )
    assert refused.status_code == 403
    assert (
        cw.post(f"/plans/programmes/{programme.code}/measures/language/remove/").status_code == 403
    )
    assert not Incentive.objects.exists()
    assert programme.measures.filter(code="language").exists()


# --- Questionnaires -------------------------------------------------------------------------


def test_staff_read_a_questionnaire_as_questions_and_rules(cw, version):
    listing = html_of(cw.get("/plans/questionnaires/"))
    response = cw.get(f"/plans/questionnaires/{version.pk}/")

    html = html_of(response)
    assert f'href="/plans/questionnaires/{version.pk}/"' in listing
    assert response.status_code == 200
    assert "Level in Romanian" in html
    assert "the answer is one of: None, A1" in html
    assert "Romanian course" in html
    assert "the answer is no" in html
    assert "health: sensitive" in html
    assert "from 0 to 60" in html
    assert "Publish a new version" not in html


def test_analysts_do_not_read_questionnaires(people, client_for, version):
    client = client_for(people["analyst"])

    assert client.get("/plans/questionnaires/").status_code == 403
    assert client.get(f"/plans/questionnaires/{version.pk}/").status_code == 404


def test_the_publish_form_starts_from_the_latest_definition(coord, version):
    response = coord.get("/plans/questionnaires/new/")

    html = html_of(response)
    assert response.status_code == 200
    assert "local_level" in html
    assert 'value="initial"' in html


def test_the_coordinator_publishes_the_next_version(coord, version):
    source = html_of(coord.get(f"/plans/questionnaires/new/?from={version.pk}"))
    definition = re.search(r"<textarea[^>]*>(.*?)</textarea>", source, re.S)
    assert definition

    response = coord.post(
        "/plans/questionnaires/new/",
        {
            "code": "initial",
            "country": "MD",
            "title": "Initial assessment",
            "definition": definition.group(1).replace("&quot;", '"'),
        },
    )

    assert response.status_code == 302
    latest = Questionnaire.objects.get(code="initial", version=2)
    assert latest.definition == version.definition
    assert response["Location"] == f"/plans/questionnaires/{latest.pk}/"


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ('{"sections": [', "not valid JSON"),
        ('{"sections": []}', "at least one section"),
    ],
)
def test_a_bad_definition_is_explained_beside_it(coord, version, definition, message):
    response = coord.post(
        "/plans/questionnaires/new/",
        {"code": "initial", "country": "MD", "title": "Initial", "definition": definition},
    )

    assert response.status_code == 200
    assert message in error_beside(html_of(response), "id_definition")
    assert Questionnaire.objects.count() == 1


def test_a_caseworker_may_not_publish(cw, version):
    assert cw.get("/plans/questionnaires/new/").status_code == 403
    refused = cw.post(
        "/plans/questionnaires/new/",
        {"code": "initial", "country": "MD", "title": "T", "definition": '{"sections": []}'},
    )
    assert refused.status_code == 403
    assert Questionnaire.objects.count() == 1
