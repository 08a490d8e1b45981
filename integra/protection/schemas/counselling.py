"""Input and output of the legal-counselling API (R22). A booker's shape
(``BookingOut``) has no field for the counsellor's notes; only the provider's
(``BookingManagedOut``) does."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from integra.core.schemas import NO_NUL
from integra.protection.models import (
    Booking,
    BookingStatus,
    CounsellingMode,
    CounsellingTopic,
    Slot,
)

BOOKING_ID = r"^Q-[0-9A-Z]{4}-[0-9A-Z]{4}$"
LANGUAGE = Annotated[str, Field(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")]


class SlotFilters(Schema):
    language: str = Field(
        default="", max_length=2, pattern=r"^([A-Za-z]{2})?$", description="ISO 639-1 code."
    )
    provider: str = Field(default="", max_length=64, pattern=r"^[a-z0-9_-]*$")
    mode: CounsellingMode | None = None
    date_from: date | None = None
    date_to: date | None = None


class SlotIn(Schema):
    starts_at: datetime = Field(description="With its time zone.")
    counsellor: str = Field(
        min_length=1, max_length=150, pattern=NO_NUL, description="A member of the provider."
    )
    mode: CounsellingMode
    languages: list[LANGUAGE] = Field(min_length=1, max_length=10)
    minutes: int = Field(default=45, ge=1, le=10_000)
    place: str = Field(default="", max_length=250, pattern=NO_NUL)
    weeks: int = Field(default=1, ge=1, le=1_000, description="Repeat weekly over this many.")
    provider: str = Field(
        default="",
        max_length=64,
        pattern=r"^[a-z0-9_-]*$",
        description="The provider's code; blank: the one you work for.",
    )


class SlotOut(Schema):
    id: int
    provider: str
    provider_name: str
    counsellor: str
    starts_at: datetime
    minutes: int
    mode: str
    place: str
    languages: list[str]
    cancelled_at: datetime | None

    # From a Slot (the lists) or from the dictionary the API built (one slot).
    @staticmethod
    def resolve_provider(obj: Slot | dict[str, object]) -> object:
        return obj["provider"] if isinstance(obj, dict) else obj.organisation.code

    @staticmethod
    def resolve_provider_name(obj: Slot | dict[str, object]) -> object:
        return obj["provider_name"] if isinstance(obj, dict) else obj.organisation.name

    @staticmethod
    def resolve_counsellor(obj: Slot | dict[str, object]) -> object:
        if isinstance(obj, dict):
            return obj["counsellor"]
        return obj.counsellor.get_full_name() or obj.counsellor.username


class BookingIn(Schema):
    slot: int = Field(ge=1, le=2**63 - 1)
    language: LANGUAGE
    topic: CounsellingTopic
    question: str = Field(default="", max_length=2_000, pattern=NO_NUL)
    person: str = Field(
        default="",
        max_length=11,
        pattern=r"^(P-[0-9A-Z]{4}-[0-9A-Z]{4})?$",
        description="A person of your cases; blank: give name and contact.",
    )
    name: str = Field(default="", max_length=200, pattern=NO_NUL)
    contact: str = Field(default="", max_length=254, pattern=NO_NUL)


class BookingFilters(Schema):
    person: str = Field(
        default="",
        max_length=11,
        pattern=r"^(P-[0-9A-Z]{4}-[0-9A-Z]{4})?$",
        description="A person of your cases; blank: the appointments you booked.",
    )


class BookingOut(Schema):
    """What a booker sees: time, place, mode, language and status."""

    public_id: str
    status: BookingStatus
    language: str
    name: str
    contact: str
    slot: SlotOut
    person: str | None
    booked_at: datetime
    cancelled_at: datetime | None

    @staticmethod
    def resolve_person(obj: Booking | dict[str, object]) -> object:
        if isinstance(obj, dict):
            return obj["person"]
        return obj.person.public_id if obj.person else None


class BookingManagedOut(BookingOut):
    """The provider's view: the topic, the question and the counsellor's notes."""

    topic: CounsellingTopic
    question: str
    counsellor_notes: str


class OutcomeIn(Schema):
    status: BookingStatus = Field(description="`attended` or `missed`.")
    notes: str = Field(default="", max_length=10_000, pattern=NO_NUL)
