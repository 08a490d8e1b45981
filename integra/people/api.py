"""The registry API: find, register, read and change people."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from integra.core import spreadsheets
from integra.core.access import Actor
from integra.core.api import ERRORS, request_actor
from integra.core.errors import NotFound, PermissionDenied, ValidationFailed
from integra.core.schemas import NO_NUL, Problem
from integra.pagination import Cursor
from integra.people import selectors, services, tasks
from integra.people.schemas import (
    CandidateOut,
    ConsentIn,
    ConsentOut,
    DocumentIn,
    DocumentOut,
    ExperienceIn,
    ExperienceOut,
    FamilyMemberIn,
    FamilyMemberOut,
    HouseholdJoinIn,
    HouseholdMemberOut,
    HouseholdMergeIn,
    HouseholdOut,
    HouseholdSplitIn,
    ImportOut,
    LanguageIn,
    LanguageOut,
    MergeIn,
    MergeOut,
    MergeUndoIn,
    OtherNameIn,
    OtherNameOut,
    PersonIn,
    PersonListOut,
    PersonOut,
    PersonRegisterIn,
    QualificationIn,
    QualificationOut,
    RequestDocumentIn,
    RequestDocumentOut,
    RequestFilters,
    RequestIn,
    RequestOut,
    RequestStatusIn,
    StatusIn,
    StatusOut,
    VulnerabilityIn,
    VulnerabilityOut,
)
from integra.people.services import households, imports, merges, requests

if TYPE_CHECKING:
    from integra.people.models import Household, Person

router = Router(tags=["persons"])

PublicId = Annotated[str, Path(max_length=11, pattern=r"^P-[0-9A-Z]{4}-[0-9A-Z]{4}$")]


class DuplicateProblem(Problem):
    candidates: list[CandidateOut]


def _person(request: HttpRequest, public_id: str) -> "tuple[Actor, Person]":
    """The actor and the person they asked for (read through person_get: audited)."""
    actor = request_actor(request)
    return actor, selectors.person_get(actor=actor, public_id=public_id)


def _data(payload: PersonIn) -> services.PersonData:
    values = payload.dict()
    values.pop("confirm_new", None)
    values["citizenships"] = tuple(values["citizenships"])
    return services.PersonData(**values)


class PersonFilters(Schema):
    q: str = Field(
        default="",
        max_length=200,
        pattern=NO_NUL,
        description="Name in any script or spelling, or a public id.",
    )
    birth_date: date | None = None
    citizenship: str = Field(default="", max_length=2, pattern=r"^([A-Za-z]{2})?$")


@router.get("/persons", response={200: list[PersonListOut], **ERRORS}, summary="Find people")
@paginate(Cursor, ordering=selectors.BY_PUBLIC_ID)  # cursors never carry names or database ids
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> Any:
    return selectors.person_search(
        actor=request_actor(request),
        query=filters.q,
        birth_date=filters.birth_date,
        citizenship=filters.citizenship,
        order=selectors.BY_PUBLIC_ID,
    )


@router.post(
    "/persons",
    response={201: PersonOut, **ERRORS, 409: DuplicateProblem},
    summary="Register a person (409 lists likely existing records)",
)
def person_register(request: HttpRequest, payload: PersonRegisterIn) -> Status[object]:
    person = services.person_register(
        actor=request_actor(request), data=_data(payload), confirm_new=payload.confirm_new
    )
    return Status(201, person)


@router.get("/persons/{public_id}", response={200: PersonOut, **ERRORS}, summary="One person")
def person_get(request: HttpRequest, public_id: PublicId) -> object:
    return selectors.person_get(actor=request_actor(request), public_id=public_id)


class PersonPatch(Schema):
    given_name: str | None = Field(default=None, min_length=1, max_length=150, pattern=NO_NUL)
    family_name: str | None = Field(default=None, max_length=150, pattern=NO_NUL)
    given_name_latin: str | None = Field(default=None, max_length=150, pattern=NO_NUL)
    family_name_latin: str | None = Field(default=None, max_length=150, pattern=NO_NUL)
    sex: str | None = Field(default=None, max_length=16, pattern=NO_NUL)
    birth_date: date | None = Field(
        default=None, description="Send null to clear the date (other fields: null leaves them)."
    )
    birth_date_precision: str | None = Field(default=None, max_length=16, pattern=NO_NUL)
    birth_place: str | None = Field(default=None, max_length=150, pattern=NO_NUL)
    citizenships: list[str] | None = Field(default=None, max_length=10)
    stateless: bool | None = None
    phone: str | None = Field(default=None, max_length=32, pattern=NO_NUL)
    email: str | None = Field(default=None, max_length=254, pattern=NO_NUL)
    address: str | None = Field(default=None, max_length=250, pattern=NO_NUL)
    locality: str | None = Field(default=None, max_length=100, pattern=NO_NUL)


@router.patch(
    "/persons/{public_id}", response={200: PersonOut, **ERRORS}, summary="Change a person's record"
)
def person_update(request: HttpRequest, public_id: PublicId, payload: PersonPatch) -> object:
    actor = request_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id, purpose="case management")
    current = selectors.person_data(person=person)
    changes = payload.dict(exclude_unset=True)
    if "citizenships" in changes and changes["citizenships"] is not None:
        changes["citizenships"] = tuple(changes["citizenships"])
    changes = {
        name: value for name, value in changes.items() if value is not None or name == "birth_date"
    }
    data = services.PersonData(**{**current, **changes})
    return services.person_update(actor=actor, person=person, data=data)


@router.get(
    "/persons/{public_id}/statuses",
    response={200: list[StatusOut], **ERRORS},
    summary="A person's legal-status history (never for inspectors or analysts)",
)
def status_list(request: HttpRequest, public_id: PublicId) -> object:
    actor = request_actor(request)
    if not selectors.can_see_status(actor=actor):
        raise NotFound(_("There is no such person."))
    person = selectors.person_get(actor=actor, public_id=public_id)
    return list(selectors.status_history(actor=actor, person=person))


@router.post(
    "/persons/{public_id}/statuses",
    response={201: StatusOut, **ERRORS},
    summary="Record a legal status",
)
def status_record(request: HttpRequest, public_id: PublicId, payload: StatusIn) -> Status[object]:
    actor = request_actor(request)
    if not selectors.can_see_status(actor=actor):
        raise NotFound(_("There is no such person."))
    person = selectors.person_get(actor=actor, public_id=public_id)
    status = services.status_record(actor=actor, person=person, **payload.dict())
    return Status(201, status)


def _document_out(view: selectors.DocumentView) -> dict[str, object]:
    document = view.document
    return {
        "kind": document.kind,
        "number": view.number,
        "number_masked": view.masked,
        "issuing_country": document.issuing_country,
        "issued_on": document.issued_on,
        "valid_until": document.valid_until,
        "recorded_at": document.recorded_at,
    }


@router.get(
    "/persons/{public_id}/documents",
    response={200: list[DocumentOut], **ERRORS},
    summary="A person's documents and permits",
)
def document_list(request: HttpRequest, public_id: PublicId) -> object:
    actor, person = _person(request, public_id)
    return [_document_out(view) for view in selectors.documents(actor=actor, person=person)]


@router.post(
    "/persons/{public_id}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="Record a document or permit",
)
def document_record(
    request: HttpRequest, public_id: PublicId, payload: DocumentIn
) -> Status[object]:
    actor, person = _person(request, public_id)
    document = services.document_record(actor=actor, person=person, **payload.dict())
    view = selectors.DocumentView(document, document.number, masked=False)
    return Status(201, _document_out(view))


@router.post(
    "/persons/{public_id}/names",
    response={201: OtherNameOut, **ERRORS},
    summary="Add an alias, a previous name or another spelling",
)
def other_name_add(
    request: HttpRequest, public_id: PublicId, payload: OtherNameIn
) -> Status[object]:
    actor, person = _person(request, public_id)
    return Status(201, services.other_name_add(actor=actor, person=person, **payload.dict()))


@router.post(
    "/persons/{public_id}/languages",
    response={201: LanguageOut, **ERRORS},
    summary="Record a language the person speaks (or change its declared level)",
)
def language_set(request: HttpRequest, public_id: PublicId, payload: LanguageIn) -> Status[object]:
    actor, person = _person(request, public_id)
    return Status(201, services.language_set(actor=actor, person=person, **payload.dict()))


@router.post(
    "/persons/{public_id}/qualifications",
    response={201: QualificationOut, **ERRORS},
    summary="Record a qualification and its recognition",
)
def qualification_add(
    request: HttpRequest, public_id: PublicId, payload: QualificationIn
) -> Status[object]:
    actor, person = _person(request, public_id)
    return Status(201, services.qualification_add(actor=actor, person=person, **payload.dict()))


@router.post(
    "/persons/{public_id}/experience",
    response={201: ExperienceOut, **ERRORS},
    summary="Record work experience",
)
def experience_add(
    request: HttpRequest, public_id: PublicId, payload: ExperienceIn
) -> Status[object]:
    actor, person = _person(request, public_id)
    return Status(201, services.experience_add(actor=actor, person=person, **payload.dict()))


@router.get(
    "/persons/{public_id}/vulnerability",
    response={200: VulnerabilityOut, **ERRORS},
    summary="Vulnerability flags (sensitive ones are null when hidden from you)",
)
def vulnerability_get(request: HttpRequest, public_id: PublicId) -> object:
    actor, person = _person(request, public_id)
    return selectors.vulnerability(actor=actor, person=person)


@router.put(
    "/persons/{public_id}/vulnerability",
    response={200: VulnerabilityOut, **ERRORS},
    summary="Set vulnerability flags (only those sent change)",
)
def vulnerability_set(
    request: HttpRequest, public_id: PublicId, payload: VulnerabilityIn
) -> object:
    actor, person = _person(request, public_id)
    flags = {name: value for name, value in payload.dict().items() if value is not None}
    services.vulnerability_set(actor=actor, person=person, flags=flags)
    return selectors.vulnerability(actor=actor, person=person)


@router.get(
    "/persons/{public_id}/consents",
    response={200: list[ConsentOut], **ERRORS},
    summary="The person's consents, withdrawn ones included",
)
def consent_list(request: HttpRequest, public_id: PublicId) -> object:
    _actor, person = _person(request, public_id)
    return list(selectors.consents(person=person))


@router.post(
    "/persons/{public_id}/consents",
    response={201: ConsentOut, **ERRORS},
    summary="Record a consent",
)
def consent_give(request: HttpRequest, public_id: PublicId, payload: ConsentIn) -> Status[object]:
    actor, person = _person(request, public_id)
    values = payload.dict()
    values["recipients"] = [str(kind) for kind in values["recipients"]]
    return Status(201, services.consent_give(actor=actor, person=person, **values))


@router.post(
    "/persons/{public_id}/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **ERRORS},
    summary="Withdraw a consent from today",
)
def consent_withdraw(request: HttpRequest, public_id: PublicId, consent_id: int) -> object:
    actor, person = _person(request, public_id)
    return services.consent_withdraw(actor=actor, person=person, consent_id=consent_id)


HouseholdId = Annotated[str, Path(max_length=11, pattern=r"^H-[0-9A-Z]{4}-[0-9A-Z]{4}$")]


def _household_out(household: "Household") -> dict[str, object]:
    return {
        "public_id": household.public_id,
        "members": list(selectors.household_members(household=household)),
    }


@router.get(
    "/households/{household_id}",
    response={200: HouseholdOut, **ERRORS},
    summary="A household: current members and its history",
)
def household_get(request: HttpRequest, household_id: HouseholdId) -> object:
    household = selectors.household_get(actor=request_actor(request), public_id=household_id)
    return _household_out(household)


@router.post(
    "/households/{household_id}/split",
    response={201: HouseholdOut, **ERRORS},
    summary="Split off some members into a new household (history kept)",
)
def household_split(
    request: HttpRequest, household_id: HouseholdId, payload: HouseholdSplitIn
) -> Status[object]:
    actor = request_actor(request)
    household = selectors.household_get(actor=actor, public_id=household_id)
    current = {
        member.person.public_id: member.person
        for member in selectors.household_members(household=household)
        if member.left_on is None
    }

    def person(public_id: str, field: str) -> "Person":
        if public_id not in current:
            message = _("Not a current member of this household: %(id)s.") % {"id": public_id}
            raise ValidationFailed(message, field_errors={field: [message]})
        return current[public_id]

    new = households.household_split(
        actor=actor,
        household=household,
        members=[person(public_id, "members") for public_id in dict.fromkeys(payload.members)],
        head=person(payload.head, "head"),
        remaining_head=person(payload.remaining_head, "remaining_head")
        if payload.remaining_head
        else None,
    )
    return Status(201, _household_out(new))


@router.post(
    "/households/{household_id}/merge",
    response={200: HouseholdOut, **ERRORS},
    summary="Merge another household into this one (history kept)",
)
def household_merge(
    request: HttpRequest, household_id: HouseholdId, payload: HouseholdMergeIn
) -> object:
    actor = request_actor(request)
    household = selectors.household_get(actor=actor, public_id=household_id)
    other = selectors.household_get(actor=actor, public_id=payload.other)
    households.household_merge(actor=actor, household=household, other=other)
    return _household_out(household)


@router.post(
    "/persons/{public_id}/household",
    response={200: HouseholdOut, **ERRORS},
    summary="Put a person in a household (or a new one); moving ends the old membership",
)
def household_join(request: HttpRequest, public_id: PublicId, payload: HouseholdJoinIn) -> object:
    actor, person = _person(request, public_id)
    household = (
        selectors.household_get(actor=actor, public_id=payload.household)
        if payload.household
        else None
    )
    member = services.household_join(
        actor=actor, person=person, household=household, relationship=payload.relationship
    )
    return _household_out(member.household)


@router.post(
    "/persons/{public_id}/household/leave",
    response={200: HouseholdMemberOut, **ERRORS},
    summary="The person leaves their household (kept in its history)",
)
def household_leave(request: HttpRequest, public_id: PublicId) -> object:
    actor, person = _person(request, public_id)
    return services.household_leave(actor=actor, person=person)


# --- Imports ------------------------------------------------------------------------

ImportId = Annotated[str, Path(max_length=11, pattern=r"^I-[0-9A-Z]{4}-[0-9A-Z]{4}$")]


@router.post(
    "/imports",
    response={202: ImportOut, **ERRORS},
    summary="Import people from a CSV or XLSX file (checked and saved in the background)",
    description=(
        "Send the file as multipart/form-data with `mode` `all` (nothing is written "
        "unless every row is valid) or `valid` (the valid rows are written and the "
        "rejected rows come back as a file). Poll `GET /imports/{id}` for progress. "
        "The columns are those of `GET /imports/template.csv`."
    ),
    tags=["imports"],
)
def import_create(
    request: HttpRequest,
    file: File[UploadedFile],
    mode: Form[Literal["all", "valid"]] = "all",
) -> Status[object]:
    job = imports.import_create(
        actor=request_actor(request),
        file=file,
        file_name=file.name or "",
        size=file.size or 0,
        mode=mode,
    )
    tasks.import_persons.enqueue(job.public_id)
    return Status(202, job)


@router.get(
    "/imports",
    response={200: list[ImportOut], **ERRORS},
    summary="Imports of your organisations, newest first",
    tags=["imports"],
)
@paginate(Cursor, ordering=("-created_at", "-public_id"))
def import_list(request: HttpRequest) -> Any:
    return selectors.import_list(actor=request_actor(request))


@router.get(
    "/imports/template.{file_type}",
    response={200: None, **ERRORS},
    summary="The file to fill in: every column, with two example rows",
    tags=["imports"],
)
def import_template(request: HttpRequest, file_type: Literal["csv", "xlsx"]) -> HttpResponse:
    if not imports.can_import(actor=request_actor(request)):
        raise PermissionDenied(_("Only caseworkers import people, for their own organisation."))
    content_type = spreadsheets.CONTENT_TYPES[file_type]
    response = HttpResponse(imports.template(file_type), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="integra-persons-template.{file_type}"'
    return response


@router.get(
    "/imports/{import_id}",
    response={200: ImportOut, **ERRORS},
    summary="One import and its progress",
    tags=["imports"],
)
def import_get(request: HttpRequest, import_id: ImportId) -> object:
    return selectors.import_get(actor=request_actor(request), public_id=import_id)


@router.get(
    "/imports/{import_id}/{which}.csv",
    response={200: None, **ERRORS},
    summary="The error report or the rejected rows of an import (CSV)",
    tags=["imports"],
)
def import_download(
    request: HttpRequest, import_id: ImportId, which: Literal["errors", "rejected"]
) -> FileResponse:
    actor = request_actor(request)
    job = selectors.import_get(actor=actor, public_id=import_id)
    handle = selectors.import_file(actor=actor, job=job, which=which)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{job.public_id}-{which}.csv",
        content_type=spreadsheets.CONTENT_TYPES["csv"],
    )


# --- Merges -------------------------------------------------------------------------

MergeId = Annotated[str, Path(max_length=11, pattern=r"^M-[0-9A-Z]{4}-[0-9A-Z]{4}$")]


@router.post(
    "/persons/{public_id}/merge",
    response={200: MergeOut, **ERRORS},
    summary="Merge a duplicate record into this one (both must be your cases)",
    description=(
        "Documents, statuses, names, skills, consents, household memberships, external "
        "ids, responsibilities and to-dos move to this record; the duplicate is found "
        "no more (reading it answers 404 with `merged_into`). An administrator can "
        "undo the merge: `POST /merges/{id}/undo`."
    ),
    tags=["persons"],
)
def person_merge(request: HttpRequest, public_id: PublicId, payload: MergeIn) -> object:
    actor, kept = _person(request, public_id)
    duplicate = selectors.person_get(actor=actor, public_id=payload.duplicate, purpose="merge")
    return merges.person_merge(actor=actor, kept=kept, duplicate=duplicate, reason=payload.reason)


@router.get(
    "/merges",
    response={200: list[MergeOut], **ERRORS},
    summary="Merges of records you work on or administer, newest first",
    tags=["persons"],
)
@paginate(Cursor, ordering=("-merged_at", "-public_id"))
def merge_list(request: HttpRequest) -> Any:
    return selectors.merge_list(actor=request_actor(request))


@router.get(
    "/merges/{merge_id}", response={200: MergeOut, **ERRORS}, summary="One merge", tags=["persons"]
)
def merge_get(request: HttpRequest, merge_id: MergeId) -> object:
    return selectors.merge_get(actor=request_actor(request), public_id=merge_id)


@router.post(
    "/merges/{merge_id}/undo",
    response={200: MergeOut, **ERRORS},
    summary="Undo a merge (administrators of an organisation responsible for the record)",
    tags=["persons"],
)
def merge_undo(request: HttpRequest, merge_id: MergeId, payload: MergeUndoIn) -> object:
    actor = request_actor(request)
    merge = selectors.merge_get(actor=actor, public_id=merge_id)
    return merges.merge_undo(actor=actor, merge=merge, reason=payload.reason)


# --- Requests (R2) ------------------------------------------------------------------

RequestId = Annotated[str, Path(max_length=11, pattern=r"^R-[0-9A-Z]{4}-[0-9A-Z]{4}$")]


@router.get(
    "/requests",
    response={200: list[RequestOut], **ERRORS},
    summary="Family-reunification and naturalisation requests of your cases",
    tags=["requests"],
)
@paginate(Cursor, ordering=("-submitted_on", "-public_id"))
def request_list(request: HttpRequest, filters: Query[RequestFilters]) -> Any:
    return selectors.request_list(
        actor=request_actor(request), kind=filters.kind or "", status=filters.status or ""
    )


@router.get(
    "/persons/{public_id}/requests",
    response={200: list[RequestOut], **ERRORS},
    summary="A person's requests",
    tags=["requests"],
)
def person_requests(request: HttpRequest, public_id: PublicId) -> object:
    actor, person = _person(request, public_id)
    return list(selectors.request_list(actor=actor, person=person))


@router.post(
    "/persons/{public_id}/requests",
    response={201: RequestOut, **ERRORS},
    summary="Record a request the person submitted",
    tags=["requests"],
)
def request_open(request: HttpRequest, public_id: PublicId, payload: RequestIn) -> Status[object]:
    actor, person = _person(request, public_id)
    opened = requests.request_open(
        actor=actor,
        person=person,
        kind=payload.kind,
        submitted_on=payload.submitted_on,
        note=payload.note,
    )
    return Status(201, opened)


@router.get(
    "/requests/{request_id}",
    response={200: RequestOut, **ERRORS},
    summary="One request with its history, family members and documents",
    tags=["requests"],
)
def request_get(request: HttpRequest, request_id: RequestId) -> object:
    return selectors.request_get(actor=request_actor(request), public_id=request_id)


@router.post(
    "/requests/{request_id}/status",
    response={200: RequestOut, **ERRORS},
    summary="Move a request on, or close it with a decision",
    tags=["requests"],
)
def request_status(request: HttpRequest, request_id: RequestId, payload: RequestStatusIn) -> object:
    actor = request_actor(request)
    found = selectors.request_get(actor=actor, public_id=request_id)
    return requests.request_status(
        actor=actor,
        request=found,
        status=payload.status,
        on=payload.on,
        note=payload.note,
        decision_reference=payload.decision_reference,
    )


@router.post(
    "/requests/{request_id}/members",
    response={201: FamilyMemberOut, **ERRORS},
    summary="Add a family member abroad to a reunification request",
    tags=["requests"],
)
def request_member_add(
    request: HttpRequest, request_id: RequestId, payload: FamilyMemberIn
) -> Status[object]:
    actor = request_actor(request)
    found = selectors.request_get(actor=actor, public_id=request_id)
    member = requests.request_member_add(actor=actor, request=found, **payload.dict())
    return Status(201, member)


@router.post(
    "/requests/{request_id}/documents",
    response={201: RequestDocumentOut, **ERRORS},
    summary="Record a supporting document handed in",
    tags=["requests"],
)
def request_document_add(
    request: HttpRequest, request_id: RequestId, payload: RequestDocumentIn
) -> Status[object]:
    actor = request_actor(request)
    found = selectors.request_get(actor=actor, public_id=request_id)
    document = requests.request_document_add(actor=actor, request=found, **payload.dict())
    return Status(201, document)


# --- Timeline ---------------------------------------------------------------------------


class TimelineOut(Schema):
    at: datetime
    action: str = Field(description="The audited action, e.g. plan.agree.")
    text: str = Field(description="What happened, in the reader's language.")
    actor: str
    organisation: str | None

    @staticmethod
    def resolve_text(entry: Any) -> str:
        return selectors.timeline_text(entry)

    @staticmethod
    def resolve_actor(entry: Any) -> str:
        return str(entry.actor_label)

    @staticmethod
    def resolve_organisation(entry: Any) -> str | None:
        return entry.organisation.code if entry.organisation else None


@router.get(
    "/persons/{public_id}/timeline",
    response={200: list[TimelineOut], **ERRORS},
    summary="Everything that happened to a person's case, newest first",
)
@paginate(Cursor, ordering=("-at", "-id"))  # the cursor carries the time only
def person_timeline(request: HttpRequest, public_id: PublicId) -> Any:
    actor = request_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id)
    return selectors.timeline(actor=actor, person=person)
