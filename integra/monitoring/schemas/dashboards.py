"""Input and output of the dashboards API."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from integra.core.schemas import NO_NUL
from integra.monitoring.schemas.statistics import MONTH, TableOut


class _Dashboard(Schema):
    code: str
    title: str = Field(description="In the language asked for (built-in dashboards).")
    description: str
    roles: list[str] = Field(description="The roles it is made for; every reader may open it.")
    for_you: bool = Field(description="Made for one of your roles.")


class DashboardOut(_Dashboard):
    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj.label)

    @staticmethod
    def resolve_description(obj: Any) -> str:
        return str(obj.description_label)

    @staticmethod
    def resolve_for_you(obj: Any, context: Any) -> bool:
        actor = context["request"].auth
        return bool(set(obj.roles) & set(actor.roles))


class DashboardQueryIn(Schema):
    start: str = Field(default="", pattern=MONTH, description="First month, YYYY-MM.")
    end: str = Field(default="", pattern=MONTH, description="Last month, YYYY-MM.")
    sex: str | None = Field(default=None, max_length=16, pattern=NO_NUL)
    age_band: str | None = Field(default=None, max_length=8, pattern=NO_NUL)
    region: str | None = Field(
        default=None, max_length=100, pattern=NO_NUL, description="Drill down to one region."
    )


class ChartOut(Schema):
    indicator: str
    title: str = Field(description="The indicator's name.")
    kind: str = Field(description="bar, stacked, line or pivot (a table alone).")
    rows: str
    columns: str
    skipped_filters: list[str] = Field(
        description="Filters the indicator does not allow: left out for this chart."
    )
    error: str | None = Field(
        description="Why there is no table (e.g. the filters leave fewer than threshold people)."
    )
    table: TableOut | None = Field(description="As /statistics/indicators/{code}/table gives it.")


class DashboardDetailOut(_Dashboard):
    charts: list[ChartOut]
