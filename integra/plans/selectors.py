"""Reads of programmes, assessments and plans, scoped to what the actor may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, F, Min, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.domains import Domain
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import Membership, Organisation, Todo
from integra.core.roles import Role
from integra.people import selectors as people
from integra.plans import questionnaire
from integra.plans.models import (
    ALERT_KINDS,
    OPEN_MEASURE,
    Assessment,
    Goal,
    Incentive,
    Measure,
    MeasureKind,
    MeasureStatus,
    Plan,
    PlanStatus,
    Programme,
    ProgrammeMeasure,
    Questionnaire,
    Review,
)

if TYPE_CHECKING:
    from integra.people.models import Person


# --- Programmes and questionnaires ----------------------------------------------------------


def can_see_programmes(*, actor: Actor) -> bool:
    return access.can_see_programmes(actor)


def can_manage_programmes(*, actor: Actor) -> bool:
    return access.can_manage_programmes(actor)


def programme_list(
    *, actor: Actor, country: str = "", active: bool | None = None
) -> QuerySet[Programme]:
    if not access.can_see_programmes(actor):
        raise PermissionDenied(_("Your role does not give access to programmes."))
    programmes = Programme.objects.all()
    if country:
        programmes = programmes.filter(country=country.upper())
    if active is not None:
        programmes = programmes.filter(is_active=active)
    return programmes.order_by("country", "name", "id")


def programme_get(*, actor: Actor, code: str) -> Programme:
    if not access.can_see_programmes(actor):
        raise NotFound(_("There is no such programme."))
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        raise NotFound(_("There is no such programme."))
    return programme


def programme_by_code(*, code: str) -> Programme | None:
    return Programme.objects.filter(code=code).first()


def incentive_of(*, programme: Programme, pk: int) -> Incentive | None:
    return Incentive.objects.filter(programme=programme, pk=pk).first()


def programme_measures(*, programme: Programme) -> QuerySet[ProgrammeMeasure]:
    return programme.measures.order_by("position", "id")


def programme_incentives(*, programme: Programme) -> QuerySet[Incentive]:
    return programme.incentives.select_related("on_completion_of").order_by("id")


def programmes_open(*, actor: Actor) -> QuerySet[Programme]:
    """Programmes a new plan may be started in (for the actor's country first)."""
    return programme_list(actor=actor, active=True)


def questionnaire_list(*, actor: Actor) -> QuerySet[Questionnaire]:
    if not access.can_see_programmes(actor):
        raise PermissionDenied(_("Your role does not give access to questionnaires."))
    return Questionnaire.objects.order_by("code", "-version")


def questionnaire_get(*, actor: Actor, pk: int) -> Questionnaire:
    if not access.can_see_programmes(actor):
        raise NotFound(_("There is no such questionnaire."))
    found = Questionnaire.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such questionnaire."))
    return found


def questionnaire_current(*, country: str) -> Questionnaire | None:
    """The latest version of each code in the country; the newest published one."""
    return (
        Questionnaire.objects.filter(country=country.upper())
        .order_by("-published_at", "-version", "-id")
        .first()
    )


def questionnaire_sections(*, version: Questionnaire) -> tuple[questionnaire.Section, ...]:
    return questionnaire.parse(version.definition, domains=Domain.values, kinds=MeasureKind.values)


# --- Assessments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerView:
    code: str
    question: str
    answer: str


@dataclass(frozen=True)
class SectionView:
    code: str
    title: str
    sensitive: bool
    hidden: bool  # sensitive and the reader may not see it
    answers: tuple[AnswerView, ...]


def _answer_text(question: questionnaire.Question, value: object, language: str) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return questionnaire.display(question, value, language)


def assessment_sections(*, actor: Actor, assessment: Assessment) -> list[SectionView]:
    """The answers, read with the questions of the version they were given to
    (so an old assessment reads as it was asked); health only for those who may."""
    language = get_language() or "en"
    sensitive = access.can_see_sensitive_flags(actor)
    answers = {**assessment.answers, **(assessment.sensitive_answers if sensitive else {})}
    views = []
    for section in questionnaire_sections(version=assessment.questionnaire):
        hidden = section.sensitive and not sensitive
        rows = tuple(
            AnswerView(
                q.code,
                questionnaire.text(q.label, language),
                _answer_text(q, answers[q.code], language),
            )
            for q in section.questions
            if q.code in answers and not hidden
        )
        views.append(
            SectionView(
                section.code,
                questionnaire.text(section.title, language),
                section.sensitive,
                hidden,
                rows,
            )
        )
    return views


def suggestion_titles(*, assessment: Assessment) -> list[dict[str, str]]:
    language = get_language() or "en"
    return [
        {
            "domain": s["domain"],
            "kind": s["kind"],
            "title": questionnaire.text(s["title"], language),
            "because": s["because"],
        }
        for s in assessment.suggested
    ]


def _person_for(actor: Actor, person: Person) -> None:
    """The caller has read the person through people.selectors.person_get."""
    responsible = people.responsible_ids(person=person)
    if not access.can_see_case(
        actor, responsible=responsible, record_id=person.public_id, now=timezone.now()
    ):
        raise PermissionDenied(
            _("This person's case is outside your organisation's responsibility.")
        )


def assessment_list(*, actor: Actor, person: Person) -> list[Assessment]:
    _person_for(actor, person)
    found = (
        Assessment.objects.filter(person=person)
        .select_related("person", "questionnaire", "organisation", "assessed_by")
        .order_by("-assessed_at", "-id")
    )
    return [_screened(actor, assessment) for assessment in found]


def assessment_get(*, actor: Actor, public_id: str) -> Assessment:
    assessment = (
        Assessment.objects.select_related("person", "questionnaire", "organisation")
        .filter(public_id=public_id)
        .first()
    )
    if assessment is None or not people.can_search(actor=actor):
        raise NotFound(_("There is no such assessment."))
    _person_for(actor, assessment.person)
    _audit_read(actor, assessment.person, "assessment.read", {"assessment": public_id})
    return _screened(actor, assessment)


def _screened(actor: Actor, assessment: Assessment) -> Assessment:
    """Health answers (the firewall) blanked for those who may not see them; the
    instance is for reading, never saved."""
    if not access.can_see_sensitive_flags(actor):
        health = questionnaire.sensitive_codes(
            questionnaire_sections(version=assessment.questionnaire)
        )
        assessment.sensitive_answers = None
        assessment.suggested = [s for s in assessment.suggested if s["because"] not in health]
    return assessment


def latest_assessment(*, person: Person) -> Assessment | None:
    return person.assessments.order_by("-assessed_at", "-id").first()


# --- Plans ------------------------------------------------------------------------------------


def _audit_read(actor: Actor, person: Person, action: str, data: dict[str, object]) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="person",
        object_id=person.public_id,
        purpose="integration plan",
        data=data,
    )


