"""What the legal-counselling pages and API read (R22), already scoped.

Legal aid is a service provider behind the firewall: the provider's own staff
(core.access.counselling_scope) read their agenda, the bookings and the
counsellor's notes. Whoever booked an appointment for someone (a caseworker for
their person, an NGO, the provider), and the person in the portal, read its
time, place, mode, language and status: never the notes, which no view built
here for them carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import pycountry
from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import Membership, Organisation, User
from integra.core.roles import OrganisationKind
from integra.people import selectors as people_selectors
from integra.protection.models import (
    Booking,
    BookingStatus,
    CounsellingMode,
    CounsellingTopic,
    Slot,
)

if TYPE_CHECKING:
    from integra.people.models import Person

PURPOSE = "legal counselling"


# --- Languages ----------------------------------------------------------------------------------


def language_code(raw: str) -> str | None:
    """A two-letter ISO 639-1 code as slots store it, or None. The system's
    languages are codes of this kind too (settings.LANGUAGES)."""
    code = raw.strip().lower()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return None
    if code in dict(settings.LANGUAGES) or pycountry.languages.get(alpha_2=code) is not None:
        return code
    return None


def language_label(code: str) -> str:
    """A language's name in the reader's language where the system has it
    (English otherwise), with its code."""
    system = dict(settings.LANGUAGES)
    if code in system:
        return str(_(str(system[code])))
    found = pycountry.languages.get(alpha_2=code)
    return f"{found.name} ({code})" if found is not None else code


def language_choices() -> list[tuple[str, str]]:
    """The system's languages first, then every other ISO 639-1 language by name."""
    system = [(code, language_label(code)) for code, _name in settings.LANGUAGES]
    known = {code for code, _label in system}
    others = sorted(
        (
            (lang.alpha_2, f"{lang.name} ({lang.alpha_2})")
            for lang in pycountry.languages
            if getattr(lang, "alpha_2", None) and lang.alpha_2 not in known
        ),
        key=lambda pair: pair[1],
    )
    return system + others


def _two_letter(code: str) -> str | None:
    code = code.strip().lower()
    if len(code) == 2:
        return language_code(code)
    found = pycountry.languages.get(alpha_3=code) if len(code) == 3 else None
    alpha_2 = getattr(found, "alpha_2", None) if found is not None else None
    return str(alpha_2) if alpha_2 else None


def proposed_language(*, person: Person | None, fallback: str = "") -> str:
    """The language to propose for the person: their first language in the
    registry, else the one they declare best (the registry keeps ISO 639 codes,
    two or three letters; slots keep two), else ``fallback``."""
    if person is not None:
        order = ["native", "C2", "C1", "B2", "B1", "A2", "A1"]
        spoken = sorted(
            person.languages.all(),
            key=lambda lang: (
                order.index(lang.declared_level) if lang.declared_level in order else 99,
                lang.code,
            ),
        )
        for language in spoken:
            code = _two_letter(language.code)
            if code:
                return code
    return language_code(fallback) or ""


# --- Labels -------------------------------------------------------------------------------------


def mode_label(value: str) -> str:
    return str(dict(CounsellingMode.choices).get(value, value))


def topic_label(value: str) -> str:
    return str(dict(CounsellingTopic.choices).get(value, value))


def mode_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in CounsellingMode.choices]


def topic_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in CounsellingTopic.choices]


def status_label(value: str) -> str:
    return str(dict(BookingStatus.choices).get(value, value))


# --- Who may do what here -----------------------------------------------------------------------


def gives_counselling(*, actor: Actor) -> bool:
    return access.gives_counselling(actor)


def may_book(*, actor: Actor) -> bool:
    """Finding a free slot and booking it for someone: caseworkers, NGOs' partner
    agents and the providers' staff."""
    return access.can_book_counselling(actor)


def guard_booker(actor: Actor) -> None:
    if not may_book(actor=actor):
        raise PermissionDenied(
            _(
                "Legal counselling is booked by caseworkers, NGOs and the legal-aid "
                "providers' staff."
            )
        )


