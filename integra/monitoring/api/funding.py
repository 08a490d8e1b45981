"""The funding API (R26): sources, budget lines per programme, measure and year,
commitments and spending, the overview of a year and the core measures with no
funding. Read by the coordinating authority and the analysts; written by the
coordinating authority (core.access.can_see_funding / can_manage_funding).
"""

from dataclasses import asdict
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.core.api import ERRORS, request_actor
from integra.core.schemas import NO_NUL
from integra.monitoring.schemas.funding import (
    LINE_ID,
    EntryIn,
    EntryRecorded,
    GapOut,
    LineDetailOut,
    LineIn,
    LineOut,
    LinePatch,
    OverviewOut,
    SourceIn,
    SourceOut,
)
from integra.monitoring.selectors import funding as selectors
from integra.monitoring.services import funding as services
from integra.pagination import Cursor

router = Router()

FUNDING = ["funding"]
LineId = Annotated[str, Path(max_length=11, pattern=LINE_ID)]


def _this_year() -> int:
    return timezone.localdate().year


# --- Sources ----------------------------------------------------------------------------------


class SourceQuery(Schema):
    active: bool | None = Field(default=None, description="Only those in use (or not).")


@router.get(
    "/funding/sources",
    response={200: list[SourceOut], **ERRORS},
    tags=FUNDING,
    summary="Funding sources: state, local, bilateral, multilateral (EU funds), private",
)
@paginate(Cursor, ordering=("id",))
def source_list(request: HttpRequest, filters: Query[SourceQuery]) -> Any:
    return selectors.source_list(actor=request_actor(request), active=filters.active)


@router.post(
    "/funding/sources",
    response={201: SourceOut, **ERRORS},
    tags=FUNDING,
    summary="Add a funding source (coordinating authority)",
    description="The code is unique: lower-case letters, digits and hyphens.",
)
def source_create(request: HttpRequest, payload: SourceIn) -> Status[object]:
    actor = request_actor(request)
    source = services.source_create(actor=actor, data=services.SourceData(**payload.dict()))
    return Status(201, source)


# --- Budget lines -----------------------------------------------------------------------------


class LineQuery(Schema):
    year: int | None = Field(default=None, ge=2000, le=2100)
    programme: str = Field(default="", max_length=64, pattern=NO_NUL, description="Its code.")
    source: str = Field(default="", max_length=64, pattern=NO_NUL, description="Its code.")


@router.get(
    "/funding/lines",
    response={200: list[LineOut], **ERRORS},
    tags=FUNDING,
    summary="Budget lines, latest year first, with what was committed and spent",
)
@paginate(Cursor, ordering=("-year", "id"))
def line_list(request: HttpRequest, filters: Query[LineQuery]) -> Any:
    return selectors.line_list(
        actor=request_actor(request),
        filters=selectors.LineFilters(
            year=filters.year, programme=filters.programme, source=filters.source
        ),
    )


@router.post(
    "/funding/lines",
    response={201: LineOut, **ERRORS},
    tags=FUNDING,
    summary="Add a budget line (coordinating authority)",
    description=(
        "Money a source gives a programme (or one of its measures) for a year. Each bad "
        "field is named in the 422: a negative amount, a measure that is not of the "
        "programme, a source no longer in use, a currency that is not an ISO code …"
    ),
)
def line_create(request: HttpRequest, payload: LineIn) -> Status[object]:
    actor = request_actor(request)
    line = services.line_create(actor=actor, data=services.LineData(**payload.dict()))
    return Status(201, selectors.line_get(actor=actor, public_id=line.public_id))


def _detail(request: HttpRequest, public_id: str) -> dict[str, object]:
    actor = request_actor(request)
    line = selectors.line_get(actor=actor, public_id=public_id)
    cost = selectors.line_cost(line=line)
    return {
        "line": line,
        "cost": {
            "participants": cost.participants,
            "per_participant": [asdict(m) for m in cost.per_participant],
            "note": cost.note,
        },
        "entries": list(selectors.line_entries(line=line)[:500]),
    }


@router.get(
    "/funding/lines/{public_id}",
    response={200: LineDetailOut, **ERRORS},
    tags=FUNDING,
    summary="One budget line, with its cost per participant and its latest 500 entries",
)
def line_get(request: HttpRequest, public_id: LineId) -> object:
    return _detail(request, public_id)


@router.patch(
    "/funding/lines/{public_id}",
    response={200: LineOut, **ERRORS},
    tags=FUNDING,
    summary="Change a budget line's amount or note (coordinating authority)",
    description="Only the fields sent change. A negative amount is refused (422).",
)
def line_update(request: HttpRequest, public_id: LineId, payload: LinePatch) -> object:
    actor = request_actor(request)
    line = selectors.line_get(actor=actor, public_id=public_id)
    sent = payload.dict(exclude_unset=True)
    services.line_update(actor=actor, line=line, amount=sent.get("amount"), note=sent.get("note"))
    return selectors.line_get(actor=actor, public_id=public_id)


@router.post(
    "/funding/lines/{public_id}/entries",
    response={201: EntryRecorded, **ERRORS},
    tags=FUNDING,
    summary="Record a commitment or spending on a budget line (coordinating authority)",
    description=(
        "The amount must be more than zero and the date at most a year from today. "
        "Spending beyond the line's amount is recorded, with a warning."
    ),
)
def entry_create(request: HttpRequest, public_id: LineId, payload: EntryIn) -> Status[object]:
    actor = request_actor(request)
    line = selectors.line_get(actor=actor, public_id=public_id)
    result = services.entry_record(
        actor=actor, line=line, data=services.EntryData(**payload.dict())
    )
    return Status(201, {"entry": result.entry, "warnings": result.warnings})


# --- The overview and the gaps ---------------------------------------------------------------


class YearQuery(Schema):
    year: int | None = Field(default=None, ge=2000, le=2100, description="This year if empty.")


@router.get(
    "/funding/overview",
    response={200: OverviewOut, **ERRORS},
    tags=FUNDING,
    summary="A year's funding per programme: budget, committed, spent, cost per participant",
    description=(
        "Totals come one per currency. The cost per participant is empty, with a note, "
        "when the programme had fewer participants than the disclosure threshold. "
        "`gaps` lists the core measures with no funding for the year after."
    ),
)
def overview(request: HttpRequest, filters: Query[YearQuery]) -> object:
    result = selectors.overview(actor=request_actor(request), year=filters.year or _this_year())
    return asdict(result)


@router.get(
    "/funding/gaps",
    response={200: list[GapOut], **ERRORS},
    tags=FUNDING,
    summary="Core measures with no funding for a year (next year if empty)",
    description=(
        "A core measure is a mandatory measure of a programme open to new plans; it is "
        "funded when a budget line of the year above zero names it or its programme."
    ),
)
def gaps(request: HttpRequest, filters: Query[YearQuery]) -> object:
    year = filters.year or _this_year() + 1
    return [asdict(gap) for gap in selectors.gaps(actor=request_actor(request), year=year)]
