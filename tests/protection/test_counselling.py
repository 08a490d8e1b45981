"""Legal counselling (R22): the services and selectors, and the fixtures the other
counselling tests import.

On top of the suite's personas (tests/conftest.py), a legal-aid provider with
its lawyer (an inspector's seat, the counsellor) and a coordinator of
appointments (a partner's seat there); a second provider with its own lawyer;
and Rustam, a person of centre A who speaks Ukrainian (his first language, in
the registry as ``ukr``) and Russian.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from integra.core import access
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.people.models import Language, Person, Responsibility
from integra.protection.models import Booking, BookingStatus, Slot
from integra.protection.selectors import counselling as selectors
from integra.protection.services import counselling as services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOTES = "Employer withholds the passport; advised to lodge a complaint."


# --- Fixtures (imported by the other counselling tests) ----------------------------------------


@pytest.fixture
def provider(orgs) -> Organisation:
    return Organisation.objects.create(
        code="legal-aid",
        name="Law Center of Advocates",
        kind=OrganisationKind.LEGAL_AID,
        level=Level.NATIONAL,
        country="MD",
    )


@pytest.fixture
def other_provider(orgs) -> Organisation:
    return Organisation.objects.create(
        code="legal-aid-2",
        name="Legal Clinic North",
        kind=OrganisationKind.LEGAL_AID,
        level=Level.LOCAL,
        country="MD",
    )


@pytest.fixture
def lawyer(provider) -> User:
    return make_user("lawyer", provider, Role.INSPECTOR)


@pytest.fixture
def desk(provider) -> User:
    """The provider's partner agent, who keeps the agenda."""
    return make_user("desk", provider, Role.PARTNER)


@pytest.fixture
def other_lawyer(other_provider) -> User:
    return make_user("other_lawyer", other_provider, Role.INSPECTOR)


@pytest.fixture
def rustam(orgs) -> Person:
    person = Person.objects.create(
        given_name="Рустам",
        family_name="Муратов",
        given_name_latin="Rustam",
        family_name_latin="Muratov",
        sex="male",
        phone="+37369000111",
    )
    Responsibility.objects.create(person=person, organisation=orgs["a"], since=timezone.now())
    Language.objects.create(person=person, code="rus", declared_level="B2")
    Language.objects.create(person=person, code="ukr", declared_level="native")
    return person


def actor(user: User) -> access.Actor:
    return access.actor_for(user)


def publish(
    user: User,
    *,
    days: float = 2,
    languages: tuple[str, ...] = ("ro", "uk"),
    mode: str = "in_person",
    weeks: int = 1,
    counsellor: str = "lawyer",
    now=None,
) -> list[Slot]:
    return services.slot_publish(
        actor=actor(user),
        data=services.SlotData(
            starts_at=timezone.now() + timedelta(days=days),
            counsellor=counsellor,
            mode=mode,
            languages=languages,
            place="Str. Bucuriei 1, room 2" if mode == "in_person" else "",
            weeks=weeks,
        ),
        now=now,
    )


def book_for(user: User, slot: Slot, *, person: str = "", language: str = "uk") -> Booking:
    return services.booking_create(
        actor=actor(user),
        slot=slot,
        data=services.BookingData(
            language=language,
            topic="work",
            question="My employer keeps my passport.",
            name="" if person else "Olena Kovalenko",
            contact="" if person else "+37369000222",
            person=person,
        ),
    )


# --- Slots --------------------------------------------------------------------------------------


def test_the_provider_publishes_a_weekly_series(lawyer, desk):
    slots = publish(desk, weeks=3)
    assert len(slots) == 3
    assert [s.starts_at - slots[0].starts_at for s in slots] == [
        timedelta(0),
        timedelta(weeks=1),
        timedelta(weeks=2),
    ]
    assert all(s.counsellor == lawyer and s.languages == ["ro", "uk"] for s in slots)
    assert AuditEntry.objects.filter(action="counselling.slot.publish").count() == 3


