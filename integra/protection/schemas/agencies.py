"""Input and output of the recruitment agencies API: the register, licences and
the decisions on them, violations, contract templates, and the public check."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from integra.core.schemas import NO_NUL, OrganisationRef
from integra.protection.models import Agency, AgencyViolation, ContractTemplate
from integra.protection.selectors import agencies as selectors

AGENCY_ID = r"^G-[0-9A-Z]{4}-[0-9A-Z]{4}$"
# Days one may sensibly type; the services say which are allowed.
DAY = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]
AMOUNT = Annotated[
    Decimal,
    Field(allow_inf_nan=False, ge=-(10**12), le=10**12, max_digits=16, decimal_places=4),
]


class CodeName(Schema):
    code: str
    name: str


def _pairs(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"code": code, "name": name} for code, name in pairs]


# --- The register --------------------------------------------------------------------------


class AgencyIn(Schema):
    name: str = Field(max_length=200, pattern=NO_NUL)
    registration_number: str = Field(
        max_length=64,
        pattern=NO_NUL,
        description="For a Moldovan company its IDNO, 13 digits.",
    )
    country: str = Field(
        default="MD", pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code."
    )
    address: str = Field(default="", max_length=250, pattern=NO_NUL)
    region: str = Field(default="", max_length=100, pattern=NO_NUL)
    email: str = Field(default="", max_length=254, pattern=NO_NUL)
    phone: str = Field(default="", max_length=32, pattern=NO_NUL)
    website: str = Field(default="", max_length=200, pattern=NO_NUL)


class AgencyPatch(Schema):
    """Only the fields sent change."""

    name: str | None = Field(default=None, max_length=200, pattern=NO_NUL)
    registration_number: str | None = Field(default=None, max_length=64, pattern=NO_NUL)
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")
    address: str | None = Field(default=None, max_length=250, pattern=NO_NUL)
    region: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    email: str | None = Field(default=None, max_length=254, pattern=NO_NUL)
    phone: str | None = Field(default=None, max_length=32, pattern=NO_NUL)
    website: str | None = Field(default=None, max_length=200, pattern=NO_NUL)


class AgencyOut(Schema):
    public_id: str
    name: str
    registration_number: str
    country: str
    address: str
    region: str
    email: str
    phone: str
    website: str
    standing: str = Field(
        description=(
            "Today: licensed, not_yet_valid, suspended, applied, refused, revoked, expired "
            "or none. Only `licensed` may recruit."
        )
    )
    created_at: datetime

    @staticmethod
    def resolve_standing(obj: Agency) -> str:
        return str(getattr(obj, "standing", ""))


class ComplaintCountOut(Schema):
    status: str
    label: str
    count: int


class AgencyDetailOut(AgencyOut):
    complaints: list[ComplaintCountOut] | None = Field(
        description=(
            "How many complaints name the agency, per status (their content is behind the "
            "firewall); null for those who do not license agencies."
        )
    )


# --- Licences ------------------------------------------------------------------------------


class LicenceEventOut(Schema):
    on: date
    from_status: str
    to_status: str
    reason: str
    decided_by: str | None = Field(description="Username; null when recorded by the system.")

    @staticmethod
    def resolve_decided_by(obj: object) -> str | None:
        user = getattr(obj, "decided_by", None)
        return user.get_username() if user is not None else None


class LicenceOut(Schema):
    id: int
    number: str
    status: str = Field(description="Today's: past its last day a licence reads as expired.")
    recorded_status: str = Field(description="As recorded (the daily run records expiries).")
    valid_today: bool
    applied_on: date
    valid_from: date | None
    valid_until: date | None
    destinations: list[CodeName]
    sectors: list[CodeName] = Field(description="ISIC Rev. 4 sections.")
    issued_by: OrganisationRef
    decisions: list[str] = Field(description="The decisions you may take on it now.")
    history: list[LicenceEventOut]

    @staticmethod
    def resolve_status(obj: selectors.LicenceRow) -> str:
        return str(obj.status)

    @staticmethod
    def resolve_recorded_status(obj: selectors.LicenceRow) -> str:
        return obj.licence.status

    @staticmethod
    def resolve_id(obj: selectors.LicenceRow) -> int:
        return obj.licence.pk

    @staticmethod
    def resolve_number(obj: selectors.LicenceRow) -> str:
        return obj.licence.number

    @staticmethod
    def resolve_applied_on(obj: selectors.LicenceRow) -> date:
        return obj.licence.applied_on

    @staticmethod
    def resolve_valid_from(obj: selectors.LicenceRow) -> date | None:
        return obj.licence.valid_from

    @staticmethod
    def resolve_valid_until(obj: selectors.LicenceRow) -> date | None:
        return obj.licence.valid_until

    @staticmethod
    def resolve_destinations(obj: selectors.LicenceRow) -> list[dict[str, str]]:
        return _pairs(obj.destinations)

    @staticmethod
    def resolve_sectors(obj: selectors.LicenceRow) -> list[dict[str, str]]:
        return _pairs(obj.sectors)

    @staticmethod
    def resolve_issued_by(obj: selectors.LicenceRow) -> object:
        return obj.licence.issued_by

    @staticmethod
    def resolve_history(obj: selectors.LicenceRow) -> list[object]:
        return list(obj.events)


class ApplicationIn(Schema):
    destinations: list[str] = Field(
        max_length=100, description="ISO 3166-1 alpha-2 codes of the countries it places in."
    )
    sectors: list[str] = Field(max_length=50, description="ISIC Rev. 4 sections, A to U.")
    applied_on: DAY | None = Field(default=None, description="Today when not given.")


class GrantIn(Schema):
    number: str = Field(max_length=64, pattern=NO_NUL)
    valid_from: DAY
    valid_until: DAY = Field(description="Its last day, included; at most 10 years on.")
    reason: str = Field(default="", max_length=2000, pattern=NO_NUL)


class ReasonIn(Schema):
    reason: str = Field(default="", max_length=2000, pattern=NO_NUL)


# --- Violations and contracts ----------------------------------------------------------------


class ViolationIn(Schema):
    kind: str = Field(
        max_length=32,
        pattern=NO_NUL,
        description=(
            "fee_charged (any fee charged to a worker), no_licence, contract_substitution, "
            "misleading, documents_retained or other."
        ),
    )
    found_on: DAY
    description: str = Field(max_length=5000, pattern=NO_NUL)
    amount: AMOUNT | None = None
    currency: str = Field(default="", max_length=3, pattern=NO_NUL, description="ISO 4217.")
    source: str = Field(default="", max_length=64, pattern=NO_NUL)


class ViolationOut(Schema):
    id: int
    kind: str
    found_on: date
    description: str
    amount: Decimal | None
    currency: str
    source: str
    organisation: OrganisationRef
    recorded_at: datetime

    @staticmethod
    def resolve_organisation(obj: AgencyViolation) -> object:
        return obj.organisation


class ContractOut(Schema):
    id: int
    title: str
    language: str
    file_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime

    @staticmethod
    def resolve_id(obj: ContractTemplate) -> int:
        return obj.pk


# --- Public -----------------------------------------------------------------------------------


class PublicLicenceOut(Schema):
    number: str
    status: str
    status_label: str
    valid_from: date | None
    valid_until: date | None
    destinations: list[CodeName]
    sectors: list[CodeName]

    @staticmethod
    def resolve_destinations(obj: selectors.PublicLicence) -> list[dict[str, str]]:
        return _pairs(obj.destinations)

    @staticmethod
    def resolve_sectors(obj: selectors.PublicLicence) -> list[dict[str, str]]:
        return _pairs(obj.sectors)


class PublicEventOut(Schema):
    on: date
    licence: str = Field(description="Its number; empty for an application not granted.")
    status: str
    status_label: str


class PublicAgencyOut(Schema):
    public_id: str
    name: str
    registration_number: str
    country: str
    standing: str = Field(description="licensed, not_yet_valid, suspended, applied, … none.")
    standing_label: str
    meaning: str = Field(description="What the standing means for a worker, in plain words.")
    may_recruit: bool
    licence: PublicLicenceOut | None = Field(description="The licence the standing rests on.")
    history: list[PublicEventOut] = Field(description="Status changes, newest first.")


class CheckOut(Schema):
    agencies: list[PublicAgencyOut]
    more: bool = Field(description="More agencies match than are shown: narrow the query.")
    fees: str = Field(description="A recruitment agency may never charge a worker any fee.")