def plan_get(*, actor: Actor, public_id: str) -> Plan:
    """One plan, for those who may see the person's case; the read is audited."""
    plan = (
        Plan.objects.select_related("person", "programme", "organisation", "caseworker")
        .filter(public_id=public_id)
        .first()
    )
    if plan is None or not people.can_search(actor=actor):
        raise NotFound(_("There is no such plan."))
    _person_for(actor, plan.person)
    _audit_read(actor, plan.person, "plan.read", {"plan": public_id})
    return plan


def plans_of(*, actor: Actor, person: Person) -> QuerySet[Plan]:
    _person_for(actor, person)
    return person.plans.select_related("programme").order_by("-starts_on", "-id")


def can_write_plan(*, actor: Actor, person: Person) -> bool:
    return actor.organisation_id is not None and access.can_write_plan(
        actor, responsible=people.responsible_ids(person=person)
    )


def plan_goals(*, plan: Plan) -> QuerySet[Goal]:
    return plan.goals.order_by("domain", "id")


def plan_measures(*, plan: Plan) -> QuerySet[Measure]:
    return plan.measures.select_related("responsible", "beneficiary", "goal").order_by(
        "due_on", "id"
    )


def plan_reviews(*, plan: Plan) -> QuerySet[Review]:
    return plan.reviews.select_related("reviewed_by").order_by("-reviewed_on", "-id")


@dataclass(frozen=True)
class Progress:
    done: int
    counted: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0


def plan_progress(*, plan: Plan) -> Progress:
    counts = plan.measures.aggregate(
        done=Count("id", filter=Q(status=MeasureStatus.DONE)),
        counted=Count("id", filter=~Q(status=MeasureStatus.CANCELLED)),
    )
    return Progress(counts["done"], counts["counted"])


