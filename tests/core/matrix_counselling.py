"""The counselling rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order (see
tests/core/matrix_complaints.py for the conventions).

Legal counselling (R22, behind the firewall): the provider is a legal-aid
organisation of its own (``legal-aid-q``) where no persona holds a seat, so its
agenda, slots and the outcome (with the counsellor's notes) answer 403 on the
lists and 404 on an object to everyone here (the providers' own staff are tested
in tests/protection/test_*counselling*.py). Each target has a free slot and a
booked one: centre-a's booking is the caseworker's, for their person; centre-b's
was booked by a caseworker of centre B for theirs. Bookers are the caseworker
and the NGO's partner agent; a booking is seen by its booker and the person's
caseworker, and its outcome is the provider's (its booker is told so: 403).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from integra.core import access
from integra.core.models import Membership, Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.protection.services import counselling as services

BOOKERS = {"caseworker", "partner"}


def _bookers(ok: int) -> Any:
    return lambda c: ok if c.persona in BOOKERS else 403


def _own_booking(ok: int, *, booker: int | None = None) -> Any:
    """Centre-a's booking is the caseworker's; nobody here sees centre-b's."""

    def expect(case: Any) -> int:
        if case.persona == "caseworker" and case.target == "centre-a":
            return ok if booker is None else booker
        return 404

    return expect


def _for_person(ok: int) -> Any:
    """A person of case.target: the caseworker of centre A books for A's people;
    the NGO may not name a record (422 / 404); everyone else may not book (403)."""

    def expect(case: Any) -> int:
        if case.persona == "caseworker":
            return ok if case.target == "centre-a" else ok_else(ok)
        if case.persona == "partner":
            return 422 if ok == 201 else 404
        return 403

    def ok_else(ok: int) -> int:
        return 422 if ok == 201 else 403

    return expect


def _booking(suffix: str = "", *, api: bool) -> Any:
    def url(case: Any, objects: dict[str, object]) -> str:
        public_id = objects["counselling_booking_" + case.target]
        if api:
            return f"/api/v1/counselling/bookings/{public_id}{suffix}"
        return f"/legal-help/{public_id}/{suffix}"

    return url


def _slot(suffix: str = "", *, api: bool, key: str = "counselling_slot_") -> Any:
    def url(case: Any, objects: dict[str, object]) -> str:
        slot = objects[key + case.target]
        if api:
            return f"/api/v1/counselling/slots/{slot}{suffix}"
        return f"/legal-help/slots/{slot}/{suffix}"

    return url


def _later() -> str:
    return (timezone.now() + timedelta(days=9)).isoformat()


COUNSELLING_API_ROWS: list[tuple[Any, ...]] = [
    ("GET", "/api/v1/counselling/slots", lambda c, o: "/api/v1/counselling/slots?language=uk",
     lambda c: None, _bookers(200)),
    ("GET", "/api/v1/counselling/agenda", lambda c, o: "/api/v1/counselling/agenda",
     lambda c: None, lambda c: 403),
    ("POST", "/api/v1/counselling/slots", lambda c, o: "/api/v1/counselling/slots",
     lambda c: {"starts_at": _later(), "counsellor": "counsellor_q", "mode": "phone",
                "languages": ["uk"]},
     lambda c: 403),
    ("POST", "/api/v1/counselling/slots/{slot_id}/cancel", _slot("/cancel", api=True),
     lambda c: None, lambda c: 404),
    ("POST", "/api/v1/counselling/bookings", lambda c, o: "/api/v1/counselling/bookings",
     # A slot that does not exist (the body cannot name the target's): a booker
     # learns it is not free (404), anyone else may not book (403).
     lambda c: {"slot": 2**62, "language": "uk", "topic": "work"}, _bookers(404)),
    ("GET", "/api/v1/counselling/bookings", lambda c, o: "/api/v1/counselling/bookings",
     lambda c: None, _bookers(200)),
    ("GET", "/api/v1/counselling/bookings",
     lambda c, o: f"/api/v1/counselling/bookings?person={o['person_' + c.target]}",
     lambda c: None, _for_person(200)),
    ("GET", "/api/v1/counselling/bookings/{public_id}", _booking(api=True), lambda c: None,
     _own_booking(200)),
    ("POST", "/api/v1/counselling/bookings/{public_id}/cancel", _booking("/cancel", api=True),
     lambda c: None, _own_booking(200)),
    ("POST", "/api/v1/counselling/bookings/{public_id}/outcome", _booking("/outcome", api=True),
     lambda c: {"status": "attended", "notes": "Came with her sister."},
     _own_booking(200, booker=403)),
]  # fmt: skip