def guard_provider(actor: Actor) -> None:
    if not gives_counselling(actor=actor):
        raise PermissionDenied(_("The agenda is kept by the legal-aid providers' staff."))


# --- Providers and counsellors --------------------------------------------------------------------


def providers() -> QuerySet[Organisation]:
    """Every active legal-aid organisation, by name."""
    return Organisation.objects.filter(kind=OrganisationKind.LEGAL_AID, is_active=True).order_by(
        "name", "pk"
    )


def own_providers(*, actor: Actor) -> QuerySet[Organisation]:
    """The legal-aid organisations whose counselling the actor organises."""
    return Organisation.objects.filter(pk__in=access.counselling_scope(actor)).order_by(
        "name", "pk"
    )


def provider_by_code(*, code: str) -> Organisation | None:
    return providers().filter(code=code).first()


def counsellors(*, organisation: Organisation) -> QuerySet[User]:
    """The provider's members, who may counsel (or sit with an interpreter)."""
    members = Membership.objects.filter(organisation=organisation).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by(
        "last_name", "first_name", "username", "pk"
    )


def counsellor_by_username(*, organisation: Organisation, username: str) -> User | None:
    return counsellors(organisation=organisation).filter(username=username).first()


# --- Slots --------------------------------------------------------------------------------------


def _live_bookings() -> QuerySet[Booking]:
    return Booking.objects.filter(slot=OuterRef("pk")).exclude(status=BookingStatus.CANCELLED)


