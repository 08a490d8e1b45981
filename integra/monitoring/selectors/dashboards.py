"""Dashboards (R24): charts of indicators, per role, with the filters shared by
all of a dashboard's charts.

Each chart is one `tables.indicator_table` call, so it reads the summary tables
only and goes through the same disclosure control as the statistics pages, the
API and the downloads: a suppressed cell reaches a chart as a gap (None), never
as a number. A filter that a chart's indicator does not allow is left out for
that chart (and said so); a selection the table refuses (a filter that leaves
fewer than T people, say) comes back as that chart's message, in its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied, ValidationFailed
from integra.monitoring import catalogue
from integra.monitoring.models import Chart, Dashboard, Fact, Indicator
from integra.monitoring.selectors import tables

# The filters a dashboard offers, shared by its charts.
FILTERS = (catalogue.SEX, catalogue.REGION, catalogue.AGE_BAND)

SHOWN = "shown"
SUPPRESSED = "suppressed"
NOTHING = "nothing"  # published, but nothing to divide by (no people in the group)


def _require(actor: Actor) -> None:
    if not access.can_see_statistics(actor):
        raise PermissionDenied(_("You may not see the statistics."))


def dashboard_queryset(*, actor: Actor) -> QuerySet[Dashboard]:
    """Every dashboard, in the order they were defined (the API pages through it)."""
    _require(actor)
    return Dashboard.objects.all()


def is_for(dashboard: Dashboard, actor: Actor) -> bool:
    """Made for one of the actor's roles (every reader may open every dashboard)."""
    return bool(set(dashboard.roles) & actor.roles)


def dashboard_list(*, actor: Actor) -> list[Dashboard]:
    """The dashboards, those made for the actor's roles first."""
    found = list(dashboard_queryset(actor=actor).order_by("position", "code", "pk"))
    return sorted(found, key=lambda d: not is_for(d, actor))  # stable: keeps the order


def dashboard_get(*, actor: Actor, code: str) -> Dashboard:
    _require(actor)
    found = Dashboard.objects.filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no such dashboard."))
    return found


def regions(*, actor: Actor) -> list[str]:
    """The regions the summary tables know, for the region filter."""
    _require(actor)
    found = Fact.objects.exclude(region="").values_list("region", flat=True).distinct()
    return sorted(set(found))


# --- The charts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardQuery:
    start: date | None = None  # any day of the first month
    end: date | None = None  # any day of the last month
    filters: dict[str, str] = field(default_factory=dict)  # of FILTERS


@dataclass(frozen=True)
class ShownCell:
    """A cell as a page shows it: a suppressed one carries no number at all."""

    state: str
    value: float | None
    numerator: int | None
    denominator: int | None


@dataclass(frozen=True)
class ShownRow:
    key: str
    label: str
    is_total: bool
    cells: list[ShownCell]


@dataclass(frozen=True)
class Series:
    label: str
    data: list[float | None]  # None: suppressed or nothing to show, a gap in the chart


@dataclass(frozen=True)
class ChartView:
    chart: Chart
    indicator: Indicator
    query: tables.TableQuery  # what was asked of the table, the skipped filters left out
    skipped: list[str]  # filters the indicator does not allow, left out for this chart
    table: tables.Table | None = None
    error: str = ""  # why there is no table (the selection was refused)

    @property
    def kind(self) -> str:
        return self.chart.kind

    @property
    def by_region(self) -> bool:
        return self.chart.rows == catalogue.REGION

    @property
    def rows_label(self) -> str:
        return tables.dimension_label(self.chart.rows, self.indicator)

    @property
    def columns_label(self) -> str:
        return (
            tables.dimension_label(self.chart.columns, self.indicator) if self.chart.columns else ""
        )

    @property
    def skipped_labels(self) -> list[str]:
        return [str(catalogue.DIMENSION_LABELS[name]) for name in self.skipped]

    def grid(self) -> list[ShownRow]:
        """The table view's rows, totals last."""
        if self.table is None:
            return []
        table = self.table
        return [
            ShownRow(
                key=key,
                label=label,
                is_total=key == tables.TOTAL,
                cells=[_shown(self.indicator, cell) for cell in table.cells[r]],
            )
            for r, (key, label) in enumerate(zip(table.row_keys, table.row_labels, strict=True))
        ]

    def labels(self) -> list[str]:
        """The chart's categories: the table's rows without the total."""
        if self.table is None:
            return []
        return [
            label
            for key, label in zip(self.table.row_keys, self.table.row_labels, strict=True)
            if key != tables.TOTAL
        ]

    def series(self) -> list[Series]:
        """One series per column (without the total column), one value per row
        (without the total row); suppressed cells are None."""
        if self.table is None:
            return []
        table = self.table
        rows = [r for r, key in enumerate(table.row_keys) if key != tables.TOTAL]
        if not table.columns:
            return [Series(self.indicator.label, [table.cells[r][0].value for r in rows])]
        return [
            Series(label, [table.cells[r][c].value for r in rows])
            for c, (key, label) in enumerate(
                zip(table.column_keys, table.column_labels, strict=True)
            )
            if key != tables.TOTAL
        ]

    def total(self) -> float | None:
        """The grand total (None when suppressed or nothing to show)."""
        if self.table is None:
            return None
        return self.table.cells[-1][-1].value


def _shown(indicator: Indicator, cell: tables.Cell) -> ShownCell:
    if tables.is_suppressed(indicator, cell):
        return ShownCell(SUPPRESSED, None, None, None)
    state = SHOWN if cell.value is not None else NOTHING
    return ShownCell(state, cell.value, cell.numerator, cell.denominator)


def _chart(actor: Actor, chart: Chart, query: DashboardQuery, today: date) -> ChartView:
    indicator = chart.indicator
    allowed = set(indicator.disaggregations)
    filters = {k: v for k, v in query.filters.items() if k in FILTERS and v}
    kept = {k: v for k, v in filters.items() if k in allowed}
    skipped = [k for k in FILTERS if k in filters and k not in allowed]
    table_query = tables.TableQuery(
        rows=chart.rows,
        columns=chart.columns,
        start=query.start,
        end=query.end,
        filters=kept,
    )
    try:
        table = tables.indicator_table(
            actor=actor, indicator=indicator, query=table_query, today=today
        )
    except ValidationFailed as error:
        return ChartView(chart, indicator, table_query, skipped, error=error.message)
    return ChartView(chart, indicator, table_query, skipped, table=table)


def dashboard_charts(
    *, actor: Actor, dashboard: Dashboard, query: DashboardQuery, today: date
) -> list[ChartView]:
    """Every chart of the dashboard with its table (one table query per chart,
    over the summary tables), in order; the charts of indicators no longer in
    use are left out."""
    _require(actor)
    if query.start and query.end and query.start > query.end:
        raise ValidationFailed(
            _("The period must end after it starts."),
            field_errors={"end": [_("The period must end after it starts.")]},
        )
    charts = (
        Chart.objects.filter(dashboard=dashboard, indicator__is_active=True)
        .select_related("indicator")
        .order_by("position", "pk")
    )
    return [_chart(actor, chart, query, today) for chart in charts]
