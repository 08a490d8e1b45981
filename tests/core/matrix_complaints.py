"""The complaints rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order:
ApiRow(method, path-as-in-OpenAPI, url(case, objects), body(case), expect(case)[, multipart]);
PageRow(name, method, url(case, objects), data(case), expect(case)).
Public routes (anyone, signed in or not) are listed in the PUBLIC sets instead.

Complaints (integra/protection, behind the firewall): centre-a's side is a complaint
routed to the labour inspectorate, where the persona "inspector" works; centre-b's
is routed to a legal-aid organisation (``legal-aid-b``), someone else's. Each has
evidence and one flagged indicator ("documents"). Only the inspector handles
complaints (core.access.complaint_scope): their own side answers, the other 404;
everyone else gets 403 on the lists and 404 on a complaint, learning nothing
(the firewall's own matrix, with the hard personas, is tests/protection/
test_firewall.py). Lodging for a worker is for inspectors, NGOs' partner agents and
caseworkers; routing rules are kept by the labour inspectorate's inspectors.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from integra.core.models import Organisation
from integra.core.roles import Level, OrganisationKind
from integra.protection.models import Attachment, Complaint, IndicatorFlag, RoutingRule
from integra.protection.services import complaints as services

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EVIDENCE = "complaints/matrix/payslip.pdf"
LODGERS = {"inspector", "partner", "caseworker"}


def _handler(ok: int) -> Any:
    """The complaint of centre-a's side is the inspector's; the other is not."""
    return lambda c: ok if c.persona == "inspector" and c.target == "centre-a" else 404


def _handlers_only(ok: int) -> Any:
    return lambda c: ok if c.persona == "inspector" else 403


def _api(suffix: str = "") -> Any:
    return lambda c, o: f"/api/v1/complaints/{o['complaint_' + c.target]}{suffix}"


def _page(suffix: str = "") -> Any:
    return lambda c, o: f"/complaints/{o['complaint_' + c.target]}/{suffix}"


def _attachment(api: bool) -> Any:
    def url(case: Any, objects: dict[str, object]) -> str:
        complaint, attachment = (
            objects["complaint_" + case.target],
            objects["attachment_" + case.target],
        )
        if api:
            return f"/api/v1/complaints/{complaint}/attachments/{attachment}"
        return f"/complaints/{complaint}/attachments/{attachment}/"

    return url


LODGE = {"categories": ["wages"], "description": "Two months unpaid."}

COMPLAINTS_API_ROWS: list[tuple[object, ...]] = [
    # Public: anyone, no account (a wrong tracking code is not found).
    ("POST", "/api/v1/public/complaints", lambda c, o: "/api/v1/public/complaints",
     lambda c: LODGE, lambda c: 201),
    ("POST", "/api/v1/public/complaints/track", lambda c, o: "/api/v1/public/complaints/track",
     lambda c: {"code": "ABCD-EFGH"}, lambda c: 404),
    ("POST", "/api/v1/public/complaints/track/information",
     lambda c, o: "/api/v1/public/complaints/track/information",
     lambda c: {"code": "ABCD-EFGH", "text": "More."}, lambda c: 404),
    ("POST", "/api/v1/public/complaints/track/evidence",
     lambda c, o: "/api/v1/public/complaints/track/evidence",
     lambda c: {"code": "ABCD-EFGH", "files": [ContentFile(PDF, name="a.pdf")]},
     lambda c: 404, True),
    # Lodging for a worker.
    ("POST", "/api/v1/complaints", lambda c, o: "/api/v1/complaints", lambda c: LODGE,
     lambda c: 201 if c.persona in LODGERS else 403),
    # The handlers.
    ("GET", "/api/v1/complaints", lambda c, o: "/api/v1/complaints", lambda c: None,
     _handlers_only(200)),
    ("GET", "/api/v1/complaints/{public_id}", _api(), lambda c: None, _handler(200)),
    ("POST", "/api/v1/complaints/{public_id}/assign", _api("/assign"), lambda c: {},
     _handler(200)),
    ("POST", "/api/v1/complaints/{public_id}/updates", _api("/updates"),
     lambda c: {"note": "Visit on Monday.", "public": True}, _handler(201)),
    ("POST", "/api/v1/complaints/{public_id}/route", _api("/route"),
     lambda c: {"organisation": "legal-aid-b"}, _handler(200)),
    ("PUT", "/api/v1/complaints/{public_id}/indicators/{indicator}", _api("/indicators/debt"),
     lambda c: {"evidence": "A travel debt."}, _handler(200)),
    ("DELETE", "/api/v1/complaints/{public_id}/indicators/{indicator}",
     _api("/indicators/documents"), lambda c: None, _handler(204)),
    ("POST", "/api/v1/complaints/{public_id}/forced-labour", _api("/forced-labour"),
     lambda c: {"forced_labour": False, "reason": "No coercion."}, _handler(200)),
    ("POST", "/api/v1/complaints/{public_id}/close", _api("/close"),
     lambda c: {"remedies": ["sanction"]}, _handler(200)),
    ("GET", "/api/v1/complaints/{public_id}/attachments/{attachment_id}", _attachment(True),
     lambda c: None, _handler(200)),
    # Routing rules: the labour inspectorate's inspectors.
    ("GET", "/api/v1/complaint-routing", lambda c, o: "/api/v1/complaint-routing",
     lambda c: None, _handlers_only(200)),
    ("POST", "/api/v1/complaint-routing", lambda c, o: "/api/v1/complaint-routing",
     lambda c: {"category": "hours", "organisation": "legal-aid-b"}, _handlers_only(201)),
    ("DELETE", "/api/v1/complaint-routing/{rule_id}",
     lambda c, o: f"/api/v1/complaint-routing/{o['routing_rule']}", lambda c: None,
     _handlers_only(204)),
]  # fmt: skip

# (method, path) of API operations that answer without an account.
COMPLAINTS_PUBLIC_API: set[tuple[str, str]] = {
    ("POST", "/api/v1/public/complaints"),
    ("POST", "/api/v1/public/complaints/track"),
    ("POST", "/api/v1/public/complaints/track/information"),
    ("POST", "/api/v1/public/complaints/track/evidence"),
}

COMPLAINTS_PAGE_ROWS: list[tuple[object, ...]] = [
    ("complaints:triage", "GET", lambda c, o: "/complaints/?status=open", lambda c: {},
     _handlers_only(200)),
    ("complaints:detail", "GET", _page(), lambda c: {}, _handler(200)),
    ("complaints:assign", "POST", _page("assign/"), lambda c: {}, _handler(302)),
    # Nothing filled in: the handler gets the complaint back with the form's errors.
    ("complaints:update", "POST", _page("update/"), lambda c: {}, _handler(200)),
    ("complaints:route", "POST", _page("route/"), lambda c: {}, _handler(200)),
    ("complaints:flag", "POST", _page("indicators/"), lambda c: {}, _handler(200)),
    ("complaints:unflag", "POST", _page("indicators/documents/withdraw/"), lambda c: {},
     _handler(302)),
    ("complaints:decide", "POST", _page("forced-labour/"), lambda c: {}, _handler(200)),
    ("complaints:close", "POST", _page("close/"), lambda c: {}, _handler(200)),
    ("complaints:attachment", "GET", _attachment(False), lambda c: {}, _handler(200)),
    # Linking to a workplace (labour inspection): nothing chosen and nothing linked
    # yet, so the handler gets the complaint back with the form's error.
    ("complaints:workplace", "POST", _page("workplace/"), lambda c: {}, _handler(200)),
    ("complaints:routing", "GET", lambda c, o: "/complaints/routing/", lambda c: {},
     _handlers_only(200)),
    ("complaints:routing", "POST", lambda c, o: "/complaints/routing/", lambda c: {},
     _handlers_only(200)),
    ("complaints:routing_delete", "POST",
     lambda c, o: f"/complaints/routing/{o['routing_rule']}/delete/", lambda c: {},
     _handlers_only(302)),
]  # fmt: skip

# Page names ("namespace:name") that answer without an account.
COMPLAINTS_PUBLIC_PAGES: set[str] = {
    "complaints:new",
    "complaints:thanks",
    "complaints:track",
    "complaints:tracked",
    "complaints:track_end",
}


def complaints_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    """The objects the rows use, by key (the two targets: centre-a and centre-b)."""
    now = timezone.now()
    legal_aid = Organisation.objects.create(
        code="legal-aid-b",
        name="Legal Aid B",
        kind=OrganisationKind.LEGAL_AID,
        level=Level.LOCAL,
        country="MD",
    )
    if not default_storage.exists(EVIDENCE):
        default_storage.save(EVIDENCE, io.BytesIO(PDF))
    found: dict[str, object] = {}
    for target, routed_to in (("centre-a", orgs["inspectorate"]), ("centre-b", legal_aid)):
        complaint = services.complaint_lodge(
            actor=None,
            data=services.ComplaintData(
                categories=("wages", "documents"),
                description="The foreman keeps our passports.",
                employer="Edil-Construct SA",
                region="Chișinău",
            ),
        ).complaint
        Complaint.objects.filter(pk=complaint.pk).update(routed_to=routed_to)
        attachment = Attachment.objects.create(
            complaint=complaint,
            file_path=EVIDENCE,
            file_name="payslip.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256="0" * 64,
            uploaded_at=now,
        )
        IndicatorFlag.objects.create(
            complaint=complaint,
            indicator="documents",
            evidence="Passports kept.",
            flagged_by=people["inspector"],
            flagged_at=now,
        )
        found[f"complaint_{target}"] = complaint.public_id
        found[f"attachment_{target}"] = attachment.pk
    rule = RoutingRule.objects.create(
        category="wages", region="Bălți", organisation=orgs["inspectorate"], created_at=now
    )
    found["routing_rule"] = rule.pk
    return found
