"""The agencies rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order:
ApiRow(method, path-as-in-OpenAPI, url(case, objects), body(case), expect(case)[, multipart]);
PageRow(name, method, url(case, objects), data(case), expect(case)).
Public routes (anyone, signed in or not) are listed in the PUBLIC sets instead.

Recruitment agencies (integra/protection, R20): the register is national, so the
target (centre-a, centre-b) only changes which agency a row acts on. Each side has
an agency with an active and a suspended licence, an applicant agency whose
application waits, and a contract template on file. The register is read and
kept by those who license (integra.core.access.can_license_agencies: the labour
inspectorate's inspector and the coordinator) and read by complaint handlers
(can_see_agencies: the same two personas here); everyone else is refused (403).
Anyone checks an agency at /agencies/check/ and /api/v1/agencies/check.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF

from integra.core import access
from integra.protection.services import agencies as services

LICENSERS = {"coordinator", "inspector"}
# Per side: (agency's IDNO, applicant's IDNO, the licence numbers' prefix).
SIDES = {
    "centre-a": ("1000000000101", "1000000000102", "MA"),
    "centre-b": ("1000000000201", "1000000000202", "MB"),
}


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Model contract")
    return bytes(pdf.output())


PDF = _pdf()


def _licenser(ok: int) -> Any:
    return lambda c: ok if c.persona in LICENSERS else 403


def _page(suffix: str = "") -> Any:
    return lambda c, o: f"/agencies/{o['agency_' + c.target]}/{suffix}"


def _api(suffix: str = "") -> Any:
    return lambda c, o: f"/api/v1/agencies/{o['agency_' + c.target]}{suffix}"


def _decision(licence: str, decision: str, *, applicant: bool = False) -> Any:
    """The URL of a decision on one of the side's licences (``licence``: its key)."""
    owner = "applicant_" if applicant else "agency_"

    def url(c: Any, o: dict[str, Any]) -> str:
        return (
            f"/api/v1/agencies/{o[owner + c.target]}/licences/"
            f"{o[licence + '_' + c.target]}/{decision}"
        )

    return url


def _new_agency(case: Any) -> dict[str, object]:
    return {
        "name": "Matrix Recruitment SRL",
        "registration_number": "1000000000" + ("301" if case.target == "centre-a" else "302"),
    }


def _grant(case: Any) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "number": f"{SIDES[case.target][2]}-GRANT",
        "valid_from": today.isoformat(),
        "valid_until": (today + timedelta(days=365)).isoformat(),
    }


def _violation(case: Any) -> dict[str, object]:
    return {
        "kind": "fee_charged",
        "found_on": timezone.localdate().isoformat(),
        "description": "A placement fee.",
        "amount": "100",
        "currency": "EUR",
    }


def _contract(case: Any) -> dict[str, object]:
    return {
        "title": "Contract",
        "language": "ro",
        "file": SimpleUploadedFile("contract.pdf", PDF, "application/pdf"),
    }


AGENCIES_API_ROWS: list[tuple[object, ...]] = [
    ("GET", "/api/v1/agencies/check", lambda c, o: "/api/v1/agencies/check?q=matrix",
     lambda c: None, lambda c: 200),
    ("GET", "/api/v1/agencies", lambda c, o: "/api/v1/agencies?standing=licensed",
     lambda c: None, _licenser(200)),
    ("POST", "/api/v1/agencies", lambda c, o: "/api/v1/agencies", _new_agency, _licenser(201)),
    ("GET", "/api/v1/agencies/{public_id}", _api(), lambda c: None, _licenser(200)),
    ("PATCH", "/api/v1/agencies/{public_id}", _api(), lambda c: {"region": "Orhei"},
     _licenser(200)),
    ("GET", "/api/v1/agencies/{public_id}/licences", _api("/licences"), lambda c: None,
     _licenser(200)),
    ("POST", "/api/v1/agencies/{public_id}/licences", _api("/licences"),
     lambda c: {"destinations": ["DE"], "sectors": ["C"]}, _licenser(201)),
    ("POST", "/api/v1/agencies/{public_id}/licences/{licence_id}/grant",
     _decision("applied", "grant", applicant=True), _grant, _licenser(200)),
    ("POST", "/api/v1/agencies/{public_id}/licences/{licence_id}/refuse",
     _decision("applied", "refuse", applicant=True), lambda c: {"reason": "No deposit."},
     _licenser(200)),
    ("POST", "/api/v1/agencies/{public_id}/licences/{licence_id}/suspend",
     _decision("active", "suspend"), lambda c: {"reason": "Fees."}, _licenser(200)),
    ("POST", "/api/v1/agencies/{public_id}/licences/{licence_id}/reinstate",
     _decision("suspended", "reinstate"), lambda c: {}, _licenser(200)),
    ("POST", "/api/v1/agencies/{public_id}/licences/{licence_id}/revoke",
     _decision("active", "revoke"), lambda c: {"reason": "Fees again."}, _licenser(200)),
    ("GET", "/api/v1/agencies/{public_id}/violations", _api("/violations"), lambda c: None,
     _licenser(200)),
    ("POST", "/api/v1/agencies/{public_id}/violations", _api("/violations"), _violation,
     _licenser(201)),
    ("GET", "/api/v1/agencies/{public_id}/contracts", _api("/contracts"), lambda c: None,
     _licenser(200)),
    ("POST", "/api/v1/agencies/{public_id}/contracts", _api("/contracts"), _contract,
     _licenser(201), True),
    ("GET", "/api/v1/agencies/{public_id}/contracts/{contract_id}",
     lambda c, o: f"/api/v1/agencies/{o['agency_' + c.target]}/contracts/"
     f"{o['contract_' + c.target]}", lambda c: None, _licenser(200)),
]  # fmt: skip

