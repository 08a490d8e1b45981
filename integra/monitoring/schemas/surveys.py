"""Input and output of the surveys API (R25). Texts are objects of language code
(en, ro, ru, uk, ar) to text; every survey and question needs all five."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema

from integra.core.schemas import NO_NUL
from integra.monitoring.selectors import surveys as selectors

CODE = r"^[a-z0-9][a-z0-9-]*$"
LANGUAGES = ", ".join(selectors.LANGUAGES)
Title = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
Introduction = Annotated[str, Field(max_length=2000, pattern=NO_NUL)]
QuestionText = Annotated[str, Field(max_length=500, pattern=NO_NUL)]
KINDS = "scale (1 to 5) or yes_no."
FEEDS = (
    "The indicator the answers count towards: '' (none), satisfaction (a scale) or "
    "discrimination (a yes_no question)."
)


class SurveyIn(Schema):
    code: str = Field(max_length=64, pattern=CODE, description="e.g. services-2026.")
    title: dict[str, Title] = Field(description=f"Language → text, in each of: {LANGUAGES}.")
    introduction: dict[str, Introduction] = Field(
        description=f"Language → text, in each of: {LANGUAGES}."
    )
    closes_on: date | None = Field(default=None, description="The last day it takes answers.")


class SurveyPatch(Schema):
    """Only the fields sent change; only a draft changes."""

    title: dict[str, Title] | None = None
    introduction: dict[str, Introduction] | None = None
    closes_on: date | None = None


class QuestionIn(Schema):
    kind: str = Field(max_length=8, pattern=NO_NUL, description=KINDS)
    text: dict[str, QuestionText] = Field(description=f"Language → text, in each of: {LANGUAGES}.")
    feeds: str = Field(default="", max_length=16, pattern=NO_NUL, description=FEEDS)


class QuestionPatch(Schema):
    kind: str | None = Field(default=None, max_length=8, pattern=NO_NUL, description=KINDS)
    text: dict[str, QuestionText] | None = None
    feeds: str | None = Field(default=None, max_length=16, pattern=NO_NUL, description=FEEDS)


class QuestionOut(Schema):
    id: int
    position: int
    kind: str
    text: dict[str, str]
    feeds: str


class SurveyOut(Schema):
    code: str
    title: dict[str, str]
    introduction: dict[str, str]
    status: str = Field(description="draft, open or closed.")
    closes_on: date | None
    created_at: datetime
    questions: list[QuestionOut]
    responses: int | None = Field(
        description="How many people answered; null when fewer than responses_threshold."
    )
    responses_threshold: int = Field(
        description="Below this number of responses, the number is not shown."
    )

    @staticmethod
    def resolve_questions(obj: Any) -> list[Any]:
        return list(selectors.survey_questions(survey=obj))

    @staticmethod
    def resolve_responses(obj: Any) -> int | None:
        count = getattr(obj, "n_responses", None)
        if count is None:
            count = selectors.response_count(survey=obj)
        return selectors.responses_shown(int(count))

    @staticmethod
    def resolve_responses_threshold(obj: Any) -> int:
        return selectors.threshold()
