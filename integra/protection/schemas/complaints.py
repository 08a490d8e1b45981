"""Input and output of the complaints API: lodging (by the worker, without an
account, or for a worker), following a complaint with its tracking code, and the
handlers' triage, detail and actions. No shape here has a field for residence
status (the firewall)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from integra.core.schemas import NO_NUL
from integra.protection.models import (
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    ForcedLabourIndicator,
    LodgedVia,
    Remedy,
    RoutingRule,
)

COMPLAINT_ID = r"^C-[0-9A-Z]{4}-[0-9A-Z]{4}$"
SHORT = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
TEXT = Annotated[str, Field(max_length=10_000, pattern=NO_NUL)]
NOTE = Annotated[str, Field(max_length=5_000, pattern=NO_NUL)]
# A tracking code as typed: any case, with or without dashes or spaces.
TRACKING_CODE = Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]
# An amount as sent: the services refuse negative ones, more than two decimals, too large.
AMOUNT = Annotated[
    Decimal,
    Field(allow_inf_nan=False, ge=-(10**13), le=10**13, max_digits=18, decimal_places=4),
]


class ComplaintIn(Schema):
    """A complaint. Nothing here asks for residence status, and none is needed."""

    categories: list[ComplaintCategory] = Field(
        min_length=1, max_length=11, description="What happened (one or more)."
    )
    description: TEXT = Field(description="What happened, in the worker's words.")
    anonymous: bool = Field(
        default=True, description="Anonymous: no name or contact is kept, even if given."
    )
    name: SHORT = ""
    contact: str = Field(
        default="", max_length=254, pattern=NO_NUL, description="A phone or an e-mail address."
    )
    employer: SHORT = ""
    workplace: str = Field(default="", max_length=250, pattern=NO_NUL)
    sector: str = Field(
        default="", max_length=1, pattern=r"^[A-Ua-u]?$", description="ISIC Rev.4 section, A to U."
    )
    region: str = Field(default="", max_length=100, pattern=NO_NUL)
    agency: str = Field(
        default="",
        max_length=11,
        pattern=r"^(G-[0-9A-Z]{4}-[0-9A-Z]{4})?$",
        description="A registered recruitment agency's public id.",
    )
    agency_name: SHORT = Field(
        default="",
        description="The recruitment agency as the worker names it (matched to the register).",
    )
    language: str = Field(
        default="", max_length=8, pattern=r"^[a-z-]*$", description="The worker's language."
    )


class ComplaintForWorkerIn(ComplaintIn):
    person: str = Field(
        default="",
        max_length=11,
        pattern=r"^(P-[0-9A-Z]{4}-[0-9A-Z]{4})?$",
        description=(
            "The worker's registry record, linked only when they ask for it (caseworkers "
            "holding the case). Nothing in the record is read or changed."
        ),
    )


class LodgedOut(Schema):
    complaint: str = Field(description="The complaint's number.")
    tracking_code: str = Field(
        description=(
            "Shown this once: with it the worker follows the complaint and adds to it. "
            "Integra keeps only a keyed digest and cannot show it again."
        )
    )
    status: ComplaintStatus
    lodged_at: datetime


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
    """What the complainant sees: the status and the public events; nothing the
    handlers wrote for each other, and no one's name."""

    complaint: str
    status: ComplaintStatus
    status_label: str
    lodged_at: datetime
    events: list[PublicEventOut]
    files: list[str]


# --- The handlers' side ------------------------------------------------------------------------


class ComplaintOut(Schema):
    id: str = Field(alias="public_id")
    status: ComplaintStatus
    urgent: bool
    categories: list[str]
    region: str
    sector: str
    employer: str
    routed_to: str | None
    handler: str | None
    lodged_via: LodgedVia
    anonymous: bool
    forced_labour: bool | None
    lodged_at: datetime
    closed_at: datetime | None

    # A complaint, or (the detail) a dict that says these already.
    @staticmethod
    def resolve_routed_to(obj: Complaint | dict[str, object]) -> object:
        if isinstance(obj, dict):
            return obj["routed_to"]
        return obj.routed_to.code if obj.routed_to else None

    @staticmethod
    def resolve_handler(obj: Complaint | dict[str, object]) -> object:
        if isinstance(obj, dict):
            return obj["handler"]
        return obj.handler.username if obj.handler else None


class IndicatorOut(Schema):
    indicator: ForcedLabourIndicator
    evidence: str
    flagged_by: str
    flagged_at: datetime


class EventOut(Schema):
    kind: str
    public: bool
    title: str
    text: str
    data: dict[str, object]
    by: str | None
    at: datetime


class AttachmentOut(Schema):
    id: int
    file_name: str
    content_type: str
    size: int
    sha256: str
    from_complainant: bool
    uploaded_at: datetime


class ComplaintDetailOut(ComplaintOut):
    description: str
    name: str
    contact: str
    workplace: str
    agency: str | None
    agency_name: str
    language: str
    lodged_for: str | None
    linked_to_record: bool
    forced_labour_reason: str
    remedies: list[Remedy]
    wages_recovered: Decimal | None
    currency: str
    indicators: list[IndicatorOut]
    events: list[EventOut]
    attachments: list[AttachmentOut]


class ComplaintFilters(Schema):
    status: str = Field(
        default="",
        max_length=16,
        pattern=r"^(|open|received|assigned|in_progress|waiting|closed)$",
        description="A status, or `open` for any but closed.",
    )
    category: str = Field(default="", max_length=32, pattern=r"^[a-z_]*$")
    urgent: bool | None = None
    mine: bool = Field(default=False, description="Only those you handle.")


class UpdateIn(Schema):
    status: str = Field(
        default="",
        max_length=16,
        pattern=r"^(|assigned|in_progress|waiting)$",
        description="The new status (empty: a note only). Close with `/close`.",
    )
    note: NOTE = ""
    public: bool = Field(default=False, description="Shown to the complainant.")


class RouteIn(Schema):
    organisation: str = Field(max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    note: NOTE = ""


class IndicatorIn(Schema):
    evidence: NOTE = Field(description="What shows the indicator.")


class ForcedLabourIn(Schema):
    forced_labour: bool = Field(description="The handler's decision.")
    reason: NOTE


class CloseIn(Schema):
    remedies: list[Remedy] = Field(min_length=1, max_length=7)
    wages_recovered: AMOUNT | None = None
    currency: str = Field(default="", max_length=3, pattern=r"^[A-Za-z]{0,3}$")
    note: NOTE = ""
    public: bool = Field(default=True, description="The closing note is shown to the complainant.")


class RoutingRuleIn(Schema):
    category: str = Field(default="", max_length=32, pattern=r"^[a-z_]*$")
    region: str = Field(default="", max_length=100, pattern=NO_NUL)
    organisation: str = Field(max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")


class RoutingRuleOut(Schema):
    id: int
    category: str
    region: str
    organisation: str
    created_at: datetime

    @staticmethod
    def resolve_organisation(obj: RoutingRule) -> str:
        return obj.organisation.code