@dataclass(frozen=True)
class SlotFilters:
    language: str = ""
    provider: str = ""
    mode: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def free_slots(*, filters: SlotFilters, now: datetime | None = None) -> QuerySet[Slot]:
    """Slots still to come, not cancelled, not taken; soonest first."""
    now = now or timezone.now()
    slots = (
        Slot.objects.select_related("organisation", "counsellor")
        .filter(starts_at__gt=now, cancelled_at__isnull=True, organisation__is_active=True)
        .exclude(Exists(_live_bookings()))
    )
    if filters.language:
        # The languages are a JSON list: match the quoted code in its text (a
        # lookup both SQLite and PostgreSQL understand).
        slots = slots.filter(languages__icontains=f'"{filters.language}"')
    if filters.provider:
        slots = slots.filter(organisation__code=filters.provider)
    if filters.mode:
        slots = slots.filter(mode=filters.mode)
    if filters.date_from:
        slots = slots.filter(starts_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        slots = slots.filter(starts_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    return slots.order_by("starts_at", "id")


def free_slot(*, slot_id: int, now: datetime | None = None) -> Slot:
    """A slot that can still be booked, for the booking page."""
    found = free_slots(filters=SlotFilters(), now=now).filter(pk=slot_id).first()
    if found is None:
        raise NotFound(_("This time is no longer free. Choose another one."))
    return found


def agenda(*, actor: Actor, provider: str = "", day_from: date | None = None) -> QuerySet[Slot]:
    """The provider's slots from a day on (today by default), with their live
    booking; for the provider's staff."""
    guard_provider(actor)
    scope = access.counselling_scope(actor)
    slots = Slot.objects.select_related("organisation", "counsellor").filter(
        organisation_id__in=scope,
        starts_at__gte=_day_start(day_from or timezone.localdate()),
    )
    if provider:
        slots = slots.filter(organisation__code=provider)
    return slots.order_by("starts_at", "id")


def live_booking(*, slot: Slot) -> Booking | None:
    return (
        slot.bookings.exclude(status=BookingStatus.CANCELLED).order_by("-booked_at", "-pk").first()
    )


def live_bookings_of(*, slots: list[Slot]) -> dict[int, Booking]:
    found = Booking.objects.filter(slot__in=slots).exclude(status=BookingStatus.CANCELLED)
    return {booking.slot_id: booking for booking in found}


def slot_managed(*, actor: Actor, slot_id: int) -> Slot:
    """A slot of a provider the actor organises; anyone else learns nothing."""
    found = Slot.objects.select_related("organisation", "counsellor").filter(pk=slot_id).first()
    if found is None or not access.can_manage_counselling(
        actor, organisation_id=found.organisation_id
    ):
        raise NotFound(_("There is no such counselling slot."))
    return found


def slot_bookings(*, slot: Slot) -> QuerySet[Booking]:
    return slot.bookings.order_by("booked_at", "pk")


# --- Bookings -----------------------------------------------------------------------------------


def _is_booker(actor: Actor, booking: Booking) -> bool:
    return booking.booked_by_id is not None and booking.booked_by_id == actor.user.pk


def _is_persons_caseworker(actor: Actor, booking: Booking) -> bool:
    if booking.person is None or not may_book(actor=actor):
        return False
    return access.can_book_counselling(
        actor, responsible=people_selectors.responsible_ids(person=booking.person)
    )


def can_manage(*, actor: Actor, booking: Booking) -> bool:
    return access.can_manage_counselling(actor, organisation_id=booking.slot.organisation_id)


def can_follow(*, actor: Actor, booking: Booking) -> bool:
    """The booker, or the caseworker of the person it is for: time, place and
    status, never the notes."""
    return _is_booker(actor, booking) or _is_persons_caseworker(actor, booking)


@dataclass(frozen=True)
class BookingView:
    """A booking as the reader may see it. ``notes`` is filled for the
    provider's staff only."""

    booking: Booking
    slot: Slot
    managed: bool
    notes: str
    cancelled_by_provider: bool


def _booking(public_id: str) -> Booking | None:
    return (
        Booking.objects.select_related("slot", "slot__organisation", "slot__counsellor", "person")
        .filter(public_id=public_id)
        .first()
    )


def booking_get(*, actor: Actor, public_id: str) -> Booking:
    """A booking the actor may see (the provider's staff, the booker, the
    person's caseworker); anyone else learns nothing."""
    found = _booking(public_id)
    if found is None or not (
        can_manage(actor=actor, booking=found) or can_follow(actor=actor, booking=found)
    ):
        raise NotFound(_("There is no such appointment."))
    return found


def booking_managed(*, actor: Actor, public_id: str) -> Booking:
    """A booking for its provider's staff only; a booker is told it is not theirs
    to change, anyone else learns nothing."""
    found = booking_get(actor=actor, public_id=public_id)
    if not can_manage(actor=actor, booking=found):
        raise PermissionDenied(_("Only the legal-aid provider records how an appointment went."))
    return found


def booking_view(*, actor: Actor, booking: Booking) -> BookingView:
    managed = can_manage(actor=actor, booking=booking)
    return BookingView(
        booking=booking,
        slot=booking.slot,
        managed=managed,
        notes=booking.counsellor_notes if managed else "",
        cancelled_by_provider=booking.slot.cancelled_at is not None,
    )


def bookings_mine(*, actor: Actor) -> QuerySet[Booking]:
    """The appointments the actor booked for others, soonest first."""
    guard_booker(actor)
    return (
        Booking.objects.select_related("slot", "slot__organisation")
        .filter(booked_by=actor.user)
        .order_by("slot__starts_at", "id")
    )


def bookings_of_person(*, actor: Actor, public_id: str) -> QuerySet[Booking]:
    """A person's appointments, for their caseworker (the read of the record is
    audited by people.selectors.person_get)."""
    guard_booker(actor)
    person = people_selectors.person_get(actor=actor, public_id=public_id, purpose=PURPOSE)
    return (
        Booking.objects.select_related("slot", "slot__organisation")
        .filter(person=person)
        .order_by("slot__starts_at", "id")
    )


def person_for_booking(*, actor: Actor, public_id: str) -> Person:
    """The record a caseworker books for (audited read, checked)."""
    guard_booker(actor)
    return people_selectors.person_get(actor=actor, public_id=public_id, purpose=PURPOSE)


def person_bookings(*, person: Person) -> QuerySet[Booking]:
    """A person's appointments, soonest first, for a caller that has checked the
    access already (the portal: the person's own account; the booking pages:
    person_for_booking)."""
    return (
        Booking.objects.select_related("slot", "slot__organisation")
        .filter(person=person)
        .order_by("slot__starts_at", "id")
    )
