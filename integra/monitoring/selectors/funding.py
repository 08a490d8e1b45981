"""Reads of funding (R26): sources, budget lines with what was committed and spent
on them, the overview of a year per programme, and the core measures that have no
funding for a year.

Money is summed per currency and never across currencies: every total is a list
of ``Money``, one per currency. Cost per participant divides spending by the
number of participants, which is a count of persons: below
``settings.STATISTICS_THRESHOLD`` it is not shown (disclosure control), and
neither is the cost it would let a reader work back to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.monitoring.models import BudgetEntry, BudgetLine, FundingSource, Movement, SourceKind
from integra.plans import selectors as plans

if TYPE_CHECKING:
    from integra.plans.models import Programme, ProgrammeMeasure

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def threshold() -> int:
    return int(settings.STATISTICS_THRESHOLD)


# --- Access -----------------------------------------------------------------------------------


def can_see(*, actor: Actor) -> bool:
    return access.can_see_funding(actor)


def can_manage(*, actor: Actor) -> bool:
    return access.can_manage_funding(actor)


def guard_see(actor: Actor) -> None:
    if not access.can_see_funding(actor):
        raise PermissionDenied(_("Your role does not give access to funding."))


def guard_manage(actor: Actor) -> None:
    if not access.can_manage_funding(actor):
        raise PermissionDenied(_("Only the coordinating authority manages funding."))


# --- Money ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    currency: str
    amount: Decimal


def money(totals: Mapping[str, Decimal]) -> list[Money]:
    """One amount per currency, by currency; never added across currencies."""
    return [Money(currency, totals[currency].quantize(CENT)) for currency in sorted(totals)]


def _add(into: dict[str, Decimal], currency: str, amount: Decimal) -> None:
    into[currency] = into.get(currency, ZERO) + amount


# --- Sources ----------------------------------------------------------------------------------


def kind_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in SourceKind.choices]


def movement_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in Movement.choices]


def kind_label(kind: str) -> str:
    return str(dict(SourceKind.choices).get(kind, kind))


def source_list(*, actor: Actor, active: bool | None = None) -> QuerySet[FundingSource]:
    guard_see(actor)
    sources = FundingSource.objects.all()
    if active is not None:
        sources = sources.filter(is_active=active)
    return sources.order_by("-is_active", "name", "id")


def source_get(*, actor: Actor, code: str) -> FundingSource:
    guard_see(actor)
    source = FundingSource.objects.filter(code=code).first()
    if source is None:
        raise NotFound(_("There is no such funding source."))
    return source


def source_by_code(*, code: str) -> FundingSource | None:
    return FundingSource.objects.filter(code=code).first()


def source_code_taken(*, code: str, other_than: int | None = None) -> bool:
    sources = FundingSource.objects.filter(code=code)
    if other_than is not None:
        sources = sources.exclude(pk=other_than)
    return sources.exists()


def source_choices(*, active_only: bool = True) -> list[tuple[str, str]]:
    sources = FundingSource.objects.all()
    if active_only:
        sources = sources.filter(is_active=True)
    return [(s.code, s.name) for s in sources.order_by("name", "id")]


# --- Programmes and measures (read through integra.plans) ------------------------------------


def programme_by_code(*, code: str) -> Programme | None:
    return plans.programme_by_code(code=code)


def measure_of(*, programme: Programme, code: str) -> ProgrammeMeasure | None:
    return plans.funding_programme_measures(programme_ids=[programme.pk]).filter(code=code).first()


def programme_choices() -> list[tuple[str, str]]:
    return [(p.code, f"{p.name} ({p.country})") for p in plans.funding_programmes()]


def measure_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Measures grouped by programme, each as ``programme-code/measure-code``."""
    groups: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for measure in plans.funding_programme_measures():
        programme = measure.programme
        label = f"{programme.name} ({programme.country})"
        _label, items = groups.setdefault(programme.code, (label, []))
        star = " *" if measure.mandatory else ""
        items.append((f"{programme.code}/{measure.code}", f"{measure.title}{star}"))
    return [(label, items) for label, items in groups.values()]


# --- Budget lines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LineFilters:
    year: int | None = None
    programme: str = ""  # code
    source: str = ""  # code


