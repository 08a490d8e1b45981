"""The recruitment agencies API (R20, ILO Convention 181): the licensing staff keep
the register, decide licences, record violations and keep contract templates;
complaint handlers read the register; anyone checks whether an agency is licensed.
"""

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any

from django.http import FileResponse, HttpRequest
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.throttling import AnonRateThrottle

from integra.core.api import ERRORS, request_actor
from integra.core.schemas import NO_NUL
from integra.pagination import Cursor
from integra.protection.licensing import Decision
from integra.protection.schemas.agencies import (
    AGENCY_ID,
    AgencyDetailOut,
    AgencyIn,
    AgencyOut,
    AgencyPatch,
    ApplicationIn,
    CheckOut,
    ContractOut,
    GrantIn,
    LicenceOut,
    ReasonIn,
    ViolationIn,
    ViolationOut,
)
from integra.protection.selectors import agencies as selectors
from integra.protection.services import agencies as services

if TYPE_CHECKING:
    from integra.protection.models import Licence

router = Router()

AgencyId = Annotated[str, Path(max_length=11, pattern=AGENCY_ID)]
# Database ids are 64-bit; a larger number is bad input (422), not an overflow (500).
DbId = Annotated[int, Path(ge=1, le=2**63 - 1)]

AGENCIES = ["recruitment agencies"]
PUBLIC = ["recruitment agencies (public)"]
# Anyone may check an agency, without signing in: per client address.
CHECK_RATE = "30/m"
# Without sign-in there is nothing to refuse: no 401, 403 or 409.
PUBLIC_ERRORS: dict[int, Any] = {status: ERRORS[status] for status in (400, 422, 429)}


def _licence(request: HttpRequest, public_id: str, licence_id: int) -> "Licence":
    actor = request_actor(request)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    return selectors.licence_get(actor=actor, agency=agency, licence_id=licence_id)


# --- Public: is this agency licensed? ------------------------------------------------------


class CheckQuery(Schema):
    q: str = Field(
        min_length=2,
        max_length=100,
        pattern=NO_NUL,
        description="A part of the agency's name, or its registration number (IDNO).",
    )


@router.get(
    "/agencies/check",
    auth=None,
    throttle=[AnonRateThrottle(CHECK_RATE)],
    response={200: CheckOut, **PUBLIC_ERRORS},
    tags=PUBLIC,
    summary="Is this recruitment agency licensed? (public: no sign-in)",
    description=(
        "The registered agencies whose name holds `q` (case and diacritics aside) or whose "
        "registration number is `q`: their standing today in plain words, the licence it "
        "rests on and the history of their licences; at most 20. An agency may never charge "
        "a worker any fee (ILO Convention 181, Art. 7). Limited to 30 requests a minute per "
        "address."
    ),
)
def agency_check(request: HttpRequest, filters: Query[CheckQuery]) -> object:
    result = selectors.public_check(query=filters.q)
    return {
        "agencies": result.agencies,
        "more": result.more,
        "fees": _(
            "A recruitment agency may never charge a worker any fee or cost for finding a "
            "job, licensed or not (ILO Convention 181, Article 7)."
        ),
    }


# --- The register ------------------------------------------------------------------------------


class ListQuery(Schema):
    q: str = Field(
        default="",
        max_length=100,
        pattern=NO_NUL,
        description="A part of the name, the registration number or the public id.",
    )
    standing: str = Field(
        default="",
        pattern=r"^(licensed|not_yet_valid|suspended|applied|refused|revoked|expired|none)?$",
        description="The agencies with this standing today.",
    )


@router.get(
    "/agencies",
    response={200: list[AgencyOut], **ERRORS},
    tags=AGENCIES,
    summary="The register of recruitment agencies, by name",
    description="For the licensing staff and the complaint handlers.",
)
@paginate(Cursor, ordering=("search_name", "id"))
def agency_list(request: HttpRequest, filters: Query[ListQuery]) -> Any:
    return selectors.agency_list(
        actor=request_actor(request),
        filters=selectors.Filters(query=filters.q, standing=filters.standing),
    )


