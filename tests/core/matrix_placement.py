"""The placement rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order:
ApiRow(method, path-as-in-OpenAPI, url(case, objects), body(case), expect(case)[, multipart]);
PageRow(name, method, url(case, objects), data(case), expect(case)).
Public routes (anyone, signed in or not) are listed in the PUBLIC sets instead.

Vacancies (integra/placement, integra/portal/views/work.py): centre-a's side is an
employer's vacancy open to foreign workers; centre-b's is an employment office's,
posted for an employer and not open to foreign workers (so not public). No persona
works at an employer or an employment office: only the coordinator keeps vacancies
(integra.core.access.can_post_vacancies, can_manage_vacancy); everyone else is
refused the staff pages and API, and anyone reads the public ones.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from integra.core import access
from integra.core.models import Organisation
from integra.core.roles import Level, OrganisationKind
from integra.placement import services

# The poster of each side's vacancy: (code, kind).
POSTER = {
    "centre-a": ("employer-a", OrganisationKind.EMPLOYER),
    "centre-b": ("office-b", OrganisationKind.EMPLOYMENT_OFFICE),
}


def _keeper(ok: int) -> Any:
    return lambda c: ok if c.persona == "coordinator" else 403


def _vacancy(suffix: str = "") -> Any:
    return lambda c, o: f"/vacancies/{o['vacancy_' + c.target]}/{suffix}"


def _api(suffix: str = "") -> Any:
    return lambda c, o: f"/api/v1/vacancies/{o['vacancy_' + c.target]}{suffix}"


def _body(case: Any) -> dict[str, object]:
    code, kind = POSTER[case.target]
    return {
        "organisation": code,
        "employer_name": "Edil-Construct SA" if kind == OrganisationKind.EMPLOYMENT_OFFICE else "",
        "title": "Bricklayer",
        "occupation": "7112",
        "region": "Bălți",
        "positions": 2,
        "wage_min": "12000",
        "wage_max": "15000",
        "hours_per_week": 40,
        "contract_kind": "permanent",
        "closes_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
    }


PLACEMENT_API_ROWS: list[tuple[object, ...]] = [
    ("GET", "/api/v1/vacancies", lambda c, o: "/api/v1/vacancies", lambda c: None,
     _keeper(200)),
    ("POST", "/api/v1/vacancies", lambda c, o: "/api/v1/vacancies", _body, _keeper(201)),
    ("GET", "/api/v1/vacancies/{public_id}", _api(), lambda c: None, _keeper(200)),
    ("PATCH", "/api/v1/vacancies/{public_id}", _api(), lambda c: {"positions": 5},
     _keeper(200)),
    ("POST", "/api/v1/vacancies/{public_id}/close", _api("/close"),
     lambda c: {"status": "filled"}, _keeper(200)),
    # Public: anyone; centre-b's vacancy is not open to foreign workers, so not found.
    ("GET", "/api/v1/public/vacancies",
     lambda c, o: "/api/v1/public/vacancies?region=B%C4%83l%C8%9Bi", lambda c: None,
     lambda c: 200),
    ("GET", "/api/v1/public/vacancies/{public_id}",
     lambda c, o: f"/api/v1/public/vacancies/{o['vacancy_' + c.target]}", lambda c: None,
     lambda c: 200 if c.target == "centre-a" else 404),
    ("GET", "/api/v1/labour-demand", lambda c, o: "/api/v1/labour-demand", lambda c: None,
     lambda c: 200),
]  # fmt: skip

# (method, path) of API operations that answer without an account.
PLACEMENT_PUBLIC_API: set[tuple[str, str]] = {
    ("GET", "/api/v1/public/vacancies"),
    ("GET", "/api/v1/public/vacancies/{public_id}"),
    ("GET", "/api/v1/labour-demand"),
}

PLACEMENT_PAGE_ROWS: list[tuple[object, ...]] = [
    ("placement:list", "GET", lambda c, o: "/vacancies/?status=open", lambda c: {},
     _keeper(200)),
    ("placement:create", "GET", lambda c, o: "/vacancies/new/", lambda c: {}, _keeper(200)),
    # Nothing filled in: the coordinator gets the form's errors back.
    ("placement:create", "POST", lambda c, o: "/vacancies/new/", lambda c: {}, _keeper(200)),
    ("placement:edit", "GET", _vacancy("edit/"), lambda c: {}, _keeper(200)),
    ("placement:edit", "POST", _vacancy("edit/"), lambda c: {}, _keeper(200)),
    ("placement:close", "GET", _vacancy("close/"), lambda c: {}, _keeper(200)),
    # No reason chosen: the form comes back with the error.
    ("placement:close", "POST", _vacancy("close/"), lambda c: {}, _keeper(200)),
]  # fmt: skip

# Page names ("namespace:name") that answer without an account.
PLACEMENT_PUBLIC_PAGES: set[str] = {"work:index", "work:vacancy", "work:demand"}


def placement_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    """The objects the rows use, by key (the two targets: centre-a and centre-b)."""
    coordinator = access.actor_for(people["coordinator"])
    found: dict[str, object] = {}
    for target, (code, kind) in POSTER.items():
        Organisation.objects.create(
            code=code, name=f"Poster {code}", kind=kind, level=Level.LOCAL, country="MD"
        )
        office = kind == OrganisationKind.EMPLOYMENT_OFFICE
        vacancy = services.vacancy_create(
            actor=coordinator,
            data=services.VacancyData(
                organisation=code,
                employer_name="Agro-Sud SRL" if office else "",
                title="Grape picker",
                occupation="9211",
                region="Bălți",
                positions=4,
                wage_min=Decimal(450),
                wage_max=Decimal(550),
                wage_period="day",
                hours_per_week=40,
                contract_kind="seasonal",
                open_to_foreign_workers=not office,
                closes_on=timezone.localdate() + timedelta(days=30),
            ),
        )
        found[f"vacancy_{target}"] = vacancy.public_id
    return found
