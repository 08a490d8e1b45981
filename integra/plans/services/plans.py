"""An individual integration plan: drafted from the programme and the assessment,
agreed with the person, reviewed, closed with an outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import audit, backend_bulk
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, ValidationFailed
from integra.core.models import Organisation
from integra.people import selectors as people
from integra.plans.models import (
    OPEN_MEASURE,
    AgreedHow,
    Assessment,
    Goal,
    Measure,
    MeasureKind,
    MeasureStatus,
    Plan,
    PlanOutcome,
    PlanStatus,
    Programme,
    Review,
)
from integra.plans.services.common import audit_person, guard_plan_write
from integra.plans.services.programmes import duration_bounds, eligibility_errors

if TYPE_CHECKING:
    from integra.people.models import Person

# Where a measure may go from each status; done, not done and cancelled are final.
MEASURE_TRANSITIONS: dict[str, frozenset[str]] = {
    MeasureStatus.PLANNED: frozenset(
        {
            MeasureStatus.IN_PROGRESS,
            MeasureStatus.DONE,
            MeasureStatus.NOT_DONE,
            MeasureStatus.CANCELLED,
        }
    ),
    MeasureStatus.IN_PROGRESS: frozenset(
        {MeasureStatus.DONE, MeasureStatus.NOT_DONE, MeasureStatus.CANCELLED}
    ),
    MeasureStatus.DONE: frozenset(),
    MeasureStatus.NOT_DONE: frozenset(),
    MeasureStatus.CANCELLED: frozenset(),
}


@dataclass(frozen=True)
class MeasureData:
    domain: str
    kind: str
    title: str
    due_on: date
    responsible: str = ""  # an organisation's code; empty: the plan's organisation
    goal_id: int | None = None
    beneficiary: str = ""  # a household member's public id; empty: the plan's person
    programme_measure: str = ""  # the code of the programme's measure this delivers


def _open(plan: Plan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise Conflict(_("This plan is closed; it can no longer be changed."))


def _locked(plan: Plan) -> Plan:
    """The plan row, locked for the change, checked again now that it is locked."""
    return Plan.objects.select_for_update().select_related("programme", "person").get(pk=plan.pk)


def _english(texts: dict[str, str]) -> str:
    """A suggestion's title as stored on the measure: English, else the first."""
    return texts.get("en") or next(iter(texts.values()))


def refresh_next_due(plan: Plan) -> None:
    """Keeps ``next_due_on`` (what a caseload sorts by) equal to the earliest due
    date of an open measure."""
    plan.next_due_on = plan.measures.filter(status__in=OPEN_MEASURE).aggregate(d=Min("due_on"))["d"]
    plan.save(update_fields=["next_due_on", "updated_at"])


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    person: Person,
    programme: Programme,
    starts_on: date,
    ends_on: date | None = None,
    assessment: Assessment | None = None,
    suggested: tuple[str, ...] = (),
    now: datetime | None = None,
) -> Plan:
    """Drafts a plan in a programme the person is eligible for, with the
    programme's mandatory measures and the suggested measures chosen from the
    assessment (by kind)."""
    now = now or timezone.now()
    guard_plan_write(actor, person)
    if Plan.objects.filter(person=person).exclude(status=PlanStatus.CLOSED).exists():
        raise Conflict(_("This person already has an open integration plan."))
    errors: dict[str, list[str]] = {}
    reasons = eligibility_errors(programme=programme, person=person, day=starts_on)
    if reasons:
        errors["programme"] = reasons
    earliest, latest = duration_bounds(programme=programme, starts_on=starts_on)
    ends_on = ends_on or earliest
    if not earliest <= ends_on <= latest:
        errors["ends_on"] = [
            _("In this programme a plan lasts %(min)d to %(max)d months.")
            % {"min": programme.min_months, "max": programme.max_months}
        ]
    if assessment is not None and assessment.person_id != person.pk:
        errors["assessment"] = [_("This assessment is of someone else.")]
    offered = {s["kind"]: s for s in (assessment.suggested if assessment else [])}
    unknown = [kind for kind in suggested if kind not in offered]
    if unknown:
        errors["suggested"] = [_("Choose among the measures the assessment suggested.")]
    if errors:
        raise ValidationFailed(_("The plan cannot be started."), field_errors=errors)
    assert actor.organisation_id is not None
    plan = Plan.objects.create(
        person=person,
        programme=programme,
        organisation_id=actor.organisation_id,
        caseworker=actor.user,
        assessment=assessment,
        starts_on=starts_on,
        ends_on=ends_on,
        created_at=now,
        updated_at=now,
    )
    measures = [
        Measure(
            plan=plan,
            programme_measure=template,
            domain=template.domain,
            kind=template.kind,
            title=template.title,
            mandatory=template.mandatory,
            responsible_id=actor.organisation_id,
            due_on=min(starts_on + timedelta(days=template.due_within_days), ends_on),
            created_at=now,
            updated_at=now,
        )
        for template in programme.measures.filter(mandatory=True).order_by("position", "id")
    ]
    have = {m.kind for m in measures}
    for kind in suggested:
        if kind in have:
            continue
        suggestion = offered[kind]
        if suggestion["domain"] not in programme.domains:
            continue  # the programme does not cover it; the caseworker may refer elsewhere
        template = programme.measures.filter(kind=kind).order_by("position", "id").first()
        title = suggestion["title"]
        measures.append(
            Measure(
                plan=plan,
                programme_measure=template,
                domain=suggestion["domain"],
                kind=kind,
                title=template.title if template else _english(title),
                responsible_id=actor.organisation_id,
                due_on=min(
                    starts_on + timedelta(days=template.due_within_days if template else 90),
                    ends_on,
                ),
                created_at=now,
                updated_at=now,
            )
        )
    Measure.objects.bulk_create(measures)
    refresh_next_due(plan)
    audit_person(
        actor,
        person,
        "plan.create",
        data={"plan": plan.public_id, "programme": programme.code, "measures": len(measures)},
        now=now,
    )
    return plan


