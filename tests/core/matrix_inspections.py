"""The inspections rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order (see
tests/core/matrix_complaints.py for the conventions).

Labour inspection (integra/protection, R19, behind the firewall): workplaces and
the risk list are for the labour inspectorate's inspectors (core.access.can_inspect:
the persona "inspector"), on either side; everyone else gets 403. Each side has a
workplace (supplied by an agency), a planned inspection, a done one with an open
violation and an unpaid fine, and a done follow-up of it. Centre-a's inspections
are run by the persona's inspectorate; centre-b's by another inspectorate
(``inspectorate-b``): the inspector gets 404 there, and so does everyone else
everywhere (an inspection is not even admitted to exist).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from integra.core.models import Organisation
from integra.core.roles import Level, OrganisationKind
from integra.protection.models import Agency, Inspection, Sanction, Violation, Workplace

# An agency each side may link, and one linked already (to unlink); fixed public
# ids, since a row's body cannot read the objects.
LINKABLE = "G-MATR-IXAA"
LINKED = "G-MATR-IXBB"


def _inspects(ok: int) -> Any:
    return lambda c: ok if c.persona == "inspector" else 403


def _runs(ok: int) -> Any:
    """An inspection of centre-a's side is the inspector's inspectorate's; else 404."""
    return lambda c: ok if c.persona == "inspector" and c.target == "centre-a" else 404


def _wp_api(suffix: str = "") -> Any:
    return lambda c, o: f"/api/v1/workplaces/{o['workplace_' + c.target]}{suffix}"


def _wp_page(suffix: str = "") -> Any:
    return lambda c, o: f"/inspections/workplaces/{o['workplace_' + c.target]}/{suffix}"


def _api(kind: str, suffix: str = "") -> Any:
    return lambda c, o: f"/api/v1/inspections/{o[kind + '_' + c.target]}{suffix}"


def _page(kind: str, suffix: str = "") -> Any:
    return lambda c, o: f"/inspections/{o[kind + '_' + c.target]}/{suffix}"


def _violation_api(kind: str, suffix: str) -> Any:
    return lambda c, o: (
        f"/api/v1/inspections/{o[kind + '_' + c.target]}/violations/"
        f"{o['violation_' + c.target]}{suffix}"
    )


def _paid(api: bool) -> Any:
    def url(c: Any, o: dict[str, Any]) -> str:
        done, fine = o["done_" + c.target], o["fine_" + c.target]
        if api:
            return f"/api/v1/inspections/{done}/sanctions/{fine}/paid"
        return f"/inspections/{done}/sanctions/{fine}/paid/"

    return url


def _day(days: int = 0) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


INSPECTIONS_API_ROWS: list[tuple[Any, ...]] = [
    ("GET", "/api/v1/inspections/risk", lambda c, o: "/api/v1/inspections/risk",
     lambda c: None, _inspects(200)),
    ("GET", "/api/v1/workplaces", lambda c, o: "/api/v1/workplaces", lambda c: None,
     _inspects(200)),
    ("POST", "/api/v1/workplaces", lambda c, o: "/api/v1/workplaces",
     lambda c: {"employer": "Matrix Construct SRL", "sector": "F"}, _inspects(201)),
    ("GET", "/api/v1/workplaces/{public_id}", _wp_api(), lambda c: None, _inspects(200)),
    ("PATCH", "/api/v1/workplaces/{public_id}", _wp_api(), lambda c: {"region": "Cahul"},
     _inspects(200)),
    ("POST", "/api/v1/workplaces/{public_id}/agencies", _wp_api("/agencies"),
     lambda c: {"agency": LINKABLE}, _inspects(200)),
    ("DELETE", "/api/v1/workplaces/{public_id}/agencies/{agency_id}",
     _wp_api(f"/agencies/{LINKED}"), lambda c: None, _inspects(204)),
    # The complaint of centre-a's side is the inspector's; centre-b's is legal aid's.
    ("PUT", "/api/v1/workplaces/{public_id}/complaints/{complaint_id}",
     lambda c, o: f"/api/v1/workplaces/{o['workplace_' + c.target]}/complaints/"
     f"{o['complaint_' + c.target]}",
     lambda c: None,
     lambda c: 403 if c.persona != "inspector" else (200 if c.target == "centre-a" else 404)),
    ("POST", "/api/v1/workplaces/{public_id}/inspections", _wp_api("/inspections"),
     lambda c: {"reason": "risk", "planned_for": _day()}, _inspects(201)),
    ("GET", "/api/v1/inspections", lambda c, o: "/api/v1/inspections", lambda c: None,
     _inspects(200)),
    ("GET", "/api/v1/inspections/{public_id}", _api("planned"), lambda c: None, _runs(200)),
    ("POST", "/api/v1/inspections/{public_id}/visit", _api("planned", "/visit"),
     lambda c: {"visited_on": _day(), "findings": "All in order."}, _runs(200)),
    ("POST", "/api/v1/inspections/{public_id}/cancel", _api("planned", "/cancel"),
     lambda c: {"reason": "The site is closed."}, _runs(200)),
    ("POST", "/api/v1/inspections/{public_id}/violations", _api("done", "/violations"),
     lambda c: {"kind": "safety", "description": "No helmets.", "remedy_by": _day()},
     _runs(201)),
    ("POST", "/api/v1/inspections/{public_id}/violations/{violation_id}/sanctions",
     _violation_api("done", "/sanctions"),
     lambda c: {"kind": "warning", "imposed_on": _day()}, _runs(201)),
    ("POST", "/api/v1/inspections/{public_id}/sanctions/{sanction_id}/paid", _paid(True),
     lambda c: {"paid_on": _day()}, _runs(200)),
    ("POST", "/api/v1/inspections/{public_id}/follow-ups", _api("done", "/follow-ups"),
     lambda c: {"planned_for": _day()}, _runs(201)),
    ("POST", "/api/v1/inspections/{public_id}/violations/{violation_id}/remedied",
     _violation_api("followup", "/remedied"), lambda c: {"remedied_on": _day(2)},
     _runs(200)),
]  # fmt: skip

