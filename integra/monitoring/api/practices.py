"""The good practices library API (R28): the published practices for everyone
who works in Integra (drafts and withdrawn ones for those who keep them), drafting
and changing them, and publishing and withdrawing them (the coordinating
authority)."""

from dataclasses import replace
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.core.api import ERRORS, request_actor
from integra.core.schemas import NO_NUL
from integra.monitoring.schemas.practices import (
    AREA,
    AREAS,
    PRACTICE_ID,
    PracticeIn,
    PracticeOut,
    PracticePatch,
    WithdrawIn,
)
from integra.monitoring.selectors import practices as selectors
from integra.monitoring.services import practices as services
from integra.pagination import Cursor

router = Router()

PracticeId = Annotated[str, Path(max_length=11, pattern=PRACTICE_ID)]
TAGS = ["good practices"]


class PracticeQuery(Schema):
    q: str = Field(
        default="",
        max_length=200,
        pattern=NO_NUL,
        description="Words of the title, summary or description, in any script; "
        "every word must match.",
    )
    area: str = Field(default="", pattern=AREA, description=AREAS)
    country: str = Field(default="", pattern=r"^([A-Za-z]{2})?$")
    status: str = Field(
        default="",
        pattern=r"^(published|draft|withdrawn)?$",
        description="Blank: the published library; draft or withdrawn: those you keep.",
    )


@router.get(
    "/practices",
    response={200: list[PracticeOut], **ERRORS},
    tags=TAGS,
    summary="The good practices library, newest first",
)
@paginate(Cursor, ordering=("-created_at", "-id"))
def practice_list(request: HttpRequest, filters: Query[PracticeQuery]) -> Any:
    return selectors.practice_list(
        actor=request_actor(request),
        filters=selectors.PracticeFilters(
            query=filters.q, area=filters.area, country=filters.country, status=filters.status
        ),
    )


@router.post(
    "/practices",
    response={201: PracticeOut, **ERRORS},
    tags=TAGS,
    summary="Draft a practice for your organisation",
)
def practice_create(request: HttpRequest, payload: PracticeIn) -> Status[object]:
    practice = services.practice_create(
        actor=request_actor(request), data=services.PracticeData(**payload.dict())
    )
    return Status(201, practice)


@router.get(
    "/practices/{public_id}",
    response={200: PracticeOut, **ERRORS},
    tags=TAGS,
    summary="One practice",
)
def practice_get(request: HttpRequest, public_id: PracticeId) -> object:
    return selectors.practice_get(actor=request_actor(request), public_id=public_id)


@router.patch(
    "/practices/{public_id}",
    response={200: PracticeOut, **ERRORS},
    tags=TAGS,
    summary="Change a practice",
    description="Only the fields sent change; a withdrawn practice stays as it was.",
)
def practice_update(request: HttpRequest, public_id: PracticeId, payload: PracticePatch) -> object:
    actor = request_actor(request)
    practice = selectors.practice_get(actor=actor, public_id=public_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    data = replace(services.practice_data(practice), **changes)
    return services.practice_update(actor=actor, practice=practice, data=data)


@router.post(
    "/practices/{public_id}/publish",
    response={200: PracticeOut, **ERRORS},
    tags=TAGS,
    summary="Publish a practice in the library (the coordinating authority)",
)
def practice_publish(request: HttpRequest, public_id: PracticeId) -> object:
    actor = request_actor(request)
    practice = selectors.practice_get(actor=actor, public_id=public_id)
    return services.practice_publish(actor=actor, practice=practice)


@router.post(
    "/practices/{public_id}/withdraw",
    response={200: PracticeOut, **ERRORS},
    tags=TAGS,
    summary="Withdraw a published practice, saying why (the coordinating authority)",
)
def practice_withdraw(request: HttpRequest, public_id: PracticeId, payload: WithdrawIn) -> object:
    actor = request_actor(request)
    practice = selectors.practice_get(actor=actor, public_id=public_id)
    return services.practice_withdraw(actor=actor, practice=practice, reason=payload.reason)