@router.post(
    "/agencies",
    response={201: AgencyOut, **ERRORS},
    tags=AGENCIES,
    summary="Register an agency (licensing staff)",
    description=(
        "Not licensed until a licence is granted. Each bad field is named in the 422: a "
        "registration number already in the register, an IDNO that is not 13 digits, "
        "markup in a text …"
    ),
)
def agency_create(request: HttpRequest, payload: AgencyIn) -> Status[object]:
    actor = request_actor(request)
    agency = services.agency_register(actor=actor, data=services.AgencyData(**payload.dict()))
    return Status(201, selectors.agency_get(actor=actor, public_id=agency.public_id))


@router.get(
    "/agencies/{public_id}",
    response={200: AgencyDetailOut, **ERRORS},
    tags=AGENCIES,
    summary="One agency, with the count of complaints naming it",
)
def agency_get(request: HttpRequest, public_id: AgencyId) -> object:
    actor = request_actor(request)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    counts = selectors.complaint_counts(actor=actor, agency=agency)
    shaped = AgencyOut.from_orm(agency).model_dump()
    shaped["complaints"] = (
        None
        if counts is None
        else [{"status": status, "label": label, "count": n} for status, label, n in counts]
    )
    return shaped


@router.patch(
    "/agencies/{public_id}",
    response={200: AgencyOut, **ERRORS},
    tags=AGENCIES,
    summary="Change an agency's details (licensing staff)",
    description="Only the fields sent change.",
)
def agency_update(request: HttpRequest, public_id: AgencyId, payload: AgencyPatch) -> object:
    actor = request_actor(request)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    data = replace(services.agency_data(agency), **changes)
    services.agency_update(actor=actor, agency=agency, data=data)
    return selectors.agency_get(actor=actor, public_id=public_id)


# --- Licences ------------------------------------------------------------------------------------


@router.get(
    "/agencies/{public_id}/licences",
    response={200: list[LicenceOut], **ERRORS},
    tags=AGENCIES,
    summary="The agency's licences, newest application first, with their history",
)
def licence_list(request: HttpRequest, public_id: AgencyId) -> object:
    actor = request_actor(request)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    return [
        selectors.licence_row(licence, actor=actor)
        for licence in selectors.licence_list(actor=actor, agency=agency)
    ]


@router.post(
    "/agencies/{public_id}/licences",
    response={201: LicenceOut, **ERRORS},
    tags=AGENCIES,
    summary="Record an application for a licence (licensing staff)",
    description="One application waits for a decision at a time (409 otherwise).",
)
def licence_apply(request: HttpRequest, public_id: AgencyId, payload: ApplicationIn) -> object:
    actor = request_actor(request)
    licence = services.licence_apply(
        actor=actor,
        agency=selectors.agency_get(actor=actor, public_id=public_id),
        data=services.ApplicationData(
            destinations=tuple(payload.destinations),
            sectors=tuple(payload.sectors),
            applied_on=payload.applied_on,
        ),
    )
    return Status(201, selectors.licence_row(licence, actor=actor))


def _decide(
    request: HttpRequest, public_id: str, licence_id: int, data: services.DecisionData
) -> object:
    actor = request_actor(request)
    licence = services.licence_decide(
        actor=actor, licence=_licence(request, public_id, licence_id), data=data
    )
    return selectors.licence_row(licence, actor=actor)


DECIDED = (
    "Allowed from the licence's status today (a licence past its last day has expired: "
    "409); recorded in its history."
)


@router.post(
    "/agencies/{public_id}/licences/{licence_id}/grant",
    response={200: LicenceOut, **ERRORS},
    tags=AGENCIES,
    summary="Grant a licence applied for: its number, first and last day",
    description=DECIDED,
)
def licence_grant(
    request: HttpRequest, public_id: AgencyId, licence_id: DbId, payload: GrantIn
) -> object:
    return _decide(
        request,
        public_id,
        licence_id,
        services.DecisionData(decision=Decision.GRANT, **payload.dict()),
    )


@router.post(
    "/agencies/{public_id}/licences/{licence_id}/refuse",
    response={200: LicenceOut, **ERRORS},
    tags=AGENCIES,
    summary="Refuse a licence applied for (with the reason)",
    description=DECIDED,
)
def licence_refuse(
    request: HttpRequest, public_id: AgencyId, licence_id: DbId, payload: ReasonIn
) -> object:
    data = services.DecisionData(decision=Decision.REFUSE, reason=payload.reason)
    return _decide(request, public_id, licence_id, data)


