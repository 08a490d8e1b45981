"""The plans API: the whole flow, bad input as problem+json, and who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from integra.core.models import AuditEntry
from integra.plans.models import Plan
from tests.conftest import make_user

JSON = "application/json"


@pytest.fixture
def api(api_for, people):
    return api_for(people["caseworker"])


def _start(api, refugee, **extra):
    today = timezone.localdate()
    return api.post(
        f"/api/v1/persons/{refugee.public_id}/plans",
        {"programme": "md-voluntary", "starts_on": today.isoformat(), **extra},
        content_type=JSON,
    )


def test_assess_plan_agree_and_review_through_the_api(api, refugee, programme, version):
    answers = {"local_level": "none", "working": False, "screening_needed": True}
    response = api.post(
        f"/api/v1/persons/{refugee.public_id}/assessments",
        {"questionnaire": version.pk, "answers": answers},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assessment = response.json()
    assert assessment["sensitive_answers"] == {"screening_needed": True}
    assert [s["kind"] for s in assessment["suggested"]] == [
        "language_course",
        "job_search",
        "health_screening",
    ]

    response = _start(api, refugee, assessment=assessment["public_id"], suggested=["job_search"])
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["status"] == "draft"
    assert sorted(m["kind"] for m in plan["measures"]) == ["job_search", "language_course"]

    today = timezone.localdate()
    response = api.post(
        f"/api/v1/plans/{plan['public_id']}/measures",
        {
            "domain": "housing",
            "kind": "housing_search",
            "title": "Find a flat",
            "due_on": (today + timedelta(days=20)).isoformat(),
            "responsible": "ngo",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    flat = response.json()
    assert flat["responsible"] == "ngo"

    response = api.post(
        f"/api/v1/plans/{plan['public_id']}/agree",
        {"agreed_on": today.isoformat(), "how": "signed"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["next_review_on"] == (today + timedelta(days=90)).isoformat()

    response = api.patch(
        f"/api/v1/plans/{plan['public_id']}/measures/{flat['id']}",
        {"status": "done", "evidence": "Tenancy contract"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    response = api.post(
        f"/api/v1/plans/{plan['public_id']}/reviews",
        {"reviewed_on": today.isoformat(), "note": "Housed."},
        content_type=JSON,
    )
    assert response.status_code == 201
    assert response.json()["progress"] == 33

    response = api.get(f"/api/v1/plans/{plan['public_id']}")
    assert response.json()["progress"] == 33
    caseload = api.get("/api/v1/caseload").json()
    assert [row["public_id"] for row in caseload["results"]] == [plan["public_id"]]


def test_an_answer_outside_its_allowed_values_is_refused_by_name(api, refugee, version):
    response = api.post(
        f"/api/v1/persons/{refugee.public_id}/assessments",
        {"questionnaire": version.pk, "answers": {"local_level": "C9", "years": 99}},
        content_type=JSON,
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert {e["field"]: e["message"] for e in response.json()["errors"]} == {
        "answers.local_level": "Choose one of the options.",
        "answers.years": "The number is outside the allowed range.",
    }
    assert not refugee.assessments.exists()


def test_bad_input_is_a_clear_problem_and_changes_nothing(api, refugee, programme):
    plan = _start(api, refugee).json()
    before = Plan.objects.get().updated_at

    response = api.post(
        f"/api/v1/plans/{plan['public_id']}/measures",
        {"domain": "housing", "kind": "housing_search", "title": "Flat", "due_on": "2020-01-01"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "due_on", "message": "A measure cannot fall due before the plan starts."}
    ]
    response = api.post(
        f"/api/v1/plans/{plan['public_id']}/close", {"outcome": "vanished"}, content_type=JSON
    )
    assert response.status_code == 422
    assert Plan.objects.get().updated_at == before

    api.post(f"/api/v1/plans/{plan['public_id']}/close", {"outcome": "moved"}, content_type=JSON)
    response = api.post(
        f"/api/v1/plans/{plan['public_id']}/goals",
        {"domain": "housing", "text": "A flat"},
        content_type=JSON,
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "This plan is closed; it can no longer be changed."


def test_health_answers_are_hidden_from_coordinators(api, api_for, people, refugee, version):
    api.post(
        f"/api/v1/persons/{refugee.public_id}/assessments",
        {"questionnaire": version.pk, "answers": {"local_level": "B1", "screening_needed": True}},
        content_type=JSON,
    )

    found = api_for(people["coordinator"]).get(f"/api/v1/persons/{refugee.public_id}/assessments")

    assert found.status_code == 200
    assert found.json()[0]["answers"] == {"local_level": "B1"}
    assert found.json()[0]["sensitive_answers"] is None
    assert found.json()[0]["suggested"] == []  # the screening it called for says too much


@pytest.mark.parametrize("role", ["partner", "inspector", "analyst", "migrant"])
def test_roles_without_the_case_cannot_read_or_write_plans(
    api, api_for, people, refugee, programme, role
):
    plan = _start(api, refugee).json()
    other = api_for(people[role])

    assert other.get(f"/api/v1/plans/{plan['public_id']}").status_code == 404
    assert other.get(f"/api/v1/persons/{refugee.public_id}/plans").status_code == 404
    response = other.post(
        f"/api/v1/plans/{plan['public_id']}/goals",
        {"domain": "housing", "text": "A flat"},
        content_type=JSON,
    )
    assert response.status_code == 404


def test_a_caseworker_of_another_centre_is_refused(api, api_for, orgs, refugee, programme):
    plan = _start(api, refugee).json()
    other = api_for(make_user("cw_b", orgs["b"], "caseworker"))

    assert other.get(f"/api/v1/plans/{plan['public_id']}").status_code == 403
    response = _start(other, refugee)
    assert response.status_code == 403


def test_the_coordinator_reads_plans_but_does_not_write_them(
    api, api_for, people, refugee, programme
):
    plan = _start(api, refugee).json()
    coordinator = api_for(people["coordinator"])

    assert coordinator.get(f"/api/v1/plans/{plan['public_id']}").status_code == 200
    response = coordinator.post(
        f"/api/v1/plans/{plan['public_id']}/goals",
        {"domain": "housing", "text": "A flat"},
        content_type=JSON,
    )
    assert response.status_code == 403


def test_programmes_are_managed_by_the_coordinator_only(api, api_for, people, programme):
    body = {
        "code": "md-short",
        "country": "MD",
        "name": "Short programme",
        "participation": "voluntary",
        "min_months": 6,
        "max_months": 12,
        "review_every_days": 60,
        "domains": ["language"],
    }
    assert api.post("/api/v1/programmes", body, content_type=JSON).status_code == 403
    assert api.get("/api/v1/programmes").json()["results"][0]["code"] == "md-voluntary"

    coordinator = api_for(people["coordinator"])
    response = coordinator.post("/api/v1/programmes", body, content_type=JSON)
    assert response.status_code == 201
    response = coordinator.post(
        "/api/v1/programmes", {**body, "code": "md-bad", "min_months": 13}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "max_months"
    assert AuditEntry.objects.filter(action="programme.create", object_id="md-short").exists()
    assert api_for(people["analyst"]).get("/api/v1/programmes").status_code == 403


def test_a_new_questionnaire_version_keeps_the_old_answers_readable(
    api, api_for, people, refugee, version
):
    api.post(
        f"/api/v1/persons/{refugee.public_id}/assessments",
        {"questionnaire": version.pk, "answers": {"local_level": "A1"}},
        content_type=JSON,
    )
    coordinator = api_for(people["coordinator"])
    definition = {
        "sections": [
            {
                "code": "language",
                "title": {"en": "Language"},
                "questions": [
                    {
                        "code": "local_level",
                        "type": "choice",
                        "label": {"en": "Romanian now"},
                        "options": [
                            {"value": "low", "label": {"en": "Low"}},
                            {"value": "high", "label": {"en": "High"}},
                        ],
                    }
                ],
            }
        ]
    }
    response = coordinator.post(
        "/api/v1/questionnaires",
        {"code": "initial", "country": "MD", "title": "Initial v2", "definition": definition},
        content_type=JSON,
    )
    assert response.status_code == 201
    assert response.json()["version"] == 2
    bad = coordinator.post(
        "/api/v1/questionnaires",
        {"code": "initial", "country": "MD", "title": "Broken", "definition": {"sections": []}},
        content_type=JSON,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "definition"

    old = api.get(f"/api/v1/persons/{refugee.public_id}/assessments").json()[0]
    assert (old["questionnaire_version"], old["answers"]) == (1, {"local_level": "A1"})
