"""The complaints API (R18, R19).

Public, without an account (``auth=None``, limited per client address): lodging a
complaint, and following it with its tracking code (always in the body, never in
an address). Signed in: lodging for a worker (NGOs, inspectors, caseworkers),
and, for the complaints' handlers, the triage list, a complaint with its
evidence, and the actions on it; the routing rules.
"""

from typing import Annotated, Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.throttling import AnonRateThrottle

from integra.core.api import ERRORS, request_actor
from integra.core.errors import PermissionDenied
from integra.core.middleware import client_ip
from integra.pagination import Cursor
from integra.protection.schemas.complaints import (
    COMPLAINT_ID,
    CloseIn,
    ComplaintDetailOut,
    ComplaintFilters,
    ComplaintForWorkerIn,
    ComplaintIn,
    ComplaintOut,
    ForcedLabourIn,
    IndicatorIn,
    LodgedOut,
    RouteIn,
    RoutingRuleIn,
    RoutingRuleOut,
    TrackedOut,
    TrackIn,
    TrackInformationIn,
    UpdateIn,
)
from integra.protection.selectors import complaints as selectors
from integra.protection.services import complaint_handling as handling
from integra.protection.services import complaints as services

router = Router()

ComplaintId = Annotated[str, Path(max_length=11, pattern=COMPLAINT_ID)]
Indicator = Annotated[str, Path(max_length=16, pattern=r"^[a-z_]+$")]
# Database ids are 64-bit; a larger number is bad input (422), not an overflow (500).
DbId = Annotated[int, Path(ge=1, le=2**63 - 1)]

COMPLAINTS = ["complaints"]
TRACKING = ["complaint tracking"]
ROUTING = ["complaint routing"]
# A flood of complaints from one address is slowed; guessing tracking codes is
# limited in the selectors (10 tries in 15 minutes per address, pages and API alike).
LODGE_RATE = "10/h"
TRACK_RATE = "30/15m"
# Without sign-in there is nothing to refuse: no 401, 403 or 409 …
PUBLIC_ERRORS: dict[int, Any] = {status: ERRORS[status] for status in (400, 404, 422, 429)}
# … except adding to a closed complaint.
TRACK_ERRORS: dict[int, Any] = {status: ERRORS[status] for status in (400, 404, 409, 422, 429)}


