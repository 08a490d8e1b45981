"""Programmes as data (R6): a coordinator defines them; rules check plans against them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.domains import Domain
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.people import selectors as people
from integra.plans.models import Incentive, MeasureKind, Participation, Programme, ProgrammeMeasure

if TYPE_CHECKING:
    from integra.people.models import Person


@dataclass(frozen=True)
class ProgrammeData:
    code: str
    country: str
    name: str
    participation: str
    min_months: int
    max_months: int
    review_every_days: int
    domains: tuple[str, ...]
    description: str = ""
    eligible_statuses: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    hours_per_week: int | None = None
    is_active: bool = True


@dataclass(frozen=True)
class ProgrammeMeasureData:
    code: str
    domain: str
    kind: str
    title: str
    due_within_days: int
    mandatory: bool = False


def _guard(actor: Actor) -> None:
    if not access.can_manage_programmes(actor):
        raise PermissionDenied(_("Only the coordinating authority manages programmes."))


def _audit(actor: Actor, programme: Programme, action: str, data: dict[str, object]) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="programme",
        object_id=programme.code,
        purpose="programme management",
        data=data,
    )


CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def code_error(code: str) -> list[str]:
    if CODE.match(code):
        return []
    return [_("A code is up to 64 lower-case letters, digits and dashes.")]


def _programme_errors(data: ProgrammeData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if code_error(data.code):
        errors["code"] = code_error(data.code)
    if pycountry.countries.get(alpha_2=data.country.upper()) is None:
        errors["country"] = [_("Give the country as a two-letter ISO code.")]
    if not data.name.strip():
        errors["name"] = [_("Give the programme a name.")]
    if data.participation not in Participation.values:
        errors["participation"] = [_("Say whether taking part is voluntary or mandatory.")]
    if not 1 <= data.min_months <= 120:
        errors["min_months"] = [_("The minimum duration is 1 to 120 months.")]
    if not data.min_months <= data.max_months <= 120:
        errors["max_months"] = [
            _("The maximum duration is at least the minimum, and at most 120 months.")
        ]
    if not 7 <= data.review_every_days <= 366:
        errors["review_every_days"] = [_("Plans are reviewed every 7 to 366 days.")]
    if not data.domains or not set(data.domains) <= set(Domain.values):
        errors["domains"] = [_("Choose the domains the programme covers.")]
    if not set(data.eligible_statuses) <= {value for value, _label in people.status_choices()}:
        errors["eligible_statuses"] = [_("Choose legal statuses from the list.")]
    for name in ("min_age", "max_age"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= 120:
            errors[name] = [_("An age is 0 to 120.")]
    if data.min_age is not None and data.max_age is not None and data.max_age < data.min_age:
        errors["max_age"] = [_("The maximum age is below the minimum age.")]
    if data.hours_per_week is not None and not 1 <= data.hours_per_week <= 60:
        errors["hours_per_week"] = [_("Hours per week are 1 to 60.")]
    return errors


@transaction.atomic
def programme_save(
    *,
    actor: Actor,
    data: ProgrammeData,
    programme: Programme | None = None,
    now: datetime | None = None,
) -> Programme:
    """Creates a programme, or changes one (its code stays)."""
    now = now or timezone.now()
    _guard(actor)
    errors = _programme_errors(data)
    if programme is None and Programme.objects.filter(code=data.code).exists():
        errors["code"] = [_("Another programme has this code.")]
    if errors:
        raise ValidationFailed(_("The programme has errors."), field_errors=errors)
    values = {
        "country": data.country.upper(),
        "name": data.name.strip(),
        "description": data.description.strip(),
        "participation": data.participation,
        "eligible_statuses": sorted(set(data.eligible_statuses)),
        "min_age": data.min_age,
        "max_age": data.max_age,
        "min_months": data.min_months,
        "max_months": data.max_months,
        "hours_per_week": data.hours_per_week,
        "domains": [d for d in Domain.values if d in data.domains],
        "review_every_days": data.review_every_days,
        "is_active": data.is_active,
    }
    if programme is None:
        programme = Programme.objects.create(code=data.code, created_at=now, **values)
        _audit(actor, programme, "programme.create", {})
    else:
        changed = [k for k, v in values.items() if getattr(programme, k) != v]
        for key, value in values.items():
            setattr(programme, key, value)
        programme.save()
        _audit(actor, programme, "programme.update", {"changed": changed})
    return programme


@transaction.atomic
def programme_measure_add(
    *, actor: Actor, programme: Programme, data: ProgrammeMeasureData
) -> ProgrammeMeasure:
    _guard(actor)
    errors: dict[str, list[str]] = {}
    if code_error(data.code):
        errors["code"] = code_error(data.code)
    if data.domain not in programme.domains:
        errors["domain"] = [_("The programme does not cover this domain.")]
    if data.kind not in MeasureKind.values:
        errors["kind"] = [_("Choose the kind of measure.")]
    if not data.title.strip():
        errors["title"] = [_("Give the measure a title.")]
    if not 0 <= data.due_within_days <= programme.max_months * 31:
        errors["due_within_days"] = [_("The measure must fall due within the programme.")]
    if programme.measures.filter(code=data.code).exists():
        errors["code"] = [_("The programme already has a measure with this code.")]
    if errors:
        raise ValidationFailed(_("The measure has errors."), field_errors=errors)
    measure = ProgrammeMeasure.objects.create(
        programme=programme,
        code=data.code,
        domain=data.domain,
        kind=data.kind,
        title=data.title.strip(),
        mandatory=data.mandatory,
        due_within_days=data.due_within_days,
        position=programme.measures.count(),
    )
    _audit(actor, programme, "programme.measure.add", {"measure": data.code})
    return measure


@transaction.atomic
def programme_measure_remove(*, actor: Actor, programme: Programme, code: str) -> None:
    """Removes a measure no plan uses yet; once used, it stays (plans point at it)."""
    _guard(actor)
    measure = programme.measures.filter(code=code).first()
    if measure is None:
        raise NotFound(_("The programme has no such measure."))
    if programme.plans.filter(measures__programme_measure=measure).exists():
        raise Conflict(_("Plans already use this measure, so it cannot be removed."))
    measure.delete()
    _audit(actor, programme, "programme.measure.remove", {"measure": code})


@transaction.atomic
def incentive_add(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    condition: str,
    on_completion_of: str = "",
) -> Incentive:
    _guard(actor)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Name the incentive.")]
    if not condition.strip():
        errors["condition"] = [_("Say on which condition it is given.")]
    measure = None
    if on_completion_of:
        measure = programme.measures.filter(code=on_completion_of).first()
        if measure is None:
            errors["on_completion_of"] = [_("The programme has no such measure.")]
    if errors:
        raise ValidationFailed(_("The incentive has errors."), field_errors=errors)
    incentive = Incentive.objects.create(
        programme=programme,
        name=name.strip(),
        condition=condition.strip(),
        on_completion_of=measure,
    )
    _audit(actor, programme, "programme.incentive.add", {"incentive": incentive.name})
    return incentive


# --- Rules ---------------------------------------------------------------------------------


def _age(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def eligibility_errors(*, programme: Programme, person: Person, day: date) -> list[str]:
    """Why the person may not join the programme on that day; empty if they may."""
    reasons: list[str] = []
    if not programme.is_active:
        reasons.append(_("This programme takes no new plans."))
    if programme.eligible_statuses:
        category = people.status_category_on(person=person, day=day)
        if category not in programme.eligible_statuses:
            reasons.append(_("The person's legal status does not give access to this programme."))
    if programme.min_age is not None or programme.max_age is not None:
        if person.birth_date is None:
            reasons.append(_("The programme has an age limit; record the date of birth first."))
        else:
            age = _age(person.birth_date, day)
            if programme.min_age is not None and age < programme.min_age:
                reasons.append(
                    _("The programme starts at age %(age)d.") % {"age": programme.min_age}
                )
            if programme.max_age is not None and age > programme.max_age:
                reasons.append(_("The programme ends at age %(age)d.") % {"age": programme.max_age})
    return reasons


def duration_bounds(*, programme: Programme, starts_on: date) -> tuple[date, date]:
    """The earliest and latest end of a plan that starts on ``starts_on``."""
    return (
        add_months(starts_on, programme.min_months),
        add_months(starts_on, programme.max_months),
    )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
