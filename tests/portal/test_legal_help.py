"""The migrant's legal counselling in the portal (/my/legal-help/, R22): free
times in my language, booking one, seeing and cancelling my appointments; never
another person's, never the counsellor's notes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.models import Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.people.models import Language
from integra.protection.models import Booking, BookingStatus
from integra.protection.services import counselling as services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOTES = "Advised on the deposit; will write to the landlord."


@pytest.fixture
def counsellor(orgs) -> User:
    legal_aid = Organisation.objects.create(
        code="legal-aid",
        name="Law Center of Advocates",
        kind=OrganisationKind.LEGAL_AID,
        level=Level.NATIONAL,
        country="MD",
    )
    return make_user("lawyer", legal_aid, Role.INSPECTOR)


def _publish(counsellor: User, languages: tuple[str, ...], days: int = 2):
    (slot,) = services.slot_publish(
        actor=access.actor_for(counsellor),
        data=services.SlotData(
            starts_at=timezone.now() + timedelta(days=days),
            counsellor="lawyer",
            mode="in_person",
            place="Str. Bucuriei 1",
            languages=languages,
        ),
    )
    return slot


def test_free_times_in_my_language_are_shown_first(me, amina, counsellor):
    Language.objects.create(person=amina, code="ara", declared_level="native")
    arabic = _publish(counsellor, ("ar", "en"))
    romanian = _publish(counsellor, ("ro",), days=3)
    page = me.get("/my/legal-help/")
    assert page.status_code == 200
    assert f'id="slot-{arabic.pk}"'.encode() in page.content
    assert f'id="slot-{romanian.pk}"'.encode() not in page.content
    everything = me.get("/my/legal-help/?language=")
    assert f'id="slot-{romanian.pk}"'.encode() in everything.content


def test_i_book_and_cancel_my_appointment(me, amina, counsellor):
    slot = _publish(counsellor, ("ar",))
    booked = me.post(
        "/my/legal-help/",
        {"slot": slot.pk, "language": "ar", "topic": "housing", "question": "Deposit"},
    )
    assert booked.status_code == 302
    booking = Booking.objects.get()
    assert booking.person == amina
    assert booking.booked_by == amina.portal_account.user
    assert booking.name == "Amina Haddad"
    assert booking.contact  # her phone or e-mail from the record
    page = me.get("/my/legal-help/")
    assert booking.public_id.encode() in page.content
    assert f'id="slot-{slot.pk}"'.encode() not in page.content  # taken
    Booking.objects.filter(pk=booking.pk).update(counsellor_notes=NOTES)
    assert NOTES.encode() not in me.get("/my/legal-help/").content
    cancelled = me.post("/my/legal-help/", {"cancel": booking.public_id})
    assert cancelled.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_a_bad_booking_shows_the_errors(me, counsellor):
    slot = _publish(counsellor, ("ar",))
    response = me.post("/my/legal-help/", {"slot": slot.pk, "language": "ro", "topic": ""})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    gone = me.post("/my/legal-help/", {"slot": "99999999999999999999", "language": "ar"})
    assert gone.status_code == 302
    assert not Booking.objects.exists()


def test_i_see_when_the_provider_cancels(me, amina, counsellor):
    slot = _publish(counsellor, ("ar",))
    me.post("/my/legal-help/", {"slot": slot.pk, "language": "ar", "topic": "work"})
    services.slot_cancel(actor=access.actor_for(counsellor), slot=slot)
    page = me.get("/my/legal-help/")
    assert b"cancelled by the organisation" in page.content


def test_nobody_else_cancels_or_sees_my_appointment(me, amina, rustam, counsellor):
    from tests.portal.test_access import _client_of

    slot = _publish(counsellor, ("ar",))
    me.post("/my/legal-help/", {"slot": slot.pk, "language": "ar", "topic": "work"})
    booking = Booking.objects.get()
    his = _client_of(rustam.portal_account.user)
    page = his.get("/my/legal-help/")
    assert booking.public_id.encode() not in page.content
    assert b"Amina" not in page.content
    his.post("/my/legal-help/", {"cancel": booking.public_id})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_the_home_page_links_to_legal_help(me):
    assert b"/my/legal-help/" in me.get("/my/").content