def plan_incentives(*, plan: Plan) -> list[tuple[str, str, bool | None]]:
    """Each incentive of the programme, its condition, and whether the plan has
    earned it (``None``: the condition is judged by people, not the system)."""
    done = set(
        plan.measures.filter(
            status=MeasureStatus.DONE, programme_measure__isnull=False
        ).values_list("programme_measure_id", flat=True)
    )
    return [
        (
            incentive.name,
            incentive.condition,
            None
            if incentive.on_completion_of_id is None
            else incentive.on_completion_of_id in done,
        )
        for incentive in plan.programme.incentives.order_by("id")
    ]


def household_choices(*, person: Person) -> list[tuple[str, str]]:
    """Whom a measure may be for: the person and who lives with them."""
    mates = people.household_mates(person=person)
    rows = people.registry().filter(pk__in=mates).order_by("birth_date", "id")
    return [(p.public_id, f"{p.name_latin} ({p.public_id})") for p in rows]


# --- Caseload ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadFilters:
    mine: bool = True
    status: str = ""
    programme: str = ""
    due: str = ""  # "overdue", "week", "review"
    query: str = ""
    caseworker: str = ""  # a username: one caseworker's plans


def caseload(
    *, actor: Actor, filters: CaseloadFilters, today: date | None = None
) -> QuerySet[Plan]:
    """Open plans the actor works on (theirs, or their organisations'), what is due
    soonest first: one index range per caseworker (caseworker, status, next_due_on)."""
    today = today or timezone.localdate()
    if not can_use_caseload(actor=actor):
        raise PermissionDenied(_("Your role does not give access to integration plans."))
    scope = access.todo_scope(actor)
    plans = Plan.objects.all()
    if filters.mine:
        plans = plans.filter(caseworker=actor.user)
    if scope:
        plans = plans.filter(organisation_id__in=scope)
    if filters.status:
        plans = plans.filter(status=filters.status)
    else:
        plans = plans.exclude(status=PlanStatus.CLOSED)
    if filters.programme:
        plans = plans.filter(programme__code=filters.programme)
    if filters.caseworker:
        plans = plans.filter(caseworker__username=filters.caseworker)
    if filters.due == "overdue":
        plans = plans.filter(next_due_on__lt=today)
    elif filters.due == "week":
        plans = plans.filter(next_due_on__lte=today + timedelta(days=7))
    elif filters.due == "review":
        plans = plans.filter(next_review_on__lte=today)
    if filters.query:
        plans = plans.filter(person__public_id=filters.query.strip().upper())
    return plans.select_related("person", "programme", "caseworker").order_by(
        F("next_due_on").asc(nulls_last=True), "id"
    )


def can_use_caseload(*, actor: Actor) -> bool:
    return bool(access.todo_scope(actor)) or access.case_scope(actor) is None


# --- Alerts -----------------------------------------------------------------------------------


def person_alerts(*, actor: Actor, person: Person) -> list[Todo]:
    """The open plan alerts about a person for the actor's organisations."""
    scope = access.todo_scope(actor)
    return list(
        Todo.objects.filter(
            record_type="person",
            record_id=person.public_id,
            kind__in=ALERT_KINDS,
            done_at__isnull=True,
            organisation_id__in=scope,
        ).order_by("due_on", "id")
    )


# --- For the pages -------------------------------------------------------------------------


def acting_country(*, actor: Actor) -> str:
    """The country of the organisation the actor acts for ("" without one): its
    questionnaire is the one an assessment uses."""
    if actor.organisation_id is None:
        return ""
    country = (
        Organisation.objects.filter(pk=actor.organisation_id)
        .values_list("country", flat=True)
        .first()
    )
    return country or ""


def responsible_choices(*, actor: Actor) -> list[tuple[str, str]]:
    """Active organisations a measure may be given to, as (code, name)."""
    rows = Organisation.objects.filter(access.organisation_scope(actor), is_active=True)
    return list(rows.order_by("name", "id").values_list("code", "name"))


def plan_measure_get(*, plan: Plan, measure_id: int) -> Measure:
    """One measure of a plan the caller has read through plan_get."""
    measure = plan_measures(plan=plan).filter(pk=measure_id).first()
    if measure is None:
        raise NotFound(_("The plan has no such measure."))
    return measure


def progress_of(*, plans: Iterable[Plan]) -> dict[int, Progress]:
    """The progress of several plans (a page of a caseload) in one query."""
    ids = [plan.pk for plan in plans]
    rows = (
        Measure.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(
            done=Count("id", filter=Q(status=MeasureStatus.DONE)),
            counted=Count("id", filter=~Q(status=MeasureStatus.CANCELLED)),
        )
        .order_by()
    )
    found = {row["plan_id"]: Progress(row["done"], row["counted"]) for row in rows}
    return {pk: found.get(pk, Progress(0, 0)) for pk in ids}


