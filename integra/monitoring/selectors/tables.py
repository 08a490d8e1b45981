"""An indicator as a disaggregated table, disclosure-controlled at query time (R24).

The numbers come from the summary tables only (`Fact`), grouped by one or two
disaggregations over a range of months. Before anything leaves this module the
counts go through `disclosure.protect`: cells of 1 to T-1 are suppressed, with
the secondary suppressions that stop them being worked back from the margins,
and rates and means over fewer than T people are hidden. The API, the pages and
the exports all read through `indicator_table`, so the same rule holds
everywhere. A selection narrowed by filters to fewer than T people is refused
outright rather than shown suppressed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pycountry
from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from integra.core.access import Actor
from integra.core.domains import Domain
from integra.core.errors import ValidationFailed
from integra.monitoring import catalogue, disclosure
from integra.monitoring.catalogue import NOT_STATED, PERIOD
from integra.monitoring.models import Fact, Indicator, Periodicity
from integra.monitoring.selectors import _require, indicators, last_refresh
from integra.people import selectors as people
from integra.protection.selectors import statistics as protection

TOTAL = "*"


@dataclass(frozen=True)
class TableQuery:
    rows: str
    columns: str = ""
    start: date | None = None  # any day of the first month
    end: date | None = None  # any day of the last month
    filters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Cell:
    value: float | None  # None: suppressed (or no denominator to speak of)
    numerator: int | None = None
    denominator: int | None = None


@dataclass(frozen=True)
class Table:
    indicator: Indicator
    rows: str
    columns: str
    start: date
    end: date
    row_keys: list[str]  # TOTAL last
    row_labels: list[str]
    column_keys: list[str]  # [TOTAL] alone for a one-way table
    column_labels: list[str]
    cells: list[list[Cell]]  # rows by columns, margins included
    threshold: int
    refreshed_at: datetime | None
    filters: dict[str, str]

    @property
    def empty(self) -> bool:
        return all(c.numerator in (0, None) for row in self.cells for c in row) and not any(
            c.value for row in self.cells for c in row
        )

    @property
    def suppressed(self) -> int:
        return sum(c.value is None for row in self.cells for c in row)

    def records(self) -> Iterable[tuple[str, str, Cell]]:
        """(row key, column key, cell) in reading order."""
        for r, row_key in enumerate(self.row_keys):
            for c, column_key in enumerate(self.column_keys):
                yield row_key, column_key, self.cells[r][c]


def threshold() -> int:
    return int(settings.STATISTICS_THRESHOLD)


# --- Periods ---------------------------------------------------------------------------------


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def _bucket(month: int, periodicity: str) -> str:
    year, number = divmod(month, 12)
    if periodicity == Periodicity.MONTH:
        return f"{year}-{number + 1:02d}"
    if periodicity == Periodicity.QUARTER:
        return f"{year}-Q{number // 3 + 1}"
    return str(year)


def _bucket_last_month(month: int, periodicity: str) -> int:
    if periodicity == Periodicity.MONTH:
        return month
    if periodicity == Periodicity.QUARTER:
        return month - month % 3 + 2
    return month - month % 12 + 11


def _last_day(month: int) -> date:
    following = month + 1
    return date(following // 12, following % 12 + 1, 1) - timedelta(days=1)


def _bucket_first_month(month: int, periodicity: str) -> int:
    if periodicity == Periodicity.MONTH:
        return month
    if periodicity == Periodicity.QUARTER:
        return month - month % 3
    return month - month % 12


def default_range(indicator: Indicator, today: date) -> tuple[date, date]:
    """The last four periods of the indicator up to and including the current one."""
    months: dict[str, int] = {
        Periodicity.MONTH: 4,
        Periodicity.QUARTER: 12,
        Periodicity.YEAR: 48,
    }
    last = _month(today)
    end = _bucket_last_month(last, indicator.periodicity)
    first = end - months.get(indicator.periodicity, 12) + 1
    return date(first // 12, first % 12 + 1, 1), today


# --- Labels ----------------------------------------------------------------------------------


def value_label(dimension: str, key: str, measure: str) -> str:
    if key == TOTAL:
        return _("Total")
    if key == NOT_STATED:
        return _("Not stated")
    if dimension in (catalogue.SEX, catalogue.LEGAL_STATUS):
        return people.statistics_labels()[dimension].get(key, key)
    if dimension == catalogue.CITIZENSHIP:
        country = pycountry.countries.get(alpha_2=key)
        return _(country.name) if country else key
    if dimension == catalogue.CATEGORY:
        if measure in ("measures_ended", "measures_done"):
            return str(dict(Domain.choices).get(key, key))
        if measure == "status_changes":
            return people.statistics_labels()[catalogue.LEGAL_STATUS].get(key, key)
        return protection.category_labels().get(measure, {}).get(key, key)
    return key


def dimension_label(dimension: str, indicator: Indicator) -> str:
    if dimension == catalogue.CATEGORY:
        label = catalogue.MEASURES[indicator.numerator].category_label
        if label is not None:
            return str(label)
    return str(catalogue.DIMENSION_LABELS[dimension])


def dimensions(indicator: Indicator) -> list[str]:
    """The disaggregations this indicator allows, in catalogue order."""
    return [d for d in catalogue.DIMENSIONS if d in indicator.disaggregations]


# --- The table -------------------------------------------------------------------------------


def _check(indicator: Indicator, query: TableQuery) -> None:
    allowed = set(indicator.disaggregations)
    errors: dict[str, list[str]] = {}
    not_allowed = _("%(indicator)s cannot be broken down by %(dimension)s.")
    for name, dimension in (("rows", query.rows), ("columns", query.columns)):
        if dimension and dimension not in allowed:
            errors[name] = [
                not_allowed
                % {
                    "indicator": indicator.label,
                    "dimension": catalogue.DIMENSION_LABELS.get(dimension, dimension),
                }
            ]
    if not query.rows:
        errors["rows"] = [_("Choose what to break the indicator down by.")]
    elif query.columns and query.columns == query.rows:
        errors["columns"] = [_("Choose a different breakdown for the columns.")]
    for dimension in query.filters:
        if dimension == PERIOD or dimension not in allowed:
            errors[dimension] = [
                _("%(indicator)s cannot be filtered by %(dimension)s.")
                % {
                    "indicator": indicator.label,
                    "dimension": catalogue.DIMENSION_LABELS.get(dimension, dimension),
                }
            ]
    if query.start and query.end and query.start > query.end:
        errors["end"] = [_("The period must end after it starts.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], field_errors=errors)


def _grouped(
    indicator: Indicator, measure: str, query: TableQuery, first: int, last: int
) -> dict[tuple[str, str], list[float]]:
    """(row key, column key) → [count, value] for one measure over the range."""
    fields = [d for d in (query.rows, query.columns) if d and d != PERIOD]
    found = Fact.objects.filter(
        measure=measure,
        period__gte=date(first // 12, first % 12 + 1, 1),
        period__lte=date(last // 12, last % 12 + 1, 1),
        **query.filters,
    )
    if catalogue.MEASURES[measure].kind == catalogue.STOCK:
        # Only the months a stock is read at: the end of each period (or of the range).
        if PERIOD in (query.rows, query.columns):
            ends = {
                min(_bucket_last_month(m, indicator.periodicity), last)
                for m in range(first, last + 1)
            }
        else:
            ends = {last}
        found = found.filter(period__in=[date(m // 12, m % 12 + 1, 1) for m in sorted(ends)])
    rows = found.values("period", *fields).annotate(n=Sum("count"), v=Sum("value"))
    stock = catalogue.MEASURES[measure].kind == catalogue.STOCK
    out: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for row in rows:
        month = _month(row["period"])
        bucket = _bucket(month, indicator.periodicity)
        if stock:
            # A stock is what stood at the end: the bucket's (or the range's) last month.
            if month != min(_bucket_last_month(month, indicator.periodicity), last):
                continue
            if PERIOD not in (query.rows, query.columns) and month != last:
                continue
        keys = [
            bucket if d == PERIOD else (row[d] if d else TOTAL) for d in (query.rows, query.columns)
        ]
        cell = out[(keys[0], keys[1])]
        cell[0] += row["n"] or 0
        cell[1] += row["v"] or 0.0
    return out


def _keys(
    dimension: str, present: Iterable[str], indicator: Indicator, first: int, last: int
) -> list[str]:
    if not dimension:
        return []
    if dimension == PERIOD:
        buckets: list[str] = []
        for month in range(first, last + 1):
            bucket = _bucket(month, indicator.periodicity)
            if bucket not in buckets:
                buckets.append(bucket)
        return buckets
    keys = sorted({k for k in present if k != NOT_STATED})
    # "Not stated" is always shown, last before the total, so that the parts
    # visibly add up to the whole.
    return [*keys, NOT_STATED]


def _protected(
    counts: dict[tuple[str, str], list[float]], rows: list[str], columns: list[str], t: int
) -> disclosure.Protected:
    interior = [[int(counts.get((r, c), [0, 0.0])[0]) for c in columns] for r in rows]
    return disclosure.protect(interior, t)


def indicator_table(*, actor: Actor, indicator: Indicator, query: TableQuery, today: date) -> Table:
    _require(actor)
    _check(indicator, query)
    t = threshold()
    default_start, default_end = default_range(indicator, today)
    start = query.start or default_start
    end = query.end or default_end
    # Ranges cover whole periods of the indicator (a quarterly one is read by whole
    # quarters), up to the current month: fewer overlapping ranges to subtract one
    # published table from another.
    first = _bucket_first_month(_month(start), indicator.periodicity)
    last = min(_bucket_last_month(_month(end), indicator.periodicity), _month(today))
    if last < first:
        last = first
    numerator = _grouped(indicator, indicator.numerator, query, first, last)
    denominator = (
        _grouped(indicator, indicator.denominator, query, first, last)
        if indicator.calculation == catalogue.RATE
        else {}
    )
    row_keys = _keys(query.rows, {k[0] for k in (*numerator, *denominator)}, indicator, first, last)
    column_keys = _keys(
        query.columns, {k[1] for k in (*numerator, *denominator)}, indicator, first, last
    ) or [TOTAL]
    # The population the selection describes: refused if filters single out a few.
    base = denominator if indicator.calculation == catalogue.RATE else numerator
    population = sum(int(v[0]) for v in base.values())
    if query.filters and 0 < population < t:
        raise ValidationFailed(
            _("These filters leave fewer than %(threshold)s people or events; widen the selection.")
            % {"threshold": t}
        )
    shown = _protected(numerator, row_keys, column_keys, t)
    over = (
        _protected(denominator, row_keys, column_keys, t)
        if indicator.calculation == catalogue.RATE
        else None
    )
    one_way = column_keys == [TOTAL]
    cells: list[list[Cell]] = []
    for r in range(len(row_keys) + 1):
        line: list[Cell] = []
        for c in range(len(column_keys) if one_way else len(column_keys) + 1):
            n = shown.grid[r][c]
            hidden = shown.suppressed[r][c]
            if indicator.calculation == catalogue.COUNT:
                line.append(
                    Cell(value=None if hidden else float(n), numerator=None if hidden else n)
                )
            elif indicator.calculation == catalogue.MEAN:
                total = _value_sum(numerator, row_keys, column_keys, r, c, one_way)
                ok = not hidden and n >= t
                line.append(
                    Cell(
                        value=round(total / n, 1) if ok else None,
                        numerator=None if hidden else n,
                    )
                )
            else:
                assert over is not None
                d = over.grid[r][c]
                d_hidden = over.suppressed[r][c]
                ok = not hidden and not d_hidden and d >= t
                line.append(
                    Cell(
                        value=round(100 * n / d, 1) if ok else None,
                        numerator=None if hidden else n,
                        denominator=None if d_hidden else d,
                    )
                )
        cells.append(line)
    refreshed = last_refresh()
    return Table(
        indicator=indicator,
        rows=query.rows,
        columns=query.columns,
        start=date(first // 12, first % 12 + 1, 1),
        end=_last_day(last),
        row_keys=[*row_keys, TOTAL],
        row_labels=[value_label(query.rows, k, indicator.numerator) for k in [*row_keys, TOTAL]],
        column_keys=column_keys if one_way else [*column_keys, TOTAL],
        column_labels=[_("Value")]
        if one_way
        else [value_label(query.columns, k, indicator.numerator) for k in [*column_keys, TOTAL]],
        cells=cells,
        threshold=t,
        refreshed_at=refreshed.finished_at if refreshed else None,
        filters=dict(query.filters),
    )


def _value_sum(
    counts: dict[tuple[str, str], list[float]],
    rows: list[str],
    columns: list[str],
    r: int,
    c: int,
    one_way: bool,
) -> float:
    """The summed amounts behind a cell of the grid (margins included)."""
    row_range = rows if r == len(rows) else [rows[r]]
    column_range = columns if one_way else columns if c == len(columns) else [columns[c]]
    return sum(counts.get((x, y), [0, 0.0])[1] for x in row_range for y in column_range)


# --- Downloads -------------------------------------------------------------------------------


def is_suppressed(indicator: Indicator, cell: Cell) -> bool:
    """Hidden to protect someone (shown as x), as opposed to nothing to show (a
    rate over nobody)."""
    if cell.value is not None:
        return False
    return cell.numerator is None or (
        indicator.calculation == catalogue.RATE and cell.denominator is None
    )


def export(table: Table) -> tuple[list[str], list[list[str | int | float | None]]]:
    """The table one line per cell, as the CSV and XLSX downloads and
    `integra statistics table` give it: a suppressed cell carries no number."""
    indicator = table.indicator
    header = [
        dimension_label(table.rows, indicator),
        dimension_label(table.columns, indicator) if table.columns else _("Column"),
        _("Value"),
        _("Numerator"),
        _("Denominator"),
        _("Suppressed"),
    ]
    yes, no = _("yes"), _("no")
    rows: list[list[str | int | float | None]] = []
    for r, row_label in enumerate(table.row_labels):
        for c, column_label in enumerate(table.column_labels):
            cell = table.cells[r][c]
            hidden = is_suppressed(indicator, cell)
            value = None if hidden else cell.value
            if value is not None and indicator.calculation == catalogue.COUNT:
                value = int(value)
            rows.append(
                [
                    row_label,
                    column_label if table.columns else _("Total"),
                    value,
                    None if hidden else cell.numerator,
                    None if hidden else cell.denominator,
                    yes if hidden else no,
                ]
            )
    return header, rows


# --- The publication: every table of every indicator for a period, streamed --------------------

PUBLICATION_HEADER = (
    "indicator",
    "rows",
    "row",
    "row_label",
    "columns",
    "column",
    "column_label",
    "value",
    "numerator",
    "denominator",
    "suppressed",
)


def publication_tables(indicator: Indicator) -> list[tuple[str, str]]:
    """Every one-way and two-way table the indicator allows: (rows, columns)."""
    dims = dimensions(indicator)
    return [(d, "") for d in dims] + [(a, b) for i, a in enumerate(dims) for b in dims[i + 1 :]]


def publication(
    *, actor: Actor, start: date | None, end: date | None, today: date
) -> Iterable[tuple[str | int | float | None, ...]]:
    """Every table of every indicator in use over a period, one line per cell, as
    the pages publish them (the same disclosure control, no filters): a dataset to
    download whole. Generated table by table, so memory stays flat however many
    lines there are."""
    for found in indicators(actor=actor):
        for rows, columns in publication_tables(found):
            table = indicator_table(
                actor=actor,
                indicator=found,
                query=TableQuery(rows=rows, columns=columns, start=start, end=end),
                today=today,
            )
            for r, (row_key, row_label) in enumerate(
                zip(table.row_keys, table.row_labels, strict=True)
            ):
                for c, (column_key, column_label) in enumerate(
                    zip(table.column_keys, table.column_labels, strict=True)
                ):
                    cell = table.cells[r][c]
                    hidden = is_suppressed(found, cell)
                    yield (
                        found.code,
                        rows,
                        row_key,
                        row_label,
                        columns,
                        column_key if columns else TOTAL,
                        column_label if columns else _("Total"),
                        None if hidden else cell.value,
                        None if hidden else cell.numerator,
                        None if hidden else cell.denominator,
                        "yes" if hidden else "no",
                    )
