# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""The firewall (ARCHITECTURE.md rule 2, issue 6 item 3), as a matrix.

Every complaint page and every complaint API operation (the route lists below are
checked against the URL patterns and the OpenAPI document, so a new route fails
here until it is added) is tried by every persona that can see legal status: the
caseworker, the coordinator, and a user who holds inspector and caseworker at
once, by session and by token. None of them gets a complaint, its evidence, its
handling or its routing: 403 or 404, and nothing of the complaint in the answer.
The public routes answer them as they answer anyone, and say nothing either.

And the other way round: an inspector never gets legal status from the people
API or pages; lodging a complaint never changes the complainant's registry
record; a people export never carries a complaint.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLResolver, get_resolver

from integra.api import api
from integra.core import access
from integra.core.models import AuditEntry
from integra.people.models import LegalStatus, Person
from integra.protection.models import Complaint, IndicatorFlag
from integra.protection.services import complaint_handling as handling
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    PDF,
    PNG,
    WORDS,
    inspector_caseworker,
    legal_aid,
    lodge,
    media,
    routing,
    upload,
    worker,
)

pytestmark = pytest.mark.django_db

NAME = "Aziz Karimov"
EMPLOYER = "Edil-Construct SA"
SECRETS = (WORDS, NAME, EMPLOYER, "Passports kept in the safe", "payslip.pdf")
# Who can see legal status (core.access.can_see_legal_status holds for the first
# two; the third holds a caseworker's seat beside an inspector's).
FIREWALLED = ("caseworker", "coordinator", "both")

Objects = dict[str, Any]
Url = Callable[[Objects], str]


@dataclass(frozen=True)
class Route:
    name: str  # "complaints:…" for a page; "METHOD /api/v1/…" (as in OpenAPI) for the API
    method: str
    url: Url
    body: dict[str, Any] | None = None
    public: bool = False  # open to anyone: answers, but says nothing of a complaint
    multipart: bool = False


def _page(suffix: str = "") -> Url:
    return lambda o: f"/complaints/{o['complaint']}/{suffix}"


def _api(suffix: str = "") -> Url:
    return lambda o: f"/api/v1/complaints/{o['complaint']}{suffix}"


def _fixed(url: str) -> Url:
    return lambda o: url


LODGE = {"categories": ["wages"], "description": "Unpaid for a month.", "anonymous": "anonymous"}
PAGES = [
    Route("complaints:new", "GET", _fixed("/complaints/new/"), public=True),
    Route("complaints:new", "POST", _fixed("/complaints/new/"), LODGE, public=True),
    Route("complaints:thanks", "GET", _fixed("/complaints/thanks/"), public=True),
    Route("complaints:track", "GET", _fixed("/complaints/track/"), public=True),
    Route("complaints:track", "POST", _fixed("/complaints/track/"), {"code": "X"}, public=True),
    Route("complaints:tracked", "GET", _fixed("/complaints/track/complaint/"), public=True),
    Route("complaints:tracked", "POST", _fixed("/complaints/track/complaint/"), {}, public=True),
    Route("complaints:track_end", "POST", _fixed("/complaints/track/end/"), {}, public=True),
    Route("complaints:triage", "GET", _fixed("/complaints/")),
    Route("complaints:triage", "GET", _fixed("/complaints/?status=open&category=wages")),
    Route("complaints:detail", "GET", _page()),
    Route("complaints:assign", "POST", _page("assign/"), {}),
    Route(
        "complaints:update",
        "POST",
        _page("update/"),
        {"update-status": "in_progress", "update-note": "n", "update-public": "on"},
    ),
    Route("complaints:route", "POST", _page("route/"), {"route-organisation": "legal-aid"}),
    Route(
        "complaints:flag",
        "POST",
        _page("indicators/"),
        {"flag-indicator": "debt", "flag-evidence": "x"},
    ),
    Route("complaints:unflag", "POST", _page("indicators/documents/withdraw/"), {}),
    Route(
        "complaints:decide",
        "POST",
        _page("forced-labour/"),
        {"decide-decision": "yes", "decide-reason": "r"},
    ),
    Route(
        "complaints:close",
        "POST",
        _page("close/"),
        {"close-remedies": ["sanction"], "close-public": "on"},
    ),
    Route(
        "complaints:attachment",
        "GET",
        lambda o: f"/complaints/{o['complaint']}/attachments/{o['attachment']}/",
    ),
    Route("complaints:workplace", "POST", _page("workplace/"), {"workplace-workplace": ""}),
    Route("complaints:routing", "GET", _fixed("/complaints/routing/")),
    Route(
        "complaints:routing",
        "POST",
        _fixed("/complaints/routing/"),
        {"category": "hours", "organisation": "legal-aid"},
    ),
    Route(
        "complaints:routing_delete",
        "POST",
        lambda o: f"/complaints/routing/{o['rule']}/delete/",
        {},
    ),
]

