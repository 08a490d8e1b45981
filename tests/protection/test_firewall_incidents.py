# ruff: noqa: F811  (fixtures imported from the fixture modules are used as arguments)
"""The firewall (ARCHITECTURE.md rule 2) for discrimination incidents.

Every handler's incident page and API operation (checked against the URL patterns
and the OpenAPI document, so a new route fails here until it is added) is tried by
every persona that can see legal status or statistics — the caseworker, the
coordinator, the analyst, and a user who holds a caseworker's seat beside a
handler's seat at the equality body — by session and by token. None of them gets
the incident or anything written in it: 403 or 404. The NGO that reported it for
someone does not read it back either. A handler at the equality body (the control)
does get it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, get_resolver

from integra.api import api
from integra.core import access
from integra.protection.models import Incident
from integra.protection.services import incidents as services
from tests.protection.test_incidents import (  # noqa: F401  (fixtures)
    WORDS,
    equality,
    equality_body,
    equality_caseworker,
    incident_data,
)

pytestmark = pytest.mark.django_db

NAME = "Fatima Rahimi"
SECRETS = (WORDS, NAME)
FIREWALLED = ("caseworker", "coordinator", "analyst", "both")

Url = Callable[[str], str]

PAGES: list[tuple[str, str, Url]] = [
    ("incidents:list", "GET", lambda i: "/incidents/"),
    ("incidents:detail", "GET", lambda i: f"/incidents/{i}/"),
    ("incidents:take", "POST", lambda i: f"/incidents/{i}/take/"),
    ("incidents:update", "POST", lambda i: f"/incidents/{i}/update/"),
    ("incidents:refer", "POST", lambda i: f"/incidents/{i}/refer/"),
    ("incidents:close", "POST", lambda i: f"/incidents/{i}/close/"),
]
PUBLIC_PAGES = {"report", "thanks", "track", "tracked", "track_end"}
API: list[tuple[str, str, Url, dict[str, Any] | None]] = [
    ("GET", "/api/v1/incidents", lambda i: "/api/v1/incidents", None),
    ("GET", "/api/v1/incidents/{public_id}", lambda i: f"/api/v1/incidents/{i}", None),
    ("POST", "/api/v1/incidents/{public_id}/take", lambda i: f"/api/v1/incidents/{i}/take", {}),
    (
        "POST",
        "/api/v1/incidents/{public_id}/updates",
        lambda i: f"/api/v1/incidents/{i}/updates",
        {"note": "x"},
    ),
    (
        "POST",
        "/api/v1/incidents/{public_id}/refer",
        lambda i: f"/api/v1/incidents/{i}/refer",
        {"organisation": "equality-council"},
    ),
    (
        "POST",
        "/api/v1/incidents/{public_id}/close",
        lambda i: f"/api/v1/incidents/{i}/close",
        {"outcome": "x"},
    ),
]
# Reporting (public or for someone) answers everyone as the policy says, and says
# nothing of an existing incident.
OPEN_API = {
    ("POST", "/api/v1/incidents"),
    ("POST", "/api/v1/public/incidents"),
    ("POST", "/api/v1/public/incidents/track"),
    ("POST", "/api/v1/public/incidents/track/information"),
}


@pytest.fixture
def users(people, equality_caseworker, equality) -> dict[str, Any]:
    return {**people, "both": equality_caseworker, "equality": equality}


@pytest.fixture
def incident(orgs, equality_body) -> Incident:
    """Reported by a victim who gave their name; followed up by the equality body."""
    reported = services.incident_report(
        actor=None, data=incident_data(anonymous=False, name=NAME, contact="+373 600 11111")
    ).incident
    Incident.objects.filter(pk=reported.pk).update(handled_by=equality_body)
    return reported


def test_every_incident_route_is_in_this_file():
    names: set[str | None] = set()
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "incidents":
            names = {p.name for p in pattern.url_patterns if isinstance(p, URLPattern)}
    assert names == {name.split(":")[1] for name, _m, _u in PAGES} | PUBLIC_PAGES
    schema = api.get_openapi_schema()
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        if "/incidents" in path
        for method in item
    }
    assert operations == {(m, p) for m, p, _u, _b in API} | OPEN_API


def _says_nothing(response) -> None:
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body


@pytest.mark.parametrize("persona", FIREWALLED)
@pytest.mark.parametrize(("name", "method", "url"), PAGES, ids=[p[0] for p in PAGES])
def test_firewalled_roles_get_no_incident_page(
    client_for, users, incident, persona, name, method, url
):
    client = client_for(users[persona])
    response = getattr(client, method.lower())(url(incident.public_id))

    assert response.status_code in (403, 404), name
    _says_nothing(response)


@pytest.mark.parametrize("persona", FIREWALLED)
@pytest.mark.parametrize(("method", "path", "url", "body"), API, ids=[a[1] for a in API])
def test_firewalled_roles_get_no_incident_by_token(
    api_for, users, incident, persona, method, path, url, body
):
    client = api_for(users[persona])
    if method == "GET":
        response = client.get(url(incident.public_id))
    else:
        response = client.post(
            url(incident.public_id), json.dumps(body), content_type="application/json"
        )

    assert response.status_code in (403, 404), path
    _says_nothing(response)
    incident.refresh_from_db()
    assert incident.status == "received"


def test_the_policy_itself_refuses_the_firewalled(users):
    for persona in FIREWALLED:
        actor = access.actor_for(users[persona])
        assert not access.handles_incidents(actor)


def test_the_equality_body_handler_does_get_it(client_for, users, incident):
    response = client_for(users["equality"]).get(f"/incidents/{incident.public_id}/")

    assert response.status_code == 200
    assert NAME in response.content.decode()


@pytest.mark.parametrize("persona", ["partner", "caseworker", "inspector"])
def test_whoever_reports_for_someone_cannot_read_it_back(client_for, api_for, users, persona):
    user = users[persona]
    reported = services.incident_report(
        actor=access.actor_for(user), data=incident_data(anonymous=False, name=NAME)
    ).incident

    assert client_for(user).get(f"/incidents/{reported.public_id}/").status_code == 404
    assert api_for(user).get(f"/api/v1/incidents/{reported.public_id}").status_code == 404
    listed = api_for(user).get("/api/v1/incidents")
    assert listed.status_code == 403
    _says_nothing(listed)
