"""Demo legal counselling (R22) at the Law Center of Advocates ("legal-aid"), made
through the services.

Its lawyer Natalia Grosu (``partner-legal``, an inspector's seat there, as in the
complaints demo) counsels in Romanian, Russian, Ukrainian, Arabic and English:
five weekly slots over the next three weeks, in person, by phone and by video.
Some are booked: by the refugee NGO for a worker without a record, by a
caseworker for someone new to the centre, and by the portal's demo
migrant ("migrant") for herself. One appointment last week was held, with the
counsellor's notes that only the Law Center reads.

Loaded once, after the other apps' loaders (registered ``late``), so the
portal's demo migrant is there; should her account be missing, her booking is
added on the first run that finds it, and never twice.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from integra.core import demo
from integra.core.access import actor_for
from integra.core.models import Organisation, User
from integra.core.roles import Role
from integra.protection.demo_complaints import LAWYER, LEGAL_AID
from integra.protection.models import Booking, Slot
from integra.protection.services import counselling as services

OFFICE = "Law Center of Advocates, str. Sfatul Țării 27, office 4, Chișinău"
# (days from today of the first one, hour, mode, languages): each weekly for three weeks.
SERIES = [
    (1, 10, "in_person", ("ro", "ru")),
    (1, 15, "video", ("uk", "ru")),
    (2, 11, "phone", ("ar", "en")),
    (3, 14, "in_person", ("en", "ro")),
    (4, 10, "in_person", ("uk",)),
]
MIGRANT = "migrant"


def _at(days: int, hour: int, now: datetime) -> datetime:
    day = timezone.localdate(now) + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _publish(lawyer: User, now: datetime) -> list[Slot]:
    slots: list[Slot] = []
    for days, hour, mode, languages in SERIES:
        slots += services.slot_publish(
            actor=actor_for(lawyer),
            data=services.SlotData(
                starts_at=_at(days, hour, now),
                counsellor=LAWYER[0],
                mode=mode,
                place=OFFICE if mode == "in_person" else "",
                languages=languages,
                weeks=3,
                provider=LEGAL_AID,
            ),
            now=now,
        )
    return sorted(slots, key=lambda s: (s.starts_at, s.pk))


def _free(slots: list[Slot], language: str) -> Slot | None:
    taken = set(Booking.objects.exclude(status="cancelled").values_list("slot_id", flat=True))
    return next((s for s in slots if language in s.languages and s.pk not in taken), None)


def _book_others(slots: list[Slot], lawyer: User, now: datetime) -> int:
    booked = 0
    partner = User.objects.filter(username="partner").first()
    slot = _free(slots, "uk")
    if partner is not None and slot is not None:
        services.booking_create(
            actor=actor_for(partner),
            slot=slot,
            data=services.BookingData(
                language="uk",
                topic="work",
                question="Three months of wages unpaid on a building site.",
                name="Olena Kovalenko",
                contact="+373 69 000 222",
            ),
            now=now,
        )
        booked += 1
    caseworker = User.objects.filter(username="caseworker").first()
    slot = _free(slots, "ru")
    if caseworker is not None and slot is not None:
        services.booking_create(
            actor=actor_for(caseworker),
            slot=slot,
            data=services.BookingData(
                language="ru",
                topic="residence",
                question="Renewal of the residence permit after a change of employer.",
                name="Ivan Petrenko",
                contact="+373 69 000 333",
            ),
            now=now,
        )
        booked += 1
    # Last week: an appointment held, with the notes only the Law Center reads.
    (past,) = services.slot_publish(
        actor=actor_for(lawyer),
        data=services.SlotData(
            starts_at=_at(-6, 10, now),
            counsellor=LAWYER[0],
            mode="phone",
            languages=("ar", "en"),
            provider=LEGAL_AID,
        ),
        now=now - timedelta(days=10),
    )
    held = services.booking_create(
        actor=actor_for(lawyer),
        slot=past,
        data=services.BookingData(
            language="ar",
            topic="discrimination",
            question="Refused a flat because of my nationality.",
            name="Samira Haddad",
            contact="+373 69 000 444",
        ),
        now=now - timedelta(days=8),
    )
    services.booking_outcome(
        actor=actor_for(lawyer),
        booking=held,
        status="attended",
        notes="Advised on the equality body; will help draft the complaint next week.",
        now=_at(-6, 12, now),
    )
    return booked + 1


def _book_for_the_migrant(slots: list[Slot], now: datetime) -> bool:
    """The portal's demo migrant books for herself, once, if her account is there."""
    account_model = apps.get_model("portal", "Account")  # the portal's table, by name
    account = (
        account_model.objects.select_related("person", "user")
        .filter(user__username=MIGRANT, disabled_at__isnull=True)
        .first()
    )
    if account is None or Booking.objects.filter(person=account.person).exists():
        return False
    language = "uk" if account.user.preferred_language == "uk" else "ro"
    slot = _free([s for s in slots if s.starts_at > now], language)
    if slot is None:
        return False
    services.booking_create_own(
        actor=actor_for(account.user),
        person=account.person,
        account_user_id=account.user_id,
        slot=slot,
        data=services.BookingData(
            language=language,
            topic="family",
            question="Can my children join me while I am under temporary protection?",
        ),
        now=now,
    )
    return True


@transaction.atomic
def load() -> str:
    legal_aid = Organisation.objects.filter(code=LEGAL_AID).first()
    if legal_aid is None:
        return "Counselling: no legal-aid organisation (the services demo loads it)."
    demo.staff_accounts([LAWYER], Role.INSPECTOR)
    lawyer = User.objects.get(username=LAWYER[0])
    now = timezone.now()
    existing = list(Slot.objects.filter(organisation=legal_aid).order_by("starts_at", "pk"))
    if existing:
        if _book_for_the_migrant(existing, now):
            return "Counselling: already loaded; the demo migrant's appointment added."
        return "Counselling: already loaded."
    slots = _publish(lawyer, now)
    booked = _book_others(slots, lawyer, now)
    migrant = _book_for_the_migrant(slots, now)
    return (
        f"Counselling: {len(slots)} slots at {legal_aid.name} over three weeks in "
        f"ro/ru/uk/ar/en with 'partner-legal', {booked + int(migrant)} booked"
        f"{' (one by the portal migrant)' if migrant else ''}; agenda at /legal-help/."
    )
