"""Every API operation and every page, for every role, on its own and another organisation.

The expectation for each cell is written out here, next to the route, so the
access policy in integra/core/access.py is checked from the outside. A route
that is added without a row here fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from integra.api import api
from integra.core import access, services
from integra.core.models import Membership, Todo, User
from integra.people.models import (
    Consent,
    Household,
    HouseholdMember,
    Person,
    PersonImport,
    PersonMerge,
    Request,
    Responsibility,
)
from tests.core.matrix_agencies import (
    AGENCIES_API_ROWS,
    AGENCIES_PAGE_ROWS,
    AGENCIES_PUBLIC_API,
    AGENCIES_PUBLIC_PAGES,
    agencies_objects,
)
from tests.core.matrix_complaints import (
    COMPLAINTS_API_ROWS,
    COMPLAINTS_PAGE_ROWS,
    COMPLAINTS_PUBLIC_API,
    COMPLAINTS_PUBLIC_PAGES,
    complaints_objects,
)
from tests.core.matrix_counselling import (
    COUNSELLING_API_ROWS,
    COUNSELLING_PAGE_ROWS,
    COUNSELLING_PUBLIC_API,
    COUNSELLING_PUBLIC_PAGES,
    counselling_objects,
)
from tests.core.matrix_courses import courses_objects
from tests.core.matrix_courses_api import COURSES_API_ROWS, COURSES_PUBLIC_API
from tests.core.matrix_courses_pages import (
    CATALOGUE_PAGE_ROWS,
    COURSES_PUBLIC_PAGES,
    IMPORT_PAGE_ROWS,
    LEARNER_PAGE_ROWS,
)
from tests.core.matrix_dashboards import (
    DASHBOARDS_API_ROWS,
    DASHBOARDS_PAGE_ROWS,
    DASHBOARDS_PUBLIC_API,
    DASHBOARDS_PUBLIC_PAGES,
    dashboards_objects,
)
from tests.core.matrix_funding import (
    FUNDING_API_ROWS,
    FUNDING_PAGE_ROWS,
    FUNDING_PUBLIC_API,
    FUNDING_PUBLIC_PAGES,
    funding_objects,
)
from tests.core.matrix_incidents import (
    INCIDENTS_API_ROWS,
    INCIDENTS_PAGE_ROWS,
    INCIDENTS_PUBLIC_API,
    INCIDENTS_PUBLIC_PAGES,
    incidents_objects,
)
from tests.core.matrix_inspections import (
    INSPECTIONS_API_ROWS,
    INSPECTIONS_PAGE_ROWS,
    INSPECTIONS_PUBLIC_API,
    INSPECTIONS_PUBLIC_PAGES,
    inspections_objects,
)
from tests.core.matrix_placement import (
    PLACEMENT_API_ROWS,
    PLACEMENT_PAGE_ROWS,
    PLACEMENT_PUBLIC_API,
    PLACEMENT_PUBLIC_PAGES,
    placement_objects,
)
from tests.core.matrix_plans import DEFINITION, PROGRAMME_READERS, plan_objects
from tests.core.matrix_portal import (
    PORTAL_STAFF_API_ROWS,
    PORTAL_STAFF_PAGE_ROWS,
    portal_objects,
)
from tests.core.matrix_practices import (
    PRACTICES_API_ROWS,
    PRACTICES_PAGE_ROWS,
    PRACTICES_PUBLIC_API,
    PRACTICES_PUBLIC_PAGES,
    practices_objects,
)
from tests.core.matrix_reports import (
    REPORTS_API_ROWS,
    REPORTS_PAGE_ROWS,
    REPORTS_PUBLIC_API,
    REPORTS_PUBLIC_PAGES,
    reports_objects,
)
from tests.core.matrix_rights import (
    RIGHTS_API_ROWS,
    RIGHTS_PAGE_ROWS,
    RIGHTS_PUBLIC_API,
    RIGHTS_PUBLIC_PAGES,
    rights_objects,
)
from tests.core.matrix_services import services_objects
from tests.core.matrix_services_api import SERVICES_API_ROWS
from tests.core.matrix_services_pages import SERVICES_PAGE_ROWS, SERVICES_PUBLIC_PAGES
from tests.core.matrix_statistics import (
    STATISTICS_PAGE_ROWS,
    STATISTICS_PUBLIC_PAGES,
    statistics_objects,
)
from tests.core.matrix_statistics_api import STATISTICS_API_ROWS, STATISTICS_PUBLIC_API
from tests.core.matrix_surveys import (
    SURVEYS_API_ROWS,
    SURVEYS_PAGE_ROWS,
    SURVEYS_PUBLIC_API,
    SURVEYS_PUBLIC_PAGES,
    surveys_objects,
)

ROLES = [
    "admin",
    "caseworker",
    "partner",
    "teacher",
    "coordinator",
    "inspector",
    "analyst",
    "migrant",
    "dpo",
    "national_admin",
    "stranger",
]
STAFF = {
    "admin",
    "caseworker",
    "partner",
    "teacher",
    "coordinator",
    "inspector",
    "analyst",
    "dpo",
    "national_admin",
}
# Persona → the organisations it administers (national_admin: the root and all below).
ADMINISTERS = {"admin": {"centre-a"}, "national_admin": {"bma", "centre-a", "centre-b"}}
BREAK_GLASS = {
    "admin",
    "caseworker",
    "partner",
    "teacher",
    "coordinator",
    "inspector",
    "national_admin",
}


@dataclass(frozen=True)
class Case:
    persona: str
    target: str  # "centre-a" (own for most personas) or "centre-b" (another organisation)


def _admin_over(case: Case) -> bool:
    return case.target in ADMINISTERS.get(case.persona, set())


def _visible(case: Case) -> bool:
    return case.persona in STAFF


# --- API ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiRow:
    method: str
    path: str  # as in the OpenAPI document
    url: Callable[[Case, dict[str, object]], str]
    body: Callable[[Case], dict[str, object] | None]
    expect: Callable[[Case], int]
    multipart: bool = False


REGISTRY = {"caseworker", "coordinator"}  # who may use the registry at all


def _person_status(case: Case, ok: int = 200) -> int:
    """A person registered at case.target: the caseworker of centre A sees A's
    people only; the coordinator sees all; everyone else learns nothing (404)."""
    if case.persona == "coordinator" or (
        case.persona == "caseworker" and case.target == "centre-a"
    ):
        return ok
    return 403 if case.persona == "caseworker" else 404


def _import_status(case: Case, ok: int = 200) -> int:
    """An import by case.target: for those who see that organisation's cases."""
    if case.persona == "coordinator" or (
        case.persona == "caseworker" and case.target == "centre-a"
    ):
        return ok
    return 404