INSPECTIONS_PAGE_ROWS: list[tuple[Any, ...]] = [
    ("inspections:list", "GET", lambda c, o: "/inspections/?status=planned", lambda c: {},
     _inspects(200)),
    ("inspections:risk", "GET", lambda c, o: "/inspections/risk/?sector=F", lambda c: {},
     _inspects(200)),
    ("inspections:workplaces", "GET", lambda c, o: "/inspections/workplaces/?q=matrix",
     lambda c: {}, _inspects(200)),
    ("inspections:workplace_create", "GET", lambda c, o: "/inspections/workplaces/new/",
     lambda c: {}, _inspects(200)),
    # Nothing filled in: the form comes back with its errors.
    ("inspections:workplace_create", "POST", lambda c, o: "/inspections/workplaces/new/",
     lambda c: {}, _inspects(200)),
    ("inspections:workplace", "GET", _wp_page(), lambda c: {}, _inspects(200)),
    ("inspections:workplace_edit", "GET", _wp_page("edit/"), lambda c: {}, _inspects(200)),
    ("inspections:workplace_edit", "POST", _wp_page("edit/"), lambda c: {}, _inspects(200)),
    ("inspections:agency_link", "POST", _wp_page("agencies/"), lambda c: {}, _inspects(200)),
    ("inspections:agency_unlink", "POST", _wp_page(f"agencies/{LINKED}/remove/"),
     lambda c: {}, _inspects(302)),
    ("inspections:plan", "GET", _wp_page("plan/?reason=risk"), lambda c: {}, _inspects(200)),
    ("inspections:plan", "POST", _wp_page("plan/"), lambda c: {}, _inspects(200)),
    ("inspections:detail", "GET", _page("done"), lambda c: {}, _runs(200)),
    ("inspections:visit", "POST", _page("planned", "visit/"), lambda c: {}, _runs(200)),
    ("inspections:cancel", "POST", _page("planned", "cancel/"), lambda c: {}, _runs(200)),
    ("inspections:violation", "POST", _page("done", "violations/"), lambda c: {},
     _runs(200)),
    ("inspections:sanction", "POST", _page("done", "sanctions/"), lambda c: {}, _runs(200)),
    ("inspections:paid", "POST", _paid(False), lambda c: {}, _runs(200)),
    ("inspections:follow_up", "POST", _page("done", "follow-up/"), lambda c: {}, _runs(200)),
    ("inspections:remedies", "POST", _page("followup", "remedies/"), lambda c: {},
     _runs(200)),
]  # fmt: skip

INSPECTIONS_PUBLIC_API: set[tuple[str, str]] = set()
INSPECTIONS_PUBLIC_PAGES: set[str] = set()


def inspections_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    """The objects the rows use, by key (the two targets: centre-a and centre-b)."""
    now = timezone.now()
    today = timezone.localdate()
    inspector = people["inspector"]
    other = Organisation.objects.create(
        code="inspectorate-b",
        name="Labour Inspectorate B",
        kind=OrganisationKind.LABOUR_INSPECTORATE,
        level=Level.REGIONAL,
        country="MD",
    )
    agencies = {
        public_id: Agency.objects.create(
            public_id=public_id,
            name=name,
            registration_number=number,
            country="MD",
            search_name=name.lower(),
            created_by=inspector,
            created_at=now,
        )
        for public_id, name, number in (
            (LINKABLE, "Matrix Jobs", "1000000000401"),
            (LINKED, "Matrix Staff", "1000000000402"),
        )
    }
    found: dict[str, object] = {}
    for target, organisation in (("centre-a", orgs["inspectorate"]), ("centre-b", other)):
        workplace = Workplace.objects.create(
            employer=f"Matrix Construct {target}",
            search_name=f"matrix construct {target}",
            region="Chișinău",
            sector="F",
            created_by=inspector,
            created_at=now,
        )
        workplace.agencies.add(agencies[LINKED])
        common = {
            "workplace": workplace,
            "organisation": organisation,
            "created_by": inspector,
            "created_at": now,
        }
        planned = Inspection.objects.create(reason="risk", planned_for=today, **common)
        done = Inspection.objects.create(
            reason="other",
            planned_for=today - timedelta(days=30),
            status="done",
            visited_on=today - timedelta(days=30),
            findings="No contracts.",
            **common,
        )
        violation = Violation.objects.create(
            inspection=done,
            workplace=workplace,
            kind="contract",
            description="No written contracts.",
            found_on=today - timedelta(days=30),
            remedy_by=today - timedelta(days=5),
            recorded_by=inspector,
            recorded_at=now,
        )
        fine = Sanction.objects.create(
            violation=violation,
            kind="fine",
            amount=Decimal("5000"),
            currency="MDL",
            imposed_on=today - timedelta(days=29),
            decided_by=inspector,
            recorded_at=now,
        )
        follow_up = Inspection.objects.create(
            reason="follow_up",
            follow_up_of=done,
            planned_for=today - timedelta(days=1),
            status="done",
            visited_on=today - timedelta(days=1),
            findings="Contracts signed.",
            **common,
        )
        found[f"workplace_{target}"] = workplace.public_id
        found[f"planned_{target}"] = planned.public_id
        found[f"done_{target}"] = done.public_id
        found[f"followup_{target}"] = follow_up.public_id
        found[f"violation_{target}"] = violation.pk
        found[f"fine_{target}"] = fine.pk
    return found