API_LODGE = {"categories": ["wages"], "description": "Unpaid for a month."}
API = [
    Route(
        "POST /api/v1/public/complaints",
        "POST",
        _fixed("/api/v1/public/complaints"),
        API_LODGE,
        public=True,
    ),
    Route(
        "POST /api/v1/public/complaints/track",
        "POST",
        _fixed("/api/v1/public/complaints/track"),
        {"code": "X"},
        public=True,
    ),
    Route(
        "POST /api/v1/public/complaints/track/information",
        "POST",
        _fixed("/api/v1/public/complaints/track/information"),
        {"code": "X", "text": "More."},
        public=True,
    ),
    Route(
        "POST /api/v1/public/complaints/track/evidence",
        "POST",
        _fixed("/api/v1/public/complaints/track/evidence"),
        {"code": "X"},
        public=True,
        multipart=True,
    ),
    # Lodging for a worker writes and reads nothing back: a caseworker may (test below).
    Route("POST /api/v1/complaints", "POST", _fixed("/api/v1/complaints"), API_LODGE, public=True),
    Route("GET /api/v1/complaints", "GET", _fixed("/api/v1/complaints")),
    Route("GET /api/v1/complaints/{public_id}", "GET", _api()),
    Route("POST /api/v1/complaints/{public_id}/assign", "POST", _api("/assign"), {}),
    Route(
        "POST /api/v1/complaints/{public_id}/updates",
        "POST",
        _api("/updates"),
        {"status": "in_progress", "note": "n", "public": True},
    ),
    Route(
        "POST /api/v1/complaints/{public_id}/route",
        "POST",
        _api("/route"),
        {"organisation": "legal-aid"},
    ),
    Route(
        "PUT /api/v1/complaints/{public_id}/indicators/{indicator}",
        "PUT",
        _api("/indicators/debt"),
        {"evidence": "x"},
    ),
    Route(
        "DELETE /api/v1/complaints/{public_id}/indicators/{indicator}",
        "DELETE",
        _api("/indicators/documents"),
    ),
    Route(
        "POST /api/v1/complaints/{public_id}/forced-labour",
        "POST",
        _api("/forced-labour"),
        {"forced_labour": True, "reason": "r"},
    ),
    Route(
        "POST /api/v1/complaints/{public_id}/close",
        "POST",
        _api("/close"),
        {"remedies": ["sanction"]},
    ),
    Route(
        "GET /api/v1/complaints/{public_id}/attachments/{attachment_id}",
        "GET",
        lambda o: f"/api/v1/complaints/{o['complaint']}/attachments/{o['attachment']}",
    ),
    # Linking a complaint to a workplace is the labour inspectorate's (the workplace
    # need not exist: the complaint is refused first).
    Route(
        "PUT /api/v1/workplaces/{public_id}/complaints/{complaint_id}",
        "PUT",
        lambda o: f"/api/v1/workplaces/W-0000-0000/complaints/{o['complaint']}",
    ),
    Route("GET /api/v1/complaint-routing", "GET", _fixed("/api/v1/complaint-routing")),
    Route(
        "POST /api/v1/complaint-routing",
        "POST",
        _fixed("/api/v1/complaint-routing"),
        {"category": "hours", "organisation": "legal-aid"},
    ),
    Route(
        "DELETE /api/v1/complaint-routing/{rule_id}",
        "DELETE",
        lambda o: f"/api/v1/complaint-routing/{o['rule']}",
    ),
]


