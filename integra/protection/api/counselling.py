"""The legal-counselling API (R22): free slots, the providers' slots, bookings.

The providers' staff publish and cancel slots and record how an appointment
went (with the counsellor's notes, in their shape only). Caseworkers (for their
person), NGOs and the providers find free slots and book them; the booker sees
the time, place, mode, language and status, never the notes.
"""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from integra.core.api import ERRORS, request_actor
from integra.pagination import Cursor
from integra.protection.schemas.counselling import (
    BOOKING_ID,
    BookingFilters,
    BookingIn,
    BookingManagedOut,
    BookingOut,
    OutcomeIn,
    SlotFilters,
    SlotIn,
    SlotOut,
)
from integra.protection.selectors import counselling as selectors
from integra.protection.services import counselling as services

router = Router()

BookingId = Annotated[str, Path(max_length=11, pattern=BOOKING_ID)]
# Database ids are 64-bit; a larger number is bad input (422), not an overflow (500).
DbId = Annotated[int, Path(ge=1, le=2**63 - 1)]

SLOTS = ["legal counselling: slots"]
BOOKINGS = ["legal counselling: appointments"]


def _slot(slot: Any) -> dict[str, object]:
    return {
        "id": slot.pk,
        "provider": slot.organisation.code,
        "provider_name": slot.organisation.name,
        "counsellor": slot.counsellor.get_full_name() or slot.counsellor.username,
        "starts_at": slot.starts_at,
        "minutes": slot.minutes,
        "mode": slot.mode,
        "place": slot.place,
        "languages": slot.languages,
        "cancelled_at": slot.cancelled_at,
    }


def _booking(request: HttpRequest, booking: Any) -> dict[str, object]:
    """The booker's shape; the topic, question and notes for the provider's staff only."""
    view = selectors.booking_view(actor=request_actor(request), booking=booking)
    shown: dict[str, object] = {
        "public_id": booking.public_id,
        "status": booking.status,
        "language": booking.language,
        "name": booking.name,
        "contact": booking.contact,
        "slot": _slot(booking.slot),
        "person": booking.person.public_id if booking.person else None,
        "booked_at": booking.booked_at,
        "cancelled_at": booking.cancelled_at,
    }
    if view.managed:
        shown |= {
            "topic": booking.topic,
            "question": booking.question,
            "counsellor_notes": view.notes,
        }
    return shown


@router.get(
    "/counselling/slots",
    response={200: list[SlotOut], **ERRORS},
    tags=SLOTS,
    summary="Free counselling slots (caseworkers, NGOs, the providers)",
    description="Still to come, not cancelled, not taken; soonest first.",
)
@paginate(Cursor, ordering=("starts_at", "id"))
def slot_list_free(request: HttpRequest, filters: Query[SlotFilters]) -> Any:
    selectors.guard_booker(request_actor(request))
    return selectors.free_slots(
        filters=selectors.SlotFilters(
            language=filters.language.lower(),
            provider=filters.provider,
            mode=filters.mode or "",
            date_from=filters.date_from,
            date_to=filters.date_to,
        )
    )


@router.get(
    "/counselling/agenda",
    response={200: list[SlotOut], **ERRORS},
    tags=SLOTS,
    summary="Your provider's slots from today on (the provider's staff)",
)
@paginate(Cursor, ordering=("starts_at", "id"))
def slot_agenda(request: HttpRequest) -> Any:
    return selectors.agenda(actor=request_actor(request))


@router.post(
    "/counselling/slots",
    response={201: list[SlotOut], **ERRORS},
    tags=SLOTS,
    summary="Publish a slot, or the same slot weekly (the provider's staff)",
    description=(
        "In person needs a place; at least one language (ISO 639-1). A time that clashes "
        "with another of the counsellor's slots refuses the whole series (422)."
    ),
)
def slot_publish(request: HttpRequest, payload: SlotIn) -> Status[object]:
    slots = services.slot_publish(
        actor=request_actor(request),
        data=services.SlotData(
            starts_at=payload.starts_at,
            counsellor=payload.counsellor,
            mode=payload.mode,
            languages=tuple(payload.languages),
            minutes=payload.minutes,
            place=payload.place,
            weeks=payload.weeks,
            provider=payload.provider,
        ),
    )
    return Status(201, slots)