def _merge_status(case: Case, ok: int = 200, *, undo: bool = False) -> int:
    """A merge into a person of case.target: seen by those who work on the case or
    administer it; undone only by administrators."""
    administers = case.target in ADMINISTERS.get(case.persona, set())
    works_on = case.persona == "coordinator" or (
        case.persona == "caseworker" and case.target == "centre-a"
    )
    if administers:
        return ok
    if works_on:
        return 403 if undo else ok
    return 404


MERGE_LIST = {"caseworker", "coordinator", "admin", "national_admin"}


def _request_status(case: Case, ok: int = 200) -> int:
    """A request of a person of case.target: behind the firewall, for those who
    work on the case; everyone else learns nothing."""
    if case.persona == "coordinator" or (
        case.persona == "caseworker" and case.target == "centre-a"
    ):
        return ok
    return 404


def _today() -> str:
    return timezone.localdate().isoformat()


def _upload(case: Case) -> dict[str, object]:
    return {
        "file": SimpleUploadedFile("people.csv", b"external_id,given_name,sex\nX1,Ana,female\n"),
        "mode": "all",
    }


def _org_status(case: Case, allowed: bool, ok: int = 200) -> int:
    if not _visible(case):
        return 404
    return ok if allowed else 403


API_ROWS = [
    ApiRow("GET", "/api/v1/me", lambda c, o: "/api/v1/me", lambda c: None, lambda c: 200),
    ApiRow(
        "POST",
        "/api/v1/households/{household_id}/split",
        lambda c, o: f"/api/v1/households/{o['household_' + c.target]}/split",
        lambda c: {"members": ["P-0000-0000"], "head": "P-0000-0000"},
        # Allowed: the household is read, then the stranger id is refused (422).
        lambda c: 422 if _person_status(c) == 200 else _person_status(c),
    ),
    ApiRow(
        "POST",
        "/api/v1/households/{household_id}/merge",
        lambda c, o: f"/api/v1/households/{o['household_' + c.target]}/merge",
        lambda c: {"other": "H-0000-0000"},
        lambda c: 404 if _person_status(c) == 200 else _person_status(c),
    ),
    ApiRow(
        "GET",
        "/api/v1/requests",
        lambda c, o: "/api/v1/requests",
        lambda c: None,
        lambda c: 200 if c.persona in REGISTRY else 403,
    ),
    ApiRow(
        "GET",
        "/api/v1/persons/{public_id}/requests",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/requests",
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/requests",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/requests",
        lambda c: {"kind": "naturalisation", "submitted_on": _today()},
        lambda c: _person_status(c, 201),
    ),
    ApiRow(
        "GET",
        "/api/v1/requests/{request_id}",
        lambda c, o: f"/api/v1/requests/{o['request_' + c.target]}",
        lambda c: None,
        _request_status,
    ),
    ApiRow(
        "POST",
        "/api/v1/requests/{request_id}/status",
        lambda c, o: f"/api/v1/requests/{o['request_' + c.target]}/status",
        lambda c: {"status": "in_review", "on": _today()},
        _request_status,
    ),
    ApiRow(
        "POST",
        "/api/v1/requests/{request_id}/members",
        lambda c, o: f"/api/v1/requests/{o['request_' + c.target]}/members",
        lambda c: {"name": "Іван", "relationship": "child", "country": "UA"},
        lambda c: _request_status(c, 201),
    ),
    ApiRow(
        "POST",
        "/api/v1/requests/{request_id}/documents",
        lambda c, o: f"/api/v1/requests/{o['request_' + c.target]}/documents",
        lambda c: {"title": "Marriage certificate", "received_on": _today()},
        lambda c: _request_status(c, 201),
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/merge",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/merge",
        lambda c: {"duplicate": "P-0000-0000", "reason": "Same passport at the desk."},
        # The person is checked first; the duplicate given does not exist (404 after).
        lambda c: 404 if _person_status(c) == 200 else _person_status(c),
    ),
    ApiRow(
        "GET",
        "/api/v1/merges",
        lambda c, o: "/api/v1/merges",
        lambda c: None,
        lambda c: 200 if c.persona in MERGE_LIST else 403,
    ),
    ApiRow(
        "GET",
        "/api/v1/merges/{merge_id}",
        lambda c, o: f"/api/v1/merges/{o['merge_' + c.target]}",
        lambda c: None,
        _merge_status,
    ),
    ApiRow(
        "POST",
        "/api/v1/merges/{merge_id}/undo",
        lambda c, o: f"/api/v1/merges/{o['merge_' + c.target]}/undo",
        lambda c: {"reason": "They are twins, not one person."},
        lambda c: _merge_status(c, undo=True),
    ),
    ApiRow(
        "POST",
        "/api/v1/imports",
        lambda c, o: "/api/v1/imports",
        _upload,
        lambda c: 202 if c.persona == "caseworker" else 403,
        multipart=True,
    ),
    ApiRow(
        "GET",
        "/api/v1/imports",
        lambda c, o: "/api/v1/imports",
        lambda c: None,
        lambda c: 200 if c.persona in REGISTRY else 403,
    ),
    ApiRow(
        "GET",
        "/api/v1/imports/template.{file_type}",
        lambda c, o: "/api/v1/imports/template.xlsx",
        lambda c: None,
        lambda c: 200 if c.persona == "caseworker" else 403,
    ),
    ApiRow(
        "GET",
        "/api/v1/imports/{import_id}",
        lambda c, o: f"/api/v1/imports/{o['import_' + c.target]}",
        lambda c: None,
        _import_status,
    ),
    ApiRow(
        "GET",
        "/api/v1/imports/{import_id}/{which}.csv",
        lambda c, o: f"/api/v1/imports/{o['import_' + c.target]}/errors.csv",
        lambda c: None,
        _import_status,
    ),
    ApiRow(
        "GET",
        "/api/v1/organisations",
        lambda c, o: "/api/v1/organisations",
        lambda c: None,
        lambda c: 200,
    ),
    ApiRow(
        "POST",
        "/api/v1/organisations",
        lambda c, o: "/api/v1/organisations",
        lambda c: {
            "code": f"unit-{c.persona}",
            "name": "Unit",
            "kind": "ngo",
            "level": "local",
            "country": "MD",
            "parent": c.target,
        },
        lambda c: _org_status(c, _admin_over(c), 201),
    ),
    ApiRow(
        "GET",
        "/api/v1/organisations/{code}",
        lambda c, o: f"/api/v1/organisations/{c.target}",
        lambda c: None,
        lambda c: _org_status(c, True),
    ),
    ApiRow(
        "PATCH",
        "/api/v1/organisations/{code}",
        lambda c, o: f"/api/v1/organisations/{c.target}",
        lambda c: {"locality": "Elsewhere"},
        lambda c: _org_status(c, _admin_over(c)),
    ),
    ApiRow(
        "GET",
        "/api/v1/organisations/{code}/members",
        lambda c, o: f"/api/v1/organisations/{c.target}/members",
        lambda c: None,
        lambda c: _org_status(c, _admin_over(c)),
    ),
    ApiRow(
        "POST",
        "/api/v1/organisations/{code}/members",
        lambda c, o: f"/api/v1/organisations/{c.target}/members",
        lambda c: {"username": f"new-{c.persona}", "role": "partner"},
        lambda c: _org_status(c, _admin_over(c), 201),
    ),
    ApiRow(
        "DELETE",
        "/api/v1/members/{membership_id}",
        lambda c, o: f"/api/v1/members/{o['victim_' + c.target]}",
        lambda c: None,
        lambda c: 204 if _admin_over(c) else 404,
    ),
    ApiRow("GET", "/api/v1/tokens", lambda c, o: "/api/v1/tokens", lambda c: None, lambda c: 200),
    ApiRow(
        "POST",
        "/api/v1/tokens",
        lambda c, o: "/api/v1/tokens",
        lambda c: {"name": "script"},
        lambda c: 201 if c.persona != "stranger" else 403,
    ),
    ApiRow(
        "DELETE",
        "/api/v1/tokens/{prefix}",
        lambda c, o: f"/api/v1/tokens/{o['foreign_token']}",
        lambda c: None,
        lambda c: 404,
    ),
    ApiRow(
        "POST",
        "/api/v1/break-glass",
        lambda c, o: "/api/v1/break-glass",
        lambda c: {
            "record_type": "organisation",
            "record_id": c.target,
            "reason": "Urgent check requested by the regional director.",
        },
        lambda c: 201 if c.persona in BREAK_GLASS else 403,
    ),
    ApiRow(
        "GET",
        "/api/v1/audit",
        lambda c, o: "/api/v1/audit",
        lambda c: None,
        lambda c: 200 if c.persona == "dpo" else 403,
    ),
    ApiRow("GET", "/api/v1/todos", lambda c, o: "/api/v1/todos", lambda c: None, lambda c: 200),
    ApiRow(
        "POST",
        "/api/v1/todos/{todo_id}/done",
        lambda c, o: f"/api/v1/todos/{o['todo_' + c.target]}/done",
        lambda c: None,
        lambda c: 204 if (c.persona, c.target) == ("caseworker", "centre-a") else 404,
    ),
    ApiRow(
        "GET",
        "/api/v1/persons",
        lambda c, o: "/api/v1/persons?q=Муратов",
        lambda c: None,
        lambda c: 200 if c.persona in REGISTRY else 403,
    ),
    ApiRow(
        "POST",
        "/api/v1/persons",
        lambda c, o: "/api/v1/persons",
        lambda c: {"given_name": "Amina", "family_name": f"Test-{c.persona}", "confirm_new": True},
        lambda c: 201 if c.persona == "caseworker" else 403,
    ),
    ApiRow(
        "GET",
        "/api/v1/persons/{public_id}",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}",
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "GET",
        "/api/v1/persons/{public_id}/statuses",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/statuses",
        lambda c: None,
        _person_status,  # the firewall: inspectors and analysts learn nothing
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/statuses",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/statuses",
        lambda c: {"category": "asylum_seeker", "valid_from": "2024-01-01"},
        lambda c: _person_status(c, 201),
    ),
    ApiRow(
        "GET",
        "/api/v1/persons/{public_id}/documents",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/documents",
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/documents",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/documents",
        lambda c: {
            "kind": "passport",
            "number": f"FA{len(c.persona)}{c.target[-1]}77",
            "issuing_country": "UA",
        },
        lambda c: _person_status(c, 201),
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/names",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/names",
        lambda c: {"kind": "alias", "name": f"Рустамджон {c.persona}"},
        lambda c: _person_status(c, 201),
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/languages",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/languages",
        lambda c: {"code": "ro", "declared_level": "A2"},
        lambda c: _person_status(c, 201),
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/qualifications",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/qualifications",
        lambda c: {"title": "Nurse", "country": "TJ", "isced_level": 5, "occupation": "3221"},
        lambda c: _person_status(c, 201),
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/experience",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/experience",
        lambda c: {"occupation": "7112", "years": "4.5"},
        lambda c: _person_status(c, 201),
    ),
    ApiRow(
        "GET",
        "/api/v1/persons/{public_id}/vulnerability",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/vulnerability",
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "PUT",
        "/api/v1/persons/{public_id}/vulnerability",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/vulnerability",
        lambda c: {"single_parent": True},
        _person_status,
    ),
    ApiRow(
        "GET",
        "/api/v1/persons/{public_id}/consents",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/consents",
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/consents",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/consents",
        lambda c: {"purpose": "referral", "recipients": ["ngo"], "given_on": "2024-01-01"},
        lambda c: _person_status(c, 201),
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/consents/{consent_id}/withdraw",
        lambda c, o: (
            f"/api/v1/persons/{o['person_' + c.target]}"
            f"/consents/{o['consent_' + c.target]}/withdraw"
        ),
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "GET",
        "/api/v1/households/{household_id}",
        lambda c, o: f"/api/v1/households/{o['household_' + c.target]}",
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/household",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/household",
        lambda c: {"household": None, "relationship": "other"},
        _person_status,
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/household/leave",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/household/leave",
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "PATCH",
        "/api/v1/persons/{public_id}",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}",
        lambda c: {"locality": "Chișinău"},
        _person_status,
    ),
]


