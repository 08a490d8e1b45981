"""Input and output of the partner directory, partnerships and referrals API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Self

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ValidationInfo, model_validator

from integra.core.domains import Domain
from integra.core.schemas import CODE, NO_NUL, OrganisationRef
from integra.services import selectors
from integra.services.models import (
    Partnership,
    Referral,
    Service,
    Volunteer,
    VolunteerHours,
    VolunteerMatch,
)

# Database ids are 64-bit; a larger number is bad input (422), not an overflow (500).
DB_ID = Annotated[int, Field(ge=1, le=2**63 - 1)]
LANGUAGE = r"^[a-z]{2,3}$"
SHORT = Annotated[str, Field(min_length=1, max_length=32, pattern=NO_NUL)]


# --- The directory --------------------------------------------------------------------


class LocationOut(Schema):
    locality: str
    address: str
    opening_hours: str


# What the public directory leaves out (selectors.PUBLIC_FIELDS lists what it shows).
INTERNAL_FIELDS = (
    "id",
    "internal_notes",
    "capacity_per_month",
    "accept_within_days",
    "complete_within_days",
    "is_public",
    "is_active",
    "updated_at",
)


def _reads_internal_directory(context: Any) -> bool:
    """Whether the request's actor reads the internal directory. Without a request
    (nothing to ask), the answer is the public one."""
    request = context.get("request") if isinstance(context, dict) else None
    if request is None:
        return False
    return selectors.can_search_directory(actor=getattr(request, "auth", None))


class ServiceOut(Schema):
    """A service in the directory. One shape for everyone: staff who search the
    internal directory get every field; everyone else (migrants, other roles)
    gets the public fields and ``null`` for the internal ones."""

    id: int | None = Field(description="Internal: the id a referral names.")
    organisation: OrganisationRef
    code: str
    name: str
    description: str
    category: Domain
    languages: list[str]
    eligibility: str
    eligible_statuses: list[str]
    min_age: int | None
    max_age: int | None
    contact_email: str
    contact_phone: str
    website: str
    locations: list[LocationOut]
    internal_notes: str | None = Field(description="Internal; null in the public directory.")
    capacity_per_month: int | None = Field(
        description="Internal: new referrals a month; null when unknown or public."
    )
    accept_within_days: int | None = Field(description="Internal: target to accept a referral.")
    complete_within_days: int | None = Field(description="Internal: target to complete a referral.")
    is_public: bool | None = Field(description="Internal: shown in the public directory.")
    is_active: bool | None = Field(description="Internal: takes referrals.")
    updated_at: datetime | None = Field(description="Internal.")

    @staticmethod
    def resolve_locations(obj: Service) -> Any:
        return obj.locations.all()

    @model_validator(mode="after")
    def _public_only(self, info: ValidationInfo) -> Self:
        """The public directory shows selectors.PUBLIC_FIELDS and nothing else."""
        if not _reads_internal_directory(info.context):
            for name in INTERNAL_FIELDS:
                setattr(self, name, None)
        return self


class LocationIn(Schema):
    locality: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    address: str = Field(default="", max_length=200, pattern=NO_NUL)
    opening_hours: str = Field(default="", max_length=200, pattern=NO_NUL)


class ServiceIn(Schema):
    code: str = Field(
        min_length=1,
        max_length=64,
        pattern=CODE,
        description="Letters, digits, hyphens and underscores; unique in the organisation.",
    )
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    category: str = Field(max_length=16, pattern=NO_NUL, description="An area of integration.")
    description: str = Field(default="", max_length=5000, pattern=NO_NUL)
    languages: list[Annotated[str, Field(pattern=LANGUAGE)]] = Field(
        default_factory=list, max_length=50, description="ISO 639 codes."
    )
    eligibility: str = Field(default="", max_length=5000, pattern=NO_NUL)
    eligible_statuses: list[SHORT] = Field(default_factory=list, max_length=20)
    min_age: int | None = Field(default=None, ge=0, le=150)
    max_age: int | None = Field(default=None, ge=0, le=150)
    capacity_per_month: int | None = Field(default=None, ge=0, le=1_000_000)
    contact_email: str = Field(default="", max_length=254, pattern=NO_NUL)
    contact_phone: str = Field(default="", max_length=40, pattern=NO_NUL)
    website: str = Field(default="", max_length=200, pattern=NO_NUL)
    internal_notes: str = Field(default="", max_length=5000, pattern=NO_NUL)
    accept_within_days: int = Field(default=5, ge=0, le=365)
    complete_within_days: int = Field(default=60, ge=0, le=3650)
    is_public: bool = True
    is_active: bool = True
    locations: list[LocationIn] = Field(
        default_factory=list, max_length=50, description="Replace the service's locations."
    )


# --- Partnerships -----------------------------------------------------------------------


class PartnershipOut(Schema):
    public_id: str
    title: str
    parties: list[OrganisationRef]
    scope: list[str] = Field(description="Service categories covered.")
    shareable: list[str] = Field(description="Kinds of personal data the parties may share.")
    valid_from: date
    valid_until: date | None
    terminated_on: date | None
    current: bool = Field(description="Valid today.")
    document_reference: str
    created_at: datetime

    @staticmethod
    def resolve_parties(obj: Partnership) -> list[Any]:
        return sorted(obj.parties.all(), key=lambda party: (party.code, party.pk))

    @staticmethod
    def resolve_current(obj: Partnership) -> bool:
        return obj.valid_on(timezone.localdate())


class PartnershipIn(Schema):
    title: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    parties: list[Annotated[str, Field(min_length=1, max_length=64, pattern=CODE)]] = Field(
        max_length=50, description="Codes of the organisations (at least two)."
    )
    scope: list[SHORT] = Field(max_length=20, description="Service categories covered.")
    shareable: list[SHORT] = Field(
        default_factory=list, max_length=20, description="Kinds of data the parties may share."
    )
    valid_from: date
    valid_until: date | None = None
    document_reference: str = Field(default="", max_length=200, pattern=NO_NUL)


class TerminateIn(Schema):
    on: date = Field(description="The first day the partnership no longer holds.")


# --- Referrals ------------------------------------------------------------------------


class ReferralServiceOut(Schema):
    code: str
    name: str
    category: Domain


class TimingOut(Schema):
    days_to_accept: int | None
    days_to_complete: int | None
    accept_late: bool
    complete_late: bool


class SharedItemOut(Schema):
    field: str
    label: str
    value: str


class ReferredMeasureOut(Schema):
    title: str
    kind: str
    domain: Domain
    due_on: date


class ReferralListOut(Schema):
    """A referral as lists show it: nothing of the person, except their public id
    for those on the sending side (``null`` for the receiving partner)."""

    public_id: str
    status: str
    basis: str
    person: str | None = Field(
        description="The person's public id; null for the receiving organisation."
    )
    service: ReferralServiceOut
    from_organisation: OrganisationRef
    to_organisation: OrganisationRef
    sent_at: datetime
    accept_by: date = Field(description="Target: answer by this day.")
    complete_by: date = Field(description="Target: complete by this day.")
    timing: TimingOut

    @staticmethod
    def resolve_person(obj: Referral, context: Any) -> str | None:
        actor = context["request"].auth
        if selectors.is_receiver(actor=actor, referral=obj):
            return None
        return obj.person.public_id

    @staticmethod
    def resolve_timing(obj: Referral) -> selectors.Timing:
        return selectors.timing(referral=obj)


class ReferralOut(ReferralListOut):
    """One referral. The receiving partner sees of the person only ``shared_items``:
    what the caseworker chose to share when sending it."""

    partnership: str | None
    measure: ReferredMeasureOut
    shared_items: list[SharedItemOut]
    message: str
    accepted_at: datetime | None
    closed_at: datetime | None
    decline_reason: str
    outcome: str
    note: str

    @staticmethod
    def resolve_partnership(obj: Referral) -> str | None:
        return obj.partnership.public_id if obj.partnership else None

    @staticmethod
    def resolve_shared_items(obj: Referral) -> list[dict[str, str]]:
        items = selectors.shared_items(referral=obj)
        return [
            {"field": field, "label": item.label, "value": item.value}
            for field, item in zip(obj.shared_fields, items, strict=True)
        ]


class ReferralIn(Schema):
    measure_id: DB_ID = Field(description="A measure of the person's open plan.")
    service_id: DB_ID = Field(description="The service's id in the directory.")
    shared_fields: list[SHORT] = Field(
        max_length=20, description="What the partner needs to know of the person, no more."
    )
    message: str = Field(default="", max_length=5000, pattern=NO_NUL)


class DeclineIn(Schema):
    reason: str = Field(default="", max_length=32, pattern=NO_NUL)
    note: str = Field(default="", max_length=5000, pattern=NO_NUL)


class CompleteIn(Schema):
    outcome: str = Field(default="", max_length=16, pattern=NO_NUL)
    note: str = Field(default="", max_length=5000, pattern=NO_NUL)


class WithdrawIn(Schema):
    note: str = Field(default="", max_length=5000, pattern=NO_NUL)


class PerformanceOut(Schema):
    organisation: str
    received: int
    accepted: int
    declined: int
    completed: int
    accepted_in_time: int
    completed_in_time: int
    median_days_to_accept: float | None
    median_days_to_complete: float | None


# --- Volunteers -------------------------------------------------------------------------

VOLUNTEER_ID = r"^V-[0-9A-Z]{4}-[0-9A-Z]{4}$"
# The database keeps these counts in small integers; the service says which are sensible.
SMALL_COUNT = Annotated[int, Field(ge=0, le=32767)]


def _sees_contact(volunteer: Volunteer, context: Any) -> bool:
    """Whether the request's actor keeps the volunteer. Without a request (nothing
    to ask), no contact details."""
    request = context.get("request") if isinstance(context, dict) else None
    actor = getattr(request, "auth", None)
    return actor is not None and selectors.sees_contact(actor=actor, volunteer=volunteer)


class VolunteerOut(Schema):
    """A volunteer. Their e-mail and phone are for their own organisation's staff
    (and coordinators): ``null`` for everyone else, who contact them through it."""

    public_id: str
    organisation: OrganisationRef
    given_name: str
    family_name: str
    email: str | None = Field(description="Null outside the volunteer's organisation.")
    phone: str | None = Field(description="Null outside the volunteer's organisation.")
    languages: list[str]
    skills: list[str] = Field(description="Kinds of help given.")
    locality: str
    availability: str
    hours_per_month: int
    max_matches: int = Field(description="People helped at a time, at most.")
    vetting: str = Field(description="The background check: pending, cleared or refused.")
    vetted_on: date | None
    vetting_expires_on: date | None
    cleared: bool = Field(description="Cleared, and the check is valid today.")
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_cleared(obj: Volunteer) -> bool:
        return obj.cleared_on(timezone.localdate())

    @staticmethod
    def resolve_email(obj: Volunteer, context: Any) -> str | None:
        return obj.email if _sees_contact(obj, context) else None

    @staticmethod
    def resolve_phone(obj: Volunteer, context: Any) -> str | None:
        return obj.phone if _sees_contact(obj, context) else None


class VolunteerIn(Schema):
    given_name: str = Field(max_length=150, pattern=NO_NUL)
    family_name: str = Field(default="", max_length=150, pattern=NO_NUL)
    email: str = Field(default="", max_length=254, pattern=NO_NUL)
    phone: str = Field(default="", max_length=40, pattern=NO_NUL)
    languages: list[Annotated[str, Field(pattern=LANGUAGE)]] = Field(
        default_factory=list, max_length=50, description="ISO 639 codes."
    )
    skills: list[SHORT] = Field(
        max_length=20, description="Kinds of help (at least one): language_tutoring, mentoring…"
    )
    locality: str = Field(default="", max_length=100, pattern=NO_NUL)
    availability: str = Field(default="", max_length=200, pattern=NO_NUL)
    hours_per_month: SMALL_COUNT = Field(default=8, description="Between 1 and 200.")
    max_matches: SMALL_COUNT = Field(default=2, description="People at a time, 1 to 20.")
    is_active: bool = True


class VettingIn(Schema):
    outcome: str = Field(max_length=16, pattern=NO_NUL, description="pending, cleared or refused.")
    on: date = Field(description="The day of the check (not in the future).")
    expires_on: date | None = Field(
        default=None, description="The check holds until this day (cleared only)."
    )


class MatchOut(Schema):
    """A volunteer helping a person with a measure of their plan. The volunteer's
    organisation knows the person by their public id only."""

    id: int
    volunteer: str = Field(description="The volunteer's public id.")
    person: str = Field(description="The person's public id.")
    measure_id: int
    skill: str = Field(description="The kind of help.")
    started_on: date
    ended_on: date | None

    @staticmethod
    def resolve_volunteer(obj: VolunteerMatch) -> str:
        return obj.volunteer.public_id

    @staticmethod
    def resolve_person(obj: VolunteerMatch) -> str:
        return obj.person.public_id


def _total_hours(obj: VolunteerMatch) -> float:
    """Hours logged in the match, as the selectors sum them (none: 0)."""
    return float(getattr(obj, "total_hours", None) or 0)


class VolunteerMatchOut(MatchOut):
    """A match as the volunteer's organisation lists it."""

    total_hours: float

    @staticmethod
    def resolve_total_hours(obj: VolunteerMatch) -> float:
        return _total_hours(obj)


