"""The demo's legal counselling: slots over three weeks at the Law Center in
ro/ru/uk/ar/en, some booked, one held with notes; loaded once; the portal's demo
migrant books for herself once her account is there."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from integra.core import demo as core_demo
from integra.core.models import Organisation, User
from integra.people.models import Person
from integra.portal.models import Account
from integra.protection import demo_counselling as demo
from integra.protection.models import Booking, Slot


def test_the_demo_counselling_loads_once(db):
    core_demo.load()

    first = demo.load()
    again = demo.load()

    assert first.startswith("Counselling: 15 slots at"), first
    assert again == "Counselling: already loaded."
    slots = Slot.objects.filter(organisation__code="legal-aid")
    languages = {code for slot in slots for code in slot.languages}
    assert languages == {"ro", "ru", "uk", "ar", "en"}
    future = slots.filter(starts_at__gt=timezone.now())
    assert future.count() == 15
    assert max(s.starts_at for s in future) < timezone.now() + timedelta(days=22)
    assert {s.counsellor.username for s in slots} == {"partner-legal"}
    assert Booking.objects.filter(status="booked").count() == 2
    held = Booking.objects.get(status="attended")
    assert held.counsellor_notes


def test_the_demo_migrant_books_once_her_account_is_there(db):
    core_demo.load()
    demo.load()
    user = User.objects.create_user(demo.MIGRANT, portal_only=True)
    person = Person.objects.create(
        given_name="Oksana", family_name="Melnyk", sex="female", email="oksana@example.org"
    )
    Account.objects.create(
        user=user,
        person=person,
        invited_by=Organisation.objects.filter(kind="integration_centre").first(),
        invited_at=timezone.now(),
        activated_at=timezone.now(),
    )

    added = demo.load()
    again = demo.load()

    assert added.endswith("the demo migrant's appointment added."), added
    assert again == "Counselling: already loaded."
    booking = Booking.objects.get(person=person)
    assert booking.booked_by == user
    assert booking.status == "booked"
