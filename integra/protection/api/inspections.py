"""The labour inspection API (R19): the risk list, the workplaces with their
agencies and complaints, and the inspections with their visits, violations,
sanctions and follow-ups. For the labour inspectorate's inspectors only; behind
the firewall, a role that can see legal status gets nothing (403, or 404 on an
inspection).
"""

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.core.api import ERRORS, request_actor
from integra.core.errors import NotFound
from integra.core.schemas import NO_NUL
from integra.pagination import Cursor
from integra.protection.schemas.inspections import (
    COMPLAINT_ID,
    DAY,
    INSPECTION_ID,
    WORKPLACE_ID,
    AgencyLinkIn,
    CancelIn,
    FollowUpIn,
    InspectionDetailOut,
    InspectionOut,
    PaidIn,
    PlanIn,
    RemedyIn,
    RiskOut,
    SanctionIn,
    SanctionOut,
    ViolationIn,
    ViolationOut,
    VisitIn,
    WorkplaceDetailOut,
    WorkplaceIn,
    WorkplaceOut,
    WorkplacePatch,
)
from integra.protection.selectors import inspections as selectors
from integra.protection.selectors import risk as risk_selectors
from integra.protection.services import inspections as services

if TYPE_CHECKING:
    from integra.protection.models import Inspection

router = Router()

