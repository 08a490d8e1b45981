# ruff: noqa: F811  (fixtures imported from the fixture modules are used as arguments)
"""The incidents API: the public report and tracking (no account), reporting for
someone, and the handlers' list, detail and actions; bad input as problem+json."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from integra.protection.models import Incident
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    CODE_SHAPE,
    lawyer,
    legal_aid,
)
from tests.protection.test_incidents import (  # noqa: F401  (fixtures)
    WORDS,
    equality,
    equality_body,
    report,
)

pytestmark = pytest.mark.django_db

JSON = "application/json"
BODY = {
    "reported_by": "victim",
    "kinds": ["employment"],
    "grounds": ["religion"],
    "place_kind": "workplace",
    "description": f"{WORDS}.",
    "language": "uk",
}


def _post(client, path: str, body: dict[str, object] | None = None, **extra: object):
    return client.post(path, json.dumps(body or {}), content_type=JSON, **extra)


def test_anyone_reports_and_follows_with_the_code(orgs):
    client = Client()
    sent = _post(client, "/api/v1/public/incidents", BODY)

    assert sent.status_code == 201, sent.content
    code = sent.json()["tracking_code"]
    assert CODE_SHAPE.match(code)
    assert Incident.objects.get().language == "uk"

    tracked = _post(client, "/api/v1/public/incidents/track", {"code": code})
    assert tracked.status_code == 200
    assert tracked.json()["status"] == "received"
    assert [e["kind"] for e in tracked.json()["events"]] == ["reported"]

    added = _post(
        client, "/api/v1/public/incidents/track/information", {"code": code, "text": "More."}
    )
    assert added.status_code == 201
    assert added.json()["events"][-1]["text"] == "More."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kinds": []}, "kinds"),
        ({"kinds": ["bogus"]}, "kinds"),
        ({"place_kind": "moon"}, "place_kind"),
        ({"reported_by": "organisation"}, "reported_by"),
        ({"description": "<script>alert(1)</script>"}, "description"),
        ({"happened_on": "2999-01-01"}, "happened_on"),
    ],
)
def test_bad_input_is_a_clear_problem(orgs, changes, field):
    response = _post(Client(), "/api/v1/public/incidents", {**BODY, **changes})

    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in response.content.decode()
    assert not Incident.objects.exists()


def test_a_wrong_code_is_not_found_then_throttled(orgs):
    client = Client()
    for _ in range(10):
        assert _post(client, "/api/v1/public/incidents/track", {"code": "nope"}).status_code == 404
    assert _post(client, "/api/v1/public/incidents/track", {"code": "nope"}).status_code == 429


def test_an_ngo_reports_for_someone_and_cannot_read_it_back(api_for, people, orgs):
    client = api_for(people["partner"])
    body = {k: v for k, v in BODY.items() if k != "reported_by"}

    sent = _post(client, "/api/v1/incidents", body)

    assert sent.status_code == 201, sent.content
    incident = Incident.objects.get()
    assert (incident.reported_by, incident.reporter_organisation) == ("organisation", orgs["ngo"])
    assert client.get(f"/api/v1/incidents/{incident.public_id}").status_code == 404
    assert client.get("/api/v1/incidents").status_code == 403


@pytest.mark.parametrize("persona", ["teacher", "analyst", "coordinator", "admin"])
def test_others_do_not_report_for_someone(api_for, people, persona):
    response = _post(api_for(people[persona]), "/api/v1/incidents", BODY)
    assert response.status_code == 403
    assert not Incident.objects.exists()


def test_handlers_list_take_refer_and_close(api_for, report, legal_aid, lawyer, equality):
    incident = report().incident
    report(kinds=("housing",), region="Bălți")
    client = api_for(lawyer)

    listed = client.get("/api/v1/incidents", {"kind": "verbal"})
    assert listed.status_code == 200
    assert [i["id"] for i in listed.json()["results"]] == [incident.public_id]

    path = f"/api/v1/incidents/{incident.public_id}"
    assert client.get(path).json()["description"].startswith(WORDS)
    taken = _post(client, f"{path}/take")
    assert taken.status_code == 200
    assert taken.json()["handled_by"] == "legal-aid"
    assert _post(client, f"{path}/take").status_code == 409
    note = _post(client, f"{path}/updates", {"note": "Internal."})
    assert note.status_code == 201
    assert note.json()["events"][-1]["public"] is False
    bad = _post(client, f"{path}/refer", {"organisation": "legal-aid"})
    assert bad.status_code == 422
    referred = _post(client, f"{path}/refer", {"organisation": "equality-council"})
    assert referred.status_code == 200
    assert (referred.json()["status"], referred.json()["referred_to"]) == (
        "referred",
        "equality-council",
    )

    closed = _post(api_for(equality), f"{path}/close", {"outcome": "Settled."})
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert _post(client, f"{path}/close", {"outcome": "Again."}).status_code == 409


def test_the_labour_inspector_gets_nothing(api_for, people, report):
    incident = report().incident
    client = api_for(people["inspector"])

    assert client.get("/api/v1/incidents").status_code == 403
    assert client.get(f"/api/v1/incidents/{incident.public_id}").status_code == 404
