"""The vacancies API (R17): employers, employment offices and coordinators keep
their vacancies; anyone reads those open to foreign workers and the labour demand
they add up to per region and ISCO-08 major group."""

from dataclasses import replace
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.throttling import AnonRateThrottle

from integra.core.api import ERRORS, request_actor
from integra.core.schemas import NO_NUL
from integra.pagination import Cursor
from integra.placement import selectors, services
from integra.placement.schemas import (
    VACANCY_ID,
    LanguageNeedIn,
    PublicVacancyOut,
    RegionDemandOut,
    VacancyCloseIn,
    VacancyIn,
    VacancyOut,
    VacancyPatch,
)

router = Router()

VacancyId = Annotated[str, Path(max_length=11, pattern=VACANCY_ID)]

VACANCIES = ["vacancies"]
PUBLIC = ["work (public)"]
# Anyone may read the public vacancies and the demand, without signing in: per address.
PUBLIC_RATE = "60/m"
# Without sign-in there is nothing to refuse: no 401, 403 or 409.
PUBLIC_ERRORS: dict[int, Any] = {status: ERRORS[status] for status in (400, 404, 422, 429)}


def _needs(languages: list[LanguageNeedIn]) -> tuple[services.LanguageNeed, ...]:
    return tuple(services.LanguageNeed(n.language, n.level) for n in languages)


# --- The staff's vacancies ------------------------------------------------------------------


class StaffQuery(Schema):
    status: str = Field(
        default="", pattern=r"^(open|filled|withdrawn)?$", description="open, filled or withdrawn."
    )
    q: str = Field(
        default="",
        max_length=100,
        pattern=NO_NUL,
        description="A word of the title, employer or a skill.",
    )


@router.get(
    "/vacancies",
    response={200: list[VacancyOut], **ERRORS},
    tags=VACANCIES,
    summary="My organisations' vacancies, newest first (coordinators: all)",
    description="For employers, employment offices and the coordinating authority.",
)
@paginate(Cursor, ordering=("-created_at", "-id"))
def vacancy_list(request: HttpRequest, filters: Query[StaffQuery]) -> Any:
    return selectors.vacancy_list(
        actor=request_actor(request),
        filters=selectors.StaffFilters(status=filters.status, query=filters.q),
    )


@router.post(
    "/vacancies",
    response={201: VacancyOut, **ERRORS},
    tags=VACANCIES,
    summary="Post a vacancy (employers, employment offices, coordinators)",
    description=(
        "An employment office names the employer it posts for (`employer_name`). Each bad "
        "field is named in the 422: an unknown ISCO-08 code, a closing day past, more than "
        "30 skills, a highest wage below the lowest …"
    ),
)
def vacancy_create(request: HttpRequest, payload: VacancyIn) -> Status[object]:
    values = payload.dict()
    values["skills"] = tuple(values["skills"])
    values["languages"] = _needs(payload.languages)
    vacancy = services.vacancy_create(
        actor=request_actor(request), data=services.VacancyData(**values)
    )
    return Status(201, vacancy)


@router.get(
    "/vacancies/{public_id}",
    response={200: VacancyOut, **ERRORS},
    tags=VACANCIES,
    summary="One of my organisations' vacancies",
)
def vacancy_get(request: HttpRequest, public_id: VacancyId) -> object:
    return selectors.vacancy_get(actor=request_actor(request), public_id=public_id)


@router.patch(
    "/vacancies/{public_id}",
    response={200: VacancyOut, **ERRORS},
    tags=VACANCIES,
    summary="Change an open vacancy",
    description="Only the fields sent change. A closed vacancy cannot change (409).",
)
def vacancy_update(request: HttpRequest, public_id: VacancyId, payload: VacancyPatch) -> object:
    actor = request_actor(request)
    vacancy = selectors.vacancy_get(actor=actor, public_id=public_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if "skills" in changes:
        changes["skills"] = tuple(changes["skills"])
    if payload.languages is not None:
        changes["languages"] = _needs(payload.languages)
    data = replace(services.vacancy_data(vacancy), **changes)
    return services.vacancy_update(actor=actor, vacancy=vacancy, data=data)


@router.post(
    "/vacancies/{public_id}/close",
    response={200: VacancyOut, **ERRORS},
    tags=VACANCIES,
    summary="Close a vacancy as filled or withdrawn",
    description="It leaves the public pages at once. Closed before: 409.",
)
def vacancy_close(request: HttpRequest, public_id: VacancyId, payload: VacancyCloseIn) -> object:
    actor = request_actor(request)
    return services.vacancy_close(
        actor=actor,
        vacancy=selectors.vacancy_get(actor=actor, public_id=public_id),
        status=payload.status,
    )


# --- Public: no sign-in -------------------------------------------------------------------


class PublicQuery(Schema):
    region: str = Field(default="", max_length=100, pattern=NO_NUL)
    group: str = Field(
        default="", pattern=r"^[0-9]?$", description="ISCO-08 major group (one digit)."
    )
    skill: str = Field(
        default="", max_length=100, pattern=NO_NUL, description="A word of a skill or the title."
    )
    language: str = Field(
        default="",
        pattern=r"^([A-Za-z]{2,3})?$",
        description="ISO 639 code of a language used at work.",
    )


@router.get(
    "/public/vacancies",
    auth=None,
    throttle=[AnonRateThrottle(PUBLIC_RATE)],
    response={200: list[PublicVacancyOut], **PUBLIC_ERRORS},
    tags=PUBLIC,
    summary="Vacancies open to foreign workers, newest first (public: no sign-in)",
    description=(
        "Open, published and not past their closing day. No one may charge a worker a fee "
        "for a job (ILO Convention 181, Art. 7). Limited to 60 requests a minute per address."
    ),
)
@paginate(Cursor, ordering=("-opens_on", "-id"))
def public_vacancy_list(request: HttpRequest, filters: Query[PublicQuery]) -> Any:
    return selectors.public_vacancies(
        filters=selectors.PublicFilters(
            region=filters.region,
            major_group=filters.group,
            skill=filters.skill,
            language=filters.language,
        )
    )


@router.get(
    "/public/vacancies/{public_id}",
    auth=None,
    throttle=[AnonRateThrottle(PUBLIC_RATE)],
    response={200: PublicVacancyOut, **PUBLIC_ERRORS},
    tags=PUBLIC,
    summary="One vacancy open to foreign workers (public: no sign-in)",
    description="A closed, withdrawn, expired or not public vacancy is 404.",
)
def public_vacancy_get(request: HttpRequest, public_id: VacancyId) -> object:
    return selectors.public_vacancy_get(public_id=public_id)


@router.get(
    "/labour-demand",
    auth=None,
    throttle=[AnonRateThrottle(PUBLIC_RATE)],
    response={200: list[RegionDemandOut], **PUBLIC_ERRORS},
    tags=PUBLIC,
    summary="Labour demand per region and ISCO-08 major group (public: no sign-in)",
    description=(
        "The open positions of the vacancies open to foreign workers, per region (by name) "
        "and major group, with the skills asked for most (counted in positions)."
    ),
)
def labour_demand(request: HttpRequest) -> object:
    return selectors.demand_by_region()