# --- Plans: programmes, questionnaires, assessments, plans, caseload ---------------------------


def _plan_write(case: Case, ok: int = 201) -> int:
    """Plans are written by caseworkers of the responsible organisation; the
    coordinator reads them but may not write; everyone else learns nothing."""
    if case.persona == "caseworker":
        return ok if case.target == "centre-a" else 403
    return 403 if case.persona == "coordinator" else 404


def _programme_read(case: Case, ok: int = 200, refused: int = 403) -> int:
    return ok if case.persona in PROGRAMME_READERS else refused


def _programme_write(case: Case, ok: int = 201, *, found_first: bool = True) -> int:
    """Coordinators manage programmes; the programme is looked up first, so those
    who may not read programmes learn nothing (404)."""
    if case.persona == "coordinator":
        return ok
    if found_first and case.persona not in PROGRAMME_READERS:
        return 404
    return 403


def _plan_url(suffix: str = "") -> Callable[[Case, dict[str, object]], str]:
    return lambda c, o: f"/api/v1/plans/{o['plan_' + c.target]}{suffix}"


def _person_url(suffix: str) -> Callable[[Case, dict[str, object]], str]:
    return lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}{suffix}"


PROGRAMME_BODY = {
    "code": "matrix",
    "country": "MD",
    "name": "Matrix programme",
    "participation": "voluntary",
    "min_months": 12,
    "max_months": 24,
    "review_every_days": 90,
    "domains": ["housing", "language"],
}