@router.post(
    "/agencies/{public_id}/licences/{licence_id}/suspend",
    response={200: LicenceOut, **ERRORS},
    tags=AGENCIES,
    summary="Suspend an active licence (with the reason)",
    description=DECIDED,
)
def licence_suspend(
    request: HttpRequest, public_id: AgencyId, licence_id: DbId, payload: ReasonIn
) -> object:
    data = services.DecisionData(decision=Decision.SUSPEND, reason=payload.reason)
    return _decide(request, public_id, licence_id, data)


@router.post(
    "/agencies/{public_id}/licences/{licence_id}/reinstate",
    response={200: LicenceOut, **ERRORS},
    tags=AGENCIES,
    summary="Reinstate a suspended licence",
    description=DECIDED,
)
def licence_reinstate(
    request: HttpRequest, public_id: AgencyId, licence_id: DbId, payload: ReasonIn
) -> object:
    data = services.DecisionData(decision=Decision.REINSTATE, reason=payload.reason)
    return _decide(request, public_id, licence_id, data)


@router.post(
    "/agencies/{public_id}/licences/{licence_id}/revoke",
    response={200: LicenceOut, **ERRORS},
    tags=AGENCIES,
    summary="Revoke an active or suspended licence (with the reason; final)",
    description=DECIDED,
)
def licence_revoke(
    request: HttpRequest, public_id: AgencyId, licence_id: DbId, payload: ReasonIn
) -> object:
    data = services.DecisionData(decision=Decision.REVOKE, reason=payload.reason)
    return _decide(request, public_id, licence_id, data)


# --- Violations ---------------------------------------------------------------------------------


@router.get(
    "/agencies/{public_id}/violations",
    response={200: list[ViolationOut], **ERRORS},
    tags=AGENCIES,
    summary="The violations found against the agency, newest first",
)
def violation_list(request: HttpRequest, public_id: AgencyId) -> object:
    actor = request_actor(request)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    return list(selectors.violation_list(actor=actor, agency=agency))


@router.post(
    "/agencies/{public_id}/violations",
    response={201: ViolationOut, **ERRORS},
    tags=AGENCIES,
    summary="Record a violation (licensing staff); any fee charged to a worker is one",
)
def violation_record(request: HttpRequest, public_id: AgencyId, payload: ViolationIn) -> object:
    actor = request_actor(request)
    violation = services.violation_record(
        actor=actor,
        agency=selectors.agency_get(actor=actor, public_id=public_id),
        data=services.ViolationData(**payload.dict()),
    )
    return Status(201, violation)


# --- Contract templates -------------------------------------------------------------------


@router.get(
    "/agencies/{public_id}/contracts",
    response={200: list[ContractOut], **ERRORS},
    tags=AGENCIES,
    summary="The contract templates on file, newest first",
)
def contract_list(request: HttpRequest, public_id: AgencyId) -> object:
    actor = request_actor(request)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    return list(selectors.contract_list(actor=actor, agency=agency))


@router.post(
    "/agencies/{public_id}/contracts",
    response={201: ContractOut, **ERRORS},
    tags=AGENCIES,
    summary="Keep a contract template (licensing staff; multipart/form-data)",
    description=(
        "A PDF, DOCX or ODT file of 10 MB at most, whose content (not its name) is of that "
        "kind; a document that would unpack to too much, holds too many parts, macros or "
        "scripts is refused (422 naming `file`), and nothing is kept."
    ),
)
def contract_upload(
    request: HttpRequest,
    public_id: AgencyId,
    file: File[UploadedFile],
    title: Form[str],
    language: Form[str],
) -> object:
    actor = request_actor(request)
    contract = services.contract_upload(
        actor=actor,
        agency=selectors.agency_get(actor=actor, public_id=public_id),
        data=services.ContractData(
            title=title,
            language=language,
            file_name=file.name or "",
            size=file.size or 0,
            content_type=file.content_type or "",
        ),
        file=file,
    )
    return Status(201, contract)


@router.get(
    "/agencies/{public_id}/contracts/{contract_id}",
    response={200: None, **ERRORS},
    tags=AGENCIES,
    summary="Download a contract template",
)
def contract_download(request: HttpRequest, public_id: AgencyId, contract_id: DbId) -> FileResponse:
    actor = request_actor(request)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    contract = selectors.contract_get(actor=actor, agency=agency, contract_id=contract_id)
    response = FileResponse(
        selectors.contract_open(actor=actor, contract=contract),
        as_attachment=True,
        filename=contract.file_name,
        content_type=contract.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