def test_publishing_refuses_bad_slots_with_clear_messages(lawyer):
    with pytest.raises(ValidationFailed) as refused:
        services.slot_publish(
            actor=actor(lawyer),
            data=services.SlotData(
                starts_at=timezone.now() - timedelta(hours=1),
                counsellor="nobody",
                mode="in_person",
                languages=("xx", "klingon"),
                minutes=5,
                place="",
                weeks=0,
            ),
        )
    errors = refused.value.field_errors
    assert set(errors) == {"starts_at", "counsellor", "minutes", "place", "weeks", "languages"}
    assert "klingon" in errors["languages"][0]
    with pytest.raises(ValidationFailed) as none:
        services.slot_publish(
            actor=actor(lawyer),
            data=services.SlotData(
                starts_at=timezone.now() + timedelta(days=1),
                counsellor="lawyer",
                mode="phone",
                languages=(),
            ),
        )
    assert "at least one language" in none.value.field_errors["languages"][0]
    assert not Slot.objects.exists()


def test_a_place_is_needed_in_person_only(lawyer):
    (slot,) = publish(lawyer, mode="phone")
    assert slot.place == ""


def test_a_counsellor_is_not_in_two_places_at_once(lawyer):
    publish(lawyer, days=8)
    with pytest.raises(ValidationFailed) as clash:
        publish(lawyer, days=1, weeks=2)  # the second week clashes
    assert "another slot" in clash.value.field_errors["starts_at"][0]
    assert Slot.objects.count() == 1


def test_the_counsellor_must_work_for_the_provider(lawyer, other_lawyer):
    with pytest.raises(ValidationFailed) as refused:
        publish(lawyer, counsellor="other_lawyer")
    assert "counsellor" in refused.value.field_errors


@pytest.mark.parametrize("persona", ["caseworker", "coordinator", "analyst", "partner", "admin"])
def test_only_the_providers_staff_publish(persona, people, provider):
    with pytest.raises(PermissionDenied):
        publish(people[persona])


def test_a_firewalled_role_at_the_provider_gets_nothing(provider, orgs):
    """A caseworker who also holds a seat at the provider: the firewall wins."""
    both = make_user("both", provider, Role.INSPECTOR)
    from integra.core.models import Membership

    Membership.objects.create(user=both, organisation=orgs["a"], role=Role.CASEWORKER)
    assert not access.gives_counselling(actor(both))
    with pytest.raises(PermissionDenied):
        publish(both, counsellor="both")


def test_cancelling_a_slot_cancels_its_booking(lawyer, people):
    (slot,) = publish(lawyer)
    booking = book_for(people["partner"], slot)
    services.slot_cancel(actor=actor(lawyer), slot=slot)
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert slot.cancelled_at is not None
    assert booking.status == BookingStatus.CANCELLED
    assert selectors.booking_view(
        actor=actor(people["partner"]), booking=booking
    ).cancelled_by_provider
    assert AuditEntry.objects.filter(
        action="counselling.booking.cancel", object_id=booking.public_id
    ).exists()
    with pytest.raises(Conflict):
        services.slot_cancel(actor=actor(lawyer), slot=slot)


def test_another_provider_cannot_cancel_a_slot(lawyer, other_lawyer):
    (slot,) = publish(lawyer)
    with pytest.raises(NotFound):
        services.slot_cancel(actor=actor(other_lawyer), slot=slot)
    with pytest.raises(NotFound):
        selectors.slot_managed(actor=actor(other_lawyer), slot_id=slot.pk)


# --- Finding free slots -------------------------------------------------------------------------


def test_free_slots_filter_by_language_provider_mode_and_date(lawyer, other_lawyer, people):
    (uk,) = publish(lawyer, days=1, languages=("uk", "ru"))
    (ar,) = publish(lawyer, days=3, languages=("ar",), mode="phone")
    (other,) = publish(other_lawyer, days=2, languages=("uk",), counsellor="other_lawyer")
    (taken,) = publish(lawyer, days=5, languages=("uk",))
    (cancelled,) = publish(lawyer, days=6, languages=("uk",))
    book_for(people["partner"], taken)
    services.slot_cancel(actor=actor(lawyer), slot=cancelled)

    def ids(**filters: object) -> list[int]:
        found = selectors.free_slots(filters=selectors.SlotFilters(**filters))  # type: ignore[arg-type]
        return [s.pk for s in found]

    assert ids() == [uk.pk, other.pk, ar.pk]
    assert ids(language="uk") == [uk.pk, other.pk]
    assert ids(language="ar") == [ar.pk]
    assert ids(language="u") == []  # a code, not a substring
    assert ids(provider="legal-aid-2") == [other.pk]
    assert ids(mode="phone") == [ar.pk]
    day = timezone.localdate(timezone.now() + timedelta(days=2))
    assert ids(date_from=day, date_to=day) == [other.pk]