WorkplaceId = Annotated[str, Path(max_length=11, pattern=WORKPLACE_ID)]
InspectionId = Annotated[str, Path(max_length=11, pattern=INSPECTION_ID)]
ComplaintId = Annotated[str, Path(max_length=11, pattern=COMPLAINT_ID)]
AgencyId = Annotated[str, Path(max_length=11, pattern=r"^G-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
# Database ids are 64-bit; a larger number is bad input (422), not an overflow (500).
DbId = Annotated[int, Path(ge=1, le=2**63 - 1)]

TAGS = ["labour inspection"]
SECTOR = r"^[A-Ua-u]?$"


# --- The risk list ----------------------------------------------------------------------------


class RiskQuery(Schema):
    region: str = Field(default="", max_length=100, pattern=NO_NUL)
    sector: str = Field(default="", pattern=SECTOR)
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=10**6)


@router.get(
    "/inspections/risk",
    response={200: RiskOut, **ERRORS},
    tags=TAGS,
    summary="The risk list: workplaces ranked for inspection, with the reasons",
    description=(
        "Highest score first; each row says why in words (complaints, violations past "
        "their deadline, agencies of concern, a sector where migrants work, …). Counts "
        "only: which complaints lie behind them is read on the workplace."
    ),
)
def risk_list(request: HttpRequest, filters: Query[RiskQuery]) -> object:
    page = risk_selectors.rank_workplaces(
        actor=request_actor(request),
        region=filters.region.strip(),
        sector=filters.sector.upper(),
        limit=filters.limit,
        offset=filters.offset,
    )
    return {"total": page.total, "rows": page.rows}


# --- Workplaces --------------------------------------------------------------------------------


class WorkplaceQuery(Schema):
    q: str = Field(
        default="", max_length=100, pattern=NO_NUL, description="A part of the employer's name."
    )
    region: str = Field(default="", max_length=100, pattern=NO_NUL)
    sector: str = Field(default="", pattern=SECTOR)


@router.get(
    "/workplaces",
    response={200: list[WorkplaceOut], **ERRORS},
    tags=TAGS,
    summary="The workplaces the inspectorate knows, by employer",
)
@paginate(Cursor, ordering=("search_name", "id"))
def workplace_list(request: HttpRequest, filters: Query[WorkplaceQuery]) -> Any:
    return selectors.workplace_list(
        actor=request_actor(request),
        filters=selectors.WorkplaceFilters(
            query=filters.q, region=filters.region, sector=filters.sector.upper()
        ),
    )


@router.post(
    "/workplaces",
    response={201: WorkplaceOut, **ERRORS},
    tags=TAGS,
    summary="Register a workplace (the employer is required)",
)
def workplace_create(request: HttpRequest, payload: WorkplaceIn) -> Status[object]:
    workplace = services.workplace_register(
        actor=request_actor(request), data=services.WorkplaceData(**payload.dict())
    )
    return Status(201, workplace)


def _workplace_detail(request: HttpRequest, public_id: str) -> dict[str, object]:
    actor = request_actor(request)
    detail = selectors.workplace_detail(actor=actor, public_id=public_id)
    shaped = WorkplaceOut.from_orm(detail.workplace).model_dump()
    shaped["agencies"] = [{"public_id": a.public_id, "name": a.name} for a in detail.agencies]
    shaped["complaints"] = [
        {"public_id": c.public_id, "categories": c.codes, "status": c.status}
        for c in detail.complaints
    ]
    shaped["inspections"] = [i for i, _status, _reason in detail.inspections]
    shaped["violations"] = [row.violation for row in detail.violations]
    return shaped


@router.get(
    "/workplaces/{public_id}",
    response={200: WorkplaceDetailOut, **ERRORS},
    tags=TAGS,
    summary="One workplace: its agencies, complaints (ids, categories, status), "
    "your inspectorate's inspections there and the violations found",
)
def workplace_get(request: HttpRequest, public_id: WorkplaceId) -> object:
    return _workplace_detail(request, public_id)


@router.patch(
    "/workplaces/{public_id}",
    response={200: WorkplaceOut, **ERRORS},
    tags=TAGS,
    summary="Change a workplace's details",
    description="Only the fields sent change.",
)
def workplace_update(
    request: HttpRequest, public_id: WorkplaceId, payload: WorkplacePatch
) -> object:
    actor = request_actor(request)
    workplace = selectors.workplace_get(actor=actor, public_id=public_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    data = replace(services.workplace_data(workplace), **changes)
    return services.workplace_update(actor=actor, workplace=workplace, data=data)


@router.post(
    "/workplaces/{public_id}/agencies",
    response={200: WorkplaceDetailOut, **ERRORS},
    tags=TAGS,
    summary="Link a recruitment agency from the register that supplies the workplace",
)
def workplace_agency_link(
    request: HttpRequest, public_id: WorkplaceId, payload: AgencyLinkIn
) -> object:
    actor = request_actor(request)
    workplace = selectors.workplace_get(actor=actor, public_id=public_id)
    services.workplace_agency_link(actor=actor, workplace=workplace, agency=payload.agency)
    return _workplace_detail(request, public_id)


@router.delete(
    "/workplaces/{public_id}/agencies/{agency_id}",
    response={204: None, **ERRORS},
    tags=TAGS,
    summary="Unlink a recruitment agency from the workplace",
)
def workplace_agency_unlink(
    request: HttpRequest, public_id: WorkplaceId, agency_id: AgencyId
) -> Status[None]:
    actor = request_actor(request)
    workplace = selectors.workplace_get(actor=actor, public_id=public_id)
    services.workplace_agency_unlink(actor=actor, workplace=workplace, agency=agency_id)
    return Status(204, None)


@router.put(
    "/workplaces/{public_id}/complaints/{complaint_id}",
    response={200: WorkplaceDetailOut, **ERRORS},
    tags=TAGS,
    summary="Link a complaint you handle to the workplace",
    description="For an inspector who handles the complaint; an internal event on it.",
)
def workplace_complaint_link(
    request: HttpRequest, public_id: WorkplaceId, complaint_id: ComplaintId
) -> object:
    actor = request_actor(request)
    workplace = selectors.workplace_get(actor=actor, public_id=public_id)
    complaint = selectors.complaint_visible(actor=actor, public_id=complaint_id)
    if complaint is None:
        raise NotFound(_("There is no such complaint."))
    services.complaint_workplace_link(
        actor=actor, complaint=complaint, workplace=workplace.public_id
    )
    return _workplace_detail(request, public_id)


# --- Inspections --------------------------------------------------------------------------------


class InspectionQuery(Schema):
    status: str = Field(default="", pattern=r"^(planned|done|cancelled)?$")
    planned_from: DAY | None = None
    planned_to: DAY | None = None
    due_follow_ups: bool = Field(
        default=False,
        description="Only those with a violation past its deadline, not remedied, "
        "and no follow-up planned.",
    )


def _inspection(request: HttpRequest, public_id: str) -> "Inspection":
    return selectors.inspection_get(actor=request_actor(request), public_id=public_id)


@router.get(
    "/inspections",
    response={200: list[InspectionOut], **ERRORS},
    tags=TAGS,
    summary="Your inspectorate's inspections, the latest planned first",
)
@paginate(Cursor, ordering=("-planned_for", "-id"))
def inspection_list(request: HttpRequest, filters: Query[InspectionQuery]) -> Any:
    return selectors.inspection_list(
        actor=request_actor(request),
        filters=selectors.InspectionFilters(
            status=filters.status,
            planned_from=filters.planned_from,
            planned_to=filters.planned_to,
            due_follow_ups=filters.due_follow_ups,
        ),
    )


@router.post(
    "/workplaces/{public_id}/inspections",
    response={201: InspectionDetailOut, **ERRORS},
    tags=TAGS,
    summary="Plan an inspection of a workplace",
    description=(
        "Reason `risk`, `complaint` (name the complaints it answers: linked to the "
        "workplace, ones you handle) or `other`; the inspector is one of your inspectorate."
    ),
)
def inspection_plan(
    request: HttpRequest, public_id: WorkplaceId, payload: PlanIn
) -> Status[object]:
    actor = request_actor(request)
    workplace = selectors.workplace_get(actor=actor, public_id=public_id)
    inspection = services.inspection_plan(
        actor=actor,
        workplace=workplace,
        data=services.PlanData(
            reason=payload.reason,
            planned_for=payload.planned_for,
            inspector=payload.inspector,
            complaints=tuple(payload.complaints),
        ),
    )
    return Status(201, _inspection(request, inspection.public_id))


@router.get(
    "/inspections/{public_id}",
    response={200: InspectionDetailOut, **ERRORS},
    tags=TAGS,
    summary="One inspection, with its violations and their sanctions",
)
def inspection_get(request: HttpRequest, public_id: InspectionId) -> object:
    return _inspection(request, public_id)


@router.post(
    "/inspections/{public_id}/visit",
    response={200: InspectionDetailOut, **ERRORS},
    tags=TAGS,
    summary="Record the visit: its date, findings, workers interviewed",
    description="The complaints it answers each get a public event: an inspector visited.",
)
def inspection_visit(request: HttpRequest, public_id: InspectionId, payload: VisitIn) -> object:
    actor = request_actor(request)
    services.visit_record(
        actor=actor,
        inspection=_inspection(request, public_id),
        data=services.VisitData(**payload.dict()),
    )
    return _inspection(request, public_id)


@router.post(
    "/inspections/{public_id}/cancel",
    response={200: InspectionDetailOut, **ERRORS},
    tags=TAGS,
    summary="Cancel a planned inspection, with the reason",
)
def inspection_cancel(request: HttpRequest, public_id: InspectionId, payload: CancelIn) -> object:
    services.inspection_cancel(
        actor=request_actor(request),
        inspection=_inspection(request, public_id),
        reason=payload.reason,
    )
    return _inspection(request, public_id)


@router.post(
    "/inspections/{public_id}/violations",
    response={201: ViolationOut, **ERRORS},
    tags=TAGS,
    summary="Record a violation found at the visit, with its remedy deadline",
)
def violation_create(
    request: HttpRequest, public_id: InspectionId, payload: ViolationIn
) -> Status[object]:
    violation = services.violation_record(
        actor=request_actor(request),
        inspection=_inspection(request, public_id),
        data=services.ViolationData(**payload.dict()),
    )
    return Status(201, violation)


@router.post(
    "/inspections/{public_id}/violations/{violation_id}/sanctions",
    response={201: SanctionOut, **ERRORS},
    tags=TAGS,
    summary="Record a sanction for a violation (a fine: amount and currency)",
)
def sanction_create(
    request: HttpRequest, public_id: InspectionId, violation_id: DbId, payload: SanctionIn
) -> Status[object]:
    inspection = _inspection(request, public_id)
    violation = selectors.violation_get(inspection=inspection, violation_id=violation_id)
    if violation.inspection_id != inspection.pk:
        raise NotFound(_("There is no such violation."))
    sanction = services.sanction_record(
        actor=request_actor(request),
        violation=violation,
        data=services.SanctionData(**payload.dict()),
    )
    return Status(201, sanction)


@router.post(
    "/inspections/{public_id}/sanctions/{sanction_id}/paid",
    response={200: SanctionOut, **ERRORS},
    tags=TAGS,
    summary="Mark a fine paid",
)
def sanction_paid(
    request: HttpRequest, public_id: InspectionId, sanction_id: DbId, payload: PaidIn
) -> object:
    inspection = _inspection(request, public_id)
    sanction = selectors.sanction_get(inspection=inspection, sanction_id=sanction_id)
    return services.sanction_paid(
        actor=request_actor(request), sanction=sanction, paid_on=payload.paid_on
    )


@router.post(
    "/inspections/{public_id}/follow-ups",
    response={201: InspectionDetailOut, **ERRORS},
    tags=TAGS,
    summary="Plan a follow-up visit of an inspection with violations not remedied",
)
def follow_up_plan(
    request: HttpRequest, public_id: InspectionId, payload: FollowUpIn
) -> Status[object]:
    follow_up = services.follow_up_plan(
        actor=request_actor(request),
        inspection=_inspection(request, public_id),
        planned_for=payload.planned_for,
        inspector=payload.inspector,
    )
    return Status(201, _inspection(request, follow_up.public_id))


@router.post(
    "/inspections/{public_id}/violations/{violation_id}/remedied",
    response={200: ViolationOut, **ERRORS},
    tags=TAGS,
    summary="At a follow-up visit: a violation of the inspection followed up was remedied",
    description="The follow-up visit is recorded first; the day is on or before it.",
)
def violation_remedied(
    request: HttpRequest, public_id: InspectionId, violation_id: DbId, payload: RemedyIn
) -> object:
    inspection = _inspection(request, public_id)
    violation = selectors.violation_get(inspection=inspection, violation_id=violation_id)
    services.violations_remedied(
        actor=request_actor(request),
        inspection=inspection,
        violations=[violation.pk],
        remedied_on=payload.remedied_on,
    )
    return selectors.violation_get(inspection=inspection, violation_id=violation_id)
