"""The plan pages, second part: a person's assessments and plans, assessing, and
following a plan from its start to its close (test_pages.py has the caseload,
programmes and questionnaires)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from integra.core.models import AuditEntry, Membership
from integra.core.roles import Role
from integra.people import services as people_services
from integra.plans.models import (
    Assessment,
    Goal,
    Incentive,
    Measure,
    MeasureStatus,
    Plan,
    PlanStatus,
    Review,
)
from integra.plans.services import alerts, assessments, plans
from tests.conftest import make_user
from tests.plans.conftest import NOW, TODAY, start_plan

ANSWERS = {
    "answers-local_level": "none",
    "answers-years": "3",
    "answers-working": "no",
    "answers-screening_needed": "yes",
}


def html_of(response) -> str:
    return response.content.decode()


def error_beside(html: str, field_id: str) -> str:
    """The error text shown under the field whose id is ``field_id``."""
    match = re.search(rf'<div id="{re.escape(field_id)}_error">(.*?)</div>', html, re.S)
    assert match, f"no error beside #{field_id}"
    return match.group(1)


def _assessment(caseworker, person, version) -> Assessment:
    return assessments.assessment_record(
        actor=caseworker,
        person=person,
        questionnaire_id=version.pk,
        answers={"local_level": "none", "working": False, "screening_needed": True},
        now=NOW,
    )


# --- A person's assessments and plans -------------------------------------------------------


def test_the_persons_page_lists_plans_assessments_and_alerts(
    cw, caseworker, refugee, programme, version
):
    assessment = _assessment(caseworker, refugee, version)
    plan = start_plan(caseworker, refugee, programme, assessment=assessment)
    alerts.plan_alerts_sync(today=timezone.localdate())

    response = cw.get(f"/plans/person/{refugee.public_id}/")

    html = html_of(response)
    assert response.status_code == 200
    assert f'href="/plans/{plan.public_id}/"' in html
    assert f'href="/plans/assessments/{assessment.public_id}/"' in html
    assert "Initial assessment, version 1" in html
    assert "Romanian course for Amina Haddad was due on" in html
    assert f'href="/plans/person/{refugee.public_id}/assess/"' in html
    # One open plan at a time.
    assert f'href="/plans/person/{refugee.public_id}/start/"' not in html


def test_the_person_page_offers_to_assess_and_start_to_writers_only(cw, coord, refugee):
    mine = html_of(cw.get(f"/plans/person/{refugee.public_id}/"))
    theirs = coord.get(f"/plans/person/{refugee.public_id}/")

    assert f"/plans/person/{refugee.public_id}/start/" in mine
    assert theirs.status_code == 200
    assert "/assess/" not in html_of(theirs)


def test_the_person_page_is_refused_outside_the_case(people, client_for, caseworker_b, refugee):
    url = f"/plans/person/{refugee.public_id}/"

    assert client_for(caseworker_b).get(url).status_code == 403
    assert client_for(people["inspector"]).get(url).status_code == 404
    assert client_for(people["analyst"]).get(url).status_code == 404


def test_an_unknown_person_is_not_found(cw):
    assert cw.get("/plans/person/P-0000-0000/").status_code == 404


def test_the_registry_record_links_to_the_plans(cw, refugee):
    html = html_of(cw.get(f"/people/{refugee.public_id}/"))

    assert f'href="/plans/person/{refugee.public_id}/"' in html


# --- Assessing ------------------------------------------------------------------------------


def test_the_assessment_form_is_built_from_the_questionnaire(cw, refugee, version):
    response = cw.get(f"/plans/person/{refugee.public_id}/assess/")

    html = html_of(response)
    assert response.status_code == 200
    assert "<legend>Level in Romanian" in html
    assert 'type="radio" name="answers-local_level" value="A1"' in html
    assert 'type="number" name="answers-years"' in html
    assert 'min="0"' in html
    assert 'max="60"' in html
    assert 'name="answers-working" value="yes"' in html
    assert "Needs a health screening?" in html


def test_a_caseworker_records_an_assessment_and_sees_its_suggestions(cw, refugee, version):
    response = cw.post(
        f"/plans/person/{refugee.public_id}/assess/",
        {"questionnaire_version": str(version.pk), **ANSWERS},
    )

    assert response.status_code == 302
    assessment = Assessment.objects.get(person=refugee)
    assert assessment.answers == {"local_level": "none", "years": 3, "working": False}
    assert assessment.sensitive_answers == {"screening_needed": True}
    assert response["Location"] == f"/plans/assessments/{assessment.public_id}/"
    html = html_of(cw.get(response["Location"]))
    assert "has been recorded" in html
    assert "Romanian course" in html
    assert "Job search and placement" in html
    assert "Health screening" in html
    assert "Initial assessment, version 1" in html


def test_a_missing_answer_is_explained_beside_its_question(cw, refugee, version):
    response = cw.post(
        f"/plans/person/{refugee.public_id}/assess/",
        {**ANSWERS, "questionnaire_version": str(version.pk), "answers-local_level": ""},
    )

    assert response.status_code == 200
    assert "required" in error_beside(html_of(response), "id_answers-local_level")
    assert not Assessment.objects.exists()


def test_a_number_out_of_range_is_explained_beside_its_question(cw, refugee, version):
    response = cw.post(
        f"/plans/person/{refugee.public_id}/assess/",
        {**ANSWERS, "questionnaire_version": str(version.pk), "answers-years": "99"},
    )

    assert response.status_code == 200
    assert "60" in error_beside(html_of(response), "id_answers-years")
    assert not Assessment.objects.exists()


def test_answers_to_an_older_version_are_shown_again(cw, coordinator, refugee, version):
    newer = assessments.questionnaire_publish(
        actor=coordinator,
        code="initial",
        country="MD",
        title="Initial assessment",
        definition=version.definition,
    )

    response = cw.post(
        f"/plans/person/{refugee.public_id}/assess/",
        {"questionnaire_version": str(version.pk), **ANSWERS},
    )

    assert response.status_code == 200
    assert "new version of the questionnaire" in html_of(response)
    assert f'value="{newer.pk}"' in html_of(response)
    assert not Assessment.objects.exists()


def test_health_questions_are_not_asked_by_who_may_not_see_health(
    orgs, client_for, refugee, version
):
    # A caseworker of centre A who also decides status at the coordinating authority.
    both = make_user("both", orgs["a"], Role.CASEWORKER)
    Membership.objects.create(user=both, organisation=orgs["root"], role=Role.COORDINATOR)
    client = client_for(both)

    page = html_of(client.get(f"/plans/person/{refugee.public_id}/assess/"))
    response = client.post(
        f"/plans/person/{refugee.public_id}/assess/",
        {"questionnaire_version": str(version.pk), **ANSWERS},
    )

    assert "Needs a health screening?" not in page
    assert "which your role may not record" in page
    assert response.status_code == 302
    assessment = Assessment.objects.get(person=refugee)
    assert assessment.sensitive_answers == {}


def test_assessing_is_for_the_caseworkers_of_the_case(coord, client_for, caseworker_b, refugee):
    assert coord.get(f"/plans/person/{refugee.public_id}/assess/").status_code == 403
    refused = client_for(caseworker_b).post(f"/plans/person/{refugee.public_id}/assess/", ANSWERS)
    assert refused.status_code == 403
    assert not Assessment.objects.exists()


def test_without_a_questionnaire_the_page_says_so(cw, refugee):
    response = cw.get(f"/plans/person/{refugee.public_id}/assess/")

    assert response.status_code == 200
    assert "No assessment questionnaire has been published" in html_of(response)


# --- Reading an assessment ------------------------------------------------------------------


def test_an_assessment_reads_as_its_questions(cw, caseworker, refugee, version):
    assessment = _assessment(caseworker, refugee, version)

    html = html_of(cw.get(f"/plans/assessments/{assessment.public_id}/"))

    assert "<dt>Level in Romanian</dt><dd>None</dd>" in html
    assert "<dt>Working now?</dt><dd>No</dd>" in html
    assert "<dt>Needs a health screening?</dt><dd>Yes</dd>" in html


def test_the_health_section_is_hidden_from_the_coordinator(coord, caseworker, refugee, version):
    assessment = _assessment(caseworker, refugee, version)

    response = coord.get(f"/plans/assessments/{assessment.public_id}/")

    html = html_of(response)
    assert response.status_code == 200
    assert "which your role may not see" in html
    assert "Needs a health screening?" not in html
    # Nor does the measure that the health answer called for give it away.
    assert "Health screening" not in html
    assert "Romanian course" in html


def test_an_assessment_is_refused_outside_the_case(
    people, client_for, caseworker, caseworker_b, refugee, version
):
    assessment = _assessment(caseworker, refugee, version)
    url = f"/plans/assessments/{assessment.public_id}/"

    assert client_for(caseworker_b).get(url).status_code == 403
    assert client_for(people["inspector"]).get(url).status_code == 404
    assert (
        client_for(people["caseworker"]).get("/plans/assessments/A-0000-0000/").status_code == 404
    )


# --- Starting a plan ------------------------------------------------------------------------


def test_a_caseworker_starts_a_plan_with_chosen_suggestions(
    cw, caseworker, refugee, programme, version
):
    _assessment(caseworker, refugee, version)
    page = html_of(cw.get(f"/plans/person/{refugee.public_id}/start/"))
    assert 'value="job_search"' in page

    response = cw.post(
        f"/plans/person/{refugee.public_id}/start/",
        {"programme": programme.code, "starts_on": "2026-04-01", "suggested": ["job_search"]},
    )

    assert response.status_code == 302
    plan = Plan.objects.get(person=refugee)
    assert response["Location"] == f"/plans/{plan.public_id}/"
    assert plan.ends_on.isoformat() == "2027-04-01"
    assert sorted(plan.measures.values_list("kind", flat=True)) == [
        "job_search",
        "language_course",
    ]


def test_an_ineligible_person_is_refused_beside_the_programme(cw, caseworker, programme):
    person = people_services.person_register(
        actor=caseworker, data=people_services.PersonData(given_name="Ion"), now=NOW
    )

    response = cw.post(
        f"/plans/person/{person.public_id}/start/",
        {"programme": programme.code, "starts_on": "2026-04-01"},
    )

    assert response.status_code == 200
    assert "legal status does not give access" in error_beside(html_of(response), "id_programme")
    assert not Plan.objects.exists()


def test_a_plan_too_long_is_refused_beside_its_end(cw, refugee, programme):
    response = cw.post(
        f"/plans/person/{refugee.public_id}/start/",
        {"programme": programme.code, "starts_on": "2026-04-01", "ends_on": "2030-01-01"},
    )

    assert "12 to 24 months" in error_beside(html_of(response), "id_ends_on")
    assert not Plan.objects.exists()


def test_starting_a_plan_is_for_the_caseworkers_of_the_case(coord, refugee, programme):
    refused = coord.post(
        f"/plans/person/{refugee.public_id}/start/",
        {"programme": programme.code, "starts_on": "2026-04-01"},
    )

    assert refused.status_code == 403
    assert not Plan.objects.exists()


# --- Following a plan -----------------------------------------------------------------------


def test_the_plan_page_shows_the_plan_and_its_forms_to_its_caseworker(cw, plan, programme):
    Incentive.objects.create(
        programme=programme,
        name="Allowance",
        condition="Completes the course",
        on_completion_of=programme.measures.get(code="language"),
    )

    response = cw.get(f"/plans/{plan.public_id}/")

    html = html_of(response)
    assert response.status_code == 200
    assert "Draft" in html
    assert "Romanian course" in html
    assert "Integration Centre A" in html
    assert "Allowance" in html
    assert "Not yet" in html
    assert "overdue" in html
    for action in ("goals/new/", "measures/new/", "agree/", "close/"):
        assert f'href="/plans/{plan.public_id}/{action}"' in html


def test_the_coordinator_reads_a_plan_but_may_not_change_it(coord, plan):
    html = html_of(coord.get(f"/plans/{plan.public_id}/"))
    refused = coord.post(
        f"/plans/{plan.public_id}/goals/new/", {"domain": "housing", "text": "A flat"}
    )

    assert "Romanian course" in html
    assert "/goals/new/" not in html
    assert refused.status_code == 403
    assert not Goal.objects.exists()


def test_a_plan_is_refused_outside_the_case(people, client_for, caseworker_b, plan):
    url = f"/plans/{plan.public_id}/"

    assert client_for(caseworker_b).get(url).status_code == 403
    assert client_for(people["inspector"]).get(url).status_code == 404
    assert client_for(people["analyst"]).get(url).status_code == 404
    assert client_for(people["caseworker"]).get("/plans/L-0000-0000/").status_code == 404


def test_a_goal_is_added_and_shown_by_domain(cw, plan):
    response = cw.post(
        f"/plans/{plan.public_id}/goals/new/", {"domain": "housing", "text": "A flat of her own"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.public_id}/#goals"
    html = html_of(cw.get(f"/plans/{plan.public_id}/"))
    assert "<h3>Housing</h3><ul><li>A flat of her own</li></ul>" in html
    assert "The goal has been added." in html


def test_a_goal_outside_the_programme_is_refused(cw, plan):
    response = cw.post(f"/plans/{plan.public_id}/goals/new/", {"domain": "culture", "text": "Art"})

    assert "Select a valid choice" in error_beside(html_of(response), "id_domain")
    assert not Goal.objects.exists()


def test_a_measure_is_added_for_someone_responsible(cw, plan, orgs):
    goal = Goal.objects.create(plan=plan, domain="housing", text="A flat", created_at=NOW)
    page = html_of(cw.get(f"/plans/{plan.public_id}/measures/new/"))
    assert 'value="ngo"' in page

    response = cw.post(
        f"/plans/{plan.public_id}/measures/new/",
        {
            "domain": "housing",
            "kind": "housing_search",
            "title": "Find a flat",
            "due_on": (TODAY + timedelta(days=30)).isoformat(),
            "responsible": "ngo",
            "beneficiary": plan.person.public_id,
            "goal_id": str(goal.pk),
        },
    )

    assert response.status_code == 302
    measure = plan.measures.get(kind="housing_search")
    assert measure.responsible == orgs["ngo"]
    assert measure.goal == goal
    assert measure.beneficiary is None


def test_a_measure_due_before_the_plan_is_refused_beside_its_date(cw, plan):
    response = cw.post(
        f"/plans/{plan.public_id}/measures/new/",
        {
            "domain": "housing",
            "kind": "housing_search",
            "title": "Find a flat",
            "due_on": (TODAY - timedelta(days=1)).isoformat(),
            "beneficiary": plan.person.public_id,
        },
    )

    assert response.status_code == 200
    assert "before the plan starts" in error_beside(html_of(response), "id_due_on")
    assert plan.measures.count() == 1


def test_a_measure_is_done_only_with_evidence(cw, plan):
    measure = plan.measures.get()
    url = f"/plans/{plan.public_id}/measures/{measure.pk}/"

    refused = cw.post(url, {"status": "done", "evidence": ""})
    done = cw.post(url, {"status": "done", "evidence": "Certificate A2"})

    assert "how you know" in error_beside(html_of(refused), "id_evidence")
    assert done.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DONE
    assert measure.done_on == timezone.localdate()
    assert "Certificate A2" in html_of(cw.get(f"/plans/{plan.public_id}/"))


def test_an_unknown_measure_is_not_found(cw, plan):
    assert cw.get(f"/plans/{plan.public_id}/measures/999999/").status_code == 404


def test_a_plan_is_agreed_reviewed_and_closed(cw, plan):
    today = timezone.localdate()

    future = cw.post(
        f"/plans/{plan.public_id}/agree/",
        {"agreed_on": (today + timedelta(days=3)).isoformat(), "how": "signed"},
    )
    assert "in the future" in error_beside(html_of(future), "id_agreed_on")

    agreed = cw.post(
        f"/plans/{plan.public_id}/agree/", {"agreed_on": today.isoformat(), "how": "signed"}
    )
    assert agreed.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED

    empty = cw.post(
        f"/plans/{plan.public_id}/reviews/new/", {"reviewed_on": today.isoformat(), "note": ""}
    )
    assert "required" in error_beside(html_of(empty), "id_note")
    reviewed = cw.post(
        f"/plans/{plan.public_id}/reviews/new/",
        {"reviewed_on": today.isoformat(), "note": "Attends the course"},
    )
    assert reviewed.status_code == 302
    assert Review.objects.filter(plan=plan, note="Attends the course").exists()

    closed = cw.post(f"/plans/{plan.public_id}/close/", {"outcome": "moved", "note": "To Iași"})
    assert closed.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    html = html_of(cw.get(f"/plans/{plan.public_id}/"))
    assert "Moved away" in html
    assert "/goals/new/" not in html
    assert "/close/" not in html


def test_a_plan_without_its_mandatory_measure_is_not_agreed(cw, plan):
    Measure.objects.filter(plan=plan).update(status=MeasureStatus.CANCELLED)

    response = cw.post(
        f"/plans/{plan.public_id}/agree/",
        {"agreed_on": timezone.localdate().isoformat(), "how": "signed"},
    )

    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary".*?</div>', html_of(response), re.S)
    assert summary
    assert "The programme requires: Romanian course." in summary.group(0)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_closed_plan_takes_no_more_changes(cw, caseworker, plan):
    plans.plan_close(actor=caseworker, plan=plan, outcome="withdrew")

    response = cw.post(f"/plans/{plan.public_id}/goals/new/", {"domain": "housing", "text": "X"})

    assert response.status_code == 302
    assert "closed" in html_of(cw.get(response["Location"]))
    assert not Goal.objects.exists()


def test_another_centre_may_not_change_the_plan(client_for, caseworker_b, plan):
    client = client_for(caseworker_b)

    assert client.post(f"/plans/{plan.public_id}/close/", {"outcome": "moved"}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_reading_a_plan_is_audited(cw, plan):
    cw.get(f"/plans/{plan.public_id}/")

    assert AuditEntry.objects.filter(action="plan.read", object_id=plan.person.public_id).exists()