def _complaint_pages() -> set[str]:
    resolver = next(
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "complaints"
    )
    return {f"complaints:{p.name}" for p in resolver.url_patterns}


def _complaint_operations() -> set[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if "complaint" in path
    }


def test_the_matrix_covers_every_complaint_page_and_operation():
    assert {route.name for route in PAGES} == _complaint_pages()
    assert {route.name for route in API} == _complaint_operations()


@pytest.fixture
def objects(lodge, routing, media, people) -> Objects:
    """A named complaint at the labour inspectorate, with evidence, a flag, and
    a routing rule; and one not routed to anyone (seen by every handler)."""
    complaint = lodge(
        anonymous=False,
        name=NAME,
        contact="+37369100201",
        files=[upload("payslip.pdf", PDF)],
    ).complaint
    handling.indicator_flag(
        actor=access.actor_for(people["inspector"]),
        complaint=complaint,
        indicator="documents",
        evidence_text="Passports kept in the safe.",
    )
    return {
        "complaint": complaint.public_id,
        "attachment": complaint.attachments.get().pk,
        "rule": routing[0].pk,
    }


@pytest.fixture
def firewalled(people, inspector_caseworker) -> dict[str, Any]:
    return {
        "caseworker": people["caseworker"],
        "coordinator": people["coordinator"],
        "both": inspector_caseworker,
    }


def _says_nothing(response: Any) -> None:
    if hasattr(response, "streaming_content"):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    text = content.decode(errors="replace")
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"
    assert PDF not in content


