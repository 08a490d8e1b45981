"""The implementation reports API (R27): the archive, asking for a report
(written in the background), its HTML and PDF files, and the policy section
(ratifications and the yearly MIPEX-style self-assessment)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import FileResponse, HttpRequest
from django.utils.cache import patch_cache_control
from ninja import Path, Router, Status
from ninja.pagination import paginate

from integra.core.api import ERRORS, request_actor
from integra.monitoring import mipex, tasks
from integra.monitoring.schemas.reports import (
    REPORT_ID,
    PolicyOut,
    RatificationIn,
    RatificationOut,
    ReportIn,
    ReportOut,
    SelfAssessmentIn,
    SelfAssessmentOut,
)
from integra.monitoring.selectors import reports as selectors
from integra.monitoring.services import reports as services
from integra.pagination import Cursor

router = Router()
TAGS = ["implementation reports"]
ReportId = Annotated[str, Path(max_length=11, pattern=REPORT_ID)]
Instrument = Annotated[str, Path(max_length=16, pattern=r"^[A-Z0-9]+$")]
Year = Annotated[int, Path(ge=1900, le=2200)]


def _month(value: str) -> date:
    year, month = (int(part) for part in value.split("-"))
    return date(year, month, 1)


@router.get(
    "/statistics/reports",
    response={200: list[ReportOut], **ERRORS},
    tags=TAGS,
    summary="The implementation reports, newest first",
)
@paginate(Cursor, ordering=("-requested_at", "-id"))
def report_list(request: HttpRequest) -> Any:
    return selectors.report_list(actor=request_actor(request))


@router.post(
    "/statistics/reports",
    response={202: ReportOut, **ERRORS},
    tags=TAGS,
    summary="Ask for a report on a period; it is written in the background",
    description=(
        "Whole months, at most five years, with data in the summary tables (422 otherwise). "
        "Poll GET /statistics/reports/{public_id} until its state is done or failed."
    ),
)
def report_request(request: HttpRequest, payload: ReportIn) -> Status[object]:
    report = services.report_request(
        actor=request_actor(request),
        title=payload.title,
        start=_month(payload.start),
        end=_month(payload.end),
        language=payload.language,
        enqueue=tasks.write_report.enqueue,
    )
    return Status(202, report)


@router.get(
    "/statistics/reports/{public_id}",
    response={200: ReportOut, **ERRORS},
    tags=TAGS,
    summary="One report: its state, and where its files are once done",
)
def report_get(request: HttpRequest, public_id: ReportId) -> object:
    return selectors.report_get(actor=request_actor(request), public_id=public_id)


def _download(request: HttpRequest, public_id: str, kind: str) -> FileResponse:
    actor = request_actor(request)
    report = selectors.report_get(actor=actor, public_id=public_id)
    response = FileResponse(
        selectors.report_open(actor=actor, report=report, kind=kind),
        as_attachment=True,
        filename=selectors.report_file_name(report, kind),
        content_type=selectors.CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@router.get(
    "/statistics/reports/{public_id}/pdf",
    response={200: None, **ERRORS},
    tags=TAGS,
    summary="Download the report as PDF (409 while it is not ready)",
)
def report_pdf(request: HttpRequest, public_id: ReportId) -> FileResponse:
    return _download(request, public_id, "pdf")


@router.get(
    "/statistics/reports/{public_id}/html",
    response={200: None, **ERRORS},
    tags=TAGS,
    summary="Download the report as one standalone HTML file (409 while it is not ready)",
)
def report_html(request: HttpRequest, public_id: ReportId) -> FileResponse:
    return _download(request, public_id, "html")


# --- The policy section ---------------------------------------------------------------------


def _ratification(ratification: Any) -> dict[str, object]:
    return {
        "instrument": ratification.instrument,
        "name": selectors.instrument_label(ratification.instrument),
        "status": ratification.status,
        "on": ratification.on,
        "note": ratification.note,
        "updated_at": ratification.updated_at,
    }


def _assessment(assessment: Any) -> dict[str, object]:
    answers = selectors.answers_of(assessment)
    scores = mipex.score(answers)
    return {
        "year": assessment.year,
        "answers": answers,
        "areas": [
            {"area": area.code, "name": str(area.name), "score": scores.areas[area.code]}
            for area in mipex.AREAS
        ],
        "overall": scores.overall,
        "incomplete": scores.incomplete,
        "updated_at": assessment.updated_at,
    }


@router.get(
    "/statistics/policy",
    response={200: PolicyOut, **ERRORS},
    tags=TAGS,
    summary="The policy section: ratifications, self-assessments and their questions",
)
def policy(request: HttpRequest) -> object:
    actor = request_actor(request)
    return {
        "ratifications": [_ratification(r) for r in selectors.ratifications(actor=actor)],
        "self_assessments": [_assessment(a) for a in selectors.self_assessments(actor=actor)],
        "questions": [
            {"code": q.code, "area": area.code, "text": str(q.text)}
            for area in mipex.AREAS
            for q in area.questions
        ],
    }


@router.put(
    "/statistics/policy/ratifications/{instrument}",
    response={200: RatificationOut, **ERRORS},
    tags=TAGS,
    summary="Record where the country stands on an instrument (the coordinating authority)",
)
def ratification_update(
    request: HttpRequest, instrument: Instrument, payload: RatificationIn
) -> object:
    ratification = services.ratification_update(
        actor=request_actor(request),
        instrument=instrument,
        status=payload.status,
        on=payload.on,
        note=payload.note,
    )
    return _ratification(ratification)


@router.put(
    "/statistics/policy/self-assessments/{year}",
    response={200: SelfAssessmentOut, **ERRORS},
    tags=TAGS,
    summary="Save a year's self-assessment (the coordinating authority)",
    description="Replaces that year's answers; each is 0, 50 or 100 (422 otherwise).",
)
def self_assessment_save(request: HttpRequest, year: Year, payload: SelfAssessmentIn) -> object:
    assessment = services.self_assessment_save(
        actor=request_actor(request), year=year, answers=payload.answers
    )
    return _assessment(assessment)