def test_a_past_slot_is_not_free(lawyer):
    (slot,) = publish(lawyer)
    later = slot.starts_at + timedelta(minutes=1)
    assert not selectors.free_slots(filters=selectors.SlotFilters(), now=later).exists()


def test_the_persons_language_is_proposed_from_the_registry(rustam):
    assert selectors.proposed_language(person=rustam) == "uk"  # first language, ukr → uk
    Language.objects.filter(person=rustam, code="ukr").delete()
    assert selectors.proposed_language(person=rustam) == "ru"
    assert selectors.proposed_language(person=None, fallback="ar") == "ar"


def test_the_agenda_is_the_providers_own(lawyer, desk, other_lawyer):
    mine = publish(lawyer, weeks=2)
    publish(other_lawyer, counsellor="other_lawyer")
    assert list(selectors.agenda(actor=actor(desk))) == mine
    with pytest.raises(PermissionDenied):
        selectors.agenda(actor=actor(make_user("nobody")))


# --- Booking ------------------------------------------------------------------------------------


def test_a_caseworker_books_for_their_person(lawyer, people, rustam):
    (slot,) = publish(lawyer)
    booking = book_for(people["caseworker"], slot, person=rustam.public_id)
    assert booking.person == rustam
    assert booking.name == "Рустам Муратов"
    assert booking.contact == "+37369000111"
    assert booking.booked_by == people["caseworker"]
    entry = AuditEntry.objects.get(action="counselling.booking.create")
    assert entry.object_id == booking.public_id
    assert "Рустам" not in str(entry.data)
    assert "passport" not in str(entry.data)
    assert list(
        selectors.bookings_of_person(actor=actor(people["caseworker"]), public_id=rustam.public_id)
    ) == [booking]


def test_someone_elses_person_is_refused(lawyer, people, rustam, orgs):
    (slot,) = publish(lawyer)
    caseworker_b = make_user("caseworker_b", orgs["b"], Role.CASEWORKER)
    with pytest.raises(ValidationFailed) as refused:
        book_for(caseworker_b, slot, person=rustam.public_id)
    assert "person" in refused.value.field_errors
    with pytest.raises(ValidationFailed):
        book_for(people["partner"], slot, person=rustam.public_id)
    assert not Booking.objects.exists()


def test_an_ngo_books_without_a_record(lawyer, people):
    (slot,) = publish(lawyer)
    booking = book_for(people["partner"], slot)
    assert booking.person is None
    assert booking.name == "Olena Kovalenko"


@pytest.mark.parametrize("persona", ["coordinator", "analyst", "teacher", "inspector"])
def test_others_do_not_book(persona, lawyer, people):
    (slot,) = publish(lawyer)
    with pytest.raises(PermissionDenied):
        book_for(people[persona], slot)


def test_booking_refuses_what_cannot_be(lawyer, people):
    (slot,) = publish(lawyer, languages=("ro",))
    with pytest.raises(ValidationFailed) as wrong:
        book_for(people["partner"], slot, language="ar")
    assert "Romanian" in wrong.value.field_errors["language"][0]
    with pytest.raises(ValidationFailed) as blank:
        services.booking_create(
            actor=actor(people["partner"]),
            slot=slot,
            data=services.BookingData(language="ro", topic="nonsense"),
        )
    assert set(blank.value.field_errors) == {"topic", "name", "contact"}
    book_for(people["partner"], slot, language="ro")
    with pytest.raises(Conflict):
        book_for(people["partner"], slot, language="ro")
    assert Booking.objects.count() == 1


