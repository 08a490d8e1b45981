"""Input and output of the incidents API (R21): reporting (by the person it
happened to or a witness, without an account, or for someone by an organisation),
following a report with its tracking code, and the handlers' list, detail and
actions. No shape here has a field for residence status (the firewall)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from integra.core.schemas import NO_NUL
from integra.protection.models import (
    Incident,
    IncidentGround,
    IncidentKind,
    IncidentStatus,
    PlaceKind,
    ReportedBy,
)

INCIDENT_ID = r"^D-[0-9A-Z]{4}-[0-9A-Z]{4}$"
SHORT = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
TEXT = Annotated[str, Field(max_length=10_000, pattern=NO_NUL)]
NOTE = Annotated[str, Field(max_length=5_000, pattern=NO_NUL)]
# A tracking code as typed: any case, with or without dashes or spaces.
TRACKING_CODE = Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]


class IncidentForSomeoneIn(Schema):
    """An incident. Nothing here asks for residence status, and none is needed."""

    kinds: list[IncidentKind] = Field(
        min_length=1, max_length=10, description="What happened (one or more)."
    )
    grounds: list[IncidentGround] = Field(
        default_factory=list, max_length=9, description="Why, as the reporter sees it."
    )
    happened_on: date | None = Field(default=None, description="When (not in the future).")
    place_kind: PlaceKind = Field(description="Where, roughly.")
    place: str = Field(default="", max_length=250, pattern=NO_NUL, description="The place.")
    region: str = Field(default="", max_length=100, pattern=NO_NUL)
    description: TEXT = Field(description="What happened, in the reporter's words.")
    anonymous: bool = Field(
        default=True, description="Anonymous: no name or contact is kept, even if given."
    )
    name: SHORT = ""
    contact: str = Field(
        default="", max_length=254, pattern=NO_NUL, description="A phone or an e-mail address."
    )
    language: str = Field(
        default="", max_length=8, pattern=r"^[a-z-]*$", description="The reporter's language."
    )


class IncidentIn(IncidentForSomeoneIn):
    reported_by: Literal["victim", "witness"] = Field(
        default="victim", description="The person it happened to, or a witness."
    )


class ReportedOut(Schema):
    incident: str = Field(description="The report's number.")
    tracking_code: str = Field(
        description=(
            "Shown this once: with it the reporter follows the report and adds to it. "
            "Integra keeps only a keyed digest and cannot show it again."
        )
    )
    status: IncidentStatus
    reported_at: datetime


class TrackIn(Schema):
    code: TRACKING_CODE


class TrackInformationIn(Schema):
    code: TRACKING_CODE
    text: TEXT


class PublicEventOut(Schema):
    at: datetime
    kind: str
    title: str
    text: str


class TrackedOut(Schema):
    """What the reporter sees: the status and the public events; nothing the
    handlers wrote for each other, and no one's name."""

    incident: str
    status: IncidentStatus
    status_label: str
    reported_at: datetime
    events: list[PublicEventOut]


# --- The handlers' side ------------------------------------------------------------------------


class IncidentOut(Schema):
    id: str = Field(alias="public_id")
    status: IncidentStatus
    reported_by: ReportedBy
    kinds: list[str]
    grounds: list[str]
    place_kind: PlaceKind
    region: str
    happened_on: date | None
    anonymous: bool
    handled_by: str | None
    referred_to: str | None
    reported_at: datetime
    closed_at: datetime | None

    # An incident, or (the detail) a dict that says these already.
    @staticmethod
    def resolve_handled_by(obj: Incident | dict[str, object]) -> object:
        if isinstance(obj, dict):
            return obj["handled_by"]
        return obj.handled_by.code if obj.handled_by else None

    @staticmethod
    def resolve_referred_to(obj: Incident | dict[str, object]) -> object:
        if isinstance(obj, dict):
            return obj["referred_to"]
        return obj.referred_to.code if obj.referred_to else None


class EventOut(Schema):
    kind: str
    public: bool
    title: str
    text: str
    data: dict[str, object]
    by: str | None
    at: datetime


class IncidentDetailOut(IncidentOut):
    description: str
    place: str
    name: str
    contact: str
    language: str
    reporter_organisation: str | None
    referred_at: datetime | None
    outcome: str
    events: list[EventOut]


class IncidentFilters(Schema):
    status: str = Field(
        default="",
        max_length=16,
        pattern=r"^(|open|received|following_up|referred|closed)$",
        description="A status, or `open` for any but closed.",
    )
    kind: str = Field(default="", max_length=32, pattern=r"^[a-z_]*$")
    ground: str = Field(default="", max_length=32, pattern=r"^[a-z_]*$")
    region: str = Field(default="", max_length=100, pattern=NO_NUL)


class UpdateIn(Schema):
    note: NOTE = Field(min_length=1)
    public: bool = Field(default=False, description="Shown to the reporter.")


class ReferIn(Schema):
    organisation: str = Field(
        max_length=64, pattern=r"^[-a-zA-Z0-9_]+$", description="The equality body's code."
    )
    note: NOTE = ""


class CloseIn(Schema):
    outcome: NOTE = Field(min_length=1)
    public: bool = Field(default=True, description="The outcome is shown to the reporter.")