# (method, path) of API operations that answer without an account.
AGENCIES_PUBLIC_API: set[tuple[str, str]] = {("GET", "/api/v1/agencies/check")}


def _applied(suffix: str) -> Any:
    return lambda c, o: (
        f"/agencies/{o['applicant_' + c.target]}/licences/{o['applied_' + c.target]}/{suffix}"
    )


AGENCIES_PAGE_ROWS: list[tuple[object, ...]] = [
    ("agencies:list", "GET", lambda c, o: "/agencies/?standing=licensed&q=matrix",
     lambda c: {}, _licenser(200)),
    ("agencies:create", "GET", lambda c, o: "/agencies/new/", lambda c: {}, _licenser(200)),
    # Nothing filled in: those who license get the form's errors back.
    ("agencies:create", "POST", lambda c, o: "/agencies/new/", lambda c: {}, _licenser(200)),
    ("agencies:detail", "GET", _page(), lambda c: {}, _licenser(200)),
    ("agencies:edit", "GET", _page("edit/"), lambda c: {}, _licenser(200)),
    ("agencies:edit", "POST", _page("edit/"), lambda c: {}, _licenser(200)),
    ("agencies:licence_apply", "GET", _page("licences/new/"), lambda c: {}, _licenser(200)),
    ("agencies:licence_apply", "POST", _page("licences/new/"), lambda c: {}, _licenser(200)),
    ("agencies:licence_decide", "GET", _applied("grant/"), lambda c: {}, _licenser(200)),
    # No number, no dates: the form comes back with the errors.
    ("agencies:licence_decide", "POST", _applied("grant/"), lambda c: {}, _licenser(200)),
    ("agencies:contract_upload", "GET", _page("contracts/new/"), lambda c: {}, _licenser(200)),
    ("agencies:contract_upload", "POST", _page("contracts/new/"), lambda c: {},
     _licenser(200)),
    ("agencies:contract_download", "GET",
     lambda c, o: f"/agencies/{o['agency_' + c.target]}/contracts/{o['contract_' + c.target]}/",
     lambda c: {}, _licenser(200)),
    ("agencies:violation_create", "GET", _page("violations/new/"), lambda c: {},
     _licenser(200)),
    ("agencies:violation_create", "POST", _page("violations/new/"), lambda c: {},
     _licenser(200)),
]  # fmt: skip

# Page names ("namespace:name") that answer without an account.
AGENCIES_PUBLIC_PAGES: set[str] = {"agencies:check"}


def agencies_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    """The objects the rows use, by key (the two targets: centre-a and centre-b)."""
    actor = access.actor_for(people["inspector"])
    today = timezone.localdate()
    found: dict[str, object] = {}

    def granted(agency: Any, number: str) -> Any:
        licence = services.licence_apply(
            actor=actor,
            agency=agency,
            data=services.ApplicationData(destinations=("DE",), sectors=("C",)),
        )
        return services.licence_decide(
            actor=actor,
            licence=licence,
            data=services.DecisionData(
                decision="grant",
                number=number,
                valid_from=today,
                valid_until=today + timedelta(days=365),
            ),
        )

    for target, (idno, applicant_idno, prefix) in SIDES.items():
        agency = services.agency_register(
            actor=actor,
            data=services.AgencyData(name=f"Matrix Agency {prefix}", registration_number=idno),
        )
        suspended = services.licence_decide(
            actor=actor,
            licence=granted(agency, f"{prefix}-1"),
            data=services.DecisionData(decision="suspend", reason="Fees charged."),
        )
        active = granted(agency, f"{prefix}-2")
        applicant = services.agency_register(
            actor=actor,
            data=services.AgencyData(
                name=f"Matrix Applicant {prefix}", registration_number=applicant_idno
            ),
        )
        applied = services.licence_apply(
            actor=actor,
            agency=applicant,
            data=services.ApplicationData(destinations=("IL",), sectors=("F",)),
        )
        contract = services.contract_upload(
            actor=actor,
            agency=agency,
            data=services.ContractData(
                title="Contract", language="ro", file_name="contract.pdf", size=len(PDF)
            ),
            file=io.BytesIO(PDF),
        )
        found.update(
            {
                f"agency_{target}": agency.public_id,
                f"applicant_{target}": applicant.public_id,
                f"active_{target}": active.pk,
                f"suspended_{target}": suspended.pk,
                f"applied_{target}": applied.pk,
                f"contract_{target}": contract.pk,
            }
        )
    return found
