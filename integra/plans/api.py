"""The plans API: programmes, questionnaires, assessments, plans and the caseload."""

from typing import TYPE_CHECKING, Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.core import todos
from integra.core.api import ERRORS, request_actor
from integra.core.errors import NotFound, ValidationFailed
from integra.core.schemas import NO_NUL
from integra.pagination import Cursor
from integra.people import selectors as people
from integra.plans import selectors
from integra.plans.schemas import (
    AgreeIn,
    AlertOut,
    AssessmentIn,
    AssessmentOut,
    CloseIn,
    GoalIn,
    GoalOut,
    IncentiveIn,
    IncentiveOut,
    MeasureIn,
    MeasureOut,
    MeasureUpdateIn,
    PlanIn,
    PlanListOut,
    PlanOut,
    ProgrammeIn,
    ProgrammeMeasureIn,
    ProgrammeMeasureOut,
    ProgrammeOut,
    QuestionnaireIn,
    QuestionnaireOut,
    ReviewIn,
    ReviewOut,
)
from integra.plans.services import assessments, plans, programmes, workspace

if TYPE_CHECKING:
    from integra.people.models import Person
    from integra.plans.models import Plan

router = Router(tags=["plans"])

Code = Annotated[str, Path(max_length=64, pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
PersonId = Annotated[str, Path(max_length=11, pattern=r"^P-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
PlanId = Annotated[str, Path(max_length=11, pattern=r"^L-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
AssessmentId = Annotated[str, Path(max_length=11, pattern=r"^A-[0-9A-Z]{4}-[0-9A-Z]{4}$")]


def _person(request: HttpRequest, public_id: str) -> "Person":
    return people.person_get(
        actor=request_actor(request), public_id=public_id, purpose="integration plan"
    )


def _plan(request: HttpRequest, public_id: str) -> "Plan":
    return selectors.plan_get(actor=request_actor(request), public_id=public_id)


# --- Programmes ----------------------------------------------------------------------------


class ProgrammeFilters(Schema):
    country: str = Field(default="", max_length=2, pattern=r"^([A-Za-z]{2})?$")
    active: bool | None = None


@router.get(
    "/programmes", response={200: list[ProgrammeOut], **ERRORS}, summary="Integration programmes"
)
@paginate(Cursor, ordering=("code",))
def programme_list(request: HttpRequest, filters: Query[ProgrammeFilters]) -> Any:
    return selectors.programme_list(
        actor=request_actor(request), country=filters.country, active=filters.active
    )


@router.get("/programmes/{code}", response={200: ProgrammeOut, **ERRORS}, summary="One programme")
def programme_get(request: HttpRequest, code: Code) -> object:
    return selectors.programme_get(actor=request_actor(request), code=code)


def _programme_data(payload: ProgrammeIn) -> programmes.ProgrammeData:
    values = payload.dict()
    values["domains"] = tuple(values["domains"])
    values["eligible_statuses"] = tuple(values["eligible_statuses"])
    return programmes.ProgrammeData(**values)


@router.post(
    "/programmes",
    response={201: ProgrammeOut, **ERRORS},
    summary="Define a programme (coordinating authority)",
)
def programme_create(request: HttpRequest, payload: ProgrammeIn) -> Status[object]:
    programme = programmes.programme_save(
        actor=request_actor(request), data=_programme_data(payload)
    )
    return Status(201, programme)


@router.put(
    "/programmes/{code}",
    response={200: ProgrammeOut, **ERRORS},
    summary="Change a programme (its code stays)",
)
def programme_update(request: HttpRequest, code: Code, payload: ProgrammeIn) -> object:
    actor = request_actor(request)
    programme = selectors.programme_get(actor=actor, code=code)
    if payload.code != code:
        raise ValidationFailed(
            _("A programme's code cannot change."),
            field_errors={"code": [_("A programme's code cannot change.")]},
        )
    return programmes.programme_save(
        actor=actor, data=_programme_data(payload), programme=programme
    )


@router.post(
    "/programmes/{code}/measures",
    response={201: ProgrammeMeasureOut, **ERRORS},
    summary="Add a measure to a programme",
)
def programme_measure_add(
    request: HttpRequest, code: Code, payload: ProgrammeMeasureIn
) -> Status[object]:
    actor = request_actor(request)
    programme = selectors.programme_get(actor=actor, code=code)
    measure = programmes.programme_measure_add(
        actor=actor,
        programme=programme,
        data=programmes.ProgrammeMeasureData(**payload.dict()),
    )
    return Status(201, measure)


@router.delete(
    "/programmes/{code}/measures/{measure}",
    response={204: None, **ERRORS},
    summary="Remove a measure no plan uses yet",
)
def programme_measure_remove(request: HttpRequest, code: Code, measure: Code) -> Status[None]:
    actor = request_actor(request)
    programme = selectors.programme_get(actor=actor, code=code)
    programmes.programme_measure_remove(actor=actor, programme=programme, code=measure)
    return Status(204, None)


@router.post(
    "/programmes/{code}/incentives",
    response={201: IncentiveOut, **ERRORS},
    summary="Add an incentive and its condition",
)
def incentive_add(request: HttpRequest, code: Code, payload: IncentiveIn) -> Status[object]:
    actor = request_actor(request)
    programme = selectors.programme_get(actor=actor, code=code)
    incentive = programmes.incentive_add(actor=actor, programme=programme, **payload.dict())
    return Status(201, incentive)


# --- Questionnaires and assessments -----------------------------------------------------------


@router.get(
    "/questionnaires",
    response={200: list[QuestionnaireOut], **ERRORS},
    summary="Assessment questionnaires, every version",
)
@paginate(Cursor, ordering=("id",))
def questionnaire_list(request: HttpRequest) -> Any:
    return selectors.questionnaire_list(actor=request_actor(request))


@router.get(
    "/questionnaires/{questionnaire_id}",
    response={200: QuestionnaireOut, **ERRORS},
    summary="One version of a questionnaire",
)
def questionnaire_get(request: HttpRequest, questionnaire_id: int) -> object:
    return selectors.questionnaire_get(actor=request_actor(request), pk=questionnaire_id)


@router.post(
    "/questionnaires",
    response={201: QuestionnaireOut, **ERRORS},
    summary="Publish the next version of a questionnaire",
)
def questionnaire_publish(request: HttpRequest, payload: QuestionnaireIn) -> Status[object]:
    published = assessments.questionnaire_publish(
        actor=request_actor(request),
        code=payload.code,
        country=payload.country,
        title=payload.title,
        definition=payload.definition,
    )
    return Status(201, published)


@router.post(
    "/persons/{public_id}/assessments",
    response={201: AssessmentOut, **ERRORS},
    summary="Record an assessment (422 names each answer that is not allowed)",
)
def assessment_record(
    request: HttpRequest, public_id: PersonId, payload: AssessmentIn
) -> Status[object]:
    actor = request_actor(request)
    assessment = assessments.assessment_record(
        actor=actor,
        person=_person(request, public_id),
        questionnaire_id=payload.questionnaire,
        answers=payload.answers,
    )
    return Status(201, selectors.assessment_get(actor=actor, public_id=assessment.public_id))


@router.get(
    "/persons/{public_id}/assessments",
    response={200: list[AssessmentOut], **ERRORS},
    summary="A person's assessments, newest first",
)
def assessment_list(request: HttpRequest, public_id: PersonId) -> object:
    return selectors.assessment_list(
        actor=request_actor(request), person=_person(request, public_id)
    )


@router.get(
    "/assessments/{public_id}",
    response={200: AssessmentOut, **ERRORS},
    summary="One assessment",
)
def assessment_get(request: HttpRequest, public_id: AssessmentId) -> object:
    return selectors.assessment_get(actor=request_actor(request), public_id=public_id)


# --- Plans ------------------------------------------------------------------------------------


@router.post(
    "/persons/{public_id}/plans",
    response={201: PlanOut, **ERRORS},
    summary="Start a plan in a programme (draft)",
)
def plan_create(request: HttpRequest, public_id: PersonId, payload: PlanIn) -> Status[object]:
    actor = request_actor(request)
    person = _person(request, public_id)
    programme = selectors.programme_get(actor=actor, code=payload.programme)
    assessment = None
    if payload.assessment:
        try:
            assessment = selectors.assessment_get(actor=actor, public_id=payload.assessment)
        except NotFound:
            raise ValidationFailed(
                _("The plan cannot be started."),
                field_errors={"assessment": [_("There is no such assessment.")]},
            ) from None
    plan = plans.plan_create(
        actor=actor,
        person=person,
        programme=programme,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        assessment=assessment,
        suggested=tuple(payload.suggested),
    )
    return Status(201, selectors.plan_get(actor=actor, public_id=plan.public_id))


@router.get(
    "/persons/{public_id}/plans",
    response={200: list[PlanListOut], **ERRORS},
    summary="A person's plans, newest first",
)
def plans_of(request: HttpRequest, public_id: PersonId) -> object:
    return selectors.plans_of(actor=request_actor(request), person=_person(request, public_id))


@router.get(
    "/persons/{public_id}/alerts",
    response={200: list[AlertOut], **ERRORS},
    summary="Open plan alerts about a person for your organisations",
)
def person_alerts(request: HttpRequest, public_id: PersonId) -> object:
    actor = request_actor(request)
    found = selectors.person_alerts(actor=actor, person=_person(request, public_id))
    return [
        {"kind": todo.kind, "text": todos.text(todo.kind, todo.params), "due_on": todo.due_on}
        for todo in found
    ]


@router.get("/plans/{public_id}", response={200: PlanOut, **ERRORS}, summary="One plan")
def plan_get(request: HttpRequest, public_id: PlanId) -> object:
    return _plan(request, public_id)


@router.post("/plans/{public_id}/goals", response={201: GoalOut, **ERRORS}, summary="Add a goal")
def goal_add(request: HttpRequest, public_id: PlanId, payload: GoalIn) -> Status[object]:
    goal = plans.goal_add(
        actor=request_actor(request), plan=_plan(request, public_id), **payload.dict()
    )
    return Status(201, goal)


@router.post(
    "/plans/{public_id}/measures",
    response={201: MeasureOut, **ERRORS},
    summary="Add a measure (due within the plan, in a domain of the programme)",
)
def measure_add(request: HttpRequest, public_id: PlanId, payload: MeasureIn) -> Status[object]:
    values = payload.dict()
    values["goal_id"] = values.pop("goal")
    measure = plans.measure_add(
        actor=request_actor(request),
        plan=_plan(request, public_id),
        data=plans.MeasureData(**values),
    )
    return Status(201, measure)


@router.patch(
    "/plans/{public_id}/measures/{measure_id}",
    response={200: MeasureOut, **ERRORS},
    summary="Move a measure on: status, evidence",
)
def measure_update(
    request: HttpRequest, public_id: PlanId, measure_id: int, payload: MeasureUpdateIn
) -> object:
    return plans.measure_update(
        actor=request_actor(request),
        plan=_plan(request, public_id),
        measure_id=measure_id,
        **payload.dict(),
    )


@router.post(
    "/plans/{public_id}/agree",
    response={200: PlanOut, **ERRORS},
    summary="Record that the person agreed the plan",
)
def plan_agree(request: HttpRequest, public_id: PlanId, payload: AgreeIn) -> object:
    actor = request_actor(request)
    plans.plan_agree(actor=actor, plan=_plan(request, public_id), **payload.dict())
    return selectors.plan_get(actor=actor, public_id=public_id)


@router.post(
    "/plans/{public_id}/reviews",
    response={201: ReviewOut, **ERRORS},
    summary="Record a review (progress is taken from the measures)",
)
def review_record(request: HttpRequest, public_id: PlanId, payload: ReviewIn) -> Status[object]:
    review = plans.review_record(
        actor=request_actor(request), plan=_plan(request, public_id), **payload.dict()
    )
    return Status(201, review)


@router.post(
    "/plans/{public_id}/close",
    response={200: PlanOut, **ERRORS},
    summary="Close the plan with an outcome",
)
def plan_close(request: HttpRequest, public_id: PlanId, payload: CloseIn) -> object:
    actor = request_actor(request)
    plans.plan_close(actor=actor, plan=_plan(request, public_id), **payload.dict())
    return selectors.plan_get(actor=actor, public_id=public_id)


# --- Caseload ---------------------------------------------------------------------------------


class CaseloadQuery(Schema):
    mine: bool = Field(default=True, description="Only plans assigned to me.")
    status: str = Field(default="", max_length=16, pattern=r"^(draft|agreed|closed)?$")
    programme: str = Field(default="", max_length=64, pattern=NO_NUL)
    due: str = Field(default="", pattern=r"^(overdue|week|review)?$")
    caseworker: str = Field(
        default="", max_length=150, pattern=NO_NUL, description="One caseworker's plans (username)."
    )


@router.get(
    "/caseload",
    response={200: list[PlanListOut], **ERRORS},
    summary="My caseload: open plans, with what is due",
    description=(
        "Pages come in public-id order, so that a cursor stays valid while plans change; "
        "each plan carries next_due_on and next_review_on to sort by. Narrow the list "
        "with due=overdue|week|review."
    ),
)
@paginate(Cursor, ordering=("public_id",))
def caseload(request: HttpRequest, filters: Query[CaseloadQuery]) -> Any:
    return selectors.caseload(
        actor=request_actor(request),
        filters=selectors.CaseloadFilters(
            mine=filters.mine,
            status=filters.status,
            programme=filters.programme,
            due=filters.due,
            caseworker=filters.caseworker,
        ),
    )


class ReassignIn(Schema):
    plans: list[Annotated[str, Field(pattern=r"^L-[0-9A-Z]{4}-[0-9A-Z]{4}$")]] = Field(
        min_length=1, max_length=workspace.MAX_PLANS
    )
    caseworker: str = Field(
        max_length=150, pattern=NO_NUL, description="The new caseworker's username."
    )


class ReassignOut(Schema):
    reassigned: int


@router.post(
    "/caseload/reassign",
    response={200: ReassignOut, **ERRORS},
    summary="Give plans to another caseworker (team supervisors; all or none)",
)
def caseload_reassign(request: HttpRequest, payload: ReassignIn) -> dict[str, int]:
    moved = workspace.plans_reassign(
        actor=request_actor(request), plan_ids=payload.plans, caseworker=payload.caseworker
    )
    return {"reassigned": moved}