@transaction.atomic
def goal_add(
    *, actor: Actor, plan: Plan, domain: str, text: str, now: datetime | None = None
) -> Goal:
    now = now or timezone.now()
    guard_plan_write(actor, plan.person)
    plan = _locked(plan)
    _open(plan)
    errors: dict[str, list[str]] = {}
    if domain not in plan.programme.domains:
        errors["domain"] = [_("The programme does not cover this domain.")]
    if not text.strip():
        errors["text"] = [_("Say what the goal is.")]
    if errors:
        raise ValidationFailed(_("The goal has errors."), field_errors=errors)
    goal = Goal.objects.create(plan=plan, domain=domain, text=text.strip(), created_at=now)
    audit_person(actor, plan.person, "plan.goal.add", data={"plan": plan.public_id}, now=now)
    return goal


@transaction.atomic
def measure_add(
    *, actor: Actor, plan: Plan, data: MeasureData, now: datetime | None = None
) -> Measure:
    """Adds a measure; it falls due within the plan, in a domain the programme covers."""
    now = now or timezone.now()
    guard_plan_write(actor, plan.person)
    plan = _locked(plan)
    _open(plan)
    errors: dict[str, list[str]] = {}
    if data.domain not in plan.programme.domains:
        errors["domain"] = [_("The programme does not cover this domain.")]
    if data.kind not in MeasureKind.values:
        errors["kind"] = [_("Choose the kind of measure.")]
    if not data.title.strip():
        errors["title"] = [_("Say what the measure is.")]
    if data.due_on < plan.starts_on:
        errors["due_on"] = [_("A measure cannot fall due before the plan starts.")]
    elif data.due_on > plan.ends_on:
        errors["due_on"] = [_("A measure must fall due before the plan ends.")]
    responsible: Organisation | None = None
    if data.responsible:
        responsible = Organisation.objects.filter(code=data.responsible, is_active=True).first()
        if responsible is None:
            errors["responsible"] = [_("There is no such organisation.")]
    goal = None
    if data.goal_id is not None:
        goal = plan.goals.filter(pk=data.goal_id).first()
        if goal is None:
            errors["goal_id"] = [_("The plan has no such goal.")]
    beneficiary = None
    if data.beneficiary and data.beneficiary != plan.person.public_id:
        mates = people.household_mates(person=plan.person)
        beneficiary = people.registry().filter(public_id=data.beneficiary, pk__in=mates).first()
        if beneficiary is None:
            errors["beneficiary"] = [_("A measure may be for someone in the person's household.")]
    template = None
    if data.programme_measure:
        template = plan.programme.measures.filter(code=data.programme_measure).first()
        if template is None:
            errors["programme_measure"] = [_("The programme has no such measure.")]
    if errors:
        raise ValidationFailed(_("The measure has errors."), field_errors=errors)
    measure = Measure.objects.create(
        plan=plan,
        goal=goal,
        programme_measure=template,
        mandatory=bool(template and template.mandatory),
        domain=data.domain,
        kind=data.kind,
        title=data.title.strip(),
        beneficiary=beneficiary,
        responsible_id=responsible.pk if responsible else plan.organisation_id,
        due_on=data.due_on,
        created_at=now,
        updated_at=now,
    )
    refresh_next_due(plan)
    audit_person(
        actor,
        plan.person,
        "plan.measure.add",
        data={"plan": plan.public_id, "measure": measure.pk, "kind": data.kind},
        now=now,
    )
    return measure


