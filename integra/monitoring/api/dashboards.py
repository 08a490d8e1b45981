"""The dashboards API (R24): the dashboards and, for one, each chart's table with
the same disclosure control as everywhere else (suppressed cells are null).

Filters apply to every chart that allows them; a chart whose indicator does not
allow a filter lists it in ``skipped_filters``; a chart whose selection is
refused (fewer than threshold people) carries the reason in ``error`` instead of
a table, so that one chart never hides the others.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router
from ninja.pagination import paginate

from integra.core.api import ERRORS, request_actor
from integra.monitoring.schemas.dashboards import (
    DashboardDetailOut,
    DashboardOut,
    DashboardQueryIn,
)
from integra.monitoring.schemas.statistics import month_day
from integra.monitoring.selectors import dashboards as selectors
from integra.monitoring.selectors import tables
from integra.pagination import Cursor

router = Router()
TAGS = ["statistics"]
Code = Annotated[str, Path(max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")]


def _table(found: tables.Table) -> dict[str, Any]:
    """The shape of /statistics/indicators/{code}/table."""
    return {
        "indicator": found.indicator.code,
        "rows": found.rows,
        "columns": found.columns,
        "start": found.start,
        "end": found.end,
        "threshold": found.threshold,
        "refreshed_at": found.refreshed_at,
        "empty": found.empty,
        "row_labels": dict(zip(found.row_keys, found.row_labels, strict=True)),
        "column_labels": dict(zip(found.column_keys, found.column_labels, strict=True)),
        "cells": [
            {
                "row": row,
                "column": column,
                "value": cell.value,
                "numerator": cell.numerator,
                "denominator": cell.denominator,
            }
            for row, column, cell in found.records()
        ],
    }


@router.get(
    "/statistics/dashboards",
    response={200: list[DashboardOut], **ERRORS},
    tags=TAGS,
    summary="The dashboards: charts of indicators, each made for some roles",
)
@paginate(Cursor, ordering=("position", "id"))
def dashboard_list(request: HttpRequest) -> Any:
    return selectors.dashboard_queryset(actor=request_actor(request))


@router.get(
    "/statistics/dashboards/{code}",
    response={200: DashboardDetailOut, **ERRORS},
    tags=TAGS,
    summary="One dashboard: each chart with its disclosure-controlled table",
    description=(
        "Each chart is its indicator's table (read from the summary tables), with null "
        "for every suppressed cell. The filters (period, sex, age band, region) apply "
        "to every chart whose indicator allows them; the others list them in "
        "skipped_filters. A chart whose filters leave fewer than threshold people "
        "carries the reason in error instead of a table."
    ),
)
def dashboard_detail(request: HttpRequest, code: Code, params: Query[DashboardQueryIn]) -> Any:
    actor = request_actor(request)
    dashboard = selectors.dashboard_get(actor=actor, code=code)
    query = selectors.DashboardQuery(
        start=month_day(params.start),
        end=month_day(params.end, last=True),
        filters={
            name: value
            for name in selectors.FILTERS
            if (value := getattr(params, name)) is not None and value != ""
        },
    )
    views = selectors.dashboard_charts(
        actor=actor, dashboard=dashboard, query=query, today=timezone.localdate()
    )
    return {
        "code": dashboard.code,
        "title": dashboard.label,
        "description": dashboard.description_label,
        "roles": list(dashboard.roles),
        "for_you": selectors.is_for(dashboard, actor),
        "charts": [
            {
                "indicator": view.indicator.code,
                "title": view.indicator.label,
                "kind": view.kind,
                "rows": view.chart.rows,
                "columns": view.chart.columns,
                "skipped_filters": view.skipped,
                "error": view.error or None,
                "table": _table(view.table) if view.table is not None else None,
            }
            for view in views
        ],
    }
