"""Input and output of the statistics API (indicators and their tables)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from integra.core.schemas import NO_NUL

MONTH = r"^((19|20|21)\d{2}-(0[1-9]|1[0-2]))?$"


def month_day(value: str, *, last: bool = False) -> date | None:
    """A YYYY-MM value (checked by MONTH) as its first day, or its last with ``last``;
    None when empty."""
    if not value:
        return None
    year, month = (int(part) for part in value.split("-"))
    if last:
        following = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(year, month, 1)


DIMENSION = r"^(sex|age_band|citizenship|legal_status|region|category|period)?$"


class IndicatorOut(Schema):
    code: str
    name: str
    description: str
    numerator: str
    denominator: str
    calculation: str = Field(description="count, mean (of the numerator's values) or rate (%).")
    unit: str
    direction: str = Field(description="higher, lower or neutral: which way is better.")
    periodicity: str
    source: str
    disaggregations: list[str]
    target: Decimal | None


class TableQueryIn(Schema):
    rows: str = Field(pattern=DIMENSION, min_length=1, description="The rows' breakdown.")
    columns: str = Field(default="", pattern=DIMENSION, description="The columns' (optional).")
    start: str = Field(default="", pattern=MONTH, description="First month, YYYY-MM.")
    end: str = Field(default="", pattern=MONTH, description="Last month, YYYY-MM.")
    sex: str | None = Field(default=None, max_length=16, pattern=NO_NUL)
    age_band: str | None = Field(default=None, max_length=8, pattern=NO_NUL)
    citizenship: str | None = Field(default=None, max_length=2, pattern=NO_NUL)
    legal_status: str | None = Field(default=None, max_length=32, pattern=NO_NUL)
    region: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    category: str | None = Field(default=None, max_length=64, pattern=NO_NUL)


class CellOut(Schema):
    row: str = Field(description='The row\'s value ("" = not stated, "*" = total).')
    column: str = Field(description='The column\'s value ("*" = total).')
    value: float | None = Field(description="Null: suppressed, so that no one is singled out.")
    numerator: int | None
    denominator: int | None


class TableOut(Schema):
    indicator: str
    rows: str
    columns: str
    start: date
    end: date
    threshold: int = Field(description="Cells of 1 to threshold-1 are never published.")
    refreshed_at: datetime | None = Field(description="When the summary tables were built.")
    empty: bool
    row_labels: dict[str, str]
    column_labels: dict[str, str]
    cells: list[CellOut]


class TargetIn(Schema):
    target: Decimal | None = Field(description="Null clears the target.")


class RefreshOut(Schema):
    state: str
    started_at: datetime
    finished_at: datetime | None
    facts: int
    people: int
    error: str


class FreshnessOut(Schema):
    last: RefreshOut | None = Field(description="The last refresh that finished.")
    running: RefreshOut | None
    failed: RefreshOut | None = Field(description="A failure after the last success, if any.")