def caseload_mine_first(*, actor: Actor) -> bool:
    """Caseworkers open their own plans first; coordinators, who hold none, all."""
    return bool(access.todo_scope(actor))


def questionnaire_latest(*, actor: Actor) -> Questionnaire | None:
    """The questionnaire published last: where a new version starts from."""
    return questionnaire_list(actor=actor).order_by("-published_at", "-version", "-id").first()


def domain_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Domain.choices}


def kind_labels() -> dict[str, str]:
    return {value: str(label) for value, label in MeasureKind.choices}


def status_labels() -> dict[str, str]:
    """Legal-status categories, for a programme's eligibility."""
    return dict(people.status_choices())


def plan_is_open(*, plan: Plan) -> bool:
    return plan.status != PlanStatus.CLOSED


def suggestions_for(*, actor: Actor, assessment: Assessment) -> list[dict[str, str]]:
    """The assessment's suggested measures in the reader's language; one that a
    health answer called for only for readers who may see health information
    (the firewall), like the answer itself."""
    rows = suggestion_titles(assessment=assessment)
    if access.can_see_sensitive_flags(actor):
        return rows
    health = questionnaire.sensitive_codes(questionnaire_sections(version=assessment.questionnaire))
    return [row for row in rows if row["because"] not in health]


def person_get(*, actor: Actor, public_id: str) -> Person:
    """The person whose assessments and plans are read: through the registry, which
    checks the scope and audits the read."""
    return people.person_get(actor=actor, public_id=public_id, purpose="integration plan")


# A person's record merged into another one: person_get raises it, naming the kept one.
MergedRecord = people.MergedRecord


def can_record_health(*, actor: Actor) -> bool:
    """Health answers (sensitive sections) are asked and shown only to those who may
    see health information (the firewall)."""
    return access.can_see_sensitive_flags(actor)


def open_measure(*, person: Person, measure_id: int) -> Measure | None:
    """A measure still to deliver in the person's open plan (for a referral)."""
    return (
        Measure.objects.select_related("plan", "beneficiary")
        .filter(
            pk=measure_id,
            plan__person=person,
            status__in=OPEN_MEASURE,
        )
        .exclude(plan__status=PlanStatus.CLOSED)
        .first()
    )


def referable_measures(*, person: Person) -> QuerySet[Measure]:
    """The measures of the person's open plan that a partner could deliver."""
    return (
        Measure.objects.filter(plan__person=person, status__in=OPEN_MEASURE)
        .exclude(plan__status=PlanStatus.CLOSED)
        .order_by("due_on", "pk")
    )


def open_measure_demand(
    *, kinds: set[str], placed: QuerySet[Any, Any]
) -> list[tuple[str, str, int]]:
    """Open measures of open plans of these kinds not yet placed (``placed``: a
    query of measure ids), as (region of the responsible organisation, kind, count):
    the demand a region's places have to meet."""
    rows = (
        Measure.objects.filter(status__in=OPEN_MEASURE, kind__in=kinds)
        .exclude(plan__status=PlanStatus.CLOSED)
        .exclude(pk__in=placed)
        .values("responsible__region", "kind")
        .annotate(n=Count("pk"))
    )
    return [(r["responsible__region"], r["kind"], r["n"]) for r in rows]


def supervised_ids(*, actor: Actor) -> set[int]:
    """Organisations whose plans the actor may move between caseworkers."""
    return {
        organisation
        for organisation in access.todo_scope(actor)
        if access.can_reassign_plans(actor, organisation_id=organisation)
    }


def can_reassign(*, actor: Actor) -> bool:
    return bool(supervised_ids(actor=actor))


def caseworker_choices(*, actor: Actor) -> list[tuple[str, str]]:
    """The caseworkers of the actor's organisations, for filtering the caseload and
    for reassigning plans: (username, "name — organisation")."""
    memberships = (
        Membership.objects.filter(
            role=Role.CASEWORKER,
            organisation_id__in=access.todo_scope(actor),
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "user__username", "organisation__name")
    )
    choices: dict[str, str] = {}
    for m in memberships:
        name = m.user.get_full_name() or m.user.get_username()
        label = f"{name} — {m.organisation.name}"
        choices[m.user.get_username()] = (
            f"{choices[m.user.get_username()]}, {m.organisation.name}"
            if m.user.get_username() in choices
            else label
        )
    return list(choices.items())


