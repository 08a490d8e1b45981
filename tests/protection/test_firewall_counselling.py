# ruff: noqa: F811  (fixtures imported from test_counselling are used as arguments)
"""The firewall around legal counselling (ARCHITECTURE.md rule 2, R22).

What a person tells a legal-aid counsellor stays with the provider. The roles
that can see legal status (caseworker, coordinator) and the analysts never read
a counsellor's notes, the question or the topic: not through a page, not through
the API, not by holding a seat at the provider as well. The booker (a caseworker
for their person, an NGO) sees the time, place, mode, language and status only.
Every counselling page and API operation is tried (the lists below are checked
against the URL patterns and the OpenAPI document, so a new route fails here
until it is added).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from integra.api import api
from integra.core import access
from integra.core.models import Membership
from integra.core.roles import Role
from integra.protection.models import Slot
from integra.protection.services import counselling as services
from tests.conftest import make_user
from tests.protection.test_counselling import (  # noqa: F401  (fixtures)
    NOTES,
    book_for,
    desk,
    lawyer,
    provider,
    publish,
    rustam,
)

pytestmark = pytest.mark.django_db

QUESTION = b"My employer keeps my passport."
SECRET = NOTES.encode()


@pytest.fixture
def told(lawyer, people, rustam):
    """Rustam's appointment, booked by his caseworker, held, with the notes written."""
    (slot,) = publish(lawyer)
    booking = book_for(people["caseworker"], slot, person=rustam.public_id)
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    booking.refresh_from_db()
    services.booking_outcome(
        actor=access.actor_for(lawyer), booking=booking, status="attended", notes=NOTES
    )
    return booking


@pytest.fixture
def seated_caseworker(provider, orgs):
    """A caseworker of centre A who also holds an inspector's seat at the provider."""
    user = make_user("seated", orgs["a"], Role.CASEWORKER)
    Membership.objects.create(user=user, organisation=provider, role=Role.INSPECTOR)
    return user


API = [
    ("GET", "/api/v1/counselling/slots"),
    ("GET", "/api/v1/counselling/agenda"),
    ("POST", "/api/v1/counselling/slots"),
    ("POST", "/api/v1/counselling/slots/{slot_id}/cancel"),
    ("POST", "/api/v1/counselling/bookings"),
    ("GET", "/api/v1/counselling/bookings"),
    ("GET", "/api/v1/counselling/bookings/{public_id}"),
    ("POST", "/api/v1/counselling/bookings/{public_id}/cancel"),
    ("POST", "/api/v1/counselling/bookings/{public_id}/outcome"),
]
PAGES = {
    "agenda": "/legal-help/",
    "slot_new": "/legal-help/slots/new/",
    "slot": "/legal-help/slots/{slot}/",
    "slot_cancel": "/legal-help/slots/{slot}/cancel/",
    "find": "/legal-help/find/?person={person}",
    "book": "/legal-help/slots/{slot}/book/",
    "booking": "/legal-help/{booking}/",
    "booking_cancel": "/legal-help/{booking}/cancel/",
    "outcome": "/legal-help/{booking}/outcome/",
}
# GET where a page has one; the POST-only pages are posted with nothing in them.
POST_ONLY = {"slot_cancel", "booking_cancel", "outcome"}
FIREWALLED = ["caseworker", "coordinator", "analyst", "seated"]


def test_the_lists_cover_every_counselling_route():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if path.startswith("/api/v1/counselling")
    }
    assert operations == set(API)
    names = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "counselling":
            names |= {p.name for p in pattern.url_patterns}
    assert names == set(PAGES)


def _user(persona, people, seated_caseworker):
    return seated_caseworker if persona == "seated" else people[persona]


def _url(template: str, booking) -> str:
    return (
        template.replace("{slot_id}", str(booking.slot_id))
        .replace("{slot}", str(booking.slot_id))
        .replace("{public_id}", booking.public_id)
        .replace("{booking}", booking.public_id)
        .replace("{person}", booking.person.public_id)
    )


@pytest.mark.parametrize("persona", FIREWALLED)
@pytest.mark.parametrize(("method", "path"), API)
def test_the_api_never_tells_a_firewalled_role(
    persona, method, path, told, people, seated_caseworker, token_for
):
    user = _user(persona, people, seated_caseworker)
    client = Client(headers={"Authorization": f"Bearer {token_for(user)}"})
    url = _url(path, told)
    if path == "/api/v1/counselling/bookings":
        url += f"?person={told.person.public_id}" if method == "GET" else ""
    response = client.generic(method, url, data=b"{}", content_type="application/json")
    assert response.status_code != 500
    assert SECRET not in response.content
    assert QUESTION not in response.content
    assert b"counsellor_notes" not in response.content
    assert b'"topic": "work"' not in response.content


@pytest.mark.parametrize("persona", FIREWALLED)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_pages_never_tell_a_firewalled_role(
    persona, name, told, people, seated_caseworker, client_for
):
    client = client_for(_user(persona, people, seated_caseworker))
    url = _url(PAGES[name], told)
    response = client.post(url, {}) if name in POST_ONLY else client.get(url)
    assert response.status_code != 500
    assert SECRET not in response.content
    assert QUESTION not in response.content


def test_the_booker_sees_when_and_where_never_what_was_said(told, people, client_for, api_for):
    page = client_for(people["caseworker"]).get(f"/legal-help/{told.public_id}/")
    assert page.status_code == 200
    assert b"Str. Bucuriei" in page.content
    assert SECRET not in page.content
    answer = api_for(people["caseworker"]).get(f"/api/v1/counselling/bookings/{told.public_id}")
    assert answer.status_code == 200
    assert answer.json()["status"] == "attended"
    assert "counsellor_notes" not in answer.json()
    assert SECRET not in answer.content


def test_a_seat_at_the_provider_gives_a_firewalled_role_nothing(seated_caseworker, told):
    actor = access.actor_for(seated_caseworker)
    assert not access.gives_counselling(actor)
    assert not access.can_manage_counselling(actor, organisation_id=told.slot.organisation_id)


def test_the_provider_reads_the_notes(told, desk, client_for):
    assert SECRET in client_for(desk).get(f"/legal-help/{told.public_id}/").content