def measure_transition_error(measure: Measure, status: str) -> str | None:
    if status not in MeasureStatus.values:
        return _("Choose a status from the list.")
    if status == measure.status:
        return None
    if status not in MEASURE_TRANSITIONS[measure.status]:
        return _("A measure that is %(now)s cannot become %(new)s.") % {
            "now": measure.get_status_display().lower(),
            "new": MeasureStatus(status).label.lower(),
        }
    if status == MeasureStatus.CANCELLED and measure.mandatory:
        return _("This measure is mandatory in the programme; it cannot be cancelled.")
    return None


def measure_apply(
    measure: Measure,
    *,
    status: str,
    evidence: str,
    done_on: date | None,
    today: date,
    now: datetime,
) -> dict[str, list[str]]:
    """Changes a measure's status in place (not saved); the errors, if any. Shared
    with referrals, which move the measure they deliver."""
    errors: dict[str, list[str]] = {}
    problem = measure_transition_error(measure, status)
    if problem:
        errors["status"] = [problem]
    if status == MeasureStatus.DONE and status != measure.status:
        if not evidence.strip() and not measure.evidence:
            errors["evidence"] = [_("Say how you know it was done (certificate, contract…).")]
        done_on = done_on or today
        if done_on > today:
            errors["done_on"] = [_("A measure cannot be done in the future.")]
    if errors:
        return errors
    if status != measure.status:
        measure.status = status
        measure.done_on = done_on if status == MeasureStatus.DONE else None
    if evidence.strip():
        measure.evidence = evidence.strip()
    measure.updated_at = now
    return {}


@transaction.atomic
def measure_update(
    *,
    actor: Actor,
    plan: Plan,
    measure_id: int,
    status: str,
    evidence: str = "",
    done_on: date | None = None,
    now: datetime | None = None,
) -> Measure:
    """Moves a measure on (planned → in progress → done / not done / cancelled)."""
    now = now or timezone.now()
    guard_plan_write(actor, plan.person)
    plan = _locked(plan)
    _open(plan)
    measure = plan.measures.filter(pk=measure_id).first()
    if measure is None:
        raise NotFound(_("The plan has no such measure."))
    before = measure.status
    errors = measure_apply(
        measure,
        status=status,
        evidence=evidence,
        done_on=done_on,
        today=timezone.localdate(now),
        now=now,
    )
    if errors:
        raise ValidationFailed(_("The measure cannot be changed so."), field_errors=errors)
    measure.save()
    refresh_next_due(plan)
    audit_person(
        actor,
        plan.person,
        "plan.measure.update",
        data={"plan": plan.public_id, "measure": measure.pk, "from": before, "to": status},
        now=now,
    )
    return measure


def _missing_mandatory(plan: Plan) -> list[str]:
    present = set(
        plan.measures.exclude(status=MeasureStatus.CANCELLED)
        .filter(programme_measure__isnull=False)
        .values_list("programme_measure_id", flat=True)
    )
    return [m.title for m in plan.programme.measures.filter(mandatory=True) if m.pk not in present]


