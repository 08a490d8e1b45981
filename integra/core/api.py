"""The core API: who am I, organisations, memberships, tokens, break-glass, audit."""

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.core import selectors, services
from integra.core.access import Actor
from integra.core.errors import PermissionDenied
from integra.core.schemas import (
    CODE,
    NO_NUL,
    AuditEntryOut,
    BreakGlassIn,
    BreakGlassOut,
    InboxReadIn,
    InboxReadOut,
    MemberIn,
    MemberOut,
    MeOut,
    NewMemberOut,
    NewTokenOut,
    NotificationOut,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    Problem,
    TokenIn,
    TokenOut,
)
from integra.pagination import Cursor

router = Router()

OrganisationCode = Annotated[str, Path(max_length=64, pattern=CODE)]
TokenPrefix = Annotated[str, Path(max_length=16, pattern=r"^[0-9a-f]+$")]

ERRORS: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
    429: Problem,
}


def request_actor(request: HttpRequest) -> Actor:
    """The actor the API's auth classes put on the request (every app's API uses it)."""
    actor = request.auth  # type: ignore[attr-defined]  # set by the API's auth classes
    assert isinstance(actor, Actor)
    return actor


@router.get("/me", response={200: MeOut, **ERRORS}, tags=["me"], summary="Who am I")
def me(request: HttpRequest) -> object:
    actor = request_actor(request)
    acting = next((s for s in actor.seats if s.organisation_id == actor.organisation_id), None)
    return {
        "username": actor.user.username,
        "first_name": actor.user.first_name,
        "last_name": actor.user.last_name,
        "email": actor.user.email,
        "language": get_language() or "en",
        "authenticated_via": actor.via,
        "acting_organisation": acting.organisation_code if acting else None,
        "memberships": [
            {
                "id": seat.membership_id,
                "organisation": {
                    "code": seat.organisation_code,
                    "name": seat.organisation_name,
                    "kind": seat.organisation_kind,
                },
                "role": seat.role,
            }
            for seat in actor.seats
        ],
    }


class OrganisationFilters(Schema):
    q: str = Field(default="", max_length=200, pattern=NO_NUL)
    kind: str = Field(default="", max_length=32, pattern=NO_NUL)
    parent: str = Field(default="", max_length=64, pattern=NO_NUL)


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **ERRORS},
    tags=["organisations"],
    summary="List organisations",
)
@paginate(Cursor, ordering=("name", "id"))
def organisation_list(
    request: HttpRequest, filters: Query[OrganisationFilters]
) -> list[dict[str, Any]] | Any:
    organisations = selectors.organisation_list(
        actor=request_actor(request), query=filters.q, kind=filters.kind, parent_code=filters.parent
    )
    return organisations


@router.post(
    "/organisations",
    response={201: OrganisationOut, **ERRORS},
    tags=["organisations"],
    summary="Create an organisation",
)
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> Status[object]:
    actor = request_actor(request)
    parent = (
        selectors.organisation_get(actor=actor, code=payload.parent) if payload.parent else None
    )
    organisation = services.organisation_create(
        actor=actor,
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        level=payload.level,
        country=payload.country,
        parent=parent,
        region=payload.region,
        locality=payload.locality,
    )
    return Status(201, organisation)


@router.get(
    "/organisations/{code}",
    response={200: OrganisationOut, **ERRORS},
    tags=["organisations"],
    summary="One organisation",
)
def organisation_get(request: HttpRequest, code: OrganisationCode) -> object:
    return selectors.organisation_get(actor=request_actor(request), code=code)


@router.patch(
    "/organisations/{code}",
    response={200: OrganisationOut, **ERRORS},
    tags=["organisations"],
    summary="Change an organisation",
)
def organisation_update(
    request: HttpRequest, code: OrganisationCode, payload: OrganisationPatch
) -> object:
    actor = request_actor(request)
    organisation = selectors.organisation_get(actor=actor, code=code)
    updated = services.organisation_update(
        actor=actor,
        organisation=organisation,
        name=payload.name if payload.name is not None else organisation.name,
        level=payload.level if payload.level is not None else organisation.level,
        region=payload.region if payload.region is not None else organisation.region,
        locality=payload.locality if payload.locality is not None else organisation.locality,
        is_active=payload.is_active if payload.is_active is not None else organisation.is_active,
    )
    return updated


@router.get(
    "/organisations/{code}/members",
    response={200: list[MemberOut], **ERRORS},
    tags=["organisations"],
    summary="Members of an organisation",
)
@paginate(Cursor, ordering=("id",))
def member_list(request: HttpRequest, code: OrganisationCode) -> Any:
    actor = request_actor(request)
    organisation = selectors.organisation_get(actor=actor, code=code)
    return selectors.member_list(actor=actor, organisation=organisation)


@router.post(
    "/organisations/{code}/members",
    response={201: NewMemberOut, **ERRORS},
    tags=["organisations"],
    summary="Add a member",
)
def member_add(request: HttpRequest, code: OrganisationCode, payload: MemberIn) -> Status[object]:
    actor = request_actor(request)
    organisation = selectors.organisation_get(actor=actor, code=code)
    added = services.member_add(
        actor=actor,
        organisation=organisation,
        username=payload.username,
        role=payload.role,
        email=payload.email,
        first_name=payload.first_name,
        last_name=payload.last_name,
    )
    return Status(201, {"member": added.membership, "initial_password": added.initial_password})