API_ROWS += [
    ApiRow(
        "GET",
        "/api/v1/programmes",
        lambda c, o: "/api/v1/programmes",
        lambda c: None,
        _programme_read,
    ),
    ApiRow(
        "POST",
        "/api/v1/programmes",
        lambda c, o: "/api/v1/programmes",
        lambda c: {**PROGRAMME_BODY, "code": "matrix-new"},
        lambda c: _programme_write(c, found_first=False),
    ),
    ApiRow(
        "GET",
        "/api/v1/programmes/{code}",
        lambda c, o: "/api/v1/programmes/matrix",
        lambda c: None,
        lambda c: _programme_read(c, refused=404),
    ),
    ApiRow(
        "PUT",
        "/api/v1/programmes/{code}",
        lambda c, o: "/api/v1/programmes/matrix",
        lambda c: PROGRAMME_BODY,
        lambda c: _programme_write(c, 200),
    ),
    ApiRow(
        "POST",
        "/api/v1/programmes/{code}/measures",
        lambda c, o: "/api/v1/programmes/matrix/measures",
        lambda c: {
            "code": "flat",
            "domain": "housing",
            "kind": "housing_search",
            "title": "Find a flat",
            "due_within_days": 60,
        },
        _programme_write,
    ),
    ApiRow(
        "DELETE",
        "/api/v1/programmes/{code}/measures/{measure}",
        lambda c, o: "/api/v1/programmes/matrix/measures/none",
        lambda c: None,
        lambda c: _programme_write(c, 404),
    ),
    ApiRow(
        "POST",
        "/api/v1/programmes/{code}/incentives",
        lambda c, o: "/api/v1/programmes/matrix/incentives",
        lambda c: {"name": "Allowance", "condition": "While attending the course"},
        _programme_write,
    ),
    ApiRow(
        "GET",
        "/api/v1/questionnaires",
        lambda c, o: "/api/v1/questionnaires",
        lambda c: None,
        _programme_read,
    ),
    ApiRow(
        "GET",
        "/api/v1/questionnaires/{questionnaire_id}",
        lambda c, o: f"/api/v1/questionnaires/{o['questionnaire']}",
        lambda c: None,
        lambda c: _programme_read(c, refused=404),
    ),
    ApiRow(
        "POST",
        "/api/v1/questionnaires",
        lambda c, o: "/api/v1/questionnaires",
        lambda c: {"code": "matrix", "country": "MD", "title": "v2", "definition": DEFINITION},
        lambda c: _programme_write(c, found_first=False),
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/assessments",
        _person_url("/assessments"),
        lambda c: {"questionnaire": 0, "answers": {}},  # filled in by the fixture's id below
        lambda c: _plan_write(c, 404),  # questionnaire 0 does not exist: reached the service
    ),
    ApiRow(
        "GET",
        "/api/v1/persons/{public_id}/assessments",
        _person_url("/assessments"),
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "GET",
        "/api/v1/assessments/{public_id}",
        lambda c, o: f"/api/v1/assessments/{o['assessment_' + c.target]}",
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "POST",
        "/api/v1/persons/{public_id}/plans",
        _person_url("/plans"),
        lambda c: {"programme": "matrix", "starts_on": _today()},
        lambda c: _plan_write(c, 409),  # each person already has an open plan
    ),
    ApiRow(
        "GET",
        "/api/v1/persons/{public_id}/plans",
        _person_url("/plans"),
        lambda c: None,
        _person_status,
    ),
    ApiRow(
        "GET",
        "/api/v1/persons/{public_id}/alerts",
        _person_url("/alerts"),
        lambda c: None,
        _person_status,
    ),
    ApiRow("GET", "/api/v1/plans/{public_id}", _plan_url(), lambda c: None, _person_status),
    ApiRow(
        "POST",
        "/api/v1/plans/{public_id}/goals",
        _plan_url("/goals"),
        lambda c: {"domain": "housing", "text": "A flat of their own"},
        _plan_write,
    ),
    ApiRow(
        "POST",
        "/api/v1/plans/{public_id}/measures",
        _plan_url("/measures"),
        lambda c: {
            "domain": "language",
            "kind": "language_course",
            "title": "Romanian course",
            "due_on": _today(),
        },
        _plan_write,
    ),
    ApiRow(
        "PATCH",
        "/api/v1/plans/{public_id}/measures/{measure_id}",
        lambda c, o: f"/api/v1/plans/{o['plan_' + c.target]}/measures/{o['measure_' + c.target]}",
        lambda c: {"status": "in_progress"},
        lambda c: _plan_write(c, 200),
    ),
    ApiRow(
        "POST",
        "/api/v1/plans/{public_id}/agree",
        _plan_url("/agree"),
        lambda c: {"agreed_on": _today(), "how": "signed"},
        lambda c: _plan_write(c, 200),
    ),
    ApiRow(
        "POST",
        "/api/v1/plans/{public_id}/reviews",
        _plan_url("/reviews"),
        lambda c: {"reviewed_on": _today(), "note": "Going well."},
        lambda c: _plan_write(c, 422),  # a draft plan is not reviewed yet
    ),
    ApiRow(
        "POST",
        "/api/v1/plans/{public_id}/close",
        _plan_url("/close"),
        lambda c: {"outcome": "moved"},
        lambda c: _plan_write(c, 200),
    ),
    ApiRow(
        "GET",
        "/api/v1/caseload",
        lambda c, o: "/api/v1/caseload",
        lambda c: None,
        lambda c: 200 if c.persona in REGISTRY else 403,
    ),
    ApiRow(
        "POST",
        "/api/v1/caseload/reassign",
        lambda c, o: "/api/v1/caseload/reassign",
        lambda c: {"plans": ["L-0000-0000"], "caseworker": "caseworker"},
        lambda c: 403,  # nobody in the matrix supervises a team (see test_workspace.py)
    ),
    ApiRow(
        "GET",
        "/api/v1/persons/{public_id}/timeline",
        _person_url("/timeline"),
        lambda c: None,
        _person_status,
    ),
]

