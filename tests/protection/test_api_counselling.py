# ruff: noqa: F811  (fixtures imported from test_counselling are used as arguments)
"""The legal-counselling API (R22): the provider publishes and cancels slots and
records the outcome; bookers find free slots and book them; the booker's answer
never carries the counsellor's notes; bad input is a clear problem, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from integra.protection.models import Booking, Slot
from tests.protection.test_counselling import (  # noqa: F401  (fixtures)
    NOTES,
    desk,
    lawyer,
    other_lawyer,
    other_provider,
    provider,
    publish,
    rustam,
)

pytestmark = pytest.mark.django_db


def _fields(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def _later(days: float = 2) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


def test_the_provider_publishes_and_cancels_slots(api_for, lawyer, desk):
    api = api_for(desk)
    created = api.post(
        "/api/v1/counselling/slots",
        {
            "starts_at": _later(),
            "counsellor": "lawyer",
            "mode": "video",
            "languages": ["UK", "ar"],
            "weeks": 2,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert [s["languages"] for s in body] == [["uk", "ar"], ["uk", "ar"]]
    assert body[0]["provider"] == "legal-aid"
    assert body[0]["counsellor"] == "Lawyer"
    agenda = api.get("/api/v1/counselling/agenda")
    assert [s["id"] for s in agenda.json()["results"]] == [s["id"] for s in body]
    cancelled = api.post(f"/api/v1/counselling/slots/{body[0]['id']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["cancelled_at"] is not None
    again = api.post(f"/api/v1/counselling/slots/{body[0]['id']}/cancel")
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"


def test_bad_slots_are_clear_problems(api_for, lawyer):
    api = api_for(lawyer)
    response = api.post(
        "/api/v1/counselling/slots",
        {"starts_at": _later(), "counsellor": "lawyer", "mode": "in_person", "languages": ["zz"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert _fields(response) >= {"place", "languages"}
    naive = api.post(
        "/api/v1/counselling/slots",
        {
            "starts_at": "2099-01-01T10:00:00",
            "counsellor": "lawyer",
            "mode": "phone",
            "languages": ["ro"],
            "minutes": 9999,
        },
        content_type="application/json",
    )
    assert naive.status_code == 422
    assert _fields(naive) >= {"minutes", "starts_at"}
    assert not Slot.objects.exists()


def test_a_caseworker_finds_books_and_follows_without_notes(api_for, lawyer, people, rustam):
    (slot, other) = publish(lawyer, weeks=2, languages=("uk",))
    publish(lawyer, days=30, languages=("ar",))
    api = api_for(people["caseworker"])
    free = api.get("/api/v1/counselling/slots?language=uk")
    assert [s["id"] for s in free.json()["results"]] == [slot.pk, other.pk]
    booked = api.post(
        "/api/v1/counselling/bookings",
        {"slot": slot.pk, "language": "uk", "topic": "work", "person": rustam.public_id},
        content_type="application/json",
    )
    assert booked.status_code == 201, booked.content
    booking = booked.json()
    assert booking["person"] == rustam.public_id
    assert booking["slot"]["id"] == slot.pk
    assert "counsellor_notes" not in booking
    public_id = booking["public_id"]
    taken = api.post(
        "/api/v1/counselling/bookings",
        {"slot": slot.pk, "language": "uk", "topic": "work", "person": rustam.public_id},
        content_type="application/json",
    )
    assert taken.status_code == 404  # no longer free
    # The provider records the outcome with notes; the caseworker still sees none.
    Booking.objects.filter(public_id=public_id).update(counsellor_notes=NOTES)
    mine = api.get("/api/v1/counselling/bookings")
    assert [b["public_id"] for b in mine.json()["results"]] == [public_id]
    theirs = api.get(f"/api/v1/counselling/bookings?person={rustam.public_id}")
    assert [b["public_id"] for b in theirs.json()["results"]] == [public_id]
    one = api.get(f"/api/v1/counselling/bookings/{public_id}")
    for answer in (mine.content, theirs.content, one.content):
        assert b"passport" not in answer
        assert b"counsellor_notes" not in answer
        assert b"My employer" not in answer
    outcome = api.post(
        f"/api/v1/counselling/bookings/{public_id}/outcome",
        {"status": "attended"},
        content_type="application/json",
    )
    assert outcome.status_code == 403
    cancelled = api.post(f"/api/v1/counselling/bookings/{public_id}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"


def test_the_provider_records_the_outcome(api_for, lawyer, people):
    (slot,) = publish(lawyer)
    booked = api_for(people["partner"]).post(
        "/api/v1/counselling/bookings",
        {
            "slot": slot.pk,
            "language": "uk",
            "topic": "housing",
            "name": "Olena",
            "contact": "+37369000222",
            "question": "The landlord keeps the deposit.",
        },
        content_type="application/json",
    )
    assert booked.status_code == 201, booked.content
    public_id = booked.json()["public_id"]
    api = api_for(lawyer)
    early = api.post(
        f"/api/v1/counselling/bookings/{public_id}/outcome",
        {"status": "missed"},
        content_type="application/json",
    )
    assert early.status_code == 409
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    done = api.post(
        f"/api/v1/counselling/bookings/{public_id}/outcome",
        {"status": "attended", "notes": NOTES},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert done.json()["counsellor_notes"] == NOTES
    seen = api.get(f"/api/v1/counselling/bookings/{public_id}").json()
    assert seen["question"] == "The landlord keeps the deposit."
    assert seen["counsellor_notes"] == NOTES
    bad = api.post(
        f"/api/v1/counselling/bookings/{public_id}/outcome",
        {"status": "booked"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "status" in _fields(bad)


def test_booking_bad_input_is_a_clear_problem(api_for, lawyer, people):
    (slot,) = publish(lawyer, languages=("ro",))
    api = api_for(people["partner"])
    wrong_language = api.post(
        "/api/v1/counselling/bookings",
        {"slot": slot.pk, "language": "ar", "topic": "work", "name": "A", "contact": "B"},
        content_type="application/json",
    )
    assert wrong_language.status_code == 422
    assert "language" in _fields(wrong_language)
    no_contact = api.post(
        "/api/v1/counselling/bookings",
        {"slot": slot.pk, "language": "ro", "topic": "work"},
        content_type="application/json",
    )
    assert no_contact.status_code == 422
    assert _fields(no_contact) == {"name", "contact"}
    huge = api.post(
        "/api/v1/counselling/bookings",
        {"slot": 2**64, "language": "ro", "topic": "work"},
        content_type="application/json",
    )
    assert huge.status_code == 422
    forged = api.get("/api/v1/counselling/slots?language=%00")
    assert forged.status_code == 422
    assert not Booking.objects.exists()


def test_others_may_not_book_or_keep_an_agenda(api_for, lawyer, people):
    (slot,) = publish(lawyer)
    for persona in ("coordinator", "analyst", "teacher", "inspector"):
        api = api_for(people[persona])
        assert api.get("/api/v1/counselling/slots").status_code == 403
        assert api.get("/api/v1/counselling/agenda").status_code == 403
        assert api.post(f"/api/v1/counselling/slots/{slot.pk}/cancel").status_code == 404
