"""Input and output of the labour inspection API: workplaces, the risk list,
inspections with their visits, violations, sanctions and follow-ups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from ninja import Field, Schema

from integra.core.schemas import NO_NUL
from integra.protection.models import Inspection, Sanction, Violation

WORKPLACE_ID = r"^W-[0-9A-Z]{4}-[0-9A-Z]{4}$"
INSPECTION_ID = r"^N-[0-9A-Z]{4}-[0-9A-Z]{4}$"
COMPLAINT_ID = r"^C-[0-9A-Z]{4}-[0-9A-Z]{4}$"
AGENCY_ID = r"^G-[0-9A-Z]{4}-[0-9A-Z]{4}$"
# Days one may sensibly type; the services say which are allowed.
DAY = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]
AMOUNT = Annotated[
    Decimal,
    Field(allow_inf_nan=False, ge=-(10**12), le=10**12, max_digits=16, decimal_places=4),
]
COUNT = Annotated[int, Field(ge=0, le=10**7)]


# --- Workplaces ------------------------------------------------------------------------------


class WorkplaceIn(Schema):
    employer: str = Field(max_length=200, pattern=NO_NUL)
    registration_number: str = Field(default="", max_length=64, pattern=NO_NUL)
    name: str = Field(default="", max_length=200, pattern=NO_NUL, description="The site.")
    address: str = Field(default="", max_length=250, pattern=NO_NUL)
    region: str = Field(default="", max_length=100, pattern=NO_NUL)
    sector: str = Field(
        default="", pattern=r"^[A-Ua-u]?$", description="An ISIC Rev. 4 section letter."
    )
    workers: COUNT | None = None


class WorkplacePatch(Schema):
    """Only the fields sent change."""

    employer: str | None = Field(default=None, max_length=200, pattern=NO_NUL)
    registration_number: str | None = Field(default=None, max_length=64, pattern=NO_NUL)
    name: str | None = Field(default=None, max_length=200, pattern=NO_NUL)
    address: str | None = Field(default=None, max_length=250, pattern=NO_NUL)
    region: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    sector: str | None = Field(default=None, pattern=r"^[A-Ua-u]?$")
    workers: COUNT | None = None


class AgencyRef(Schema):
    public_id: str
    name: str


class WorkplaceOut(Schema):
    public_id: str
    employer: str
    registration_number: str
    name: str
    address: str
    region: str
    sector: str
    workers: int | None


class ComplaintRefOut(Schema):
    """A complaint as the inspectorate sees it from a workplace: never who lodged it."""

    public_id: str
    categories: list[str]
    status: str


class SanctionOut(Schema):
    id: int
    kind: str
    amount: Decimal | None
    currency: str
    imposed_on: date
    paid_on: date | None
    note: str


class ViolationOut(Schema):
    id: int
    inspection: str
    kind: str
    description: str
    workers_affected: int
    found_on: date
    remedy_by: date | None
    remedied_on: date | None
    open: bool = Field(description="Past its deadline and not remedied.")
    sanctions: list[SanctionOut]

    @staticmethod
    def resolve_inspection(obj: Violation) -> str:
        return obj.inspection.public_id

    @staticmethod
    def resolve_open(obj: Violation) -> bool:
        return (
            obj.remedied_on is None
            and obj.remedy_by is not None
            and obj.remedy_by < timezone.localdate()
        )

    @staticmethod
    def resolve_sanctions(obj: Violation) -> list[Sanction]:
        return list(obj.sanctions.order_by("imposed_on", "pk"))


class InspectionRefOut(Schema):
    public_id: str
    status: str
    reason: str
    planned_for: date
    visited_on: date | None


class WorkplaceDetailOut(WorkplaceOut):
    agencies: list[AgencyRef]
    complaints: list[ComplaintRefOut]
    inspections: list[InspectionRefOut]
    violations: list[ViolationOut]


class AgencyLinkIn(Schema):
    agency: str = Field(pattern=AGENCY_ID, description="The agency's public id in the register.")


# --- Inspections ------------------------------------------------------------------------------


class PlanIn(Schema):
    reason: str = Field(pattern=r"^(risk|complaint|other)$")
    planned_for: DAY
    inspector: str = Field(
        default="", max_length=150, pattern=NO_NUL, description="User name; blank: yourself."
    )
    complaints: list[Annotated[str, Field(pattern=COMPLAINT_ID)]] = Field(
        default_factory=list, max_length=50
    )


class InspectionOut(Schema):
    public_id: str
    workplace: str
    employer: str
    organisation: str
    inspector: str
    reason: str
    status: str
    planned_for: date
    visited_on: date | None
    findings: str
    workers_interviewed: int | None
    cancel_reason: str
    follow_up_of: str | None
    complaints: list[str]

    @staticmethod
    def resolve_workplace(obj: Inspection) -> str:
        return obj.workplace.public_id

    @staticmethod
    def resolve_employer(obj: Inspection) -> str:
        return obj.workplace.employer

    @staticmethod
    def resolve_organisation(obj: Inspection) -> str:
        return obj.organisation.code

    @staticmethod
    def resolve_inspector(obj: Inspection) -> str:
        return obj.inspector.username if obj.inspector else ""

    @staticmethod
    def resolve_follow_up_of(obj: Inspection) -> str | None:
        return obj.follow_up_of.public_id if obj.follow_up_of else None

    @staticmethod
    def resolve_complaints(obj: Inspection) -> list[str]:
        return list(obj.complaints.order_by("pk").values_list("public_id", flat=True))


class InspectionDetailOut(InspectionOut):
    violations: list[ViolationOut]
    follow_ups: list[str]

    @staticmethod
    def resolve_violations(obj: Inspection) -> list[Violation]:
        return list(obj.violations.order_by("found_on", "pk"))

    @staticmethod
    def resolve_follow_ups(obj: Inspection) -> list[str]:
        return list(
            obj.follow_ups.order_by("planned_for", "pk").values_list("public_id", flat=True)
        )


class VisitIn(Schema):
    visited_on: DAY
    findings: str = Field(max_length=10_000, pattern=NO_NUL)
    workers_interviewed: COUNT | None = None


class CancelIn(Schema):
    reason: str = Field(max_length=5_000, pattern=NO_NUL)


class ViolationIn(Schema):
    kind: str = Field(max_length=32, pattern=NO_NUL)
    description: str = Field(max_length=5_000, pattern=NO_NUL)
    workers_affected: Annotated[int, Field(ge=0, le=10**7)] = 1
    remedy_by: DAY | None = None


class SanctionIn(Schema):
    kind: str = Field(max_length=16, pattern=NO_NUL)
    imposed_on: DAY
    amount: AMOUNT | None = None
    currency: str = Field(default="", max_length=3, pattern=NO_NUL)
    note: str = Field(default="", max_length=5_000, pattern=NO_NUL)


class PaidIn(Schema):
    paid_on: DAY


class FollowUpIn(Schema):
    planned_for: DAY
    inspector: str = Field(default="", max_length=150, pattern=NO_NUL)


class RemedyIn(Schema):
    remedied_on: DAY


# --- The risk list ---------------------------------------------------------------------------


class RankedOut(Schema):
    public_id: str
    employer: str
    name: str
    region: str
    sector: str
    score: float
    complaints: int
    violations: int
    open_violations: int
    flagged_agencies: int
    migrant_sector: bool
    last_visit: date | None
    reasons: list[str]


class RiskOut(Schema):
    total: int
    rows: list[RankedOut]
