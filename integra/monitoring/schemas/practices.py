"""Input and output of the good practices API (R28)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from integra.core.domains import Domain
from integra.core.schemas import NO_NUL

PRACTICE_ID = r"^E-[0-9A-Z]{4}-[0-9A-Z]{4}$"
COUNTRY = r"^[A-Za-z]{2}$"
AREAS = f"One of: {', '.join(Domain.values)}."
AREA = f"^({'|'.join(Domain.values)})?$"


class PracticeIn(Schema):
    title: str = Field(max_length=200, pattern=NO_NUL)
    country: str = Field(pattern=COUNTRY, description="ISO 3166-1 alpha-2, e.g. PL.")
    area: str = Field(max_length=16, pattern=NO_NUL, description=AREAS)
    summary: str = Field(max_length=500, pattern=NO_NUL)
    description: str = Field(max_length=20_000, pattern=NO_NUL)
    evidence: str = Field(
        default="", max_length=10_000, pattern=NO_NUL, description="Evidence of results."
    )
    contact_name: str = Field(default="", max_length=200, pattern=NO_NUL)
    contact_email: str = Field(default="", max_length=254, pattern=NO_NUL)


class PracticePatch(Schema):
    """Only the fields sent change."""

    title: str | None = Field(default=None, max_length=200, pattern=NO_NUL)
    country: str | None = Field(default=None, pattern=COUNTRY)
    area: str | None = Field(default=None, max_length=16, pattern=NO_NUL, description=AREAS)
    summary: str | None = Field(default=None, max_length=500, pattern=NO_NUL)
    description: str | None = Field(default=None, max_length=20_000, pattern=NO_NUL)
    evidence: str | None = Field(default=None, max_length=10_000, pattern=NO_NUL)
    contact_name: str | None = Field(default=None, max_length=200, pattern=NO_NUL)
    contact_email: str | None = Field(default=None, max_length=254, pattern=NO_NUL)


class WithdrawIn(Schema):
    reason: str = Field(max_length=2000, pattern=NO_NUL, description="Kept in the audit log.")


class PracticeOut(Schema):
    public_id: str
    title: str
    country: str
    area: str
    summary: str
    description: str
    evidence: str
    contact_name: str
    contact_email: str
    organisation: str = Field(description="The organisation that wrote it.")
    status: str = Field(description="draft, published or withdrawn.")
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return str(obj.organisation.name)