@transaction.atomic
def plan_agree(
    *,
    actor: Actor,
    plan: Plan,
    agreed_on: date,
    how: str,
    now: datetime | None = None,
) -> Plan:
    """Records that the person agreed the plan; reviews start from that day."""
    now = now or timezone.now()
    guard_plan_write(actor, plan.person)
    plan = _locked(plan)
    _open(plan)
    if plan.status != PlanStatus.DRAFT:
        raise Conflict(_("This plan has already been agreed."))
    errors: dict[str, list[str]] = {}
    if how not in AgreedHow.values:
        errors["how"] = [_("Say how the person agreed.")]
    if agreed_on > timezone.localdate(now):
        errors["agreed_on"] = [_("A plan cannot be agreed in the future.")]
    if not plan.measures.exclude(status=MeasureStatus.CANCELLED).exists():
        errors["measures"] = [_("Add at least one measure before the plan is agreed.")]
    missing = _missing_mandatory(plan)
    if missing:
        errors.setdefault("measures", []).extend(
            [_("The programme requires: %(measures)s.") % {"measures": ", ".join(missing)}]
        )
    if errors:
        raise ValidationFailed(_("The plan cannot be agreed yet."), field_errors=errors)
    plan.status = PlanStatus.AGREED
    plan.agreed_on = agreed_on
    plan.agreed_how = how
    plan.next_review_on = agreed_on + timedelta(days=plan.programme.review_every_days)
    plan.updated_at = now
    plan.save()
    audit_person(
        actor, plan.person, "plan.agree", data={"plan": plan.public_id, "how": how}, now=now
    )
    return plan


def progress(plan: Plan) -> int:
    """Share of the plan's measures (cancelled ones aside) that are done, in %."""
    counted = plan.measures.exclude(status=MeasureStatus.CANCELLED)
    total = counted.count()
    if not total:
        return 0
    return round(100 * counted.filter(status=MeasureStatus.DONE).count() / total)


@transaction.atomic
def review_record(
    *,
    actor: Actor,
    plan: Plan,
    reviewed_on: date,
    note: str,
    next_review_on: date | None = None,
    now: datetime | None = None,
) -> Review:
    """A review with the person: progress is taken from the measures."""
    now = now or timezone.now()
    guard_plan_write(actor, plan.person)
    plan = _locked(plan)
    _open(plan)
    errors: dict[str, list[str]] = {}
    if plan.status != PlanStatus.AGREED:
        errors["plan"] = [_("A plan is reviewed once it has been agreed.")]
    if reviewed_on > timezone.localdate(now):
        errors["reviewed_on"] = [_("A review cannot be in the future.")]
    elif plan.agreed_on and reviewed_on < plan.agreed_on:
        errors["reviewed_on"] = [_("A review cannot be before the plan was agreed.")]
    if not note.strip():
        errors["note"] = [_("Write down how the plan goes.")]
    next_review_on = next_review_on or reviewed_on + timedelta(
        days=plan.programme.review_every_days
    )
    if next_review_on <= reviewed_on:
        errors["next_review_on"] = [_("The next review comes after this one.")]
    if errors:
        raise ValidationFailed(_("The review has errors."), field_errors=errors)
    review = Review.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        progress=progress(plan),
        note=note.strip(),
        next_review_on=next_review_on,
        reviewed_by=actor.user,
        created_at=now,
    )
    plan.next_review_on = next_review_on
    plan.updated_at = now
    plan.save(update_fields=["next_review_on", "updated_at"])
    audit_person(
        actor,
        plan.person,
        "plan.review",
        data={"plan": plan.public_id, "progress": review.progress},
        now=now,
    )
    return review