# Partners: directory, partnerships, referrals, volunteers, inbox
# (tests/core/matrix_services_api.py).
API_ROWS += [ApiRow(*row) for row in SERVICES_API_ROWS]

# Courses (tests/core/matrix_courses_api.py).
API_ROWS += [ApiRow(*row) for row in COURSES_API_ROWS]
API_ROWS += [ApiRow(*row) for row in PORTAL_STAFF_API_ROWS]
API_ROWS += [ApiRow(*row) for row in RIGHTS_API_ROWS]
API_ROWS += [ApiRow(*row) for row in PLACEMENT_API_ROWS]
API_ROWS += [ApiRow(*row) for row in COMPLAINTS_API_ROWS]
API_ROWS += [ApiRow(*row) for row in AGENCIES_API_ROWS]
API_ROWS += [ApiRow(*row) for row in INSPECTIONS_API_ROWS]
API_ROWS += [ApiRow(*row) for row in INCIDENTS_API_ROWS]
API_ROWS += [ApiRow(*row) for row in COUNSELLING_API_ROWS]
API_ROWS += [ApiRow(*row) for row in STATISTICS_API_ROWS]
API_ROWS += [ApiRow(*row) for row in DASHBOARDS_API_ROWS]
API_ROWS += [ApiRow(*row) for row in FUNDING_API_ROWS]
API_ROWS += [ApiRow(*row) for row in PRACTICES_API_ROWS]
API_ROWS += [ApiRow(*row) for row in REPORTS_API_ROWS]
API_ROWS += [ApiRow(*row) for row in SURVEYS_API_ROWS]


# --- Pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageRow:
    name: str  # URL name in the core namespace
    method: str
    url: Callable[[Case, dict[str, object]], str]
    data: Callable[[Case], dict[str, str]]
    expect: Callable[[Case], int]


def _page_org(case: Case, allowed: bool, ok: int = 200) -> int:
    if not _visible(case):
        return 404
    return ok if allowed else 403


PAGE_ROWS = [
    PageRow(
        "people:household_split",
        "POST",
        lambda c, o: f"/people/households/{o['household_' + c.target]}/split/",
        lambda c: {},
        _person_status,  # allowed: the form comes back with its errors (200)
    ),
    PageRow(
        "people:household_merge",
        "POST",
        lambda c, o: f"/people/households/{o['household_' + c.target]}/merge/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:request_open",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/requests/new/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:request_detail",
        "GET",
        lambda c, o: f"/people/requests/{o['request_' + c.target]}/",
        lambda c: {},
        _request_status,
    ),
    PageRow(
        "people:request_status",
        "GET",
        lambda c, o: f"/people/requests/{o['request_' + c.target]}/status/",
        lambda c: {},
        _request_status,
    ),
    PageRow(
        "people:request_member_add",
        "GET",
        lambda c, o: f"/people/requests/{o['request_' + c.target]}/members/new/",
        lambda c: {},
        _request_status,
    ),
    PageRow(
        "people:request_document_add",
        "GET",
        lambda c, o: f"/people/requests/{o['request_' + c.target]}/documents/new/",
        lambda c: {},
        _request_status,
    ),
    PageRow(
        "people:person_merge",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/merge/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:merge_list",
        "GET",
        lambda c, o: "/people/merges/",
        lambda c: {},
        lambda c: 200 if c.persona in MERGE_LIST else 403,
    ),
    PageRow(
        "people:merge_undo",
        "GET",
        lambda c, o: f"/people/merges/{o['merge_' + c.target]}/undo/",
        lambda c: {},
        lambda c: _merge_status(c, undo=True),
    ),
    PageRow(
        "people:import_start",
        "GET",
        lambda c, o: "/people/import/",
        lambda c: {},
        lambda c: 200 if c.persona == "caseworker" else 403,
    ),
    PageRow(
        "people:import_template",
        "GET",
        lambda c, o: "/people/import/template.csv",
        lambda c: {},
        lambda c: 200 if c.persona == "caseworker" else 403,
    ),
    PageRow(
        "people:import_detail",
        "GET",
        lambda c, o: f"/people/import/{o['import_' + c.target]}/",
        lambda c: {},
        _import_status,
    ),
    PageRow(
        "people:import_download",
        "GET",
        lambda c, o: f"/people/import/{o['import_' + c.target]}/errors.csv",
        lambda c: {},
        _import_status,
    ),
    PageRow("home", "GET", lambda c, o: "/", lambda c: {}, lambda c: 200),
    PageRow(
        "switch_membership",
        "POST",
        lambda c, o: "/account/membership/",
        lambda c: {"membership": "0"},
        lambda c: 302,
    ),
    PageRow("tokens", "GET", lambda c, o: "/account/tokens/", lambda c: {}, lambda c: 200),
    PageRow(
        "token_revoke",
        "POST",
        lambda c, o: f"/account/tokens/{o['foreign_token']}/revoke/",
        lambda c: {},
        lambda c: 404,  # somebody else's token does not exist for you
    ),
    PageRow(
        "password_change", "GET", lambda c, o: "/account/password/", lambda c: {}, lambda c: 200
    ),
    PageRow(
        "organisation_list", "GET", lambda c, o: "/organisations/", lambda c: {}, lambda c: 200
    ),
    PageRow(
        "organisation_create",
        "GET",
        lambda c, o: f"/organisations/new/?parent={c.target}",
        lambda c: {},
        lambda c: _page_org(c, _admin_over(c)),
    ),
    PageRow(
        "organisation_detail",
        "GET",
        lambda c, o: f"/organisations/{c.target}/",
        lambda c: {},
        lambda c: _page_org(c, True),
    ),
    PageRow(
        "organisation_edit",
        "GET",
        lambda c, o: f"/organisations/{c.target}/edit/",
        lambda c: {},
        lambda c: _page_org(c, _admin_over(c)),
    ),
    PageRow(
        "member_add",
        "GET",
        lambda c, o: f"/organisations/{c.target}/members/new/",
        lambda c: {},
        lambda c: _page_org(c, _admin_over(c)),
    ),
    PageRow(
        "break_glass",
        "POST",
        lambda c, o: f"/organisations/{c.target}/break-glass/",
        lambda c: {"reason": "Urgent check requested by the regional director."},
        lambda c: _page_org(c, c.persona in BREAK_GLASS, 302),
    ),
    PageRow(
        "member_remove",
        "POST",
        lambda c, o: f"/members/{o['victim_' + c.target]}/remove/",
        lambda c: {},
        lambda c: 302 if _admin_over(c) else 404,
    ),
    PageRow(
        "member_reset_password",
        "POST",
        lambda c, o: f"/members/{o['victim_' + c.target]}/reset-password/",
        lambda c: {},
        lambda c: 200 if _admin_over(c) else 404,
    ),
    PageRow(
        "member_reset_two_factor",
        "POST",
        lambda c, o: f"/members/{o['victim_' + c.target]}/reset-two-factor/",
        lambda c: {},
        lambda c: 302 if _admin_over(c) else 404,
    ),
    PageRow(
        "todo_done",
        "POST",
        lambda c, o: f"/todos/{o['todo_' + c.target]}/done/",
        lambda c: {},
        lambda c: 302 if (c.persona, c.target) == ("caseworker", "centre-a") else 404,
    ),
    PageRow(
        "audit",
        "GET",
        lambda c, o: "/audit/",
        lambda c: {},
        lambda c: 200 if c.persona == "dpo" else 403,
    ),
]
PAGE_ROWS += [
    PageRow(
        "people:person_list",
        "GET",
        lambda c, o: "/people/?q=Muratov",
        lambda c: {},
        lambda c: 200 if c.persona in REGISTRY else 403,
    ),
    PageRow(
        "people:person_export",
        "GET",
        lambda c, o: "/people/export.csv?q=Muratov",
        lambda c: {},
        lambda c: 200 if c.persona in REGISTRY else 403,
    ),
    PageRow(
        "people:person_register",
        "GET",
        lambda c, o: "/people/new/",
        lambda c: {},
        lambda c: 200 if c.persona == "caseworker" else 403,
    ),
    PageRow(
        "people:person_detail",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:person_edit",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/edit/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:document_record",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/documents/new/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:other_name_add",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/names/new/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:skills",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/skills/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:vulnerability",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/vulnerability/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:consent_give",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/consents/new/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:consent_withdraw",
        "POST",
        lambda c, o: (
            f"/people/{o['person_' + c.target]}/consents/{o['consent_' + c.target]}/withdraw/"
        ),
        lambda c: {},
        lambda c: _person_status(c, 302),
    ),
    PageRow(
        "people:household_detail",
        "GET",
        lambda c, o: f"/people/households/{o['household_' + c.target]}/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:household_join",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/household/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:household_leave",
        "POST",
        lambda c, o: f"/people/{o['person_' + c.target]}/household/leave/",
        lambda c: {},
        lambda c: _person_status(c, 302),
    ),
    PageRow(
        "people:status_record",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/status/new/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "people:person_break_glass",
        "POST",
        lambda c, o: f"/people/{o['person_' + c.target]}/break-glass/",
        lambda c: {"reason": "The person is at our desk and their centre is closed today."},
        lambda c: 302 if c.persona == "caseworker" else 403,
    ),
]


