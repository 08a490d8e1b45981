"""The good practices API (issue 7, R28): /api/v1/practices."""

from __future__ import annotations

import base64

import pytest

from integra.core.models import AuditEntry
from integra.monitoring.models import Practice, PracticeStatus

BODY = {
    "title": "One-stop shops for migrants (CNAIM)",
    "country": "PT",
    "area": "social",
    "summary": "Every service a newcomer needs, under one roof.",
    "description": "Desks of the immigration, tax, social security and employment offices.",
    "contact_email": "cnaim@example.org",
}


def _create(client, body=BODY) -> dict:
    response = client.post("/api/v1/practices", body, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_a_caseworker_drafts_and_the_coordinator_publishes(api_for, people):
    caseworker, coordinator = api_for(people["caseworker"]), api_for(people["coordinator"])
    created = _create(caseworker)
    assert created["status"] == "draft"
    assert created["organisation"] == "Integration Centre A"
    assert created["published_at"] is None
    url = f"/api/v1/practices/{created['public_id']}"

    # Another reader does not learn the draft exists.
    assert api_for(people["partner"]).get(url).status_code == 404
    assert caseworker.post(f"{url}/publish").status_code == 403

    published = coordinator.post(f"{url}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert api_for(people["partner"]).get(url).json()["title"] == BODY["title"]


def test_patch_changes_only_the_fields_sent(api_for, people):
    client = api_for(people["caseworker"])
    created = _create(client)
    response = client.patch(
        f"/api/v1/practices/{created['public_id']}",
        {"summary": "Shorter."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["summary"] == "Shorter."
    assert response.json()["title"] == BODY["title"]
    assert AuditEntry.objects.filter(action="practice.update").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "ZZ"}, "country"),
        ({"area": "weather"}, "area"),
        ({"contact_email": "nobody"}, "contact_email"),
        ({"summary": "   "}, "summary"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(api_for, people, change, field):
    response = api_for(people["caseworker"]).post(
        "/api/v1/practices", {**BODY, **change}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in str(response.json())
    assert not Practice.objects.exists()


def test_a_summary_too_long_is_refused_by_the_schema(api_for, people):
    response = api_for(people["caseworker"]).post(
        "/api/v1/practices", {**BODY, "summary": "x" * 501}, content_type="application/json"
    )
    assert response.status_code == 422


def test_withdraw_needs_a_reason_and_the_coordinator(api_for, people):
    coordinator = api_for(people["coordinator"])
    created = _create(coordinator)
    url = f"/api/v1/practices/{created['public_id']}"
    coordinator.post(f"{url}/publish")

    refused = api_for(people["caseworker"]).post(
        f"{url}/withdraw", {"reason": "No."}, content_type="application/json"
    )
    assert refused.status_code == 403
    empty = coordinator.post(f"{url}/withdraw", {"reason": " "}, content_type="application/json")
    assert empty.status_code == 422
    done = coordinator.post(
        f"{url}/withdraw", {"reason": "Closed."}, content_type="application/json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "withdrawn"
    again = coordinator.post(
        f"{url}/withdraw", {"reason": "Closed."}, content_type="application/json"
    )
    assert again.status_code == 409


def test_the_list_searches_filters_and_pages_with_a_cursor(api_for, people):
    coordinator = api_for(people["coordinator"])
    for n in range(3):
        created = _create(coordinator, {**BODY, "title": f"Центр интеграции {n}", "country": "MD"})
        coordinator.post(f"/api/v1/practices/{created['public_id']}/publish")
    created = _create(coordinator)
    coordinator.post(f"/api/v1/practices/{created['public_id']}/publish")
    _create(coordinator, {**BODY, "title": "Unpublished tsentr"})
    reader = api_for(people["teacher"])

    found = reader.get("/api/v1/practices", {"q": "tsentr", "page_size": 2}).json()
    assert [r["title"] for r in found["results"]] == ["Центр интеграции 2", "Центр интеграции 1"]
    assert found["next"]
    more = reader.get(found["next"]).json()
    assert [r["title"] for r in more["results"]] == ["Центр интеграции 0"]

    by_country = reader.get("/api/v1/practices", {"country": "pt"}).json()["results"]
    assert [r["title"] for r in by_country] == [BODY["title"]]
    assert reader.get("/api/v1/practices", {"area": "health"}).json()["results"] == []
    drafts = coordinator.get("/api/v1/practices", {"status": "draft"}).json()["results"]
    assert [r["title"] for r in drafts] == ["Unpublished tsentr"]
    assert reader.get("/api/v1/practices", {"status": "draft"}).json()["results"] == []


def test_a_forged_cursor_and_a_bad_filter_are_bad_input(api_for, people):
    reader = api_for(people["teacher"])
    forged = base64.urlsafe_b64encode(b"o=0&r=0&p=yesterday").decode()
    assert reader.get("/api/v1/practices", {"cursor": forged}).status_code == 422
    assert reader.get("/api/v1/practices", {"status": "secret"}).status_code == 422
    assert reader.get("/api/v1/practices", {"country": "POL"}).status_code == 422
    assert reader.get("/api/v1/practices", {"area": "weather"}).status_code == 422


def test_a_migrant_account_gets_nothing(api_for, people):
    response = api_for(people["migrant"]).get("/api/v1/practices")
    assert response.status_code == 403
    assert Practice.objects.filter(status=PracticeStatus.PUBLISHED).count() == 0
