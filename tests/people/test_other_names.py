"""Aliases, previous names and other spellings are found like the main name."""

from __future__ import annotations

import json
from datetime import date

import pytest

from integra.core import access
from integra.people import selectors, services
from integra.people.models import OtherName


def _add(client, person, **body):
    return client.post(
        f"/api/v1/persons/{person.public_id}/names",
        json.dumps(body),
        content_type="application/json",
    )


def test_a_previous_name_finds_the_person_in_any_script(people, person, api_for):
    client = api_for(people["caseworker"])
    created = _add(client, person, kind="previous", name="Оксана Бондаренко", until="2015-06-01")
    assert created.status_code == 201
    assert created.json()["name_latin"] == "Oksana Bondarenko"
    found = client.get("/api/v1/persons", {"q": "Bondarenko"}).json()["results"]
    assert [p["public_id"] for p in found] == [person.public_id]
    profile = client.get(f"/api/v1/persons/{person.public_id}").json()
    assert profile["other_names"][0]["kind"] == "previous"


def test_the_duplicate_check_knows_other_names(people, person):
    caseworker = access.actor_for(people["caseworker"])
    services.other_name_add(actor=caseworker, person=person, kind="alias", name="Ксана Коваль")
    candidates = selectors.duplicate_candidates(
        actor=caseworker, given_name="Ksana", family_name="Koval", birth_date=date(1990, 5, 1)
    )
    assert person in [c.person for c in candidates]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "nickname", "name": "Ksyu"}, "kind"),
        ({"kind": "alias", "name": "Ксюша", "name_latin": "Ксюша"}, "name_latin"),
        ({"kind": "previous", "name": "Ksenia", "until": "2099-01-01"}, "until"),
    ],
)
def test_a_bad_name_is_refused_naming_the_field(people, person, api_for, body, field):
    response = _add(api_for(people["caseworker"]), person, **body)
    assert response.status_code == 422
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not OtherName.objects.exists()


def test_the_same_name_twice_is_a_conflict(people, person, api_for):
    client = api_for(people["caseworker"])
    _add(client, person, kind="alias", name="Ksyusha")
    assert _add(client, person, kind="alias", name="Ksyusha").status_code == 409


def test_adding_a_name_through_the_page(people, person, client_for):
    client = client_for(people["caseworker"])
    refused = client.post(f"/people/{person.public_id}/names/new/", {"kind": "alias", "name": ""})
    assert 'id="id_name_error"' in refused.content.decode()
    response = client.post(
        f"/people/{person.public_id}/names/new/", {"kind": "spelling", "name": "Oxana Kowalenko"}
    )
    assert response.status_code == 302
    page = client.get(f"/people/{person.public_id}/").content.decode()
    assert "Oxana Kowalenko" in page