def _page_plan_write(case: Case, ok: int = 200) -> int:
    """A plan page that writes: the caseworker of centre A gets the form; others
    who may read the plan (centre B's caseworker, the coordinator) are refused;
    everyone else learns nothing."""
    return _plan_write(case, ok)


def _page_programme_write(case: Case, ok: int = 200) -> int:
    return (
        ok if case.persona == "coordinator" else 403 if case.persona in PROGRAMME_READERS else 404
    )


def _caseload_page(case: Case) -> int:
    if case.persona in REGISTRY:
        return 200
    return 302 if case.persona in PROGRAMME_READERS else 403  # to the programmes


def _plan_page(suffix: str = "") -> Callable[[Case, dict[str, object]], str]:
    return lambda c, o: f"/plans/{o['plan_' + c.target]}/{suffix}"


PAGE_ROWS += [
    PageRow("plans:caseload", "GET", lambda c, o: "/plans/", lambda c: {}, _caseload_page),
    # Nobody in the matrix supervises a team (a caseworker who also administers the
    # centre): tests/plans/test_workspace.py covers the supervisor.
    PageRow(
        "plans:caseload_reassign",
        "POST",
        lambda c, o: "/plans/reassign/",
        lambda c: {"caseworker": "caseworker"},
        lambda c: 403,
    ),
    PageRow(
        "people:person_timeline",
        "GET",
        lambda c, o: f"/people/{o['person_' + c.target]}/timeline/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "plans:programme_list",
        "GET",
        lambda c, o: "/plans/programmes/",
        lambda c: {},
        lambda c: 200 if c.persona in PROGRAMME_READERS else 403,
    ),
    PageRow(
        "plans:programme_create",
        "GET",
        lambda c, o: "/plans/programmes/new/",
        lambda c: {},
        lambda c: 200 if c.persona == "coordinator" else 403,
    ),
    PageRow(
        "plans:programme_detail",
        "GET",
        lambda c, o: "/plans/programmes/matrix/",
        lambda c: {},
        lambda c: 200 if c.persona in PROGRAMME_READERS else 404,
    ),
    PageRow(
        "plans:programme_edit",
        "GET",
        lambda c, o: "/plans/programmes/matrix/edit/",
        lambda c: {},
        _page_programme_write,
    ),
    PageRow(
        "plans:programme_measure_add",
        "GET",
        lambda c, o: "/plans/programmes/matrix/measures/new/",
        lambda c: {},
        _page_programme_write,
    ),
    PageRow(
        "plans:programme_measure_remove",
        "POST",
        lambda c, o: "/plans/programmes/matrix/measures/none/remove/",
        lambda c: {},
        lambda c: _page_programme_write(c, 404),  # the coordinator is told there is no such one
    ),
    PageRow(
        "plans:incentive_add",
        "GET",
        lambda c, o: "/plans/programmes/matrix/incentives/new/",
        lambda c: {},
        _page_programme_write,
    ),
    PageRow(
        "plans:questionnaire_list",
        "GET",
        lambda c, o: "/plans/questionnaires/",
        lambda c: {},
        lambda c: 200 if c.persona in PROGRAMME_READERS else 403,
    ),
    PageRow(
        "plans:questionnaire_publish",
        "GET",
        lambda c, o: "/plans/questionnaires/new/",
        lambda c: {},
        lambda c: 200 if c.persona == "coordinator" else 403,
    ),
    PageRow(
        "plans:questionnaire_detail",
        "GET",
        lambda c, o: f"/plans/questionnaires/{o['questionnaire']}/",
        lambda c: {},
        lambda c: 200 if c.persona in PROGRAMME_READERS else 404,
    ),
    PageRow(
        "plans:person_plans",
        "GET",
        lambda c, o: f"/plans/person/{o['person_' + c.target]}/",
        lambda c: {},
        _person_status,
    ),
    PageRow(
        "plans:assess",
        "GET",
        lambda c, o: f"/plans/person/{o['person_' + c.target]}/assess/",
        lambda c: {},
        _page_plan_write,
    ),
    PageRow(
        "plans:plan_start",
        "GET",
        lambda c, o: f"/plans/person/{o['person_' + c.target]}/start/",
        lambda c: {},
        _page_plan_write,
    ),
    PageRow(
        "plans:assessment_detail",
        "GET",
        lambda c, o: f"/plans/assessments/{o['assessment_' + c.target]}/",
        lambda c: {},
        _person_status,
    ),
    PageRow("plans:plan_detail", "GET", _plan_page(), lambda c: {}, _person_status),
    PageRow("plans:goal_add", "GET", _plan_page("goals/new/"), lambda c: {}, _page_plan_write),
    PageRow(
        "plans:measure_add", "GET", _plan_page("measures/new/"), lambda c: {}, _page_plan_write
    ),
    PageRow(
        "plans:measure_update",
        "GET",
        lambda c, o: f"/plans/{o['plan_' + c.target]}/measures/{o['measure_' + c.target]}/",
        lambda c: {},
        _page_plan_write,
    ),
    PageRow("plans:plan_agree", "GET", _plan_page("agree/"), lambda c: {}, _page_plan_write),
    PageRow(
        "plans:review_record", "GET", _plan_page("reviews/new/"), lambda c: {}, _page_plan_write
    ),
    PageRow("plans:plan_close", "GET", _plan_page("close/"), lambda c: {}, _page_plan_write),
]
# Partners: directory, partnerships, referrals, inbox (tests/core/matrix_services_pages.py).
PAGE_ROWS += [PageRow(*row) for row in SERVICES_PAGE_ROWS]

