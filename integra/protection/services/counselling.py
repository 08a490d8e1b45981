"""Legal counselling (R22): appointments with legal-aid providers, in the
person's language.

The provider's staff publish slots (one, or a weekly series) and cancel them,
and record how an appointment went with the counsellor's private notes. A
caseworker (for their person), an NGO or the provider books a free slot for
someone; the person books one in the portal. Whoever booked, and the person,
may cancel. Every function is checked (core.access), atomic and audited by the
slot or the booking, never by the person's name or the question.

When the provider cancels a booked slot the booking is cancelled with it and
that is recorded (the booking's status and time, an audit entry): the person
sees it on their portal page, the booker on the booking, and the provider's
staff call the contact the booking carries. No message is sent from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import Organisation
from integra.people import selectors as people_selectors
from integra.protection.models import (
    Booking,
    BookingStatus,
    CounsellingMode,
    CounsellingTopic,
    Slot,
)
from integra.protection.selectors import counselling as selectors
from integra.protection.services.complaints import check_text, refuse

if TYPE_CHECKING:
    from integra.people.models import Person

PLACE_MAX = 250
NAME_MAX = 200
CONTACT_MAX = 254
QUESTION_MAX = 2_000
NOTES_MAX = 10_000
MIN_MINUTES = 10
MAX_MINUTES = 240
MAX_WEEKS = 26
MAX_LANGUAGES = 10
PURPOSE = selectors.PURPOSE


def _audit(
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: str | int,
    data: dict[str, object],
    now: datetime,
) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        purpose=PURPOSE,
        data=data,
        now=now,
    )


# --- Slots --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotData:
    """A slot as the provider publishes it; ``weeks`` > 1 repeats it weekly."""

    starts_at: datetime | None
    counsellor: str  # the username of a member of the provider
    mode: str
    languages: tuple[str, ...]
    minutes: int = 45
    place: str = ""
    weeks: int = 1
    provider: str = ""  # the provider's code; blank: the actor's own (if only one)


def _provider(actor: Actor, code: str, errors: dict[str, list[str]]) -> Organisation | None:
    own = list(selectors.own_providers(actor=actor))
    if not own:
        raise PermissionDenied(_("Slots are published by the legal-aid providers' staff."))
    if code:
        found = next((o for o in own if o.code == code), None)
        if found is None:
            errors["provider"] = [_("Choose a legal-aid provider you work for.")]
        return found
    if len(own) == 1:
        return own[0]
    acting = next((o for o in own if o.pk == actor.organisation_id), None)
    if acting is None:
        errors["provider"] = [_("Choose the legal-aid provider the slot is for.")]
    return acting


def _languages(raw: tuple[str, ...], errors: dict[str, list[str]]) -> list[str]:
    codes: list[str] = []
    bad: list[str] = []
    for item in raw:
        code = selectors.language_code(item)
        if code is None:
            bad.append(item.strip()[:10])
        elif code not in codes:
            codes.append(code)
    if bad:
        errors["languages"] = [
            _("These are not ISO 639-1 language codes (such as ro, ru, uk, ar, en): %(codes)s")
            % {"codes": ", ".join(bad)}
        ]
    elif not codes:
        errors["languages"] = [_("Give at least one language the counsellor speaks.")]
    elif len(codes) > MAX_LANGUAGES:
        errors["languages"] = [_("Give at most %(count)s languages.") % {"count": MAX_LANGUAGES}]
    return codes


def _overlaps(counsellor_id: int, starts: datetime, minutes: int) -> bool:
    ends = starts + timedelta(minutes=minutes)
    nearby = Slot.objects.filter(
        counsellor_id=counsellor_id,
        cancelled_at__isnull=True,
        starts_at__lt=ends,
        starts_at__gt=starts - timedelta(minutes=MAX_MINUTES),
    )
    return any(s.starts_at + timedelta(minutes=s.minutes) > starts for s in nearby)


@transaction.atomic
def slot_publish(*, actor: Actor, data: SlotData, now: datetime | None = None) -> list[Slot]:
    """Publishes a slot, or the same slot weekly over ``weeks`` weeks. A time
    that clashes with another of the counsellor's slots refuses the whole series."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    provider = _provider(actor, data.provider.strip(), errors)
    counsellor = None
    if provider is not None:
        counsellor = selectors.counsellor_by_username(
            organisation=provider, username=data.counsellor.strip()
        )
        if counsellor is None:
            errors["counsellor"] = [_("Choose a counsellor who works for the provider.")]
    if data.starts_at is None:
        errors["starts_at"] = [_("Give the day and time the slot starts.")]
    elif timezone.is_naive(data.starts_at):
        errors["starts_at"] = [_("Give the time with its time zone.")]
    elif data.starts_at <= now:
        errors["starts_at"] = [_("Choose a time in the future.")]
    if not MIN_MINUTES <= data.minutes <= MAX_MINUTES:
        errors["minutes"] = [
            _("A slot lasts from %(min)s to %(max)s minutes.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES}
        ]
    if data.mode not in CounsellingMode.values:
        errors["mode"] = [_("Choose in person, by phone or by video call.")]
    place = check_text("place", data.place, PLACE_MAX, errors)
    if data.mode == CounsellingMode.IN_PERSON and not place and "place" not in errors:
        errors["place"] = [_("Say where the person should come.")]
    if not 1 <= data.weeks <= MAX_WEEKS:
        errors["weeks"] = [_("Repeat over 1 to %(max)s weeks.") % {"max": MAX_WEEKS}]
    languages = _languages(data.languages, errors)
    refuse(errors, _("The slot has errors."))
    assert provider is not None
    assert counsellor is not None
    assert data.starts_at is not None
    starts = [data.starts_at + timedelta(weeks=week) for week in range(data.weeks)]
    clashes = [s for s in starts if _overlaps(counsellor.pk, s, data.minutes)]
    if clashes:
        times = ", ".join(f"{timezone.localtime(s):%Y-%m-%d %H:%M}" for s in clashes)
        raise ValidationFailed(
            _("The slot has errors."),
            field_errors={
                "starts_at": [
                    _("The counsellor has another slot then: %(times)s") % {"times": times}
                ]
            },
        )
    slots = Slot.objects.bulk_create(
        [
            Slot(
                organisation=provider,
                counsellor=counsellor,
                starts_at=start,
                minutes=data.minutes,
                mode=data.mode,
                place=place,
                languages=languages,
                created_at=now,
            )
            for start in starts
        ]
    )
    for slot in slots:
        _audit(
            actor,
            "counselling.slot.publish",
            "counselling_slot",
            slot.pk,
            {"provider": provider.code, "languages": languages, "mode": data.mode},
            now,
        )
    return slots


@transaction.atomic
def slot_cancel(*, actor: Actor, slot: Slot, now: datetime | None = None) -> Slot:
    """Cancels a slot to come. Its booking, if any, is cancelled with it (and the
    person sees it in the portal; the provider calls the booking's contact)."""
    now = now or timezone.now()
    if not access.can_manage_counselling(actor, organisation_id=slot.organisation_id):
        raise NotFound(_("There is no such counselling slot."))
    locked = Slot.objects.select_for_update().get(pk=slot.pk)
    if locked.cancelled_at is not None:
        raise Conflict(_("This slot is cancelled already."))
    if locked.starts_at <= now:
        raise Conflict(_("This slot has started or is over; it can no longer be cancelled."))
    locked.cancelled_at = now
    locked.save(update_fields=["cancelled_at"])
    booking = selectors.live_booking(slot=locked)
    data: dict[str, object] = {"booking": booking.public_id if booking else None}
    if booking is not None:
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        _audit(
            actor,
            "counselling.booking.cancel",
            "counselling_booking",
            booking.public_id,
            {"by": "provider", "slot_cancelled": True},
            now,
        )
    _audit(actor, "counselling.slot.cancel", "counselling_slot", locked.pk, data, now)
    return locked


# --- Bookings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingData:
    """A booking as the booker (or the person) fills it in."""

    language: str
    topic: str
    question: str = ""
    name: str = ""
    contact: str = ""
    person: str = ""  # a registry record's public id, for a caseworker


def _person_name(person: Person) -> str:
    return " ".join(p for p in (person.given_name, person.family_name) if p).strip()


def _person_contact(person: Person) -> str:
    return (person.phone or person.email or "").strip()


def _linked_person(actor: Actor, public_id: str) -> Person:
    person = people_selectors.registry().filter(public_id=public_id.strip()).first()
    if person is None or not access.can_book_counselling(
        actor, responsible=people_selectors.responsible_ids(person=person)
    ):
        raise ValidationFailed(
            _("The appointment has errors."),
            field_errors={"person": [_("There is no such person in your organisation's cases.")]},
        )
    return person


def _create(
    *,
    actor: Actor | None,
    slot: Slot,
    data: BookingData,
    person: Person | None,
    now: datetime,
) -> Booking:
    errors: dict[str, list[str]] = {}
    language = selectors.language_code(data.language) or ""
    if not language:
        errors["language"] = [_("Choose the language of the appointment.")]
    elif language not in slot.languages:
        errors["language"] = [
            _("The counsellor speaks %(languages)s at this time; choose one of them.")
            % {"languages": ", ".join(selectors.language_label(c) for c in slot.languages)}
        ]
    if data.topic not in CounsellingTopic.values:
        errors["topic"] = [_("Choose what the question is about.")]
    question = check_text("question", data.question, QUESTION_MAX, errors)
    name = check_text("name", data.name, NAME_MAX, errors)
    contact = check_text("contact", data.contact, CONTACT_MAX, errors)
    if person is not None:
        name = name or _person_name(person)
        contact = contact or _person_contact(person)
    if not name and "name" not in errors:
        errors["name"] = [_("Give the name of the person the appointment is for.")]
    if not contact and "contact" not in errors:
        errors["contact"] = [_("Give a phone number or an e-mail address to reach the person.")]
    refuse(errors, _("The appointment has errors."))
    locked = Slot.objects.select_for_update().filter(pk=slot.pk).first()
    if locked is None or locked.cancelled_at is not None:
        raise Conflict(_("This time has been cancelled. Choose another one."))
    if locked.starts_at <= now:
        raise Conflict(_("This time has passed. Choose another one."))
    if selectors.live_booking(slot=locked) is not None:
        raise Conflict(_("Someone has just booked this time. Choose another one."))
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                slot=locked,
                language=language,
                topic=data.topic,
                question=question,
                name=name,
                contact=contact,
                person=person,
                booked_by=actor.user if actor is not None else None,
                booked_at=now,
            )
    except IntegrityError:
        # Two bookings at once: the database's one_live_booking_per_slot decides.
        raise Conflict(_("Someone has just booked this time. Choose another one.")) from None
    _audit(
        actor,
        "counselling.booking.create",
        "counselling_booking",
        booking.public_id,
        {
            "slot": locked.pk,
            "provider": locked.organisation.code,
            "language": language,
            "topic": data.topic,
            "for_record": person is not None,
        },
        now,
    )
    return booking