def _client(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _lodged(lodged: services.Lodged) -> Status[object]:
    complaint = lodged.complaint
    body: dict[str, object] = {
        "complaint": complaint.public_id,
        "tracking_code": lodged.code,
        "status": complaint.status,
        "lodged_at": complaint.lodged_at,
    }
    return Status(201, body)


def _data(payload: ComplaintIn, *, person: str = "") -> services.ComplaintData:
    values = payload.dict()
    values["categories"] = tuple(values["categories"])
    return services.ComplaintData(**values, person=person)


# --- Lodging ------------------------------------------------------------------------------------


@router.post(
    "/public/complaints",
    auth=None,
    throttle=[AnonRateThrottle(LODGE_RATE)],
    response={201: LodgedOut, **PUBLIC_ERRORS},
    tags=TRACKING,
    summary="Lodge a complaint (public: no account, may be anonymous)",
    description=(
        "For a worker, in any of the five languages. Nothing asks for residence status. "
        "The answer carries the tracking code, shown this once: with it the worker "
        "follows the complaint and adds information or evidence "
        "(`/public/complaints/track…`). Limited to 10 complaints an hour per address."
    ),
)
def complaint_lodge_public(request: HttpRequest, payload: ComplaintIn) -> Status[object]:
    return _lodged(services.complaint_lodge(actor=None, data=_data(payload)))


@router.post(
    "/complaints",
    response={201: LodgedOut, **ERRORS},
    tags=COMPLAINTS,
    summary="Lodge a complaint for a worker (NGOs, inspectors, caseworkers)",
    description=(
        "Lodged for the organisation you act for. Hand the tracking code to the worker: "
        "you cannot read the complaint afterwards unless you handle complaints."
    ),
)
def complaint_lodge_for_worker(
    request: HttpRequest, payload: ComplaintForWorkerIn
) -> Status[object]:
    actor = request_actor(request)
    if not selectors.can_lodge_for_worker(actor=actor):
        raise PermissionDenied(
            _("Complaints are lodged for workers by NGOs, inspectors and caseworkers.")
        )
    values = payload.dict()
    person = values.pop("person")
    return _lodged(
        services.complaint_lodge(
            actor=actor,
            data=_data(ComplaintIn(**values), person=person),
        )
    )


# --- Following a complaint with its code ----------------------------------------------------------


def _tracked(complaint: object) -> dict[str, object]:
    view = selectors.tracked_view(complaint=complaint)  # type: ignore[arg-type]  # a Complaint
    return {
        "complaint": view.complaint.public_id,
        "status": view.complaint.status,
        "status_label": view.status_label,
        "lodged_at": view.complaint.lodged_at,
        "events": [vars(event) for event in view.events],
        "files": view.own_files,
    }


@router.post(
    "/public/complaints/track",
    auth=None,
    throttle=[AnonRateThrottle(TRACK_RATE)],
    response={200: TrackedOut, **PUBLIC_ERRORS},
    tags=TRACKING,
    summary="Follow a complaint with its tracking code (public)",
    description=(
        "The status and the updates meant for the complainant. A wrong code and an "
        "unknown one are the same 404; 10 tries in 15 minutes per address, then 429."
    ),
)
def complaint_track(request: HttpRequest, payload: TrackIn) -> object:
    complaint = selectors.complaint_by_code(code=payload.code, client=_client(request))
    return _tracked(complaint)


@router.post(
    "/public/complaints/track/information",
    auth=None,
    throttle=[AnonRateThrottle(TRACK_RATE)],
    response={201: TrackedOut, **TRACK_ERRORS},
    tags=TRACKING,
    summary="Add information to a complaint, with its tracking code (public)",
)
def complaint_track_information(
    request: HttpRequest, payload: TrackInformationIn
) -> Status[object]:
    complaint = selectors.complaint_by_code(code=payload.code, client=_client(request))
    services.complaint_add_information(complaint=complaint, text=payload.text)
    return Status(201, _tracked(complaint))


@router.post(
    "/public/complaints/track/evidence",
    auth=None,
    throttle=[AnonRateThrottle(TRACK_RATE)],
    response={201: TrackedOut, **TRACK_ERRORS},
    tags=TRACKING,
    summary="Add evidence to a complaint, with its tracking code (public)",
    description=(
        "multipart/form-data: `code` and one or more `files` (JPEG, PNG, PDF, DOCX or ODT, "
        "told by their content; each at most 10 MB, together at most 25 MB). One file "
        "refused refuses all (422, each reason under `attachments`); nothing is kept."
    ),
)
def complaint_track_evidence(
    request: HttpRequest,
    form: Form[TrackIn],
    files: File[list[UploadedFile]],
) -> Status[object]:
    complaint = selectors.complaint_by_code(code=form.code, client=_client(request))
    services.complaint_add_information(
        complaint=complaint,
        text="",
        files=[
            services.Upload(name=f.name or "", file=f, content_type=f.content_type or "")
            for f in files
        ],
    )
    return Status(201, _tracked(complaint))


# --- The handlers' side -------------------------------------------------------------------------


@router.get(
    "/complaints",
    response={200: list[ComplaintOut], **ERRORS},
    tags=COMPLAINTS,
    summary="Complaints your organisation handles (and those not routed yet)",
    description="Urgent first, then open ones oldest first; closed ones last.",
)
@paginate(Cursor, ordering=("-urgent", "closed_last", "lodged_at", "id"))
def complaint_list(request: HttpRequest, filters: Query[ComplaintFilters]) -> Any:
    return selectors.complaint_list(
        actor=request_actor(request),
        filters=selectors.ComplaintFilters(
            status=filters.status,
            category=filters.category,
            urgent=filters.urgent,
            mine=filters.mine,
        ),
    )


def _detail(request: HttpRequest, public_id: str) -> dict[str, object]:
    detail = selectors.complaint_detail(actor=request_actor(request), public_id=public_id)
    complaint = detail.complaint
    return {
        **{name: getattr(complaint, name) for name in _PLAIN},
        "public_id": complaint.public_id,
        "routed_to": complaint.routed_to.code if complaint.routed_to else None,
        "handler": complaint.handler.username if complaint.handler else None,
        "agency": complaint.agency.public_id if complaint.agency else None,
        "lodged_for": complaint.lodged_for.code if complaint.lodged_for else None,
        "linked_to_record": detail.linked_to_record,
        "indicators": [
            {
                "indicator": flag.indicator,
                "evidence": flag.evidence,
                "flagged_by": flag.flagged_by.username,
                "flagged_at": flag.flagged_at,
            }
            for flag, _label in detail.indicators
        ],
        "events": [
            {
                "kind": event.kind,
                "public": event.public,
                "title": title,
                "text": event.text,
                "data": event.data,
                "by": event.by.username if event.by else None,
                "at": event.at,
            }
            for event, title in detail.events
        ],
        "attachments": detail.attachments,
    }


_PLAIN = (
    "status",
    "urgent",
    "categories",
    "region",
    "sector",
    "employer",
    "lodged_via",
    "anonymous",
    "forced_labour",
    "lodged_at",
    "closed_at",
    "description",
    "name",
    "contact",
    "workplace",
    "agency_name",
    "language",
    "forced_labour_reason",
    "remedies",
    "wages_recovered",
    "currency",
)


@router.get(
    "/complaints/{public_id}",
    response={200: ComplaintDetailOut, **ERRORS},
    tags=COMPLAINTS,
    summary="A complaint, with its indicators, history and evidence (audited)",
)
def complaint_get(request: HttpRequest, public_id: ComplaintId) -> object:
    return _detail(request, public_id)


def _complaint(request: HttpRequest, public_id: str) -> Any:
    return selectors.complaint_get(actor=request_actor(request), public_id=public_id)


@router.post(
    "/complaints/{public_id}/assign",
    response={200: ComplaintDetailOut, **ERRORS},
    tags=COMPLAINTS,
    summary="Take the complaint up yourself",
)
def complaint_assign(request: HttpRequest, public_id: ComplaintId) -> object:
    handling.complaint_assign(
        actor=request_actor(request), complaint=_complaint(request, public_id)
    )
    return _detail(request, public_id)


@router.post(
    "/complaints/{public_id}/updates",
    response={201: ComplaintDetailOut, **ERRORS},
    tags=COMPLAINTS,
    summary="Change the status, write a note, or both (public: shown to the complainant)",
)
def complaint_update(
    request: HttpRequest, public_id: ComplaintId, payload: UpdateIn
) -> Status[object]:
    handling.complaint_update(
        actor=request_actor(request),
        complaint=_complaint(request, public_id),
        status=payload.status,
        note=payload.note,
        public=payload.public,
    )
    return Status(201, _detail(request, public_id))


@router.post(
    "/complaints/{public_id}/route",
    response={200: ComplaintOut, **ERRORS},
    tags=COMPLAINTS,
    summary="Send the complaint to another labour inspectorate or legal-aid organisation",
    description="Afterwards it is that organisation's: you may no longer see it.",
)
def complaint_route(request: HttpRequest, public_id: ComplaintId, payload: RouteIn) -> object:
    return handling.complaint_route(
        actor=request_actor(request),
        complaint=_complaint(request, public_id),
        organisation=payload.organisation,
        note=payload.note,
    )


@router.put(
    "/complaints/{public_id}/indicators/{indicator}",
    response={200: ComplaintDetailOut, **ERRORS},
    tags=COMPLAINTS,
    summary="Flag one of the ILO's forced-labour indicators, with its evidence",
    description=(
        "Again: the evidence is replaced. Flags never label a complaint forced labour; "
        "restriction of movement, violence or isolation make it urgent."
    ),
)
def indicator_flag(
    request: HttpRequest, public_id: ComplaintId, indicator: Indicator, payload: IndicatorIn
) -> object:
    handling.indicator_flag(
        actor=request_actor(request),
        complaint=_complaint(request, public_id),
        indicator=indicator,
        evidence_text=payload.evidence,
    )
    return _detail(request, public_id)


@router.delete(
    "/complaints/{public_id}/indicators/{indicator}",
    response={204: None, **ERRORS},
    tags=COMPLAINTS,
    summary="Withdraw an indicator flagged by mistake",
)
def indicator_withdraw(
    request: HttpRequest, public_id: ComplaintId, indicator: Indicator
) -> Status[None]:
    handling.indicator_withdraw(
        actor=request_actor(request),
        complaint=_complaint(request, public_id),
        indicator=indicator,
    )
    return Status(204, None)


@router.post(
    "/complaints/{public_id}/forced-labour",
    response={200: ComplaintDetailOut, **ERRORS},
    tags=COMPLAINTS,
    summary="Decide whether this is forced labour, and why",
)
def forced_labour_decide(
    request: HttpRequest, public_id: ComplaintId, payload: ForcedLabourIn
) -> object:
    handling.forced_labour_decide(
        actor=request_actor(request),
        complaint=_complaint(request, public_id),
        found=payload.forced_labour,
        reason=payload.reason,
    )
    return _detail(request, public_id)


@router.post(
    "/complaints/{public_id}/close",
    response={200: ComplaintDetailOut, **ERRORS},
    tags=COMPLAINTS,
    summary="Close the complaint with the remedy obtained",
)
def complaint_close(request: HttpRequest, public_id: ComplaintId, payload: CloseIn) -> object:
    handling.complaint_close(
        actor=request_actor(request),
        complaint=_complaint(request, public_id),
        closing=handling.Closing(
            remedies=tuple(payload.remedies),
            wages_recovered=payload.wages_recovered,
            currency=payload.currency,
            note=payload.note,
            public=payload.public,
        ),
    )
    return _detail(request, public_id)


@router.get(
    "/complaints/{public_id}/attachments/{attachment_id}",
    response={200: None, **ERRORS},
    tags=COMPLAINTS,
    summary="Download an attachment (audited)",
)
def attachment_download(
    request: HttpRequest, public_id: ComplaintId, attachment_id: DbId
) -> FileResponse:
    actor = request_actor(request)
    attachment, handle = selectors.attachment_open(
        actor=actor,
        complaint=selectors.complaint_get(actor=actor, public_id=public_id),
        attachment_id=attachment_id,
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.file_name,
        content_type=attachment.content_type,
    )


# --- Routing rules --------------------------------------------------------------------------------


@router.get(
    "/complaint-routing",
    response={200: list[RoutingRuleOut], **ERRORS},
    tags=ROUTING,
    summary="Where complaints go, by category and region (the labour inspectorate)",
)
@paginate(Cursor, ordering=("category", "region", "id"))
def routing_rule_list(request: HttpRequest) -> Any:
    return selectors.routing_rules(actor=request_actor(request))


@router.post(
    "/complaint-routing",
    response={201: RoutingRuleOut, **ERRORS},
    tags=ROUTING,
    summary="Add a routing rule (blank category or region: any)",
)
def routing_rule_create(request: HttpRequest, payload: RoutingRuleIn) -> Status[object]:
    rule = handling.routing_rule_create(
        actor=request_actor(request),
        organisation=payload.organisation,
        category=payload.category,
        region=payload.region,
    )
    return Status(201, rule)


@router.delete(
    "/complaint-routing/{rule_id}",
    response={204: None, **ERRORS},
    tags=ROUTING,
    summary="Remove a routing rule",
)
def routing_rule_delete(request: HttpRequest, rule_id: DbId) -> Status[None]:
    actor = request_actor(request)
    handling.routing_rule_delete(
        actor=actor, rule=selectors.routing_rule_get(actor=actor, rule_id=rule_id)
    )
    return Status(204, None)