class PersonMatchOut(MatchOut):
    """A match as the person's caseworkers see it: who helps, and the note."""

    volunteer_name: str
    volunteer_organisation: OrganisationRef
    note: str
    total_hours: float

    @staticmethod
    def resolve_volunteer_name(obj: VolunteerMatch) -> str:
        return str(obj.volunteer)

    @staticmethod
    def resolve_volunteer_organisation(obj: VolunteerMatch) -> Any:
        return obj.volunteer.organisation

    @staticmethod
    def resolve_total_hours(obj: VolunteerMatch) -> float:
        return _total_hours(obj)


class MatchIn(Schema):
    measure_id: DB_ID = Field(description="A measure of the person's open plan, still to do.")
    volunteer: str = Field(pattern=VOLUNTEER_ID, description="The volunteer's public id.")
    note: str = Field(default="", max_length=5000, pattern=NO_NUL)


class MatchEndIn(Schema):
    on: date = Field(description="The last day, between the match's start and today.")
    note: str = Field(default="", max_length=5000, pattern=NO_NUL)


class HoursIn(Schema):
    day: date = Field(description="A day within the match, not in the future.")
    hours: float = Field(
        gt=0, le=24, allow_inf_nan=False, description="Up to 24, to a tenth of an hour."
    )
    note: str = Field(default="", max_length=200, pattern=NO_NUL)


