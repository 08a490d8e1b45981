# ruff: noqa: F811  (fixtures imported from other test modules are used as arguments)
"""The labour inspection API: the same use cases as the pages, problem+json errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from integra.protection.models import ComplaintEvent
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    complaint,
    inspector,
    legal_aid,
    lodge,
    lodged,
    media,
    routing,
)
from tests.protection.test_inspections import (  # noqa: F401  (fixtures)
    other_inspector,
    other_inspectorate,
    planned,
    workplace,
)

pytestmark = pytest.mark.django_db


def _day(days: int = 0) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def test_workplaces_are_registered_listed_and_changed(people, api_for):
    client = api_for(people["inspector"])

    made = client.post(
        "/api/v1/workplaces",
        {"employer": "Vinăria Purcari", "sector": "a", "region": "Ștefan Vodă"},
        content_type="application/json",
    )
    public_id = made.json()["public_id"]
    listed = client.get("/api/v1/workplaces?q=vinaria")
    changed = client.patch(
        f"/api/v1/workplaces/{public_id}", {"workers": 120}, content_type="application/json"
    )

    assert made.status_code == 201
    assert made.json()["sector"] == "A"
    assert [w["public_id"] for w in listed.json()["results"]] == [public_id]
    assert changed.json()["workers"] == 120


def test_a_bad_workplace_is_a_problem_with_fields(people, api_for):
    response = api_for(people["inspector"]).post(
        "/api/v1/workplaces", {"employer": " "}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "employer" in response.content.decode()


def test_the_risk_list_ranks_and_explains(people, api_for, workplace):
    response = api_for(people["inspector"]).get("/api/v1/inspections/risk?sector=F")

    body = response.json()
    assert body["total"] == 1
    assert body["rows"][0]["public_id"] == workplace.public_id
    assert body["rows"][0]["reasons"]


def test_the_risk_list_is_refused_to_a_coordinator(people, api_for):
    response = api_for(people["coordinator"]).get("/api/v1/inspections/risk")

    assert response.status_code == 403


def test_the_whole_flow_through_the_api(people, api_for, workplace, complaint):
    client = api_for(people["inspector"])
    linked = client.put(
        f"/api/v1/workplaces/{workplace.public_id}/complaints/{complaint.public_id}"
    )
    assert linked.json()["complaints"] == [
        {
            "public_id": complaint.public_id,
            "categories": ["documents", "wages"],
            "status": "received",
        }
    ]
    plan = client.post(
        f"/api/v1/workplaces/{workplace.public_id}/inspections",
        {"reason": "complaint", "planned_for": _day(30), "complaints": [complaint.public_id]},
        content_type="application/json",
    )
    assert plan.status_code == 201, plan.content
    inspection = plan.json()["public_id"]
    visit = client.post(
        f"/api/v1/inspections/{inspection}/visit",
        {"visited_on": _day(30), "findings": "Wages unpaid.", "workers_interviewed": 5},
        content_type="application/json",
    )
    assert visit.json()["status"] == "done"
    assert ComplaintEvent.objects.filter(
        complaint=complaint, kind="inspection_visit", public=True
    ).exists()
    found = client.post(
        f"/api/v1/inspections/{inspection}/violations",
        {"kind": "wages", "description": "Two months unpaid.", "remedy_by": _day(10)},
        content_type="application/json",
    )
    assert found.status_code == 201
    violation = found.json()["id"]
    assert found.json()["open"] is True
    fine = client.post(
        f"/api/v1/inspections/{inspection}/violations/{violation}/sanctions",
        {"kind": "fine", "imposed_on": _day(29), "amount": "20000", "currency": "MDL"},
        content_type="application/json",
    )
    assert fine.status_code == 201
    paid = client.post(
        f"/api/v1/inspections/{inspection}/sanctions/{fine.json()['id']}/paid",
        {"paid_on": _day(1)},
        content_type="application/json",
    )
    assert paid.json()["paid_on"] == _day(1)
    due = client.get("/api/v1/inspections?due_follow_ups=true")
    assert [i["public_id"] for i in due.json()["results"]] == [inspection]
    follow = client.post(
        f"/api/v1/inspections/{inspection}/follow-ups",
        {"planned_for": _day(2)},
        content_type="application/json",
    )
    follow_up = follow.json()["public_id"]
    assert follow.json()["follow_up_of"] == inspection
    client.post(
        f"/api/v1/inspections/{follow_up}/visit",
        {"visited_on": _day(2), "findings": "Paid."},
        content_type="application/json",
    )
    remedied = client.post(
        f"/api/v1/inspections/{follow_up}/violations/{violation}/remedied",
        {"remedied_on": _day(3)},
        content_type="application/json",
    )
    assert remedied.json()["remedied_on"] == _day(3)
    detail = client.get(f"/api/v1/inspections/{inspection}").json()
    assert detail["follow_ups"] == [follow_up]
    assert detail["violations"][0]["sanctions"][0]["kind"] == "fine"


def test_a_fine_without_amount_is_a_problem(people, api_for, planned):
    client = api_for(people["inspector"])
    client.post(
        f"/api/v1/inspections/{planned.public_id}/visit",
        {"visited_on": _day(), "findings": "x"},
        content_type="application/json",
    )
    violation = client.post(
        f"/api/v1/inspections/{planned.public_id}/violations",
        {"kind": "safety", "description": "No helmets."},
        content_type="application/json",
    ).json()["id"]

    response = client.post(
        f"/api/v1/inspections/{planned.public_id}/violations/{violation}/sanctions",
        {"kind": "fine", "imposed_on": _day()},
        content_type="application/json",
    )

    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"amount", "currency"}


def test_another_inspectorates_inspection_is_not_found(planned, other_inspector, api_for):
    response = api_for(other_inspector).get(f"/api/v1/inspections/{planned.public_id}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_visit_on_a_cancelled_inspection_is_a_conflict(people, api_for, planned):
    client = api_for(people["inspector"])
    client.post(
        f"/api/v1/inspections/{planned.public_id}/cancel",
        {"reason": "Closed."},
        content_type="application/json",
    )

    response = client.post(
        f"/api/v1/inspections/{planned.public_id}/visit",
        {"visited_on": _day(), "findings": "x"},
        content_type="application/json",
    )

    assert response.status_code == 409


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/inspections?planned_from=yesterday",
        "/api/v1/inspections?status=lost",
        "/api/v1/workplaces?sector=Z",
        "/api/v1/workplaces?cursor=%00",
        "/api/v1/inspections/risk?limit=0",
        "/api/v1/inspections/N-0000-0000/sanctions/99999999999999999999/paid",
    ],
)
def test_bad_input_is_refused_never_a_server_error(people, api_for, url):
    client = api_for(people["inspector"])

    response = (
        client.get(url)
        if "paid" not in url
        else client.post(url, {"paid_on": _day()}, content_type="application/json")
    )

    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"


def test_a_bad_sanction_kind_and_a_violation_of_another_inspection(people, api_for, planned):
    client = api_for(people["inspector"])
    client.post(
        f"/api/v1/inspections/{planned.public_id}/visit",
        {"visited_on": _day(), "findings": "x"},
        content_type="application/json",
    )
    violation = client.post(
        f"/api/v1/inspections/{planned.public_id}/violations",
        {"kind": "nonsense", "description": "x", "workers_affected": 0},
        content_type="application/json",
    )
    missing = client.post(
        f"/api/v1/inspections/{planned.public_id}/violations/999999/sanctions",
        {"kind": "warning", "imposed_on": _day()},
        content_type="application/json",
    )

    assert violation.status_code == 422
    assert {e["field"] for e in violation.json()["errors"]} == {"kind", "workers_affected"}
    assert missing.status_code == 404
