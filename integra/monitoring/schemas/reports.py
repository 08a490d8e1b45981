"""Input and output of the implementation reports API (R27) and its policy section."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from integra.core.schemas import NO_NUL

REPORT_ID = r"^O-[0-9A-Z]{4}-[0-9A-Z]{4}$"
MONTH = r"^(19|20|21)\d{2}-(0[1-9]|1[0-2])$"


class ReportIn(Schema):
    title: str = Field(
        default="",
        max_length=200,
        pattern=NO_NUL,
        description="Empty: “Implementation report” and the period.",
    )
    start: str = Field(pattern=MONTH, description="First month, YYYY-MM.")
    end: str = Field(pattern=MONTH, description="Last month, YYYY-MM (at most five years on).")
    language: str = Field(default="en", max_length=8, description="en, ro, ru, uk or ar.")


class ReportOut(Schema):
    public_id: str
    title: str
    start: date
    end: date
    language: str
    state: str = Field(description="queued, running, done or failed.")
    error: str = Field(description="Why it failed (empty otherwise).")
    requested_by: str | None
    requested_at: datetime
    finished_at: datetime | None
    html_url: str | None = Field(description="Where to download the HTML, once done.")
    pdf_url: str | None = Field(description="Where to download the PDF, once done.")

    @staticmethod
    def resolve_requested_by(obj: Any) -> str | None:
        return obj.requested_by.username if obj.requested_by else None

    @staticmethod
    def resolve_html_url(obj: Any) -> str | None:
        return f"/api/v1/statistics/reports/{obj.public_id}/html" if obj.state == "done" else None

    @staticmethod
    def resolve_pdf_url(obj: Any) -> str | None:
        return f"/api/v1/statistics/reports/{obj.public_id}/pdf" if obj.state == "done" else None


class RatificationIn(Schema):
    status: str = Field(
        pattern=r"^(ratified|signed|not_signed|denounced)$",
        description="ratified, signed (not ratified), not_signed or denounced.",
    )
    on: date | None = Field(default=None, description="When it was signed, ratified or denounced.")
    note: str = Field(default="", max_length=500, pattern=NO_NUL)


class RatificationOut(Schema):
    instrument: str = Field(description="C97, C143, C181 or ICRMW (the 1990 UN Convention).")
    name: str
    status: str
    on: date | None
    note: str
    updated_at: datetime


class SelfAssessmentIn(Schema):
    answers: dict[str, int | None] = Field(
        description="Question code → 0, 50 or 100 (null or absent: not answered). "
        "The codes are those of the questions in GET /statistics/policy."
    )


class AreaScoreOut(Schema):
    area: str
    name: str
    score: float | None = Field(description="Mean of the area's answers; null: none answered.")


class SelfAssessmentOut(Schema):
    year: int
    answers: dict[str, int]
    areas: list[AreaScoreOut]
    overall: float | None = Field(description="Mean of the areas that are scored.")
    incomplete: bool = Field(description="Some area has no answer.")
    updated_at: datetime


class PolicyQuestionOut(Schema):
    code: str
    area: str
    text: str


class PolicyOut(Schema):
    ratifications: list[RatificationOut]
    self_assessments: list[SelfAssessmentOut]
    questions: list[PolicyQuestionOut]