class HoursOut(Schema):
    match: int
    day: date
    hours: float
    note: str
    recorded_at: datetime

    @staticmethod
    def resolve_match(obj: VolunteerHours) -> int:
        return obj.match_id


class SuggestionOut(Schema):
    """A cleared volunteer with room who gives the help the measure needs; the
    score weighs a shared language most, then the same locality, then room left."""

    volunteer: str = Field(description="The volunteer's public id.")
    name: str
    organisation: OrganisationRef
    languages: list[str]
    locality: str
    skills: list[str]
    score: float
    shared_languages: list[str]
    same_locality: bool

    @staticmethod
    def resolve_volunteer(obj: selectors.Suggestion) -> str:
        return obj.volunteer.public_id

    @staticmethod
    def resolve_name(obj: selectors.Suggestion) -> str:
        return str(obj.volunteer)

    @staticmethod
    def resolve_organisation(obj: selectors.Suggestion) -> Any:
        return obj.volunteer.organisation

    @staticmethod
    def resolve_languages(obj: selectors.Suggestion) -> list[str]:
        return list(obj.volunteer.languages)

    @staticmethod
    def resolve_locality(obj: selectors.Suggestion) -> str:
        return obj.volunteer.locality

    @staticmethod
    def resolve_skills(obj: selectors.Suggestion) -> list[str]:
        return list(obj.volunteer.skills)
