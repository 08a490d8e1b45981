"""Input and output of the funding API (R26). Amounts are decimal strings; totals
come one per currency, never added across currencies."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from integra.core.schemas import NO_NUL

LINE_ID = r"^B-[0-9A-Z]{4}-[0-9A-Z]{4}$"
# Any sign and size one may type: the services say what is allowed (a negative
# amount is refused there with a clear message).
AMOUNT = Annotated[
    Decimal,
    Field(allow_inf_nan=False, ge=-(10**13), le=10**13, max_digits=18, decimal_places=4),
]
DAY = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]


class SourceIn(Schema):
    code: str = Field(max_length=64, pattern=NO_NUL, description="e.g. `eu-amif`.")
    name: str = Field(max_length=200, pattern=NO_NUL)
    kind: str = Field(
        pattern=r"^(state|local|bilateral|multilateral|private)$",
        description="state, local, bilateral, multilateral (e.g. EU funds) or private.",
    )
    description: str = Field(default="", max_length=5000, pattern=NO_NUL)


class SourceOut(Schema):
    code: str
    name: str
    kind: str
    description: str
    is_active: bool
    created_at: datetime


class LineIn(Schema):
    source: str = Field(max_length=64, pattern=NO_NUL, description="The source's code.")
    programme: str = Field(max_length=64, pattern=NO_NUL, description="The programme's code.")
    measure: str = Field(
        default="",
        max_length=64,
        pattern=NO_NUL,
        description="A measure's code in the programme; empty: the programme as a whole.",
    )
    year: int = Field(ge=0, le=9999, description="2000 to 2100.")
    amount: AMOUNT = Field(description="Zero or more, at most two decimals.")
    currency: str = Field(max_length=3, pattern=NO_NUL, description="ISO 4217, e.g. EUR.")
    note: str = Field(default="", max_length=500, pattern=NO_NUL)


class LinePatch(Schema):
    """Only the fields sent change."""

    amount: AMOUNT | None = None
    note: str | None = Field(default=None, max_length=500, pattern=NO_NUL)


class MoneyOut(Schema):
    currency: str
    amount: Decimal


class LineOut(Schema):
    public_id: str
    source: str = Field(description="The source's code.")
    source_name: str
    source_kind: str
    programme: str = Field(description="The programme's code.")
    programme_name: str
    measure: str = Field(description="The measure's code; empty: the programme as a whole.")
    measure_title: str
    year: int
    amount: Decimal
    currency: str
    committed: Decimal
    spent: Decimal
    remaining: Decimal = Field(description="The amount less the spending.")
    note: str
    created_at: datetime
    updated_at: datetime

    # Read from a budget line of integra.monitoring.selectors.funding.line_list.
    @staticmethod
    def resolve_source(obj: Any) -> str:
        return str(obj.source.code)

    @staticmethod
    def resolve_source_name(obj: Any) -> str:
        return str(obj.source.name)

    @staticmethod
    def resolve_source_kind(obj: Any) -> str:
        return str(obj.source.kind)

    @staticmethod
    def resolve_programme(obj: Any) -> str:
        return str(obj.programme.code)

    @staticmethod
    def resolve_programme_name(obj: Any) -> str:
        return str(obj.programme.name)

    @staticmethod
    def resolve_measure(obj: Any) -> str:
        return str(obj.measure.code) if obj.measure is not None else ""

    @staticmethod
    def resolve_measure_title(obj: Any) -> str:
        return str(obj.measure.title) if obj.measure is not None else ""

    @staticmethod
    def resolve_remaining(obj: Any) -> Decimal:
        return Decimal(obj.amount) - Decimal(obj.spent)


class CostOut(Schema):
    participants: int | None = Field(
        description="Empty when fewer than the disclosure threshold (it would reveal a "
        "small count)."
    )
    per_participant: list[MoneyOut]
    note: str


class EntryIn(Schema):
    movement: str = Field(pattern=r"^(commitment|spending)$")
    amount: AMOUNT = Field(description="More than zero.")
    on: DAY = Field(description="At most a year from today.")
    reference: str = Field(default="", max_length=100, pattern=NO_NUL)


class EntryOut(Schema):
    id: int
    movement: str
    amount: Decimal
    on: date
    reference: str
    recorded_at: datetime


class EntryRecorded(Schema):
    entry: EntryOut
    warnings: list[str] = Field(description="e.g. spending now exceeds the line's amount.")


class LineDetailOut(Schema):
    line: LineOut
    cost: CostOut = Field(description="Spending per participant of its measure or programme.")
    entries: list[EntryOut]


class KindOut(Schema):
    kind: str
    label: str
    budget: list[MoneyOut]


class ProgrammeFundingOut(Schema):
    code: str
    name: str
    country: str
    lines: int
    budget: list[MoneyOut]
    committed: list[MoneyOut]
    spent: list[MoneyOut]
    remaining: list[MoneyOut]
    cost: CostOut
    by_kind: list[KindOut]


class GapOut(Schema):
    year: int
    programme_code: str
    programme_name: str
    country: str
    measure_code: str
    measure_title: str


class OverviewOut(Schema):
    year: int
    threshold: int
    programmes: list[ProgrammeFundingOut]
    budget: list[MoneyOut]
    committed: list[MoneyOut]
    spent: list[MoneyOut]
    remaining: list[MoneyOut]
    gaps_year: int
    gaps: list[GapOut]