@router.delete(
    "/members/{membership_id}",
    response={204: None, **ERRORS},
    tags=["organisations"],
    summary="Remove a member",
)
def member_remove(request: HttpRequest, membership_id: int) -> Status[None]:
    actor = request_actor(request)
    membership = selectors.membership_get(actor=actor, membership_id=membership_id)
    services.member_remove(actor=actor, membership=membership)
    return Status(204, None)


@router.get(
    "/tokens", response={200: list[TokenOut], **ERRORS}, tags=["tokens"], summary="My API tokens"
)
@paginate(Cursor, ordering=("-created_at", "-id"))
def token_list(request: HttpRequest) -> Any:
    return selectors.token_list(actor=request_actor(request))


@router.post(
    "/tokens", response={201: NewTokenOut, **ERRORS}, tags=["tokens"], summary="Create an API token"
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status[object]:
    actor = request_actor(request)
    if actor.token_id is not None:
        raise PermissionDenied(_("Create tokens from a signed-in session, not with another token."))
    created = services.token_create(
        actor=actor,
        name=payload.name,
        expires_in_days=payload.expires_in_days,
        membership_id=payload.membership_id,
    )
    return Status(201, {"token": created.token, "secret": created.secret})


@router.delete(
    "/tokens/{prefix}",
    response={204: None, **ERRORS},
    tags=["tokens"],
    summary="Revoke an API token",
)
def token_revoke(request: HttpRequest, prefix: TokenPrefix) -> Status[None]:
    services.token_revoke(actor=request_actor(request), prefix=prefix)
    return Status(204, None)


@router.post(
    "/break-glass",
    response={201: BreakGlassOut, **ERRORS},
    tags=["break-glass"],
    summary="Open a record outside my scope, with a reason",
)
def break_glass_open(request: HttpRequest, payload: BreakGlassIn) -> Status[object]:
    grant = services.break_glass_open(
        actor=request_actor(request),
        record_type=payload.record_type,
        record_id=payload.record_id,
        reason=payload.reason,
    )
    return Status(201, grant)


class AuditQuery(Schema):
    actor: str = Field(default="", max_length=150, pattern=NO_NUL)
    action: str = Field(default="", max_length=64, pattern=NO_NUL)
    object_type: str = Field(default="", max_length=64, pattern=NO_NUL)
    object_id: str = Field(default="", max_length=64, pattern=NO_NUL)
    organisation: str = Field(default="", max_length=64, pattern=NO_NUL)
    since: date | None = None
    until: date | None = None
    break_glass_only: bool = False


@router.get(
    "/audit",
    response={200: list[AuditEntryOut], **ERRORS},
    tags=["audit"],
    summary="Search the audit log (data-protection officers)",
)
@paginate(Cursor, ordering=("-id",))
def audit_search(request: HttpRequest, query: Query[AuditQuery]) -> Any:
    entries = selectors.audit_search(
        actor=request_actor(request), filters=selectors.AuditFilters(**query.dict())
    )
    return entries


class TodoOut(Schema):
    id: int
    text: str
    due_on: date
    record_type: str
    record_id: str
    done: bool


@router.get(
    "/todos",
    response={200: list[TodoOut], **ERRORS},
    tags=["to-dos"],
    summary="Open to-dos of my organisations",
)
def todo_list(request: HttpRequest) -> object:
    return [
        {
            "id": item.todo.pk,
            "text": item.text,
            "due_on": item.todo.due_on,
            "record_type": item.todo.record_type,
            "record_id": item.todo.record_id,
            "done": item.todo.done_at is not None,
        }
        for item in selectors.todo_list(actor=request_actor(request))
    ]


@router.post(
    "/todos/{todo_id}/done",
    response={204: None, **ERRORS},
    tags=["to-dos"],
    summary="Mark a to-do done",
)
def todo_done(request: HttpRequest, todo_id: int) -> Status[None]:
    actor = request_actor(request)
    services.todo_done(actor=actor, todo=selectors.todo_get(actor=actor, todo_id=todo_id))
    return Status(204, None)


class InboxQuery(Schema):
    unread: bool = Field(default=False, description="Only the notifications not read yet.")


@router.get(
    "/inbox",
    response={200: list[NotificationOut], **ERRORS},
    tags=["inbox"],
    summary="My notifications, newest first",
)
@paginate(Cursor, ordering=("-created_at", "-id"))
def inbox(request: HttpRequest, filters: Query[InboxQuery]) -> Any:
    return selectors.inbox(actor=request_actor(request), unread_only=filters.unread)


@router.post(
    "/inbox/read",
    response={200: InboxReadOut, **ERRORS},
    tags=["inbox"],
    summary="Mark my notifications read: the ones given, or all",
)
def inbox_read(request: HttpRequest, payload: InboxReadIn) -> object:
    marked = services.notifications_read(actor=request_actor(request), ids=payload.ids)
    return {"marked": marked}