def _movement_sum(movement: str) -> Coalesce:
    return Coalesce(
        Sum("entries__amount", filter=Q(entries__movement=movement)),
        Value(ZERO),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def _lines() -> QuerySet[BudgetLine]:
    return BudgetLine.objects.select_related("source", "programme", "measure").annotate(
        committed=_movement_sum(Movement.COMMITMENT), spent=_movement_sum(Movement.SPENDING)
    )


def line_list(*, actor: Actor, filters: LineFilters | None = None) -> QuerySet[BudgetLine]:
    """Budget lines, latest year first, each with ``committed`` and ``spent``."""
    guard_see(actor)
    filters = filters or LineFilters()
    lines = _lines()
    if filters.year is not None:
        lines = lines.filter(year=filters.year)
    if filters.programme:
        lines = lines.filter(programme__code=filters.programme)
    if filters.source:
        lines = lines.filter(source__code=filters.source)
    return lines.order_by("-year", "programme__name", "measure__position", "id")


def line_get(*, actor: Actor, public_id: str) -> BudgetLine:
    guard_see(actor)
    line = _lines().filter(public_id=public_id).first()
    if line is None:
        raise NotFound(_("There is no such budget line."))
    return line


def line_spent(*, line: BudgetLine) -> Decimal:
    total = line.entries.filter(movement=Movement.SPENDING).aggregate(total=Sum("amount"))["total"]
    return Decimal(total or ZERO)


def line_entries(*, line: BudgetLine) -> QuerySet[BudgetEntry]:
    return line.entries.select_related("recorded_by").order_by("-on", "-id")


@dataclass(frozen=True)
class Cost:
    """Spending per participant, or why it is not shown."""

    participants: int | None  # None: fewer than the threshold (suppressed)
    per_participant: list[Money]
    note: str


def cost_per_participant(*, spent: Mapping[str, Decimal], participants: int) -> Cost:
    """Spending ÷ participants per currency; nothing (and a note saying why) when the
    participants are fewer than the threshold, which the cost would reveal."""
    limit = threshold()
    if participants < limit:
        return Cost(
            None,
            [],
            _("Not shown: fewer than %(threshold)d participants.") % {"threshold": limit},
        )
    per = {
        currency: (amount / participants).quantize(CENT, rounding=ROUND_HALF_UP)
        for currency, amount in spent.items()
    }
    note = "" if per else _("Nothing spent yet.")
    return Cost(participants, money(per), note)


def line_cost(*, line: BudgetLine) -> Cost:
    """The line's spending per participant of its measure (or its programme)."""
    if line.measure_id is not None:
        participants = plans.funding_measure_participants(year=line.year).get(line.measure_id, 0)
    else:
        participants = plans.funding_programme_participants(year=line.year).get(
            line.programme_id, 0
        )
    spent = line_spent(line=line)
    return cost_per_participant(
        spent={line.currency: spent} if spent else {}, participants=participants
    )


# --- The overview of a year -------------------------------------------------------------------


@dataclass(frozen=True)
class KindFunding:
    kind: str
    label: str
    budget: list[Money]


@dataclass(frozen=True)
class ProgrammeFunding:
    code: str
    name: str
    country: str
    lines: int
    budget: list[Money]
    committed: list[Money]
    spent: list[Money]
    remaining: list[Money]
    cost: Cost
    by_kind: list[KindFunding]


@dataclass(frozen=True)
class Gap:
    """A core (mandatory) measure of an active programme with no funding for a year."""

    year: int
    programme_code: str
    programme_name: str
    country: str
    measure_id: int
    measure_code: str
    measure_title: str


@dataclass(frozen=True)
class Overview:
    year: int
    programmes: list[ProgrammeFunding]
    budget: list[Money]
    committed: list[Money]
    spent: list[Money]
    remaining: list[Money]
    gaps_year: int
    gaps: list[Gap]
    threshold: int
    years: list[int] = field(default_factory=list)


@dataclass
class _Totals:
    budget: dict[str, Decimal] = field(default_factory=dict)
    committed: dict[str, Decimal] = field(default_factory=dict)
    spent: dict[str, Decimal] = field(default_factory=dict)
    kinds: dict[str, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    lines: int = 0

    def remaining(self) -> list[Money]:
        left = dict(self.budget)
        for currency, amount in self.spent.items():
            _add(left, currency, -amount)
        return money(left)


def overview(*, actor: Actor, year: int) -> Overview:
    """Per programme with budget lines in the year: budget, committed, spent,
    remaining (budget less spending), cost per participant and the budget by kind
    of source; totals per currency; and the core measures unfunded next year."""
    guard_see(actor)
    per: dict[int, _Totals] = {}
    names: dict[int, tuple[str, str, str]] = {}
    overall = _Totals()
    for line in _lines().filter(year=year).order_by("id"):
        totals = per.setdefault(line.programme_id, _Totals())
        names[line.programme_id] = (
            line.programme.code,
            line.programme.name,
            line.programme.country,
        )
        for target in (totals, overall):
            target.lines += 1
            _add(target.budget, line.currency, line.amount)
            _add(target.committed, line.currency, line.committed)  # type: ignore[attr-defined]  # annotated
            _add(target.spent, line.currency, line.spent)  # type: ignore[attr-defined]  # annotated
        _add(totals.kinds[line.source.kind], line.currency, line.amount)
    participants = plans.funding_programme_participants(year=year) if per else {}
    rows = [
        ProgrammeFunding(
            code=names[pk][0],
            name=names[pk][1],
            country=names[pk][2],
            lines=totals.lines,
            budget=money(totals.budget),
            committed=money(totals.committed),
            spent=money(totals.spent),
            remaining=totals.remaining(),
            cost=cost_per_participant(
                spent={c: a for c, a in totals.spent.items() if a},
                participants=participants.get(pk, 0),
            ),
            by_kind=[
                KindFunding(kind, kind_label(kind), money(totals.kinds[kind]))
                for kind in SourceKind.values
                if kind in totals.kinds
            ],
        )
        for pk, totals in per.items()
    ]
    rows.sort(key=lambda row: (row.country, row.name, row.code))
    return Overview(
        year=year,
        programmes=rows,
        budget=money(overall.budget),
        committed=money(overall.committed),
        spent=money(overall.spent),
        remaining=overall.remaining(),
        gaps_year=year + 1,
        gaps=unfunded_core_measures(year=year + 1),
        threshold=threshold(),
        years=budget_years(),
    )


def budget_years() -> list[int]:
    return sorted(
        set(BudgetLine.objects.values_list("year", flat=True).distinct().order_by()),
        reverse=True,
    )


def gaps(*, actor: Actor, year: int) -> list[Gap]:
    guard_see(actor)
    return unfunded_core_measures(year=year)


def unfunded_core_measures(*, year: int) -> list[Gap]:
    """Core measures (mandatory, of an active programme) that no budget line of the
    year with an amount above zero names, either by itself or through its
    programme as a whole. No access check: for the daily job and the overview."""
    funded = BudgetLine.objects.filter(year=year, amount__gt=0)
    whole = set(funded.filter(measure__isnull=True).values_list("programme_id", flat=True))
    named = set(funded.filter(measure__isnull=False).values_list("measure_id", flat=True))
    return [
        Gap(
            year=year,
            programme_code=measure.programme.code,
            programme_name=measure.programme.name,
            country=measure.programme.country,
            measure_id=measure.pk,
            measure_code=measure.code,
            measure_title=measure.title,
        )
        for measure in plans.funding_core_measures()
        if measure.programme_id not in whole and measure.pk not in named
    ]


def lines_of(*, ids: Iterable[int]) -> QuerySet[BudgetLine]:
    return _lines().filter(pk__in=list(ids))


def line_find(*, source: str, programme: str, measure: str, year: int) -> BudgetLine | None:
    """The line of a source for a programme (or a measure of it) and a year, if any
    (for the demo loader, which runs again without duplicating)."""
    lines = BudgetLine.objects.filter(source__code=source, programme__code=programme, year=year)
    which = Q(measure__code=measure) if measure else Q(measure__isnull=True)
    return lines.filter(which).order_by("id").first()
