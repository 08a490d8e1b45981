"""Input and output of the vacancies API: the staff's vacancies, the public ones
and labour demand per region and ISCO-08 major group."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from integra.core.schemas import NO_NUL, OrganisationRef
from integra.placement import selectors
from integra.placement.models import Vacancy

VACANCY_ID = r"^J-[0-9A-Z]{4}-[0-9A-Z]{4}$"
# Days a vacancy can sensibly fall on; the services say which are allowed.
DAY = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]
# The database keeps these counts in small integers; the services say which are sensible.
SMALL_COUNT = Annotated[int, Field(ge=0, le=32767)]
# A wage as sent: the services refuse negative ones, more than two decimals, too large.
WAGE = Annotated[
    Decimal,
    Field(allow_inf_nan=False, ge=-(10**12), le=10**12, max_digits=16, decimal_places=4),
]
SHORT = Annotated[str, Field(max_length=200, pattern=NO_NUL)]


class LanguageNeedIn(Schema):
    language: str = Field(max_length=3, pattern=r"^[A-Za-z]{2,3}$", description="ISO 639 code.")
    level: str = Field(max_length=2, pattern=NO_NUL, description="CEFR level, A1 to C2.")


class LanguageNeedOut(Schema):
    language: str = Field(description="ISO 639 code.")
    level: str = Field(description="CEFR level, A1 to C2.")


class VacancyIn(Schema):
    organisation: str = Field(
        default="",
        max_length=64,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description=(
            "The code of the employer or employment office that posts it; empty: the only "
            "one you post for, or the one you act for."
        ),
    )
    employer_name: str = Field(
        default="",
        max_length=200,
        pattern=NO_NUL,
        description="For an employment office: the employer it posts for (required then).",
    )
    title: SHORT
    description: str = Field(default="", max_length=5000, pattern=NO_NUL)
    occupation: str = Field(
        max_length=8, pattern=NO_NUL, description="ISCO-08 code, 1 to 4 digits (e.g. 7112)."
    )
    skills: list[SHORT] = Field(
        default_factory=list, max_length=100, description="Short words; at most 30."
    )
    languages: list[LanguageNeedIn] = Field(default_factory=list, max_length=50)
    region: str = Field(max_length=100, pattern=NO_NUL)
    locality: str = Field(default="", max_length=100, pattern=NO_NUL)
    positions: SMALL_COUNT = Field(description="1 to 1000.")
    wage_min: WAGE
    wage_max: WAGE
    currency: str = Field(default="MDL", pattern=r"^[A-Za-z]{3}$", description="ISO 4217 code.")
    wage_period: str = Field(
        default="month", max_length=8, pattern=NO_NUL, description="hour, day or month."
    )
    hours_per_week: SMALL_COUNT = Field(description="1 to 60.")
    contract_kind: str = Field(
        max_length=16, pattern=NO_NUL, description="permanent, fixed_term or seasonal."
    )
    open_to_foreign_workers: bool = Field(
        default=True, description="Only these are public (the work pages, /public/vacancies)."
    )
    opens_on: DAY | None = Field(default=None, description="Published from; today if not given.")
    closes_on: DAY = Field(description="Applications until: today or later, within a year.")


class VacancyPatch(Schema):
    """Only the fields sent change; the posting organisation stays."""

    employer_name: str | None = Field(default=None, max_length=200, pattern=NO_NUL)
    title: SHORT | None = None
    description: str | None = Field(default=None, max_length=5000, pattern=NO_NUL)
    occupation: str | None = Field(default=None, max_length=8, pattern=NO_NUL)
    skills: list[SHORT] | None = Field(default=None, max_length=100)
    languages: list[LanguageNeedIn] | None = Field(default=None, max_length=50)
    region: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    locality: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    positions: SMALL_COUNT | None = None
    wage_min: WAGE | None = None
    wage_max: WAGE | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    wage_period: str | None = Field(default=None, max_length=8, pattern=NO_NUL)
    hours_per_week: SMALL_COUNT | None = None
    contract_kind: str | None = Field(default=None, max_length=16, pattern=NO_NUL)
    open_to_foreign_workers: bool | None = None
    opens_on: DAY | None = None
    closes_on: DAY | None = None


class VacancyCloseIn(Schema):
    status: str = Field(max_length=16, pattern=NO_NUL, description="filled or withdrawn.")


class _VacancyBase(Schema):
    public_id: str
    title: str
    employer: str = Field(description="Who employs: the employer, or the one an office names.")
    description: str
    occupation: str = Field(description="ISCO-08 code.")
    occupation_label: str = Field(description="Its ISCO-08 sub-major group, in English.")
    major_group: str = Field(description="ISCO-08 major group: the code's first digit.")
    skills: list[str]
    languages: list[LanguageNeedOut]
    region: str
    locality: str
    positions: int
    wage_min: Decimal
    wage_max: Decimal
    currency: str
    wage_period: str = Field(description="hour, day or month.")
    hours_per_week: int
    contract_kind: str = Field(description="permanent, fixed_term or seasonal.")
    opens_on: date
    closes_on: date

    @staticmethod
    def resolve_employer(obj: Vacancy) -> str:
        return obj.employer

    @staticmethod
    def resolve_occupation_label(obj: Vacancy) -> str:
        return selectors.occupation_label(obj.occupation)

    @staticmethod
    def resolve_major_group(obj: Vacancy) -> str:
        return obj.major_group


class VacancyOut(_VacancyBase):
    """A vacancy as its poster keeps it."""

    organisation: OrganisationRef = Field(description="Who posted it.")
    employer_name: str
    open_to_foreign_workers: bool
    status: str = Field(description="open, filled or withdrawn.")
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class PublicVacancyOut(_VacancyBase):
    """A vacancy open to foreign workers, as anyone reads it."""

    posted_by: str = Field(description="The employer or employment office that posted it.")

    @staticmethod
    def resolve_posted_by(obj: Vacancy) -> str:
        return obj.organisation.name


class GroupDemandOut(Schema):
    code: str = Field(description="ISCO-08 major group.")
    label: str
    positions: int
    vacancies: int


class SkillDemandOut(Schema):
    skill: str
    positions: int = Field(description="Open positions that ask for it.")


class RegionDemandOut(Schema):
    region: str
    positions: int
    vacancies: int
    groups: list[GroupDemandOut]
    skills: list[SkillDemandOut] = Field(description="The skills asked for most, at most 5.")