# Courses (tests/core/matrix_courses_pages.py).
PAGE_ROWS += [PageRow(*row) for row in CATALOGUE_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in LEARNER_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in IMPORT_PAGE_ROWS]
# The portal's staff side, rights articles' editors, vacancies (tests/core/matrix_portal.py,
# matrix_rights.py, matrix_placement.py).
PAGE_ROWS += [PageRow(*row) for row in PORTAL_STAFF_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in RIGHTS_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in PLACEMENT_PAGE_ROWS]
# Protection: complaints and recruitment agencies (tests/core/matrix_complaints.py,
# matrix_agencies.py); the firewall's own matrix is tests/protection/test_firewall.py.
PAGE_ROWS += [PageRow(*row) for row in COMPLAINTS_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in AGENCIES_PAGE_ROWS]
# Labour inspection, incidents, legal counselling (tests/core/matrix_inspections.py,
# matrix_incidents.py, matrix_counselling.py).
PAGE_ROWS += [PageRow(*row) for row in INSPECTIONS_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in INCIDENTS_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in COUNSELLING_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in STATISTICS_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in DASHBOARDS_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in FUNDING_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in PRACTICES_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in REPORTS_PAGE_ROWS]
PAGE_ROWS += [PageRow(*row) for row in SURVEYS_PAGE_ROWS]
# Pages open to everyone, checked elsewhere (tests/core/test_auth.py, test_pages.py,
# tests/services/test_pages.py).
PUBLIC_PAGES = (
    {"login", "login_verify", "logout"}
    | SERVICES_PUBLIC_PAGES
    | COURSES_PUBLIC_PAGES
    | RIGHTS_PUBLIC_PAGES
    | PLACEMENT_PUBLIC_PAGES
    | COMPLAINTS_PUBLIC_PAGES
    | AGENCIES_PUBLIC_PAGES
    | INSPECTIONS_PUBLIC_PAGES
    | INCIDENTS_PUBLIC_PAGES
    | COUNSELLING_PUBLIC_PAGES
    | STATISTICS_PUBLIC_PAGES
    | DASHBOARDS_PUBLIC_PAGES
    | FUNDING_PUBLIC_PAGES
    | PRACTICES_PUBLIC_PAGES
    | REPORTS_PUBLIC_PAGES
    | SURVEYS_PUBLIC_PAGES
)


