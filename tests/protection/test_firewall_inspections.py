# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""The firewall (ARCHITECTURE.md rule 2) around labour inspection.

Every inspections page and API operation (the rows of tests/core/
matrix_inspections.py, checked there against the URL patterns and the OpenAPI
document) is tried by every persona that can see legal status or is firewalled:
the caseworker, the coordinator, the analyst, and a user who holds inspector and
caseworker at once, by session and by token. None of them gets a workplace, an
inspection, its findings or the risk list: 403 or 404, nothing of them in the
answer, and nothing changed. And an inspector, reading a workplace with a
complaint lodged for a registered worker, never sees the worker's legal status.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from integra.core import access
from integra.protection.models import Inspection, Sanction, Workplace
from integra.protection.services import complaints as complaint_services
from integra.protection.services import inspections as services
from tests.core.matrix_inspections import (
    INSPECTIONS_API_ROWS,
    INSPECTIONS_PAGE_ROWS,
    inspections_objects,
)
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    data,
    inspector_caseworker,
    legal_aid,
    lodge,
    media,
    routing,
    worker,
)

pytestmark = pytest.mark.django_db

FIREWALLED = ("caseworker", "coordinator", "analyst", "both")
SECRETS = ("Matrix Construct", "No contracts.", "No written contracts.", "Contracts signed.")


class Case:
    def __init__(self, persona: str) -> None:
        self.persona = persona
        self.target = "centre-a"  # the inspector's own side: the strongest test


@pytest.fixture
def objects(orgs, people, lodge, routing) -> dict[str, object]:
    found = inspections_objects(orgs, people, {}, {})
    complaint = lodge().complaint
    found["complaint_centre-a"] = complaint.public_id
    found["complaint_centre-b"] = complaint.public_id
    return found


@pytest.fixture
def firewalled(people, inspector_caseworker) -> dict[str, Any]:
    return {
        "caseworker": people["caseworker"],
        "coordinator": people["coordinator"],
        "analyst": people["analyst"],
        "both": inspector_caseworker,
    }


def _says_nothing(response: Any) -> None:
    text = response.content.decode(errors="replace")
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"


def _unchanged(objects: dict[str, object]) -> None:
    assert Inspection.objects.get(public_id=objects["planned_centre-a"]).status == "planned"
    assert Workplace.objects.count() == 2
    assert not Sanction.objects.filter(paid_on__isnull=False).exists()
    assert Inspection.objects.count() == 6


@pytest.mark.parametrize("persona", FIREWALLED)
@pytest.mark.parametrize("row", INSPECTIONS_PAGE_ROWS, ids=lambda r: f"{r[1]} {r[0]}")
def test_no_inspections_page_for_the_firewalled(row, persona, objects, firewalled, client_for):
    _name, method, url, body, _expect = row
    client = client_for(firewalled[persona])
    target = url(Case(persona), objects)

    response = client.get(target) if method == "GET" else client.post(target, body(None))

    assert response.status_code in {403, 404}
    _says_nothing(response)
    _unchanged(objects)


@pytest.mark.parametrize("persona", FIREWALLED)
@pytest.mark.parametrize("row", INSPECTIONS_API_ROWS, ids=lambda r: f"{r[0]} {r[1]}")
def test_no_inspections_operation_for_the_firewalled(
    row, persona, objects, firewalled, token_for, client_for
):
    method, _path, url, body, _expect = row[:5]
    payload = body(None)
    for client, headers in (
        (Client(), {"Authorization": f"Bearer {token_for(firewalled[persona])}"}),
        (client_for(firewalled[persona]), {}),
    ):
        response = client.generic(
            method,
            url(Case(persona), objects),
            json.dumps(payload) if payload is not None else b"",
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code in {403, 404}
        assert response["Content-Type"] == "application/problem+json"
        _says_nothing(response)
    _unchanged(objects)


def test_the_inspector_does_see_them(objects, people, client_for, api_for):
    """The checks above are not vacuous."""
    page = client_for(people["inspector"]).get(f"/inspections/{objects['done_centre-a']}/")
    answer = api_for(people["inspector"]).get(f"/api/v1/workplaces/{objects['workplace_centre-a']}")

    assert page.status_code == 200
    assert "No written contracts." in page.content.decode()
    assert answer.json()["employer"] == "Matrix Construct centre-a"


def test_an_inspector_never_sees_the_workers_legal_status(
    people, worker, routing, media, client_for, api_for
):
    caseworker = access.actor_for(people["caseworker"])
    inspector = access.actor_for(people["inspector"])
    complaint = complaint_services.complaint_lodge(
        actor=caseworker, data=data(person=worker.public_id, anonymous=False, name="Ilhom")
    ).complaint
    workplace = services.workplace_register(
        actor=inspector, data=services.WorkplaceData(employer="Edil-Construct SA")
    )
    services.complaint_workplace_link(
        actor=inspector, complaint=complaint, workplace=workplace.public_id
    )
    inspection = services.inspection_plan(
        actor=inspector,
        workplace=workplace,
        data=services.PlanData(
            reason="complaint",
            planned_for=timezone.localdate() - timedelta(days=1),
            complaints=(complaint.public_id,),
        ),
    )
    responses = [
        client_for(people["inspector"]).get(f"/inspections/workplaces/{workplace.public_id}/"),
        client_for(people["inspector"]).get(f"/inspections/{inspection.public_id}/"),
        api_for(people["inspector"]).get(f"/api/v1/workplaces/{workplace.public_id}"),
        api_for(people["inspector"]).get(f"/api/v1/inspections/{inspection.public_id}"),
        client_for(people["inspector"]).get("/inspections/risk/"),
    ]
    for response in responses:
        assert response.status_code == 200
        text = response.content.decode()
        assert complaint.public_id in text or "risk" in response.request["PATH_INFO"]
        for secret in ("regular_worker", "Regular migrant worker", "BMA-2025-0042", "Rashidov"):
            assert secret not in text