def _call(client: Client, route: Route, objects: Objects, **headers: str) -> Any:
    url = route.url(objects)
    if route.name.startswith("complaints:"):
        return client.get(url) if route.method == "GET" else client.post(url, route.body or {})
    if route.multipart:
        body = {**(route.body or {}), "files": [SimpleUploadedFile("a.png", PNG, "image/png")]}
        return client.post(url, body, headers=headers)
    return client.generic(
        route.method,
        url,
        json.dumps(route.body) if route.body is not None else b"",
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.parametrize("persona", FIREWALLED)
@pytest.mark.parametrize("route", PAGES, ids=lambda r: f"{r.method} {r.name}")
def test_no_page_shows_a_complaint_to_those_who_see_legal_status(
    route, persona, objects, firewalled, client_for
):
    response = _call(client_for(firewalled[persona]), route, objects)

    if route.public:
        assert response.status_code in {200, 302}
    else:
        assert response.status_code in {403, 404}
    _says_nothing(response)
    assert Complaint.objects.get(public_id=objects["complaint"]).status == "received"
    assert IndicatorFlag.objects.filter(indicator="documents").exists()


@pytest.mark.parametrize("persona", FIREWALLED)
@pytest.mark.parametrize("route", API, ids=lambda r: r.name)
def test_no_token_gets_a_complaint_for_those_who_see_legal_status(
    route, persona, objects, firewalled, token_for
):
    token = token_for(firewalled[persona])

    response = _call(Client(), route, objects, Authorization=f"Bearer {token}")

    if route.public:
        assert response.status_code in {201, 403, 404}
    else:
        assert response.status_code in {403, 404}
        assert response["Content-Type"] == "application/problem+json"
    _says_nothing(response)
    assert Complaint.objects.get(public_id=objects["complaint"]).status == "received"


@pytest.mark.parametrize("persona", FIREWALLED)
def test_the_session_gets_nothing_from_the_api_either(persona, objects, firewalled, client_for):
    client = client_for(firewalled[persona])
    for route in (r for r in API if r.method == "GET"):
        response = _call(client, route, objects)
        assert response.status_code in {403, 404}
        _says_nothing(response)


def test_the_inspector_does_see_them(objects, people, client_for, api_for):
    """The matrix above is not vacuous: the handler reads what the others cannot."""
    page = client_for(people["inspector"]).get(f"/complaints/{objects['complaint']}/")
    answer = api_for(people["inspector"]).get(f"/api/v1/complaints/{objects['complaint']}")

    assert page.status_code == 200
    assert NAME in page.content.decode()
    assert answer.json()["name"] == NAME


@pytest.mark.parametrize("persona", ["caseworker", "both"])
def test_a_caseworker_may_lodge_for_a_worker_but_not_read_it_back(
    persona, objects, firewalled, token_for
):
    client = Client(headers={"Authorization": f"Bearer {token_for(firewalled[persona])}"})

    lodged = client.post(
        "/api/v1/complaints", json.dumps(API_LODGE), content_type="application/json"
    )
    again = client.get(f"/api/v1/complaints/{lodged.json()['complaint']}")

    assert lodged.status_code == 201
    assert again.status_code == 404


# --- Inspectors never see legal status ---------------------------------------------------------


@pytest.mark.parametrize("persona", ["inspector", "both"])
def test_an_inspector_never_gets_legal_status(
    persona, people, inspector_caseworker, worker, client_for, token_for
):
    user = inspector_caseworker if persona == "both" else people["inspector"]
    client = Client(headers={"Authorization": f"Bearer {token_for(user)}"})

    statuses = client.get(f"/api/v1/persons/{worker.public_id}/statuses")
    record = client.get(f"/api/v1/persons/{worker.public_id}")
    page = client_for(user).get(f"/people/{worker.public_id}/")
    timeline = client_for(user).get(f"/people/{worker.public_id}/timeline/")

    assert statuses.status_code == 404
    for response in (record, page, timeline):
        text = response.content.decode()
        assert "regular_worker" not in text
        assert "Regular migrant worker" not in text
        assert "BMA-2025-0042" not in text
    if persona == "inspector":  # no registry at all
        assert (record.status_code, page.status_code) == (404, 404)
    else:  # the caseworker's seat opens the case, never its status
        assert (record.status_code, page.status_code) == (200, 200)


def test_the_caseworker_does_see_the_status(people, worker, token_for):
    """The check above is not vacuous."""
    client = Client(headers={"Authorization": f"Bearer {token_for(people['caseworker'])}"})

    statuses = client.get(f"/api/v1/persons/{worker.public_id}/statuses")

    assert statuses.json()[0]["category"] == "regular_worker"


# --- A complaint never touches the registry ----------------------------------------------------


def test_lodging_with_the_record_linked_changes_nothing_in_the_registry(
    lodge, routing, people, worker
):
    person_before = model_to_dict(Person.objects.get(pk=worker.pk))
    statuses_before = list(LegalStatus.objects.filter(person=worker).values())
    last_entry = AuditEntry.objects.order_by("-pk").first()
    assert last_entry is not None

    complaint = lodge(
        actor=access.actor_for(people["caseworker"]),
        anonymous=False,
        name="Ilhom Rashidov",
        person=worker.public_id,
    ).complaint

    assert complaint.person == worker
    assert model_to_dict(Person.objects.get(pk=worker.pk)) == person_before
    assert list(LegalStatus.objects.filter(person=worker).values()) == statuses_before
    written = AuditEntry.objects.filter(pk__gt=last_entry.pk)
    assert [e.action for e in written] == ["complaint.lodge"]
    assert not written.filter(object_type="person").exists()
    assert worker.public_id not in json.dumps([e.data for e in written])


def test_the_workers_timeline_and_export_say_nothing_of_a_complaint(
    lodge, routing, people, worker, client_for
):
    complaint = lodge(
        actor=access.actor_for(people["caseworker"]),
        anonymous=False,
        name="Ilhom Rashidov",
        person=worker.public_id,
    ).complaint
    client = client_for(people["caseworker"])

    timeline = client.get(f"/people/{worker.public_id}/timeline/").content.decode()
    record = client.get(f"/people/{worker.public_id}/").content.decode()
    export = client.get("/people/export.csv?q=Rashidov")

    assert export.status_code == 200
    for text in (timeline, record, export.content.decode()):
        assert WORDS not in text
        assert complaint.public_id not in text
