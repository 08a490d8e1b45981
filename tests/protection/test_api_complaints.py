# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""The complaints API: lodging for a worker, and the handlers' list, detail and
actions, the evidence download and the routing rules (the public intake and
tracking are in test_tracking.py)."""

from __future__ import annotations

import json

import pytest

from integra.core.models import AuditEntry
from integra.protection.models import Complaint, RoutingRule
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    CODE_SHAPE,
    PDF,
    WORDS,
    complaint,
    lawyer,
    legal_aid,
    lodge,
    lodged,
    media,
    routing,
    upload,
)

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _post(client, path: str, body: dict[str, object] | None = None, method: str = "post"):
    return getattr(client, method)(path, json.dumps(body or {}), content_type=JSON)


def test_an_ngo_lodges_for_a_worker_through_the_api(api_for, people, orgs, routing):
    response = _post(
        api_for(people["partner"]),
        "/api/v1/complaints",
        {"categories": ["recruitment_fees"], "description": f"{WORDS}.", "agency_name": "X"},
    )

    assert response.status_code == 201, response.content
    assert CODE_SHAPE.match(response.json()["tracking_code"])
    complaint = Complaint.objects.get()
    assert (complaint.lodged_via, complaint.lodged_for) == ("ngo", orgs["ngo"])


@pytest.mark.parametrize("persona", ["teacher", "analyst", "coordinator", "admin"])
def test_others_do_not_lodge_for_a_worker(api_for, people, routing, persona):
    response = _post(
        api_for(people[persona]),
        "/api/v1/complaints",
        {"categories": ["wages"], "description": "Unpaid."},
    )

    assert response.status_code == 403
    assert not Complaint.objects.exists()


def test_the_handlers_list_puts_urgent_first(api_for, people, lodge, routing):
    plain = lodge().complaint
    urgent = lodge(categories=("trafficking",)).complaint  # goes to legal aid
    client = api_for(people["inspector"])

    ids = [row["id"] for row in client.get("/api/v1/complaints").json()["results"]]
    wages = client.get("/api/v1/complaints?category=wages").json()["results"]

    assert ids == [plain.public_id]  # the trafficking one is legal aid's
    assert urgent.public_id not in ids
    assert [row["id"] for row in wages] == [plain.public_id]


def test_the_list_pages_by_cursor(api_for, people, lodge, routing):
    made = [lodge().complaint.public_id for _ in range(5)]
    client = api_for(people["inspector"])

    first = client.get("/api/v1/complaints?page_size=3").json()
    second = client.get(first["next"]).json()

    seen = [row["id"] for row in first["results"] + second["results"]]
    assert seen == made


def test_a_handler_reads_and_acts_on_a_complaint(api_for, people, lodge, routing, media):
    complaint = lodge(files=[upload("payslip.pdf", PDF)]).complaint
    client = api_for(people["inspector"])
    base = f"/api/v1/complaints/{complaint.public_id}"

    detail = client.get(base).json()
    assert detail["description"].startswith(WORDS)
    assert detail["attachments"][0]["file_name"] == "payslip.pdf"
    assert "legal_status" not in json.dumps(detail)

    assert _post(client, f"{base}/assign").json()["handler"] == "inspector"
    updated = _post(
        client,
        f"{base}/updates",
        {"status": "in_progress", "note": "Visit on Monday.", "public": True},
    )
    assert updated.status_code == 201
    flagged = _post(client, f"{base}/indicators/debt", {"evidence": "EUR 2,000 'debt'."}, "put")
    assert flagged.json()["indicators"][0]["indicator"] == "debt"
    assert flagged.json()["forced_labour"] is None
    decided = _post(client, f"{base}/forced-labour", {"forced_labour": True, "reason": "Bondage."})
    assert decided.json()["forced_labour"] is True
    assert client.delete(f"{base}/indicators/debt").status_code == 204
    closed = _post(
        client,
        f"{base}/close",
        {"remedies": ["wages_recovered"], "wages_recovered": "900.00", "currency": "EUR"},
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"
    assert closed.json()["wages_recovered"] == "900.00"

    attachment = detail["attachments"][0]["id"]
    download = client.get(f"{base}/attachments/{attachment}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="complaint.attachment.download").count() == 1


def test_bad_actions_are_refused_as_problems(api_for, people, complaint):
    client = api_for(people["inspector"])
    base = f"/api/v1/complaints/{complaint.public_id}"

    negative = _post(
        client, f"{base}/close", {"remedies": ["wages_recovered"], "wages_recovered": "-1"}
    )
    unknown = _post(client, f"{base}/indicators/flying", {"evidence": "x"}, "put")
    closed_status = _post(client, f"{base}/updates", {"status": "closed"})

    assert negative.status_code == 422
    assert negative["Content-Type"] == "application/problem+json"
    assert unknown.status_code == 422
    assert closed_status.status_code == 422


def test_a_complaint_is_routed_on_through_the_api(api_for, people, complaint, legal_aid, lawyer):
    moved = _post(
        api_for(people["inspector"]),
        f"/api/v1/complaints/{complaint.public_id}/route",
        {"organisation": "legal-aid"},
    )

    assert moved.status_code == 200
    assert moved.json()["routed_to"] == "legal-aid"
    assert (
        api_for(people["inspector"]).get(f"/api/v1/complaints/{complaint.public_id}").status_code
        == 404
    )
    assert api_for(lawyer).get(f"/api/v1/complaints/{complaint.public_id}").status_code == 200


def test_routing_rules_through_the_api(api_for, people, legal_aid, lawyer):
    client = api_for(people["inspector"])

    made = _post(
        client, "/api/v1/complaint-routing", {"category": "harassment", "organisation": "legal-aid"}
    )
    listed = client.get("/api/v1/complaint-routing").json()["results"]
    refused = _post(api_for(lawyer), "/api/v1/complaint-routing", {"organisation": "legal-aid"})
    removed = client.delete(f"/api/v1/complaint-routing/{made.json()['id']}")

    assert made.status_code == 201
    assert listed[0]["organisation"] == "legal-aid"
    assert refused.status_code == 403
    assert removed.status_code == 204
    assert not RoutingRule.objects.exists()