# --- The person's own view (integra.portal decided the access) ----------------------------------


def own_plans(*, person: Person) -> QuerySet[Plan]:
    """The person's agreed and closed plans (a draft is still the caseworker's)."""
    return (
        Plan.objects.filter(person=person)
        .exclude(status=PlanStatus.DRAFT)
        .select_related("programme", "organisation", "caseworker")
        .order_by("-starts_on", "-id")
    )


def own_measures(*, plan: Plan) -> QuerySet[Measure]:
    """The plan's measures, what is next first; done and cancelled ones last."""
    return plan.measures.select_related("responsible", "beneficiary").order_by(
        Case(When(status__in=OPEN_MEASURE, then=0), default=1), "due_on", "id"
    )


# --- Statistics sources (monitoring's summary tables; aggregates are formed there) ----


def statistics_first_agreement(*, chunk: int = 5000) -> Iterable[tuple[int, date]]:
    """(person, the day their first integration plan was agreed)."""
    return (
        Plan.objects.filter(agreed_on__isnull=False)
        .values("person_id")
        .annotate(first=Min("agreed_on"))
        .order_by("person_id")
        .values_list("person_id", "first")
        .iterator(chunk_size=chunk)
    )


def statistics_ended_measures(*, chunk: int = 5000) -> Iterable[tuple[int, date, str, bool]]:
    """(person, the day it ended, domain, done) of every plan measure that ended:
    done on its day, or not done by its due date. Cancelled measures are left out."""
    rows = (
        Measure.objects.filter(status__in=(MeasureStatus.DONE, MeasureStatus.NOT_DONE))
        .order_by("pk")
        .values_list("plan__person_id", "beneficiary_id", "done_on", "due_on", "domain", "status")
        .iterator(chunk_size=chunk)
    )
    for person_id, beneficiary_id, done_on, due_on, domain, status in rows:
        done = status == MeasureStatus.DONE
        yield beneficiary_id or person_id, (done_on if done and done_on else due_on), domain, done


# --- Funding reads (monitoring) ---
# Funding (integra.monitoring, R26) decides its own access (core.access.can_see_funding)
# and names programmes and their measures; it counts participants only in aggregate.


def funding_programmes() -> QuerySet[Programme]:
    """Every programme, active first, by country and name."""
    return Programme.objects.order_by("-is_active", "country", "name", "id")


def funding_programme_measures(
    *, programme_ids: Iterable[int] | None = None
) -> QuerySet[ProgrammeMeasure]:
    """The measures of the given programmes (or of all), with their programme."""
    measures = ProgrammeMeasure.objects.select_related("programme")
    if programme_ids is not None:
        measures = measures.filter(programme_id__in=list(programme_ids))
    return measures.order_by("programme__country", "programme__name", "position", "id")


def funding_core_measures() -> QuerySet[ProgrammeMeasure]:
    """The mandatory measures of the programmes open to new plans."""
    return (
        ProgrammeMeasure.objects.filter(mandatory=True, programme__is_active=True)
        .select_related("programme")
        .order_by("programme__country", "programme__name", "position", "id")
    )


def funding_programme_participants(*, year: int) -> dict[int, int]:
    """Programme id → distinct persons with a plan in it active in the year
    (started by 31 December, not closed before 1 January)."""
    rows = (
        Plan.objects.filter(starts_on__lte=date(year, 12, 31))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=date(year, 1, 1)))
        .values("programme_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("programme_id")
        .values_list("programme_id", "n")
    )
    return dict(rows)


def funding_measure_participants(*, year: int) -> dict[int, int]:
    """Programme measure id → distinct persons (the beneficiary, else the plan's
    person) with a plan measure of it due or done in the year."""
    rows = (
        Measure.objects.filter(programme_measure__isnull=False)
        .filter(Q(due_on__year=year) | Q(done_on__year=year))
        .values_list("programme_measure_id", "beneficiary_id", "plan__person_id")
        .order_by("programme_measure_id")
        .distinct()
    )
    persons: dict[int, set[int]] = {}
    for measure_id, beneficiary_id, person_id in rows.iterator(chunk_size=5000):
        persons.setdefault(measure_id, set()).add(beneficiary_id or person_id)
    return {measure_id: len(ids) for measure_id, ids in persons.items()}