@transaction.atomic
def booking_create(
    *, actor: Actor, slot: Slot, data: BookingData, now: datetime | None = None
) -> Booking:
    """Books a free slot for someone: a caseworker for a person of their cases
    (``data.person``), or, without a record, anyone who may book (name and contact)."""
    now = now or timezone.now()
    if not access.can_book_counselling(actor):
        raise PermissionDenied(
            _(
                "Legal counselling is booked by caseworkers, NGOs and the legal-aid "
                "providers' staff."
            )
        )
    person = _linked_person(actor, data.person) if data.person.strip() else None
    return _create(actor=actor, slot=slot, data=data, person=person, now=now)


@transaction.atomic
def booking_create_own(
    *,
    actor: Actor,
    person: Person,
    account_user_id: int,
    slot: Slot,
    data: BookingData,
    now: datetime | None = None,
) -> Booking:
    """The person books for themselves in the portal (the portal found their
    account; the policy checks it is the actor's own)."""
    now = now or timezone.now()
    if not access.can_see_own(actor, account_user_id=account_user_id):
        raise PermissionDenied(_("These pages are for migrants with a portal account."))
    own = BookingData(
        language=data.language,
        topic=data.topic,
        question=data.question,
        name=_person_name(person),
        contact=data.contact or _person_contact(person) or actor.user.email,
    )
    return _create(actor=actor, slot=slot, data=own, person=person, now=now)


