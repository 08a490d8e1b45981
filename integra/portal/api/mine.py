"""The portal's staff API: invite a person to the portal, write to them, set
their appointments. (A migrant uses the pages; a copy of their data is a download.)"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Status

from integra.core.api import ERRORS, request_actor
from integra.core.errors import NotFound
from integra.portal.schemas.mine import (
    APPOINTMENT_ID,
    PERSON_ID,
    AccountOut,
    AppointmentIn,
    AppointmentOut,
    InvitationIn,
    InvitationOut,
    MessageIn,
    MessageOut,
)
from integra.portal.selectors import mine as selectors
from integra.portal.services import accounts
from integra.portal.services import mine as services

router = Router()

PersonId = Annotated[str, Path(max_length=11, pattern=PERSON_ID)]
AppointmentId = Annotated[str, Path(max_length=11, pattern=APPOINTMENT_ID)]
PORTAL = ["portal"]


@router.get(
    "/persons/{public_id}/portal",
    response={200: AccountOut, **ERRORS},
    tags=PORTAL,
    summary="The person's portal account (their caseworkers); 404 when there is none",
)
def account_get(request: HttpRequest, public_id: PersonId) -> object:
    state = selectors.person_portal(actor=request_actor(request), public_id=public_id)
    if state.account is None:
        raise NotFound(_("This person has no portal account."))
    account = state.account
    return {
        "person": public_id,
        "invited_at": account.invited_at,
        "activated_at": account.activated_at,
        "disabled_at": account.disabled_at,
    }


@router.post(
    "/persons/{public_id}/portal/invitation",
    response={201: InvitationOut, **ERRORS},
    tags=PORTAL,
    summary="Invite the person to the portal (again), by e-mail or SMS",
    description=(
        "Creates the account on the first invitation. Earlier unused invitations stop "
        "working. The code and link are in this answer only. No address of that kind in "
        "the record: 422."
    ),
)
def invitation_create(request: HttpRequest, public_id: PersonId, payload: InvitationIn) -> object:
    actor = request_actor(request)
    person = selectors.person_for_staff(actor=actor, public_id=public_id)
    invitation = accounts.invite(actor=actor, person=person, channel=payload.channel)
    return Status(201, invitation)


@router.post(
    "/persons/{public_id}/portal/disable",
    response={200: AccountOut, **ERRORS},
    tags=PORTAL,
    summary="Disable the person's portal account (a new invitation opens it)",
)
def account_disable(request: HttpRequest, public_id: PersonId) -> object:
    actor = request_actor(request)
    person = selectors.person_for_staff(actor=actor, public_id=public_id)
    account = accounts.disable(actor=actor, person=person)
    return {
        "person": public_id,
        "invited_at": account.invited_at,
        "activated_at": account.activated_at,
        "disabled_at": account.disabled_at,
    }


@router.get(
    "/persons/{public_id}/messages",
    response={200: list[MessageOut], **ERRORS},
    tags=PORTAL,
    summary="The conversation with the person, newest first (the last 50)",
)
def message_list(request: HttpRequest, public_id: PersonId) -> object:
    return selectors.person_portal(actor=request_actor(request), public_id=public_id).messages


@router.post(
    "/persons/{public_id}/messages",
    response={201: MessageOut, **ERRORS},
    tags=PORTAL,
    summary="Write to the person (their caseworkers); they read it in the portal",
)
def message_create(request: HttpRequest, public_id: PersonId, payload: MessageIn) -> object:
    actor = request_actor(request)
    person = selectors.person_for_staff(actor=actor, public_id=public_id)
    return Status(201, services.message_to_person(actor=actor, person=person, body=payload.body))


@router.get(
    "/persons/{public_id}/appointments",
    response={200: list[AppointmentOut], **ERRORS},
    tags=PORTAL,
    summary="The person's appointments, latest first",
)
def appointment_list(request: HttpRequest, public_id: PersonId) -> object:
    return selectors.person_portal(actor=request_actor(request), public_id=public_id).appointments


@router.post(
    "/persons/{public_id}/appointments",
    response={201: AppointmentOut, **ERRORS},
    tags=PORTAL,
    summary="Set an appointment with the person (their caseworkers)",
)
def appointment_create(request: HttpRequest, public_id: PersonId, payload: AppointmentIn) -> object:
    actor = request_actor(request)
    person = selectors.person_for_staff(actor=actor, public_id=public_id)
    appointment = services.appointment_add(actor=actor, person=person, **payload.dict())
    return Status(201, appointment)


@router.post(
    "/appointments/{public_id}/cancel",
    response={200: AppointmentOut, **ERRORS},
    tags=PORTAL,
    summary="Cancel an appointment still to come",
)
def appointment_cancel(request: HttpRequest, public_id: AppointmentId) -> object:
    actor = request_actor(request)
    appointment = selectors.appointment_for_staff(actor=actor, public_id=public_id)
    return services.appointment_cancel(actor=actor, appointment=appointment)
