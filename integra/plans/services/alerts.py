"""The plan alerts (R5, R7, R8), computed for everyone at once each night and
kept as to-dos of the organisations responsible: a to-do opens when its
condition starts to hold and closes by itself when it no longer does.

1. a measure is overdue;
2. a child of compulsory school age has no school enrolment measure;
3. an unaccompanied minor past compulsory school age has no education or
   vocational measure;
4. a newcomer's health screening is not done within N days of arrival
   (registration at the one-stop shop);
5. a newcomer's plan is not agreed within N days of registration (adults and
   unaccompanied minors: other children are in their family's plan).

Each rule is one query over the whole registry, not a loop over people, so the
night's work grows with the number of alerts rather than with the registry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from integra.core import audit
from integra.core.models import Organisation, Todo
from integra.people import selectors as people
from integra.plans.models import (
    ALERT_KINDS,
    EDUCATION_KINDS,
    OPEN_MEASURE,
    Assessment,
    CountryRules,
    Measure,
    MeasureKind,
    MeasureStatus,
    Plan,
    PlanStatus,
)

if TYPE_CHECKING:
    from integra.people.models import Person


@dataclass(frozen=True)
class Alert:
    kind: str
    organisation_id: int
    person: str  # public id
    name: str
    due_on: date
    key: str
    extra: tuple[tuple[str, str], ...] = ()

    def params(self) -> dict[str, object]:
        return {"person": self.name, **dict(self.extra)}


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def rules_for(country: str) -> CountryRules:
    """The country's rules, or the defaults where none were set."""
    return CountryRules.objects.filter(country=country).first() or CountryRules(country=country)


def _countries() -> list[str]:
    return sorted(set(Organisation.objects.values_list("country", flat=True)))


CHUNK = 5000


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _ids(people_rows: QuerySet[Person]) -> list[int]:
    return list(people_rows.values_list("pk", flat=True))


def _without_measure(ids: list[int], kinds: tuple[str, ...], **extra: object) -> list[int]:
    """The people with no measure of these kinds that still counts, neither for
    them on someone's plan (a parent's) nor on their own plan.

    Plain index lookups by chunk of ids, not correlated anti-joins: their cost does
    not hang on the planner's estimates, which are wrong on freshly loaded tables."""
    counting = Measure.objects.filter(kind__in=kinds, **extra).exclude(
        status__in=[MeasureStatus.CANCELLED, MeasureStatus.NOT_DONE]
    )
    covered: set[int | None] = set()
    for chunk in _chunks(ids):
        covered |= set(
            counting.filter(beneficiary_id__in=chunk).values_list("beneficiary_id", flat=True)
        )
        covered |= set(
            counting.filter(beneficiary__isnull=True, plan__person_id__in=chunk).values_list(
                "plan__person_id", flat=True
            )
        )
    return [pk for pk in ids if pk not in covered]


