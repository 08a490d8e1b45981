"""The dashboards pages, under /statistics/dashboards/ (R24): charts of indicators
per role, with filters shared by all the charts, drill-down by region, and each
chart's table view and downloads.

Aggregates only: every chart is one `tables.indicator_table` over the summary
tables (through `selectors.dashboards`), so a suppressed cell is a gap in the
chart and an "x" in its table, never a number. The chart is drawn in the
browser by Chart.js from the data embedded beside it; without JavaScript the
table carries every figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from integra.core.errors import ValidationFailed
from integra.core.forms import add_service_errors
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.monitoring import catalogue, selectors
from integra.monitoring.forms import MonthField, last_day
from integra.monitoring.selectors import dashboards as dashboard_selectors
from integra.monitoring.selectors import tables
from integra.monitoring.selectors.dashboards import ChartView, DashboardQuery, ShownRow
from integra.people import selectors as people


def _age_bands() -> list[tuple[str, str]]:
    bands = [f"{low}+" if high >= 200 else f"{low}-{high}" for low, high in catalogue.AGE_BANDS]
    return [(band, band) for band in bands]


class DashboardForm(forms.Form):
    """The filters every chart of a dashboard shares (a GET form)."""

    start = MonthField(label=gettext_lazy("From (month)"), required=False)
    end = MonthField(label=gettext_lazy("Until (month)"), required=False)
    sex = forms.ChoiceField(label=gettext_lazy("Sex"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    age_band = forms.ChoiceField(label=gettext_lazy("Age band"), required=False)

    def __init__(self, data: QueryDict, *, regions: list[str]) -> None:
        super().__init__(data)
        sexes = sorted(people.statistics_labels()[catalogue.SEX].items(), key=lambda i: i[1])
        self.fields["sex"].choices = [("", _("All")), *sexes]  # type: ignore[attr-defined]
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("All (national)")),
            *((region, region) for region in regions),
        ]
        self.fields["age_band"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *_age_bands(),
        ]

    def query(self) -> DashboardQuery:
        data = self.cleaned_data
        end = data.get("end")
        return DashboardQuery(
            start=data.get("start"),
            end=last_day(end) if end else None,
            filters={name: data[name] for name in dashboard_selectors.FILTERS if data.get(name)},
        )


def _freshness() -> dict[str, object]:
    return {
        "last_refresh": selectors.last_refresh(),
        "running_refresh": selectors.refresh_running(),
        "failed_refresh": selectors.last_failed_refresh(),
    }


# --- The list ----------------------------------------------------------------------------------


@actor_required
@require_GET
def dashboard_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    found = dashboard_selectors.dashboard_list(actor=actor)
    page: Page[Any] = page_of(request, [(d, dashboard_selectors.is_for(d, actor)) for d in found])
    return render(
        request,
        "monitoring/dashboards/list.html",
        {"page": page, "querystring": query_without_page(request), **_freshness()},
    )


# --- One dashboard -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkedRow:
    row: ShownRow
    link: str  # the same dashboard drilled down to this region, or ""


@dataclass(frozen=True)
class ChartItem:
    number: int
    view: ChartView
    rows: list[LinkedRow]
    data: dict[str, object]  # for dashboard.js, embedded with json_script
    summary: str  # the canvas's accessible name
    downloads: str  # the query string of the CSV and XLSX downloads
    filters_shown: list[str]  # "Region: North", for the table's caption

    @property
    def data_id(self) -> str:
        return f"chart-{self.number}-data"


def _month(day: Any) -> str:
    return f"{day:%Y-%m}" if day else ""


def _with(request: HttpRequest, **changes: str) -> str:
    """This page's query with ``changes`` (an empty value removes the parameter)."""
    query = request.GET.copy()
    query.pop("page", None)
    for name, value in changes.items():
        query.pop(name, None)
        if value:
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _summary(view: ChartView) -> str:
    table = view.table
    assert table is not None
    parts = {
        "kind": view.chart.get_kind_display(),
        "indicator": view.indicator.label,
        "rows": view.rows_label,
        "columns": view.columns_label,
        "start": formats.date_format(table.start, "YEAR_MONTH_FORMAT"),
        "end": formats.date_format(table.end, "YEAR_MONTH_FORMAT"),
    }
    text = (
        _("%(kind)s: %(indicator)s by %(rows)s and %(columns)s, %(start)s to %(end)s.") % parts
        if view.columns_label
        else _("%(kind)s: %(indicator)s by %(rows)s, %(start)s to %(end)s.") % parts
    )
    total = view.total()
    if total is not None:
        shown = formats.number_format(total, 1 if view.indicator.calculation != "count" else 0)
        text += " " + _("Total: %(total)s.") % {"total": shown}
    return text + " " + _("Every figure is in the table below.")


def _item(request: HttpRequest, number: int, view: ChartView, region: str) -> ChartItem:
    rows: list[LinkedRow] = []
    for row in view.grid():
        drillable = (
            view.by_region and not region and row.key not in (tables.TOTAL, catalogue.NOT_STATED)
        )
        rows.append(LinkedRow(row, _with(request, region=row.key) if drillable else ""))
    query = view.query
    downloads = QueryDict(mutable=True)
    downloads["rows"] = query.rows
    if query.columns:
        downloads["columns"] = query.columns
    if query.start:
        downloads["start"] = _month(query.start)
    if query.end:
        downloads["end"] = _month(query.end)
    for name, value in query.filters.items():
        downloads[name] = value
    data: dict[str, object] = {}
    summary = ""
    if view.table is not None and not view.table.empty:
        data = {
            "kind": view.kind,
            "labels": view.labels(),
            "series": [{"label": s.label, "data": s.data} for s in view.series()],
            "unit": "%" if view.indicator.calculation == "rate" else _(view.indicator.unit),
        }
        summary = _summary(view)
    filters_shown = [
        f"{catalogue.DIMENSION_LABELS[name]}: "
        f"{tables.value_label(name, value, view.indicator.numerator)}"
        for name, value in query.filters.items()
    ]
    return ChartItem(number, view, rows, data, summary, downloads.urlencode(), filters_shown)


@actor_required
@require_GET
def dashboard_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    dashboard = dashboard_selectors.dashboard_get(actor=actor, code=code)
    form = DashboardForm(request.GET, regions=dashboard_selectors.regions(actor=actor))
    items: list[ChartItem] | None = None
    region = ""
    if form.is_valid():
        query = form.query()
        region = query.filters.get(catalogue.REGION, "")
        try:
            views = dashboard_selectors.dashboard_charts(
                actor=actor, dashboard=dashboard, query=query, today=timezone.localdate()
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            items = [_item(request, n, view, region) for n, view in enumerate(views, start=1)]
    return render(
        request,
        "monitoring/dashboards/detail.html",
        {
            "dashboard": dashboard,
            "form": form,
            "charts": items,
            "region": region,
            "national": _with(request, region=""),
            "threshold": tables.threshold(),
            **_freshness(),
        },
    )