def _cancel(actor: Actor, booking: Booking, by: str, now: datetime) -> Booking:
    locked = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if locked.status != BookingStatus.BOOKED:
        raise Conflict(_("This appointment is not booked any more."))
    if locked.slot.starts_at <= now:
        raise Conflict(_("This appointment has started or is over."))
    locked.status = BookingStatus.CANCELLED
    locked.cancelled_at = now
    locked.save(update_fields=["status", "cancelled_at"])
    _audit(
        actor,
        "counselling.booking.cancel",
        "counselling_booking",
        locked.public_id,
        {"by": by},
        now,
    )
    return locked


@transaction.atomic
def booking_cancel(*, actor: Actor, booking: Booking, now: datetime | None = None) -> Booking:
    """The booker, the person's caseworker or the provider cancels; the slot is
    free again."""
    now = now or timezone.now()
    if selectors.can_manage(actor=actor, booking=booking):
        by = "provider"
    elif selectors.can_follow(actor=actor, booking=booking):
        by = "booker"
    else:
        raise NotFound(_("There is no such appointment."))
    return _cancel(actor, booking, by, now)


@transaction.atomic
def booking_cancel_own(
    *,
    actor: Actor,
    person: Person,
    account_user_id: int,
    public_id: str,
    now: datetime | None = None,
) -> Booking:
    """The person cancels one of their own appointments in the portal."""
    now = now or timezone.now()
    if not access.can_see_own(actor, account_user_id=account_user_id):
        raise PermissionDenied(_("These pages are for migrants with a portal account."))
    booking = selectors.person_bookings(person=person).filter(public_id=public_id).first()
    if booking is None:
        raise NotFound(_("There is no such appointment."))
    return _cancel(actor, booking, "person", now)