def _without(ids: list[int], found: QuerySet[Any], field: str) -> list[int]:
    """The ids that ``found`` (filtered by ``field`` in each chunk) does not name."""
    covered: set[int] = set()
    for chunk in _chunks(ids):
        covered |= set(found.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    return [pk for pk in ids if pk not in covered]


def _person_alerts(ids: list[int], kind: str, country: str, today: date) -> Iterator[Alert]:
    for _pk, public_id, given, family, organisation_id, created_at in people.case_rows(
        person_ids=ids, country=country
    ):
        yield Alert(
            kind=kind,
            organisation_id=organisation_id,
            person=public_id,
            name=f"{given} {family}".strip(),
            due_on=today,
            key=f"{kind}:{public_id}:{organisation_id}",
            extra=(("registered", created_at.date().isoformat()),),
        )


def overdue_measures(*, today: date, plans: QuerySet[Plan] | None = None) -> Iterator[Alert]:
    measures = Measure.objects.filter(
        status__in=OPEN_MEASURE,
        due_on__lt=today,
        plan__status__in=[PlanStatus.DRAFT, PlanStatus.AGREED],
    )
    if plans is not None:
        measures = measures.filter(plan__in=plans)
    rows = measures.values_list(
        "pk",
        "due_on",
        "title",
        "plan__organisation_id",
        "plan__public_id",
        "plan__person__public_id",
        "plan__person__given_name_latin",
        "plan__person__family_name_latin",
    )
    for pk, due_on, title, organisation_id, plan_id, public_id, given, family in rows.iterator(
        chunk_size=5000
    ):
        yield Alert(
            kind="plan_measure_overdue",
            organisation_id=organisation_id,
            person=public_id,
            name=f"{given} {family}".strip(),
            due_on=due_on,
            key=f"plan_measure_overdue:{pk}:{due_on.isoformat()}",
            extra=(("measure", title), ("plan", plan_id), ("due", due_on.isoformat())),
        )


def person_alerts(*, today: date, registry: QuerySet[Person] | None = None) -> Iterator[Alert]:
    """Rules 2 to 5, country by country (each has its own school age and days)."""
    base = registry if registry is not None else people.registry()
    for country in _countries():
        rules = rules_for(country)
        # Of compulsory school age: school_age_from <= age < school_age_until.
        children = _ids(
            base.filter(
                birth_date__gt=_years_before(today, rules.school_age_until),
                birth_date__lte=_years_before(today, rules.school_age_from),
            )
        )
        children = _without_measure(children, (MeasureKind.SCHOOL_ENROLMENT,))
        yield from _person_alerts(children, "plan_school_enrolment", country, today)
        # Past compulsory school age, not yet 18.
        minors = _ids(
            base.filter(
                vulnerability__unaccompanied_minor=True,
                birth_date__gt=_years_before(today, 18),
                birth_date__lte=_years_before(today, rules.school_age_until),
            )
        )
        minors = _without_measure(minors, EDUCATION_KINDS)
        yield from _person_alerts(minors, "plan_minor_education", country, today)
        # Newcomers (registered within newcomer_days).
        window = _midnight(today - timedelta(days=rules.newcomer_days))
        screen_by = _midnight(today - timedelta(days=rules.health_screening_days))
        unscreened = _ids(base.filter(created_at__gte=window, created_at__lt=screen_by))
        unscreened = _without(
            unscreened, Assessment.objects.filter(health_screened=True), "person_id"
        )
        unscreened = _without_measure(
            unscreened, (MeasureKind.HEALTH_SCREENING,), status=MeasureStatus.DONE
        )
        for alert in _person_alerts(unscreened, "plan_health_screening", country, today):
            registered = date.fromisoformat(dict(alert.extra)["registered"])
            yield _due(alert, registered + timedelta(days=rules.health_screening_days))
        agree_by = _midnight(today - timedelta(days=rules.plan_agreement_days))
        # Adults (or age unknown) and unaccompanied minors agree a plan of their own;
        # other children are in their family's plan.
        newly = base.filter(created_at__gte=window, created_at__lt=agree_by)
        adult = _years_before(today, 18)
        unagreed = sorted(
            set(_ids(newly.filter(Q(birth_date__isnull=True) | Q(birth_date__lte=adult))))
            | set(_ids(newly.filter(vulnerability__unaccompanied_minor=True)))
        )
        unagreed = _without(unagreed, Plan.objects.filter(agreed_on__isnull=False), "person_id")
        for alert in _person_alerts(unagreed, "plan_not_agreed", country, today):
            registered = date.fromisoformat(dict(alert.extra)["registered"])
            yield _due(alert, registered + timedelta(days=rules.plan_agreement_days))


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _due(alert: Alert, due_on: date) -> Alert:
    return Alert(
        alert.kind, alert.organisation_id, alert.person, alert.name, due_on, alert.key, alert.extra
    )


def alerts(*, today: date) -> Iterator[Alert]:
    yield from overdue_measures(today=today)
    yield from person_alerts(today=today)


@dataclass(frozen=True)
class Outcome:
    opened: int
    reopened: int
    resolved: int
    holding: int


@transaction.atomic
def plan_alerts_sync(*, today: date | None = None, now: datetime | None = None) -> Outcome:
    """Opens a to-do for every alert that holds, reopens one that closed by itself
    and holds again, and closes those whose condition no longer holds. Running it
    twice the same day changes nothing the second time."""
    now = now or timezone.now()
    today = today or timezone.localdate()
    current = {alert.key: alert for alert in alerts(today=today)}
    known = {
        key: (done_at, done_by)
        for key, done_at, done_by in Todo.objects.filter(kind__in=ALERT_KINDS).values_list(
            "dedupe_key", "done_at", "done_by_id"
        )
    }
    # Closed by this job earlier, and the condition holds again; one that a person
    # closed by hand stays closed.
    closed_by_rule = [
        key
        for key in current
        if key in known and known[key][0] is not None and known[key][1] is None
    ]
    new = [
        Todo(
            organisation_id=alert.organisation_id,
            kind=alert.kind,
            params=alert.params(),
            record_type="person",
            record_id=alert.person,
            due_on=alert.due_on,
            dedupe_key=key,
            created_at=now,
        )
        for key, alert in current.items()
        if key not in known
    ]
    Todo.objects.bulk_create(new, batch_size=2000)
    reopened = 0
    for chunk in _key_chunks(closed_by_rule):
        reopened += Todo.objects.filter(dedupe_key__in=chunk).update(done_at=None)
    stale = [k for k, (done_at, _by) in known.items() if done_at is None and k not in current]
    resolved = 0
    for chunk in _key_chunks(stale):
        resolved += Todo.objects.filter(dedupe_key__in=chunk, done_at__isnull=True).update(
            done_at=now
        )
    outcome = Outcome(len(new), reopened, resolved, len(current))
    audit.record(
        actor=None,
        actor_label="daily job",
        action="todo.plan_alerts",
        purpose="integration plan",
        data={"opened": outcome.opened, "reopened": reopened, "resolved": resolved},
        now=now,
    )
    return outcome


def _key_chunks(keys: list[str], size: int = 2000) -> Iterator[list[str]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]
