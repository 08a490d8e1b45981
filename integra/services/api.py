"""The partners API: the directory of services, partnerships (memoranda of
understanding) and referrals of a person to a partner."""

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.core.api import ERRORS, request_actor
from integra.core.errors import ValidationFailed
from integra.core.schemas import CODE, NO_NUL
from integra.pagination import Cursor
from integra.people import selectors as people
from integra.services import selectors
from integra.services.schemas import (
    DB_ID,
    CompleteIn,
    DeclineIn,
    HoursIn,
    HoursOut,
    MatchEndIn,
    MatchIn,
    MatchOut,
    PartnershipIn,
    PartnershipOut,
    PerformanceOut,
    PersonMatchOut,
    ReferralIn,
    ReferralListOut,
    ReferralOut,
    ServiceIn,
    ServiceOut,
    SuggestionOut,
    TerminateIn,
    VettingIn,
    VolunteerIn,
    VolunteerMatchOut,
    VolunteerOut,
    WithdrawIn,
)
from integra.services.services import directory, referrals, volunteers

if TYPE_CHECKING:
    from integra.people.models import Person
    from integra.services.models import Partnership, Referral, Volunteer, VolunteerMatch

router = Router()

OrganisationCode = Annotated[str, Path(max_length=64, pattern=CODE)]
ServiceCode = Annotated[str, Path(max_length=64, pattern=CODE)]
PersonId = Annotated[str, Path(max_length=11, pattern=r"^P-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
PartnershipId = Annotated[str, Path(max_length=11, pattern=r"^U-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
ReferralId = Annotated[str, Path(max_length=11, pattern=r"^F-[0-9A-Z]{4}-[0-9A-Z]{4}$")]

DIRECTORY = ["directory"]
PARTNERSHIPS = ["partnerships"]
REFERRALS = ["referrals"]


def _person(request: HttpRequest, public_id: str) -> "Person":
    return people.person_get(actor=request_actor(request), public_id=public_id, purpose="referral")


def _partnership(request: HttpRequest, public_id: str) -> "Partnership":
    return selectors.partnership_get(actor=request_actor(request), public_id=public_id)


def _referral(request: HttpRequest, public_id: str) -> "Referral":
    """Every look at a referral is audited on the person, answering it included."""
    return selectors.referral_get(actor=request_actor(request), public_id=public_id)


# --- The directory --------------------------------------------------------------------


class DirectoryQuery(Schema):
    q: str = Field(default="", max_length=200, pattern=NO_NUL, description="Words to find.")
    category: str = Field(default="", max_length=16, pattern=NO_NUL)
    language: str = Field(default="", pattern=r"^([a-z]{2,3})?$", description="ISO 639 code.")
    locality: str = Field(default="", max_length=100, pattern=NO_NUL)
    organisation: str = Field(default="", max_length=64, pattern=r"^[-a-zA-Z0-9_]*$")


@router.get(
    "/services",
    response={200: list[ServiceOut], **ERRORS},
    tags=DIRECTORY,
    summary="Search the directory of services",
    description=(
        "Staff who refer to, receive from or coordinate partners search the internal "
        "directory and get every field. Everyone else reads the public directory: public, "
        "active services only, with the internal fields (`id`, `internal_notes`, "
        "`capacity_per_month`, the targets, `is_public`, `is_active`, `updated_at`) null."
    ),
)
@paginate(Cursor, ordering=("name", "id"))
def service_list(request: HttpRequest, filters: Query[DirectoryQuery]) -> Any:
    return selectors.directory(
        actor=request_actor(request),
        filters=selectors.DirectoryFilters(
            query=filters.q,
            category=filters.category,
            language=filters.language,
            locality=filters.locality,
            organisation=filters.organisation,
        ),
    )


@router.get(
    "/organisations/{code}/services/{service_code}",
    response={200: ServiceOut, **ERRORS},
    tags=DIRECTORY,
    summary="One service (internal fields null outside the internal directory)",
)
def service_get(request: HttpRequest, code: OrganisationCode, service_code: ServiceCode) -> object:
    return selectors.service_get(actor=request_actor(request), organisation=code, code=service_code)


def _service_data(payload: ServiceIn) -> directory.ServiceData:
    values = payload.dict()
    values["languages"] = tuple(values["languages"])
    values["eligible_statuses"] = tuple(values["eligible_statuses"])
    values["locations"] = tuple(directory.LocationData(**place) for place in values["locations"])
    return directory.ServiceData(**values)


@router.post(
    "/organisations/{code}/services",
    response={201: ServiceOut, **ERRORS},
    tags=DIRECTORY,
    summary="Describe a new service of an organisation (its own staff, coordinators)",
)
def service_create(
    request: HttpRequest, code: OrganisationCode, payload: ServiceIn
) -> Status[object]:
    service = directory.service_save(
        actor=request_actor(request),
        organisation=selectors.organisation_get(code=code),
        data=_service_data(payload),
    )
    return Status(201, service)


@router.put(
    "/organisations/{code}/services/{service_code}",
    response={200: ServiceOut, **ERRORS},
    tags=DIRECTORY,
    summary="Change a service (its code stays; the locations given replace the old ones)",
)
def service_update(
    request: HttpRequest, code: OrganisationCode, service_code: ServiceCode, payload: ServiceIn
) -> object:
    actor = request_actor(request)
    service = selectors.service_get(actor=actor, organisation=code, code=service_code)
    if payload.code != service.code:
        message = _("A service's code cannot change.")
        raise ValidationFailed(message, field_errors={"code": [message]})
    return directory.service_save(
        actor=actor, organisation=service.organisation, data=_service_data(payload), service=service
    )


@router.get(
    "/organisations/{code}/referral-performance",
    response={200: PerformanceOut, **ERRORS},
    tags=REFERRALS,
    summary="How the referrals an organisation received went against their targets",
)
def referral_performance(request: HttpRequest, code: OrganisationCode) -> object:
    organisation = selectors.organisation_get(code=code)
    figures = selectors.performance(actor=request_actor(request), organisation=organisation)
    return {"organisation": organisation.code, **asdict(figures)}


# --- Partnerships ---------------------------------------------------------------------


class PartnershipQuery(Schema):
    current: bool = Field(default=False, description="Only partnerships valid today.")


def _partnership_data(payload: PartnershipIn) -> directory.PartnershipData:
    values = payload.dict()
    for name in ("parties", "scope", "shareable"):
        values[name] = tuple(values[name])
    return directory.PartnershipData(**values)


@router.get(
    "/partnerships",
    response={200: list[PartnershipOut], **ERRORS},
    tags=PARTNERSHIPS,
    summary="Partnerships I work under (coordinators: all), newest first",
)
@paginate(Cursor, ordering=("-valid_from", "-id"))
def partnership_list(request: HttpRequest, filters: Query[PartnershipQuery]) -> Any:
    return selectors.partnership_list(
        actor=request_actor(request),
        current_on=timezone.localdate() if filters.current else None,
    )


@router.post(
    "/partnerships",
    response={201: PartnershipOut, **ERRORS},
    tags=PARTNERSHIPS,
    summary="Record a partnership (coordinating authority)",
)
def partnership_create(request: HttpRequest, payload: PartnershipIn) -> Status[object]:
    partnership = directory.partnership_save(
        actor=request_actor(request), data=_partnership_data(payload)
    )
    return Status(201, partnership)


@router.get(
    "/partnerships/{public_id}",
    response={200: PartnershipOut, **ERRORS},
    tags=PARTNERSHIPS,
    summary="One partnership",
)
def partnership_get(request: HttpRequest, public_id: PartnershipId) -> object:
    return _partnership(request, public_id)


@router.put(
    "/partnerships/{public_id}",
    response={200: PartnershipOut, **ERRORS},
    tags=PARTNERSHIPS,
    summary="Change a partnership (referrals made under it keep what they shared)",
)
def partnership_update(
    request: HttpRequest, public_id: PartnershipId, payload: PartnershipIn
) -> object:
    return directory.partnership_save(
        actor=request_actor(request),
        data=_partnership_data(payload),
        partnership=_partnership(request, public_id),
    )


@router.post(
    "/partnerships/{public_id}/terminate",
    response={200: PartnershipOut, **ERRORS},
    tags=PARTNERSHIPS,
    summary="End a partnership from a day on",
)
def partnership_terminate(
    request: HttpRequest, public_id: PartnershipId, payload: TerminateIn
) -> object:
    return directory.partnership_terminate(
        actor=request_actor(request), partnership=_partnership(request, public_id), on=payload.on
    )


# --- Referrals --------------------------------------------------------------------------


class ReferralQuery(Schema):
    direction: str = Field(
        default="received",
        pattern=r"^(received|sent)$",
        description="Received by my organisations, or sent from the cases I see.",
    )
    status: str = Field(
        default="",
        pattern=r"^(sent|accepted|declined|completed|withdrawn|open)?$",
        description="A status, or `open` (waiting or accepted).",
    )
    overdue: bool = Field(default=False, description="Only those past their target.")


@router.get(
    "/referrals",
    response={200: list[ReferralListOut], **ERRORS},
    tags=REFERRALS,
    summary="Referrals my organisations received (or sent), newest first",
)
@paginate(Cursor, ordering=("-sent_at", "-id"))
def referral_list(request: HttpRequest, filters: Query[ReferralQuery]) -> Any:
    return selectors.referral_list(
        actor=request_actor(request),
        filters=selectors.ReferralFilters(
            direction=filters.direction, status=filters.status, overdue=filters.overdue
        ),
    )


@router.get(
    "/persons/{public_id}/referrals",
    response={200: list[ReferralListOut], **ERRORS},
    tags=REFERRALS,
    summary="A person's referrals, newest first",
)
def referrals_of(request: HttpRequest, public_id: PersonId) -> object:
    return selectors.referrals_of(actor=request_actor(request), person=_person(request, public_id))


@router.post(
    "/persons/{public_id}/referrals",
    response={201: ReferralOut, **ERRORS},
    tags=REFERRALS,
    summary="Refer a person to a partner's service for a measure of their plan",
    description=(
        "Allowed under a partnership valid today that covers the service's category and "
        "lets the parties share every field chosen, or else with the person's active "
        "consent to referrals to that kind of organisation. Without either: 422, and "
        "nothing is sent."
    ),
)
def referral_send(request: HttpRequest, public_id: PersonId, payload: ReferralIn) -> Status[object]:
    referral = referrals.referral_send(
        actor=request_actor(request),
        person=_person(request, public_id),
        data=referrals.ReferralData(
            measure_id=payload.measure_id,
            service_id=payload.service_id,
            shared_fields=tuple(payload.shared_fields),
            message=payload.message,
        ),
    )
    return Status(201, referral)


@router.get(
    "/referrals/{public_id}",
    response={200: ReferralOut, **ERRORS},
    tags=REFERRALS,
    summary="One referral (the partner sees of the person only what it shares)",
)
def referral_get(request: HttpRequest, public_id: ReferralId) -> object:
    return _referral(request, public_id)


@router.post(
    "/referrals/{public_id}/accept",
    response={200: ReferralOut, **ERRORS},
    tags=REFERRALS,
    summary="Accept a referral (the receiving organisation)",
)
def referral_accept(request: HttpRequest, public_id: ReferralId) -> object:
    return referrals.referral_accept(
        actor=request_actor(request), referral=_referral(request, public_id)
    )


@router.post(
    "/referrals/{public_id}/decline",
    response={200: ReferralOut, **ERRORS},
    tags=REFERRALS,
    summary="Decline a referral, with a reason (the receiving organisation)",
)
def referral_decline(request: HttpRequest, public_id: ReferralId, payload: DeclineIn) -> object:
    return referrals.referral_decline(
        actor=request_actor(request),
        referral=_referral(request, public_id),
        reason=payload.reason,
        note=payload.note,
    )


@router.post(
    "/referrals/{public_id}/complete",
    response={200: ReferralOut, **ERRORS},
    tags=REFERRALS,
    summary="Report the outcome of an accepted referral; the plan's measure follows",
)
def referral_complete(request: HttpRequest, public_id: ReferralId, payload: CompleteIn) -> object:
    return referrals.referral_complete(
        actor=request_actor(request),
        referral=_referral(request, public_id),
        outcome=payload.outcome,
        note=payload.note,
    )


@router.post(
    "/referrals/{public_id}/withdraw",
    response={200: ReferralOut, **ERRORS},
    tags=REFERRALS,
    summary="Take back an open referral (the referring side)",
)
def referral_withdraw(request: HttpRequest, public_id: ReferralId, payload: WithdrawIn) -> object:
    return referrals.referral_withdraw(
        actor=request_actor(request), referral=_referral(request, public_id), note=payload.note
    )


# --- Volunteers -------------------------------------------------------------------------

VolunteerId = Annotated[str, Path(max_length=11, pattern=r"^V-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
# Database ids are 64-bit; a larger number is bad input (422), not an overflow (500).
MatchId = Annotated[int, Path(ge=1, le=2**63 - 1)]

VOLUNTEERS = ["volunteers"]


def _volunteer(request: HttpRequest, public_id: str) -> "Volunteer":
    return selectors.volunteer_get(actor=request_actor(request), public_id=public_id)


def _match(request: HttpRequest, match_id: int) -> "VolunteerMatch":
    return selectors.match_get(actor=request_actor(request), match_id=match_id)


def _matched_person(request: HttpRequest, public_id: str) -> "Person":
    return people.person_get(
        actor=request_actor(request), public_id=public_id, purpose="volunteers"
    )


def _volunteer_data(payload: VolunteerIn) -> volunteers.VolunteerData:
    values = payload.dict()
    values["languages"] = tuple(values["languages"])
    values["skills"] = tuple(values["skills"])
    return volunteers.VolunteerData(**values)


class VolunteerQuery(Schema):
    q: str = Field(default="", max_length=200, pattern=NO_NUL, description="Words of the name.")
    skill: str = Field(default="", pattern=r"^([a-z_]{1,32})?$", description="A kind of help.")
    language: str = Field(default="", pattern=r"^([a-z]{2,3})?$", description="ISO 639 code.")
    locality: str = Field(default="", max_length=100, pattern=NO_NUL)
    organisation: str = Field(default="", max_length=64, pattern=r"^[-a-zA-Z0-9_]*$")
    cleared: bool = Field(default=False, description="Only those whose check is valid today.")


@router.get(
    "/volunteers",
    response={200: list[VolunteerOut], **ERRORS},
    tags=VOLUNTEERS,
    summary="Search the active volunteers, by name",
    description=(
        "For those who match volunteers to people (caseworkers, coordinators) and those "
        "who keep them (partner agents). `email` and `phone` are null outside the "
        "volunteer's own organisation."
    ),
)
@paginate(Cursor, ordering=("given_name", "family_name", "id"))
def volunteer_list(request: HttpRequest, filters: Query[VolunteerQuery]) -> Any:
    return selectors.volunteer_list(
        actor=request_actor(request),
        filters=selectors.VolunteerFilters(
            query=filters.q,
            skill=filters.skill,
            language=filters.language,
            locality=filters.locality,
            organisation=filters.organisation,
            cleared_only=filters.cleared,
        ),
    )


@router.post(
    "/organisations/{code}/volunteers",
    response={201: VolunteerOut, **ERRORS},
    tags=VOLUNTEERS,
    summary="Add a volunteer to an organisation (its own staff, coordinators)",
    description="A new volunteer waits for their background check before meeting anyone.",
)
def volunteer_create(
    request: HttpRequest, code: OrganisationCode, payload: VolunteerIn
) -> Status[object]:
    volunteer = volunteers.volunteer_save(
        actor=request_actor(request),
        organisation=selectors.organisation_get(code=code),
        data=_volunteer_data(payload),
    )
    return Status(201, volunteer)


@router.get(
    "/volunteers/{public_id}",
    response={200: VolunteerOut, **ERRORS},
    tags=VOLUNTEERS,
    summary="One volunteer (contact details for their organisation only)",
)
def volunteer_get(request: HttpRequest, public_id: VolunteerId) -> object:
    return _volunteer(request, public_id)


@router.put(
    "/volunteers/{public_id}",
    response={200: VolunteerOut, **ERRORS},
    tags=VOLUNTEERS,
    summary="Change a volunteer's profile (their organisation's staff, coordinators)",
)
def volunteer_update(request: HttpRequest, public_id: VolunteerId, payload: VolunteerIn) -> object:
    volunteer = _volunteer(request, public_id)
    return volunteers.volunteer_save(
        actor=request_actor(request),
        organisation=volunteer.organisation,
        data=_volunteer_data(payload),
        volunteer=volunteer,
    )


@router.post(
    "/volunteers/{public_id}/vetting",
    response={200: VolunteerOut, **ERRORS},
    tags=VOLUNTEERS,
    summary="Record the outcome of a volunteer's background check",
    description="Only a volunteer cleared, within the check's validity, is matched to anyone.",
)
def volunteer_vet(request: HttpRequest, public_id: VolunteerId, payload: VettingIn) -> object:
    return volunteers.volunteer_vet(
        actor=request_actor(request),
        volunteer=_volunteer(request, public_id),
        outcome=payload.outcome,
        on=payload.on,
        expires_on=payload.expires_on,
    )


@router.get(
    "/volunteers/{public_id}/matches",
    response={200: list[VolunteerMatchOut], **ERRORS},
    tags=VOLUNTEERS,
    summary="A volunteer's matches and hours, newest first (their organisation)",
)
@paginate(Cursor, ordering=("-started_on", "-id"))
def volunteer_matches(request: HttpRequest, public_id: VolunteerId) -> Any:
    return selectors.volunteer_matches(
        actor=request_actor(request), volunteer=_volunteer(request, public_id)
    )


class SuggestionQuery(Schema):
    measure_id: DB_ID = Field(description="A measure of the person's open plan.")


@router.get(
    "/persons/{public_id}/volunteer-suggestions",
    response={200: list[SuggestionOut], **ERRORS},
    tags=VOLUNTEERS,
    summary="Volunteers who could help with a measure of a person's plan, best first",
    description=(
        "Cleared volunteers with room for one more person who give the kind of help the "
        "measure needs (tutors also speak the language taught). Empty when the measure "
        "is not an open one of the person's plan, or not one volunteers help with."
    ),
)
def volunteer_suggestions(
    request: HttpRequest, public_id: PersonId, filters: Query[SuggestionQuery]
) -> object:
    return selectors.match_suggestions(
        actor=request_actor(request),
        person=_matched_person(request, public_id),
        measure_id=filters.measure_id,
    )


@router.get(
    "/persons/{public_id}/volunteer-matches",
    response={200: list[PersonMatchOut], **ERRORS},
    tags=VOLUNTEERS,
    summary="A person's volunteer matches, newest first",
)
def volunteer_matches_of(request: HttpRequest, public_id: PersonId) -> object:
    return selectors.matches_of(
        actor=request_actor(request), person=_matched_person(request, public_id)
    )


@router.post(
    "/persons/{public_id}/volunteer-matches",
    response={201: PersonMatchOut, **ERRORS},
    tags=VOLUNTEERS,
    summary="Match a cleared volunteer to a measure of a person's plan",
    description=(
        "The person's caseworkers match a volunteer whose check is valid today, who gives "
        "the help the measure needs and has room for one more person; the measure is then "
        "in progress and the volunteer's organisation is told. The same volunteer twice "
        "on one measure: 409."
    ),
)
def volunteer_match_create(
    request: HttpRequest, public_id: PersonId, payload: MatchIn
) -> Status[object]:
    match = volunteers.match_create(
        actor=request_actor(request),
        person=_matched_person(request, public_id),
        measure_id=payload.measure_id,
        volunteer_id=payload.volunteer,
        note=payload.note,
    )
    return Status(201, match)


@router.post(
    "/volunteer-matches/{match_id}/end",
    response={200: MatchOut, **ERRORS},
    tags=VOLUNTEERS,
    summary="End a match (the person's caseworkers, or the volunteer's organisation)",
    description="The measure stays as it is, for the caseworker to settle. Ended before: 409.",
)
def volunteer_match_end(request: HttpRequest, match_id: MatchId, payload: MatchEndIn) -> object:
    return volunteers.match_end(
        actor=request_actor(request),
        match=_match(request, match_id),
        on=payload.on,
        note=payload.note,
    )


@router.post(
    "/volunteer-matches/{match_id}/hours",
    response={201: HoursOut, **ERRORS},
    tags=VOLUNTEERS,
    summary="Log time a volunteer gave, on a day within the match",
)
def volunteer_hours_log(
    request: HttpRequest, match_id: MatchId, payload: HoursIn
) -> Status[object]:
    logged = volunteers.hours_log(
        actor=request_actor(request),
        match=_match(request, match_id),
        day=payload.day,
        hours=str(payload.hours),
        note=payload.note,
    )
    return Status(201, logged)