@pytest.fixture
def objects(
    people: dict[str, User], orgs: dict[str, object], settings, tmp_path
) -> dict[str, object]:
    settings.MEDIA_ROOT = tmp_path / "media"
    victim_a = Membership.objects.create(
        user=User.objects.create_user("victim_a"), organisation=orgs["a"], role="partner"
    )
    victim_b = Membership.objects.create(
        user=User.objects.create_user("victim_b"), organisation=orgs["b"], role="partner"
    )
    registered = {}
    for target in ("centre-a", "centre-b"):
        person = Person.objects.create(
            given_name="Рустам",
            family_name="Муратов",
            given_name_latin="Rustam",
            family_name_latin="Muratov",
            sex="male",
        )
        Responsibility.objects.create(
            person=person, organisation=orgs[target[-1]], since=timezone.now()
        )
        registered[f"person_{target}"] = person.public_id
        consent = Consent.objects.create(
            person=person,
            purpose="referral",
            recipients=["ngo"],
            given_on=timezone.localdate(),
            recorded_by=orgs[target[-1]],
            recorded_at=timezone.now(),
        )
        registered[f"consent_{target}"] = consent.pk
        todo = Todo.objects.create(
            organisation=orgs[target[-1]],
            kind="document_expiry",
            params={},
            record_type="person",
            record_id=person.public_id,
            due_on=timezone.localdate(),
            dedupe_key=f"matrix:{target}",
            created_at=timezone.now(),
        )
        registered[f"todo_{target}"] = todo.pk
        household = Household.objects.create(created_at=timezone.now())
        HouseholdMember.objects.create(
            household=household,
            person=person,
            relationship="head",
            joined_on=timezone.localdate(),
        )
        registered[f"household_{target}"] = household.public_id
        job = PersonImport.objects.create(
            organisation=orgs[target[-1]],
            created_by=people["caseworker"],
            file_name="people.csv",
            mode="all",
            state="rejected",
            report_path=default_storage.save(
                f"imports/matrix-{target}-errors.csv", ContentFile(b"row,column,reason,value\n")
            ),
            created_at=timezone.now(),
        )
        registered[f"import_{target}"] = job.public_id
        duplicate = Person.objects.create(
            given_name="Rustam", sex="male", merged_into=person, given_name_latin="Rustam"
        )
        Responsibility.objects.create(
            person=duplicate, organisation=orgs[target[-1]], since=timezone.now()
        )
        merge = PersonMerge.objects.create(
            kept=person,
            duplicate=duplicate,
            reason="Same passport.",
            moved={},
            organisation=orgs[target[-1]],
            merged_by=people["caseworker"],
            merged_at=timezone.now(),
        )
        registered[f"merge_{target}"] = merge.public_id
        family = Request.objects.create(
            person=person,
            kind="family_reunification",
            submitted_on=timezone.localdate() - timedelta(days=10),
            recorded_by=orgs[target[-1]],
            created_at=timezone.now(),
        )
        registered[f"request_{target}"] = family.public_id
    persons = {
        target: Person.objects.get(public_id=registered[f"person_{target}"])
        for target in ("centre-a", "centre-b")
    }
    registered.update(plan_objects(orgs, people, persons))
    registered.update(services_objects(orgs, people, persons, registered))
    registered.update(courses_objects(orgs, people, persons, registered))
    registered.update(portal_objects(orgs, people, persons, registered))
    registered.update(rights_objects(orgs, people, persons, registered))
    registered.update(placement_objects(orgs, people, persons, registered))
    registered.update(complaints_objects(orgs, people, persons, registered))
    registered.update(agencies_objects(orgs, people, persons, registered))
    registered.update(inspections_objects(orgs, people, persons, registered))
    registered.update(incidents_objects(orgs, people, persons, registered))
    registered.update(counselling_objects(orgs, people, persons, registered))
    registered.update(statistics_objects(orgs, people, persons, registered))
    registered.update(dashboards_objects(orgs, people, persons, registered))
    registered.update(funding_objects(orgs, people, persons, registered))
    registered.update(practices_objects(orgs, people, persons, registered))
    registered.update(reports_objects(orgs, people, persons, registered))
    registered.update(surveys_objects(orgs, people, persons, registered))
    other = services.token_create(
        actor=access.actor_for(people["admin_b"]), name="x", expires_in_days=5
    )
    return {
        "victim_centre-a": victim_a.pk,
        "victim_centre-b": victim_b.pk,
        "foreign_token": other.token.prefix,
        **registered,
    }


CASES = [Case(persona, target) for persona in ROLES for target in ("centre-a", "centre-b")]


@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: f"{r.method} {r.path}")
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.persona}@{c.target}")
def test_api_answers_as_the_policy_says(row, case, people, objects, client_for, token_for):
    user = people[case.persona]
    if row.method == "POST" and row.path == "/api/v1/tokens":
        client, headers = client_for(user), {}  # tokens are made from a signed-in session
    elif case.persona == "stranger":
        client, headers = client_for(user), {}  # no memberships, so no token either
    else:
        client, headers = Client(), {"Authorization": f"Bearer {token_for(user)}"}
    body = row.body(case)
    if row.multipart:
        response = client.post(row.url(case, objects), body, headers=headers)
    else:
        response = client.generic(
            row.method,
            row.url(case, objects),
            data=b"" if body is None else __import__("json").dumps(body),
            content_type="application/json",
            headers=headers,
        )
    assert response.status_code == row.expect(case), response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "row",
    [
        row
        for row in API_ROWS
        if (row.method, row.path)
        not in COURSES_PUBLIC_API
        | RIGHTS_PUBLIC_API
        | PLACEMENT_PUBLIC_API
        | COMPLAINTS_PUBLIC_API
        | AGENCIES_PUBLIC_API
        | INSPECTIONS_PUBLIC_API
        | INCIDENTS_PUBLIC_API
        | COUNSELLING_PUBLIC_API
        | STATISTICS_PUBLIC_API
        | DASHBOARDS_PUBLIC_API
        | FUNDING_PUBLIC_API
        | PRACTICES_PUBLIC_API
        | REPORTS_PUBLIC_API
        | SURVEYS_PUBLIC_API
    ],
    ids=lambda r: f"{r.method} {r.path}",
)
def test_api_refuses_the_anonymous(row, objects, client):
    case = Case("admin", "centre-a")
    response = client.generic(row.method, row.url(case, objects), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_the_public_api_answers_the_anonymous(objects, client):
    """Checking a certificate needs no account: a genuine code is found, a forged one not."""
    genuine = client.get(f"/api/v1/certificates/{objects['certificate_centre-b']}")
    assert genuine.status_code == 200
    assert genuine.json()["level"] == "B1"
    forged = client.get("/api/v1/certificates/ABCD-EFGH-JKMN-PQRS-TVW0")
    assert forged.status_code == 404


@pytest.mark.parametrize("row", PAGE_ROWS, ids=lambda r: r.name)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.persona}@{c.target}")
def test_pages_answer_as_the_policy_says(row, case, people, objects, client_for):
    client = client_for(people[case.persona])
    if row.method == "GET":
        response = client.get(row.url(case, objects))
    else:
        response = client.post(row.url(case, objects), row.data(case))
    assert response.status_code == row.expect(case)


@pytest.mark.parametrize("row", PAGE_ROWS, ids=lambda r: r.name)
def test_pages_send_the_anonymous_to_sign_in(row, objects, client):
    case = Case("admin", "centre-a")
    url = row.url(case, objects)
    response = client.get(url) if row.method == "GET" else client.post(url, row.data(case))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# The staff's namespaces; the migrant's own pages ("portal") have their own matrix in
# tests/portal/test_access.py.
NAMESPACES = (
    "core",
    "people",
    "plans",
    "services",
    "courses",
    "portal_staff",
    "rights",
    "work",
    "placement",
    "complaints",
    "agencies",
    "inspections",
    "incidents",
    "counselling",
    "statistics",
    "dashboards",
    "reports",
    "funding",
    "practices",
    "surveys",
)


def _page_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in NAMESPACES:
                names |= _page_names(pattern.url_patterns, pattern.namespace)
        elif namespace == "core" and pattern.name:
            names.add(pattern.name)
        elif namespace in NAMESPACES and pattern.name:
            names.add(f"{namespace}:{pattern.name}")
    return names


def test_every_route_is_in_the_matrix():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = {
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    }
    assert operations == {(row.method, row.path) for row in API_ROWS}
    pages = _page_names(get_resolver().url_patterns)
    assert pages == {row.name for row in PAGE_ROWS} | PUBLIC_PAGES
