"""The incidents rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order (see
tests/core/matrix_complaints.py for the conventions).

Discrimination incidents (integra/protection, behind the firewall) are followed up
by the staff of an equality body or a legal-aid organisation (the inspector's role
there: core.access.incident_scope). No persona of the matrix holds such a seat (the
matrix's inspector works at the labour inspectorate), so every handler's route is
refused to all: 403 on the list, 404 on an incident, learning nothing. centre-a's
incident is followed up by an equality body; centre-b's is not taken yet. Reporting
for someone is for inspectors, NGOs' partner agents and caseworkers; the public
report and tracking are in the PUBLIC sets (the firewall's own tests, with real
handlers, are tests/protection/test_firewall_incidents.py).
"""

from __future__ import annotations

from typing import Any

from integra.core.models import Organisation
from integra.core.roles import Level, OrganisationKind
from integra.protection.models import Incident
from integra.protection.services import incidents as services

REPORTERS = {"inspector", "partner", "caseworker"}
REPORT = {"kinds": ["verbal"], "place_kind": "street", "description": "Shouted at in the street."}


def _api(suffix: str = "") -> Any:
    return lambda c, o: f"/api/v1/incidents/{o['incident_' + c.target]}{suffix}"


def _page(suffix: str = "") -> Any:
    return lambda c, o: f"/incidents/{o['incident_' + c.target]}/{suffix}"


INCIDENTS_API_ROWS: list[tuple[Any, ...]] = [
    # Public: anyone, no account (a wrong tracking code is not found).
    ("POST", "/api/v1/public/incidents", lambda c, o: "/api/v1/public/incidents",
     lambda c: REPORT, lambda c: 201),
    ("POST", "/api/v1/public/incidents/track", lambda c, o: "/api/v1/public/incidents/track",
     lambda c: {"code": "ABCD-EFGH"}, lambda c: 404),
    ("POST", "/api/v1/public/incidents/track/information",
     lambda c, o: "/api/v1/public/incidents/track/information",
     lambda c: {"code": "ABCD-EFGH", "text": "More."}, lambda c: 404),
    # Reporting for someone.
    ("POST", "/api/v1/incidents", lambda c, o: "/api/v1/incidents", lambda c: REPORT,
     lambda c: 201 if c.persona in REPORTERS else 403),
    # The handlers: nobody in the matrix.
    ("GET", "/api/v1/incidents", lambda c, o: "/api/v1/incidents", lambda c: None,
     lambda c: 403),
    ("GET", "/api/v1/incidents/{public_id}", _api(), lambda c: None, lambda c: 404),
    ("POST", "/api/v1/incidents/{public_id}/take", _api("/take"), lambda c: {}, lambda c: 404),
    ("POST", "/api/v1/incidents/{public_id}/updates", _api("/updates"),
     lambda c: {"note": "Called them.", "public": True}, lambda c: 404),
    ("POST", "/api/v1/incidents/{public_id}/refer", _api("/refer"),
     lambda c: {"organisation": "equality-m"}, lambda c: 404),
    ("POST", "/api/v1/incidents/{public_id}/close", _api("/close"),
     lambda c: {"outcome": "Mediated."}, lambda c: 404),
]  # fmt: skip

# (method, path) of API operations that answer without an account.
INCIDENTS_PUBLIC_API: set[tuple[str, str]] = {
    ("POST", "/api/v1/public/incidents"),
    ("POST", "/api/v1/public/incidents/track"),
    ("POST", "/api/v1/public/incidents/track/information"),
}

INCIDENTS_PAGE_ROWS: list[tuple[Any, ...]] = [
    ("incidents:list", "GET", lambda c, o: "/incidents/?status=open", lambda c: {},
     lambda c: 403),
    ("incidents:detail", "GET", _page(), lambda c: {}, lambda c: 404),
    ("incidents:take", "POST", _page("take/"), lambda c: {}, lambda c: 404),
    ("incidents:update", "POST", _page("update/"), lambda c: {}, lambda c: 404),
    ("incidents:refer", "POST", _page("refer/"), lambda c: {}, lambda c: 404),
    ("incidents:close", "POST", _page("close/"), lambda c: {}, lambda c: 404),
]  # fmt: skip

# Page names ("namespace:name") that answer without an account.
INCIDENTS_PUBLIC_PAGES: set[str] = {
    "incidents:report",
    "incidents:thanks",
    "incidents:track",
    "incidents:tracked",
    "incidents:track_end",
}


def incidents_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    """The objects the rows use, by key (the two targets: centre-a and centre-b)."""
    equality = Organisation.objects.create(
        code="equality-m",
        name="Equality Body M",
        kind=OrganisationKind.EQUALITY_BODY,
        level=Level.NATIONAL,
        country="MD",
    )
    found: dict[str, object] = {}
    for target, handled_by in (("centre-a", equality), ("centre-b", None)):
        incident = services.incident_report(
            actor=None,
            data=services.IncidentData(
                kinds=("verbal", "physical"),
                place_kind="street",
                description="They shouted at us and pushed my brother.",
                region="Chișinău",
            ),
        ).incident
        Incident.objects.filter(pk=incident.pk).update(handled_by=handled_by)
        found[f"incident_{target}"] = incident.public_id
    return found
