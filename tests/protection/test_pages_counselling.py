# ruff: noqa: F811  (fixtures imported from test_counselling are used as arguments)
"""The legal-counselling pages (R22): the provider's agenda, slots and outcome;
bookers finding a free time and booking it for a person or someone without a
record; and everyone else kept out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from integra.protection.models import Booking, BookingStatus, Slot
from tests.protection.test_counselling import (  # noqa: F401  (fixtures)
    NOTES,
    book_for,
    desk,
    lawyer,
    other_lawyer,
    other_provider,
    provider,
    publish,
    rustam,
)

pytestmark = pytest.mark.django_db


def _local(days: int) -> str:
    return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT10:00")


def test_the_provider_publishes_slots_from_the_page(client_for, lawyer, desk):
    client = client_for(desk)
    form = client.get("/legal-help/slots/new/")
    assert form.status_code == 200
    assert b"Lawyer" in form.content
    response = client.post(
        "/legal-help/slots/new/",
        {
            "provider": "legal-aid",
            "counsellor": "lawyer",
            "starts_at": _local(3),
            "minutes": "45",
            "mode": "in_person",
            "place": "Str. Bucuriei 1",
            "languages": "ro, uk; ar",
            "weeks": "3",
        },
    )
    assert response.status_code == 302
    assert Slot.objects.count() == 3
    assert Slot.objects.first().languages == ["ro", "uk", "ar"]
    agenda = client.get("/legal-help/")
    assert agenda.status_code == 200
    assert agenda.content.count(b'id="slot-') == 3


def test_a_bad_slot_is_shown_again_with_the_errors(client_for, lawyer):
    response = client_for(lawyer).post(
        "/legal-help/slots/new/",
        {
            "provider": "legal-aid",
            "counsellor": "lawyer",
            "starts_at": _local(2),
            "minutes": "45",
            "mode": "in_person",
            "place": "",
            "languages": "xx",
            "weeks": "1",
        },
    )
    assert response.status_code == 200
    assert b"Say where the person should come." in response.content
    assert b"ISO 639-1" in response.content
    assert not Slot.objects.exists()


def test_the_agenda_is_empty_before_any_slot(client_for, lawyer):
    response = client_for(lawyer).get("/legal-help/")
    assert response.status_code == 200
    assert b'class="empty"' in response.content


def test_a_caseworker_books_from_the_persons_record(client_for, lawyer, people, rustam):
    (uk,) = publish(lawyer, languages=("uk",))
    (ro,) = publish(lawyer, days=4, languages=("ro",))
    client = client_for(people["caseworker"])
    record = client.get(f"/people/{rustam.public_id}/")
    assert f"/legal-help/find/?person={rustam.public_id}".encode() in record.content
    found = client.get(f"/legal-help/find/?person={rustam.public_id}")
    assert found.status_code == 200
    # His first language (Ukrainian) is proposed: only the Ukrainian slot shows.
    assert f'id="slot-{uk.pk}"'.encode() in found.content
    assert f'id="slot-{ro.pk}"'.encode() not in found.content
    page = client.get(f"/legal-help/slots/{uk.pk}/book/?person={rustam.public_id}")
    assert page.status_code == 200
    booked = client.post(
        f"/legal-help/slots/{uk.pk}/book/",
        {"person": rustam.public_id, "language": "uk", "topic": "work", "question": "Wages"},
    )
    assert booked.status_code == 302
    booking = Booking.objects.get()
    assert booked["Location"] == f"/legal-help/{booking.public_id}/"
    assert booking.person == rustam
    detail = client.get(booked["Location"])
    assert detail.status_code == 200
    assert b"Str. Bucuriei" in detail.content
    assert b"Counsellor&#x27;s notes" not in detail.content


def test_an_ngo_books_for_someone_without_a_record(client_for, lawyer, people):
    (slot,) = publish(lawyer)
    client = client_for(people["partner"])
    refused = client.post(f"/legal-help/slots/{slot.pk}/book/", {"language": "uk", "topic": "work"})
    assert refused.status_code == 200
    assert b"This field is required." in refused.content
    booked = client.post(
        f"/legal-help/slots/{slot.pk}/book/",
        {"language": "uk", "topic": "work", "name": "Olena", "contact": "+37369000222"},
    )
    assert booked.status_code == 302
    gone = client.get(f"/legal-help/slots/{slot.pk}/book/")
    assert gone.status_code == 404
    public_id = Booking.objects.get().public_id
    cancelled = client.post(f"/legal-help/{public_id}/cancel/")
    assert cancelled.status_code == 302
    assert Booking.objects.get().status == BookingStatus.CANCELLED


def test_the_provider_records_the_outcome_and_only_it_reads_the_notes(
    client_for, lawyer, desk, people
):
    (slot,) = publish(lawyer)
    booking = book_for(people["partner"], slot)
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    client = client_for(lawyer)
    bad = client.post(f"/legal-help/{booking.public_id}/outcome/", {"outcome-notes": "x"})
    assert bad.status_code == 200
    assert b"This field is required." in bad.content
    done = client.post(
        f"/legal-help/{booking.public_id}/outcome/",
        {"outcome-status": "attended", "outcome-notes": NOTES},
    )
    assert done.status_code == 302
    assert NOTES.encode() in client_for(desk).get(f"/legal-help/{booking.public_id}/").content
    booker = client_for(people["partner"]).get(f"/legal-help/{booking.public_id}/")
    assert booker.status_code == 200
    assert NOTES.encode() not in booker.content
    assert b"passport" not in booker.content


def test_the_provider_cancels_a_booked_slot(client_for, lawyer, people):
    (slot,) = publish(lawyer)
    booking = book_for(people["partner"], slot)
    client = client_for(lawyer)
    assert client.get(f"/legal-help/slots/{slot.pk}/").status_code == 200
    response = client.post(f"/legal-help/slots/{slot.pk}/cancel/")
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    again = client.post(f"/legal-help/slots/{slot.pk}/cancel/", follow=True)
    assert b"cancelled already" in again.content


def test_another_provider_and_other_roles_are_kept_out(client_for, lawyer, other_lawyer, people):
    (slot,) = publish(lawyer)
    booking = book_for(people["partner"], slot)
    other = client_for(other_lawyer)
    assert other.get(f"/legal-help/slots/{slot.pk}/").status_code == 404
    assert other.get(f"/legal-help/{booking.public_id}/").status_code == 404
    for persona in ("coordinator", "analyst", "teacher", "inspector"):
        client = client_for(people[persona])
        assert client.get("/legal-help/").status_code == 403
        assert client.get("/legal-help/find/").status_code == 403
        assert client.get(f"/legal-help/{booking.public_id}/").status_code == 404