@transaction.atomic
def plan_close(
    *,
    actor: Actor,
    plan: Plan,
    outcome: str,
    note: str = "",
    closed_on: date | None = None,
    now: datetime | None = None,
) -> Plan:
    """Closes the plan with an outcome; measures still open are cancelled."""
    now = now or timezone.now()
    guard_plan_write(actor, plan.person)
    plan = _locked(plan)
    _open(plan)
    closed_on = closed_on or timezone.localdate(now)
    errors: dict[str, list[str]] = {}
    if outcome not in PlanOutcome.values:
        errors["outcome"] = [_("Choose the outcome of the plan.")]
    if closed_on > timezone.localdate(now):
        errors["closed_on"] = [_("A plan cannot be closed in the future.")]
    elif closed_on < plan.starts_on:
        errors["closed_on"] = [_("A plan cannot be closed before it starts.")]
    if errors:
        raise ValidationFailed(_("The plan cannot be closed so."), field_errors=errors)
    cancelled = plan.measures.filter(status__in=OPEN_MEASURE).update(
        status=MeasureStatus.CANCELLED, updated_at=now
    )
    plan.status = PlanStatus.CLOSED
    plan.outcome = outcome
    plan.closing_note = note.strip()
    plan.closed_on = closed_on
    plan.next_due_on = None
    plan.next_review_on = None
    plan.updated_at = now
    plan.save()
    audit_person(
        actor,
        plan.person,
        "plan.close",
        data={"plan": plan.public_id, "outcome": outcome, "cancelled": cancelled},
        now=now,
    )
    return plan


@transaction.atomic
def measure_follow(
    *,
    actor: Actor,
    measure_id: int,
    status: str,
    evidence: str,
    source: dict[str, str],
    now: datetime | None = None,
) -> bool:
    """Moves a measure that someone else delivers: a partner through a referral
    (accepted: in progress; completed: done, or not done), or a volunteer through
    a match. The calling service has checked that the actor may; a closed plan or
    a measure already settled by the caseworker is left as it is. ``source`` names
    what moved it in the audit entry. Whether the measure changed."""
    now = now or timezone.now()
    measure = Measure.objects.select_related("plan__person").filter(pk=measure_id).first()
    if measure is None or measure.plan.status == PlanStatus.CLOSED or measure.status == status:
        return False
    plan = _locked(measure.plan)
    before = measure.status
    errors = measure_apply(
        measure,
        status=status,
        evidence=evidence,
        done_on=None,
        today=timezone.localdate(now),
        now=now,
    )
    if errors:
        return False
    measure.save()
    refresh_next_due(plan)
    audit_person(
        actor,
        plan.person,
        "plan.measure.update",
        data={
            "plan": plan.public_id,
            "measure": measure.pk,
            "from": before,
            "to": status,
            **source,
        },
        now=now,
    )
    return True


def measures_done_many(
    *,
    actor: Actor,
    done: dict[int, str],
    source: dict[str, str],
    now: datetime | None = None,
) -> int:
    """Marks many measures done at once (``done`` maps each to its evidence), as a
    file of exam results does: the rules of ``measure_follow``, in bulk. A closed
    plan or a measure already settled is left as it is; one audit entry per measure
    moved. How many moved."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    moved: list[tuple[Measure, str]] = []
    ids = list(done)
    for start in range(0, len(ids), 2000):
        for measure in (
            Measure.objects.select_related("plan__person")
            .filter(pk__in=ids[start : start + 2000], status__in=OPEN_MEASURE)
            .exclude(plan__status=PlanStatus.CLOSED)
        ):
            before = measure.status
            errors = measure_apply(
                measure,
                status=MeasureStatus.DONE,
                evidence=done[measure.pk],
                done_on=None,
                today=today,
                now=now,
            )
            if not errors:
                moved.append((measure, before))
    backend_bulk.update(
        Measure,
        ["status", "done_on", "evidence", "updated_at"],
        ((m.pk, m.status, m.done_on, m.evidence, m.updated_at) for m, _before in moved),
    )
    plan_ids = sorted({m.plan_id for m, _before in moved})
    for start in range(0, len(plan_ids), 2000):
        chunk = plan_ids[start : start + 2000]
        next_due = dict(
            Measure.objects.filter(plan_id__in=chunk, status__in=OPEN_MEASURE)
            .values("plan_id")
            .annotate(d=Min("due_on"))
            .values_list("plan_id", "d")
        )
        backend_bulk.update(
            Plan, ["next_due_on", "updated_at"], ((pk, next_due.get(pk), now) for pk in chunk)
        )
    audit.record_many(
        actor=actor,
        events=(
            audit.Event(
                action="plan.measure.update",
                object_type="person",
                object_id=m.plan.person.public_id,
                data={
                    "plan": m.plan.public_id,
                    "measure": m.pk,
                    "from": before,
                    "to": MeasureStatus.DONE,
                    **source,
                },
            )
            for m, before in moved
        ),
        purpose="integration plan",
        now=now,
    )
    return len(moved)
