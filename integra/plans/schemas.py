"""Input and output of the plans API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from integra.core.domains import Domain
from integra.core.schemas import NO_NUL
from integra.plans import selectors
from integra.plans.models import (
    Assessment,
    Incentive,
    Measure,
    MeasureKind,
    Plan,
    Programme,
    Review,
)

CODE = r"^[a-z0-9][a-z0-9-]{0,63}$"


class ProgrammeMeasureOut(Schema):
    code: str
    domain: Domain
    kind: MeasureKind
    title: str
    mandatory: bool
    due_within_days: int


class IncentiveOut(Schema):
    name: str
    condition: str
    on_completion_of: str | None

    @staticmethod
    def resolve_on_completion_of(obj: Incentive) -> str | None:
        return obj.on_completion_of.code if obj.on_completion_of else None


class ProgrammeOut(Schema):
    code: str
    country: str
    name: str
    description: str
    participation: str
    eligible_statuses: list[str]
    min_age: int | None
    max_age: int | None
    min_months: int
    max_months: int
    hours_per_week: int | None
    domains: list[str]
    review_every_days: int
    is_active: bool
    measures: list[ProgrammeMeasureOut]
    incentives: list[IncentiveOut]

    @staticmethod
    def resolve_measures(obj: Programme) -> Any:
        return obj.measures.order_by("position", "id")

    @staticmethod
    def resolve_incentives(obj: Programme) -> Any:
        return obj.incentives.select_related("on_completion_of").order_by("id")


class ProgrammeIn(Schema):
    code: str = Field(pattern=CODE, description="Lower-case letters, digits and dashes.")
    country: str = Field(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    description: str = Field(default="", max_length=5000, pattern=NO_NUL)
    participation: str = Field(max_length=16, pattern=NO_NUL)
    eligible_statuses: list[str] = Field(default_factory=list, max_length=20)
    min_age: int | None = None
    max_age: int | None = None
    min_months: int
    max_months: int
    hours_per_week: int | None = None
    domains: list[str] = Field(max_length=20)
    review_every_days: int
    is_active: bool = True


class ProgrammeMeasureIn(Schema):
    code: str = Field(pattern=CODE)
    domain: str = Field(max_length=16, pattern=NO_NUL)
    kind: str = Field(max_length=32, pattern=NO_NUL)
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    due_within_days: int = Field(ge=0, le=32767)
    mandatory: bool = False


class IncentiveIn(Schema):
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    condition: str = Field(min_length=1, max_length=500, pattern=NO_NUL)
    on_completion_of: str = Field(default="", max_length=64, pattern=NO_NUL)


class QuestionnaireOut(Schema):
    id: int
    code: str
    version: int
    country: str
    title: str
    definition: dict[str, Any]
    published_at: datetime


class QuestionnaireIn(Schema):
    code: str = Field(pattern=CODE)
    country: str = Field(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    definition: dict[str, Any]


class SuggestionOut(Schema):
    domain: str
    kind: str
    title: dict[str, str]
    because: str


class AssessmentIn(Schema):
    questionnaire: int = Field(description="The id of the questionnaire version answered.")
    answers: dict[str, Any] = Field(description="Answers by question code.")


class AssessmentOut(Schema):
    public_id: str
    person: str
    questionnaire: int
    questionnaire_code: str
    questionnaire_version: int
    answers: dict[str, Any]
    sensitive_answers: dict[str, Any] | None = Field(
        description="Health answers; null for those who may not see them."
    )
    suggested: list[SuggestionOut]
    health_screened: bool
    organisation: str
    assessed_at: datetime

    @staticmethod
    def resolve_person(obj: Assessment) -> str:
        return obj.person.public_id

    @staticmethod
    def resolve_questionnaire(obj: Assessment) -> int:
        return obj.questionnaire_id

    @staticmethod
    def resolve_questionnaire_code(obj: Assessment) -> str:
        return obj.questionnaire.code

    @staticmethod
    def resolve_questionnaire_version(obj: Assessment) -> int:
        return obj.questionnaire.version

    @staticmethod
    def resolve_organisation(obj: Assessment) -> str:
        return obj.organisation.code


class GoalOut(Schema):
    id: int
    domain: Domain
    text: str


class MeasureOut(Schema):
    id: int
    programme_measure: str | None
    domain: Domain
    kind: MeasureKind
    title: str
    mandatory: bool
    goal: int | None
    beneficiary: str | None
    responsible: str
    due_on: date
    status: str
    evidence: str
    done_on: date | None

    @staticmethod
    def resolve_programme_measure(obj: Measure) -> str | None:
        return obj.programme_measure.code if obj.programme_measure else None

    @staticmethod
    def resolve_goal(obj: Measure) -> int | None:
        return obj.goal_id

    @staticmethod
    def resolve_beneficiary(obj: Measure) -> str | None:
        return obj.beneficiary.public_id if obj.beneficiary else None

    @staticmethod
    def resolve_responsible(obj: Measure) -> str:
        return obj.responsible.code


class ReviewOut(Schema):
    reviewed_on: date
    progress: int
    note: str
    next_review_on: date


class PlanListOut(Schema):
    public_id: str
    person: str
    person_name: str
    programme: str
    status: str
    starts_on: date
    ends_on: date
    next_due_on: date | None
    next_review_on: date | None
    caseworker: str | None

    @staticmethod
    def resolve_person(obj: Plan) -> str:
        return obj.person.public_id

    @staticmethod
    def resolve_person_name(obj: Plan) -> str:
        return obj.person.name_latin

    @staticmethod
    def resolve_programme(obj: Plan) -> str:
        return obj.programme.code

    @staticmethod
    def resolve_caseworker(obj: Plan) -> str | None:
        return obj.caseworker.get_username() if obj.caseworker else None


class PlanOut(PlanListOut):
    organisation: str
    assessment: str | None
    agreed_on: date | None
    agreed_how: str
    closed_on: date | None
    outcome: str
    closing_note: str
    progress: int
    goals: list[GoalOut]
    measures: list[MeasureOut]
    reviews: list[ReviewOut]

    @staticmethod
    def resolve_organisation(obj: Plan) -> str:
        return obj.organisation.code

    @staticmethod
    def resolve_assessment(obj: Plan) -> str | None:
        return obj.assessment.public_id if obj.assessment else None

    @staticmethod
    def resolve_progress(obj: Plan) -> int:
        return selectors.plan_progress(plan=obj).percent

    @staticmethod
    def resolve_goals(obj: Plan) -> Any:
        return obj.goals.order_by("domain", "id")

    @staticmethod
    def resolve_measures(obj: Plan) -> Any:
        return obj.measures.select_related(
            "responsible", "beneficiary", "programme_measure"
        ).order_by("due_on", "id")

    @staticmethod
    def resolve_reviews(obj: Plan) -> list[Review]:
        return list(obj.reviews.order_by("-reviewed_on", "-id"))


class PlanIn(Schema):
    programme: str = Field(pattern=CODE)
    starts_on: date
    ends_on: date | None = None
    assessment: str = Field(default="", max_length=11, pattern=r"^(A-[0-9A-Z]{4}-[0-9A-Z]{4})?$")
    suggested: list[str] = Field(
        default_factory=list, max_length=20, description="Kinds of suggested measures to include."
    )


class GoalIn(Schema):
    domain: str = Field(max_length=16, pattern=NO_NUL)
    text: str = Field(min_length=1, max_length=500, pattern=NO_NUL)


class MeasureIn(Schema):
    domain: str = Field(max_length=16, pattern=NO_NUL)
    kind: str = Field(max_length=32, pattern=NO_NUL)
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    due_on: date
    responsible: str = Field(default="", max_length=64, pattern=NO_NUL)
    goal: int | None = None
    beneficiary: str = Field(
        default="", max_length=11, pattern=NO_NUL, description="A household member's public id."
    )
    programme_measure: str = Field(
        default="", max_length=64, pattern=NO_NUL, description="The programme measure delivered."
    )


class MeasureUpdateIn(Schema):
    status: str = Field(max_length=16, pattern=NO_NUL)
    evidence: str = Field(default="", max_length=5000, pattern=NO_NUL)
    done_on: date | None = None


class AgreeIn(Schema):
    agreed_on: date
    how: str = Field(max_length=16, pattern=NO_NUL)


class ReviewIn(Schema):
    reviewed_on: date
    note: str = Field(min_length=1, max_length=5000, pattern=NO_NUL)
    next_review_on: date | None = None


class CloseIn(Schema):
    outcome: str = Field(max_length=24, pattern=NO_NUL)
    note: str = Field(default="", max_length=5000, pattern=NO_NUL)
    closed_on: date | None = None


class AlertOut(Schema):
    kind: str
    text: str
    due_on: date
