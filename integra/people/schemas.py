"""Input and output shapes of the registry API."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from ninja import Field, Schema

from integra.core.schemas import NO_NUL
from integra.people.models import DatePrecision, Sex

if TYPE_CHECKING:
    from integra.people.models import Person


class PersonIn(Schema):
    given_name: str = Field(min_length=1, max_length=150, pattern=NO_NUL)
    family_name: str = Field(default="", max_length=150, pattern=NO_NUL)
    given_name_latin: str = Field(
        default="",
        max_length=150,
        pattern=NO_NUL,
        description="Suggested from given_name when left empty.",
    )
    family_name_latin: str = Field(default="", max_length=150, pattern=NO_NUL)
    sex: Sex = Sex.NOT_STATED
    birth_date: date | None = None
    birth_date_precision: DatePrecision = DatePrecision.EXACT
    birth_place: str = Field(default="", max_length=150, pattern=NO_NUL)
    citizenships: list[str] = Field(
        default_factory=list, max_length=10, description="ISO 3166-1 alpha-2 codes."
    )
    stateless: bool = False
    phone: str = Field(default="", max_length=32, pattern=NO_NUL)
    email: str = Field(default="", max_length=254, pattern=NO_NUL)
    address: str = Field(default="", max_length=250, pattern=NO_NUL)
    locality: str = Field(default="", max_length=100, pattern=NO_NUL)


class PersonRegisterIn(PersonIn):
    confirm_new: bool = Field(
        default=False,
        description="Register even though likely existing records were found (409).",
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "given_name": "Олександр",
                    "family_name": "Шевченко",
                    "sex": "male",
                    "birth_date": "1988-03-14",
                    "citizenships": ["UA"],
                    "phone": "+37369123456",
                }
            ]
        }
    }


class PersonOut(Schema):
    public_id: str
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str
    sex: Sex
    birth_date: date | None
    birth_date_precision: DatePrecision
    birth_place: str
    citizenships: list[str]
    stateless: bool
    phone: str
    email: str
    address: str
    locality: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_citizenships(obj: Person) -> list[str]:
        return sorted(c.country for c in obj.citizenships.all())


class PersonListOut(Schema):
    public_id: str
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str
    sex: Sex
    birth_date: date | None
    citizenships: list[str]

    @staticmethod
    def resolve_citizenships(obj: Person) -> list[str]:
        return sorted(c.country for c in obj.citizenships.all())


class CandidateOut(Schema):
    public_id: str | None = Field(description="Empty when the record is outside your access.")
    name: str | None
    birth_date: date | None
    score: float
