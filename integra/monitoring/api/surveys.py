"""The surveys API (R25), for the coordinating authority: writing a survey in the
portal's five languages, its questions, opening and closing it. Answers are
never given out one by one: they are read as the indicators "satisfaction" and
"discrimination_experienced" (/statistics/indicators/{code}/table), with the
statistics' disclosure control."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Router, Status
from ninja.pagination import paginate

from integra.core.api import ERRORS, request_actor
from integra.monitoring.schemas.surveys import (
    CODE,
    QuestionIn,
    QuestionOut,
    QuestionPatch,
    SurveyIn,
    SurveyOut,
    SurveyPatch,
)
from integra.monitoring.selectors import surveys as selectors
from integra.monitoring.services import surveys as services
from integra.pagination import Cursor

router = Router()

SurveyCode = Annotated[str, Path(max_length=64, pattern=CODE)]
# Database ids are 64-bit; a larger number is bad input (422), not an overflow (500).
QuestionId = Annotated[int, Path(ge=1, le=2**63 - 1)]
TAGS = ["surveys"]


@router.get(
    "/statistics/surveys",
    response={200: list[SurveyOut], **ERRORS},
    tags=TAGS,
    summary="The migrants' surveys, newest first",
)
@paginate(Cursor, ordering=("-created_at", "-id"))
def survey_list(request: HttpRequest) -> Any:
    return selectors.survey_list(actor=request_actor(request))


@router.post(
    "/statistics/surveys",
    response={201: SurveyOut, **ERRORS},
    tags=TAGS,
    summary="Write a draft survey (titles and introductions in the five languages)",
)
def survey_create(request: HttpRequest, payload: SurveyIn) -> Status[object]:
    survey = services.survey_create(
        actor=request_actor(request),
        data=services.SurveyData(
            code=payload.code,
            title=payload.title,
            introduction=payload.introduction,
            closes_on=payload.closes_on,
        ),
    )
    return Status(201, survey)


@router.get(
    "/statistics/surveys/{code}",
    response={200: SurveyOut, **ERRORS},
    tags=TAGS,
    summary="One survey and its questions",
)
def survey_get(request: HttpRequest, code: SurveyCode) -> object:
    return selectors.survey_get(actor=request_actor(request), code=code)


@router.patch(
    "/statistics/surveys/{code}",
    response={200: SurveyOut, **ERRORS},
    tags=TAGS,
    summary="Change a draft survey's texts or closing day",
    description="Only the fields sent change; an open or closed survey does not change (409).",
)
def survey_update(request: HttpRequest, code: SurveyCode, payload: SurveyPatch) -> object:
    actor = request_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    changes = dict(payload.dict(exclude_unset=True))
    if changes.get("title") is None:
        changes.pop("title", None)
    if changes.get("introduction") is None:
        changes.pop("introduction", None)
    data = replace(services.survey_data(survey), **changes)
    return services.survey_update(actor=actor, survey=survey, data=data)


@router.post(
    "/statistics/surveys/{code}/questions",
    response={201: QuestionOut, **ERRORS},
    tags=TAGS,
    summary="Add a question at the end of a draft survey",
)
def question_add(request: HttpRequest, code: SurveyCode, payload: QuestionIn) -> Status[object]:
    actor = request_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    question = services.question_add(
        actor=actor,
        survey=survey,
        data=services.QuestionData(kind=payload.kind, text=payload.text, feeds=payload.feeds),
    )
    return Status(201, question)


@router.patch(
    "/statistics/surveys/{code}/questions/{question_id}",
    response={200: QuestionOut, **ERRORS},
    tags=TAGS,
    summary="Change a question of a draft survey",
)
def question_update(
    request: HttpRequest, code: SurveyCode, question_id: QuestionId, payload: QuestionPatch
) -> object:
    actor = request_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    question = selectors.question_get(survey=survey, question_id=question_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    data = replace(services.question_data(question), **changes)
    return services.question_update(actor=actor, survey=survey, question_id=question_id, data=data)


@router.delete(
    "/statistics/surveys/{code}/questions/{question_id}",
    response={204: None, **ERRORS},
    tags=TAGS,
    summary="Remove a question of a draft survey",
)
def question_remove(
    request: HttpRequest, code: SurveyCode, question_id: QuestionId
) -> Status[None]:
    actor = request_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    services.question_remove(actor=actor, survey=survey, question_id=question_id)
    return Status(204, None)


@router.post(
    "/statistics/surveys/{code}/open",
    response={200: SurveyOut, **ERRORS},
    tags=TAGS,
    summary="Open a draft survey in the portal (it needs at least one question)",
)
def survey_open(request: HttpRequest, code: SurveyCode) -> object:
    actor = request_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    return services.survey_open(actor=actor, survey=survey)


@router.post(
    "/statistics/surveys/{code}/close",
    response={200: SurveyOut, **ERRORS},
    tags=TAGS,
    summary="Close an open survey: the portal takes no more answers",
)
def survey_close(request: HttpRequest, code: SurveyCode) -> object:
    actor = request_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    return services.survey_close(actor=actor, survey=survey)