@router.post(
    "/counselling/slots/{slot_id}/cancel",
    response={200: SlotOut, **ERRORS},
    tags=SLOTS,
    summary="Cancel a slot; its booking is cancelled with it (the provider's staff)",
)
def slot_cancel(request: HttpRequest, slot_id: DbId) -> object:
    actor = request_actor(request)
    return services.slot_cancel(
        actor=actor, slot=selectors.slot_managed(actor=actor, slot_id=slot_id)
    )


@router.post(
    "/counselling/bookings",
    response={201: BookingOut, **ERRORS},
    tags=BOOKINGS,
    summary="Book a free slot for someone",
    description=(
        "For a person of your cases (`person`; name and contact default to the record's), "
        "or for someone without a record (`name` and `contact`). The language must be one "
        "of the slot's. A slot taken meanwhile is 409."
    ),
)
def booking_create(request: HttpRequest, payload: BookingIn) -> Status[object]:
    actor = request_actor(request)
    selectors.guard_booker(actor)
    booking = services.booking_create(
        actor=actor,
        slot=selectors.free_slot(slot_id=payload.slot),
        data=services.BookingData(
            language=payload.language,
            topic=payload.topic,
            question=payload.question,
            name=payload.name,
            contact=payload.contact,
            person=payload.person,
        ),
    )
    return Status(201, _booking(request, booking))


@router.get(
    "/counselling/bookings",
    response={200: list[BookingOut], **ERRORS},
    tags=BOOKINGS,
    summary="Appointments you booked, or those of a person of your cases",
    description="Time, place, mode, language and status; never the counsellor's notes.",
)
@paginate(Cursor, ordering=("booked_at", "id"))
def booking_list(request: HttpRequest, filters: Query[BookingFilters]) -> Any:
    actor = request_actor(request)
    if filters.person:
        return selectors.bookings_of_person(actor=actor, public_id=filters.person)
    return selectors.bookings_mine(actor=actor)


@router.get(
    "/counselling/bookings/{public_id}",
    response={200: BookingManagedOut | BookingOut, **ERRORS},
    tags=BOOKINGS,
    summary="An appointment (with the notes for the provider's staff only)",
)
def booking_get(request: HttpRequest, public_id: BookingId) -> Any:
    return _booking(
        request, selectors.booking_get(actor=request_actor(request), public_id=public_id)
    )


@router.post(
    "/counselling/bookings/{public_id}/cancel",
    response={200: BookingManagedOut | BookingOut, **ERRORS},
    tags=BOOKINGS,
    summary="Cancel an appointment (its booker, the person's caseworker, the provider)",
)
def booking_cancel(request: HttpRequest, public_id: BookingId) -> Any:
    actor = request_actor(request)
    booking = services.booking_cancel(
        actor=actor, booking=selectors.booking_get(actor=actor, public_id=public_id)
    )
    return _booking(request, booking)


@router.post(
    "/counselling/bookings/{public_id}/outcome",
    response={200: BookingManagedOut, **ERRORS},
    tags=BOOKINGS,
    summary="Record whether the person came, with the counsellor's notes (the provider)",
)
def booking_outcome(request: HttpRequest, public_id: BookingId, payload: OutcomeIn) -> object:
    actor = request_actor(request)
    booking = services.booking_outcome(
        actor=actor,
        booking=selectors.booking_managed(actor=actor, public_id=public_id),
        status=payload.status,
        notes=payload.notes,
    )
    return _booking(request, booking)
