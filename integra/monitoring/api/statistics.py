"""The statistics API (R24): indicators and their disaggregated tables, with the
same disclosure control as the pages and the exports (cells of fewer than T
people are null), and the freshness of the summary tables. Aggregates only:
nothing here leads to a person.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from integra.core import spreadsheets
from integra.core.api import ERRORS, request_actor
from integra.core.errors import ValidationFailed
from integra.monitoring import catalogue, selectors, tasks
from integra.monitoring.schemas.statistics import (
    MONTH,
    FreshnessOut,
    IndicatorOut,
    RefreshOut,
    TableOut,
    TableQueryIn,
    TargetIn,
    month_day,
)
from integra.monitoring.selectors import tables
from integra.monitoring.services import indicators as indicator_services
from integra.monitoring.services import refresh as refresh_services

router = Router()
TAGS = ["statistics"]
Code = Annotated[str, Path(max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")]


def table_query(params: TableQueryIn) -> tables.TableQuery:
    filters = {
        d: value
        for d in (*catalogue.PERSON_DIMENSIONS, catalogue.CATEGORY)
        if (value := getattr(params, d)) is not None
    }
    return tables.TableQuery(
        rows=params.rows,
        columns=params.columns,
        start=month_day(params.start),
        end=month_day(params.end, last=True),
        filters=filters,
    )


@router.get(
    "/statistics/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    tags=TAGS,
    summary="The indicators: what each counts, how, which way is better, and its target",
)
def indicator_list(request: HttpRequest) -> object:
    return list(selectors.indicators(actor=request_actor(request)))


@router.get(
    "/statistics/indicators/{code}",
    response={200: IndicatorOut, **ERRORS},
    tags=TAGS,
    summary="One indicator",
)
def indicator_detail(request: HttpRequest, code: Code) -> object:
    return selectors.indicator(actor=request_actor(request), code=code)


@router.get(
    "/statistics/indicators/{code}/table",
    response={200: TableOut, **ERRORS},
    tags=TAGS,
    summary="An indicator broken down by one or two disaggregations, disclosure-controlled",
    description=(
        "Read from the summary tables (see /statistics/refresh for how fresh they are). "
        "Cells of 1 to threshold-1 are null, and so are the further cells that would let "
        "them be worked back from the totals; rates and means over fewer than threshold "
        "people are null. Filters (sex, age_band, …) that leave fewer than threshold "
        "people are refused (422). Breakdowns an indicator does not allow are refused."
    ),
)
def indicator_table(request: HttpRequest, code: Code, params: Query[TableQueryIn]) -> object:
    actor = request_actor(request)
    indicator = selectors.indicator(actor=actor, code=code)
    found = tables.indicator_table(
        actor=actor, indicator=indicator, query=table_query(params), today=timezone.localdate()
    )
    return {
        "indicator": indicator.code,
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


class PublicationQuery(Schema):
    start: str = Field(default="", pattern=MONTH, description="First month, YYYY-MM.")
    end: str = Field(default="", pattern=MONTH, description="Last month, YYYY-MM.")


@router.get(
    "/statistics/publication.csv",
    response={200: None, **ERRORS},
    tags=TAGS,
    summary="Every table of every indicator over a period, as one CSV file (streamed)",
    description=(
        "One line per cell of every one-way and two-way table each indicator allows, "
        "with the same disclosure control as the pages (suppressed cells empty, "
        "suppressed=yes). Streamed as it is computed: large, but memory stays flat. "
        "By default the last four periods of each indicator."
    ),
    openapi_extra={"responses": {200: {"content": {"text/csv": {}}}}},
)
def publication(request: HttpRequest, params: Query[PublicationQuery]) -> StreamingHttpResponse:
    actor = request_actor(request)
    # Refused before the stream starts (the rows are read lazily, as they are sent).
    selectors.indicators(actor=actor)
    start, end = month_day(params.start), month_day(params.end, last=True)
    if start and end and start > end:
        raise ValidationFailed(
            _("The period must end after it starts."),
            field_errors={"end": [_("The period must end after it starts.")]},
        )
    rows = tables.publication(actor=actor, start=start, end=end, today=timezone.localdate())
    response = StreamingHttpResponse(
        spreadsheets.stream_csv(tables.PUBLICATION_HEADER, rows),
        content_type=spreadsheets.CONTENT_TYPES["csv"],
    )
    response["Content-Disposition"] = 'attachment; filename="integra-statistics.csv"'
    return response


@router.put(
    "/statistics/indicators/{code}/target",
    response={200: IndicatorOut, **ERRORS},
    tags=TAGS,
    summary="Set or clear the target an indicator is measured against",
)
def indicator_target(request: HttpRequest, code: Code, payload: TargetIn) -> object:
    return indicator_services.indicator_target_set(
        actor=request_actor(request), code=code, target=payload.target
    )


@router.get(
    "/statistics/refresh",
    response={200: FreshnessOut, **ERRORS},
    tags=TAGS,
    summary="How fresh the summary tables are",
)
def freshness(request: HttpRequest) -> object:
    actor = request_actor(request)
    selectors.indicators(actor=actor)  # the same readers as the tables
    return {
        "last": selectors.last_refresh(),
        "running": selectors.refresh_running(),
        "failed": selectors.last_failed_refresh(),
    }


@router.post(
    "/statistics/refresh",
    response={202: RefreshOut, **ERRORS},
    tags=TAGS,
    summary="Rebuild the summary tables now, in the background (409 while one runs)",
)
def refresh(request: HttpRequest) -> Status[object]:
    record = refresh_services.refresh_request(actor=request_actor(request))
    tasks.refresh_statistics.enqueue(refresh_id=record.pk)
    return Status(202, record)