COUNSELLING_PUBLIC_API: set[tuple[str, str]] = set()

COUNSELLING_PAGE_ROWS: list[tuple[Any, ...]] = [
    ("counselling:agenda", "GET", lambda c, o: "/legal-help/", lambda c: {}, lambda c: 403),
    ("counselling:slot_new", "GET", lambda c, o: "/legal-help/slots/new/", lambda c: {},
     lambda c: 403),
    ("counselling:slot_new", "POST", lambda c, o: "/legal-help/slots/new/", lambda c: {},
     lambda c: 403),
    ("counselling:slot", "GET", _slot(api=False), lambda c: {}, lambda c: 404),
    ("counselling:slot_cancel", "POST", _slot("cancel/", api=False), lambda c: {},
     lambda c: 404),
    ("counselling:find", "GET", lambda c, o: "/legal-help/find/?language=uk", lambda c: {},
     _bookers(200)),
    ("counselling:find", "GET",
     lambda c, o: f"/legal-help/find/?person={o['person_' + c.target]}", lambda c: {},
     _for_person(200)),
    ("counselling:book", "GET", _slot("book/", api=False, key="counselling_free_"),
     lambda c: {}, _bookers(200)),
    # Nothing filled in: the booker gets the form back with its errors.
    ("counselling:book", "POST", _slot("book/", api=False, key="counselling_free_"),
     lambda c: {}, _bookers(200)),
    ("counselling:booking", "GET", _booking(api=False), lambda c: {}, _own_booking(200)),
    ("counselling:booking_cancel", "POST", _booking("cancel/", api=False), lambda c: {},
     _own_booking(302)),
    ("counselling:outcome", "POST", _booking("outcome/", api=False), lambda c: {},
     _own_booking(200, booker=403)),
]  # fmt: skip

COUNSELLING_PUBLIC_PAGES: set[str] = set()


def counselling_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    """The objects the rows use, by key (the two targets: centre-a and centre-b)."""
    provider = Organisation.objects.create(
        code="legal-aid-q",
        name="Legal Aid Q",
        kind=OrganisationKind.LEGAL_AID,
        level=Level.LOCAL,
        country="MD",
    )
    counsellor = User.objects.create_user("counsellor_q")
    Membership.objects.create(user=counsellor, organisation=provider, role=Role.INSPECTOR)
    booker_b = User.objects.create_user("counselling_booker_b")
    Membership.objects.create(user=booker_b, organisation=orgs["b"], role=Role.CASEWORKER)
    slots = services.slot_publish(
        actor=access.actor_for(counsellor),
        data=services.SlotData(
            starts_at=timezone.now() + timedelta(days=3),
            counsellor="counsellor_q",
            mode="phone",
            languages=("uk", "ro"),
            weeks=4,
        ),
    )
    found: dict[str, object] = {}
    for index, (target, booker) in enumerate(
        (("centre-a", people["caseworker"]), ("centre-b", booker_b))
    ):
        booked, free = slots[2 * index], slots[2 * index + 1]
        booking = services.booking_create(
            actor=access.actor_for(booker),
            slot=booked,
            data=services.BookingData(
                language="uk", topic="work", person=persons[target].public_id
            ),
        )
        found[f"counselling_slot_{target}"] = booked.pk
        found[f"counselling_free_{target}"] = free.pk
        found[f"counselling_booking_{target}"] = booking.public_id
    return found