def test_a_past_or_cancelled_slot_cannot_be_booked(lawyer, people):
    (slot,) = publish(lawyer)
    with pytest.raises(Conflict):
        services.booking_create(
            actor=actor(people["partner"]),
            slot=slot,
            data=services.BookingData(language="uk", topic="work", name="A", contact="B"),
            now=slot.starts_at + timedelta(minutes=5),
        )
    services.slot_cancel(actor=actor(lawyer), slot=slot)
    with pytest.raises(Conflict):
        book_for(people["partner"], slot)


def test_the_database_keeps_one_live_booking_per_slot(lawyer, people):
    (slot,) = publish(lawyer)
    first = book_for(people["partner"], slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            slot=slot, language="uk", topic="work", name="X", contact="Y", booked_at=timezone.now()
        )
    services.booking_cancel(actor=actor(people["partner"]), booking=first)
    again = book_for(people["partner"], slot)  # a cancelled booking frees the slot
    assert again.pk != first.pk


def test_a_race_for_the_same_slot_is_a_clear_conflict(lawyer, people, monkeypatch):
    """Both saw the slot free; the database's constraint refuses the second."""
    (slot,) = publish(lawyer)
    book_for(people["partner"], slot)
    monkeypatch.setattr(selectors, "live_booking", lambda slot: None)
    with pytest.raises(Conflict) as raced:
        book_for(people["caseworker"], slot)
    assert "just booked" in raced.value.message


# --- Cancelling and the outcome -----------------------------------------------------------------


def test_the_booker_the_caseworker_and_the_provider_cancel(lawyer, people, rustam):
    (a, b, c) = publish(lawyer, weeks=3)
    by_partner = book_for(people["partner"], a)
    for_rustam = book_for(people["caseworker"], b, person=rustam.public_id)
    third = book_for(people["partner"], c)
    with pytest.raises(NotFound):
        services.booking_cancel(actor=actor(people["caseworker"]), booking=by_partner)
    services.booking_cancel(actor=actor(people["partner"]), booking=by_partner)
    services.booking_cancel(actor=actor(people["caseworker"]), booking=for_rustam)
    services.booking_cancel(actor=actor(lawyer), booking=third)
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    with pytest.raises(Conflict):
        services.booking_cancel(actor=actor(lawyer), booking=third)


def test_the_provider_records_the_outcome_with_private_notes(lawyer, desk, people):
    (slot,) = publish(lawyer)
    booking = book_for(people["partner"], slot)
    with pytest.raises(Conflict):  # not yet
        services.booking_outcome(actor=actor(lawyer), booking=booking, status="attended")
    after = slot.starts_at + timedelta(hours=1)
    with pytest.raises(ValidationFailed) as bad:
        services.booking_outcome(
            actor=actor(lawyer), booking=booking, status="cancelled", notes="<b>x</b>", now=after
        )
    assert set(bad.value.field_errors) == {"status", "notes"}
    with pytest.raises(PermissionDenied):
        services.booking_outcome(
            actor=actor(people["partner"]), booking=booking, status="attended", now=after
        )
    services.booking_outcome(
        actor=actor(lawyer), booking=booking, status="attended", notes=NOTES, now=after
    )
    booking.refresh_from_db()
    assert (booking.status, booking.counsellor_notes) == ("attended", NOTES)
    entry = AuditEntry.objects.get(action="counselling.booking.outcome")
    assert "passport" not in str(entry.data)
    # The agenda keeper at the provider reads the notes; the booker never.
    assert selectors.booking_view(actor=actor(desk), booking=booking).notes == NOTES
    assert selectors.booking_view(actor=actor(people["partner"]), booking=booking).notes == ""


def test_a_stranger_never_sees_a_booking(lawyer, people, other_lawyer):
    (slot,) = publish(lawyer)
    booking = book_for(people["partner"], slot)
    for user in (other_lawyer, people["caseworker"], people["coordinator"], people["analyst"]):
        with pytest.raises(NotFound):
            selectors.booking_get(actor=actor(user), public_id=booking.public_id)