OUTCOMES = (BookingStatus.ATTENDED, BookingStatus.MISSED)


@transaction.atomic
def booking_outcome(
    *,
    actor: Actor,
    booking: Booking,
    status: str,
    notes: str = "",
    now: datetime | None = None,
) -> Booking:
    """The provider records whether the person came, with the counsellor's
    private notes (seen by the provider's staff only). It may be corrected."""
    now = now or timezone.now()
    if not selectors.can_manage(actor=actor, booking=booking):
        if selectors.can_follow(actor=actor, booking=booking):
            raise PermissionDenied(
                _("Only the legal-aid provider records how an appointment went.")
            )
        raise NotFound(_("There is no such appointment."))
    errors: dict[str, list[str]] = {}
    if status not in OUTCOMES:
        errors["status"] = [_("Choose attended or did not come.")]
    text = check_text("notes", notes, NOTES_MAX, errors)
    refuse(errors, _("The outcome has errors."))
    locked = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if locked.status == BookingStatus.CANCELLED:
        raise Conflict(_("This appointment was cancelled."))
    if locked.slot.starts_at > now:
        raise Conflict(_("This appointment has not started yet."))
    before = locked.status
    locked.status = status
    locked.counsellor_notes = text
    locked.save(update_fields=["status", "counsellor_notes"])
    _audit(
        actor,
        "counselling.booking.outcome",
        "counselling_booking",
        locked.public_id,
        {"from": before, "to": status, "notes": bool(text)},
        now,
    )
    return locked
