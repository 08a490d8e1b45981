"""Documents and permits: recorded once, found by number, masked outside the case."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from integra.core import access
from integra.core import services as core_services
from integra.core.models import AuditEntry
from integra.people import services
from integra.people.models import Document, Person, document_key, mask
from tests.conftest import make_user


def _record(client: Client, person: Person, **body: object):
    return client.post(
        f"/api/v1/persons/{person.public_id}/documents",
        json.dumps(body),
        content_type="application/json",
    )


def test_numbers_are_compared_without_spaces_or_dashes():
    assert document_key("fa 123-456") == "FA123456"
    assert mask("FA 123456") == "•••••456"
    assert mask("12") == "•••12"


def test_a_caseworker_records_a_passport_and_sees_it_in_full(people, person, api_for):
    client = api_for(people["caseworker"])
    created = _record(
        client,
        person,
        kind="passport",
        number="fa 123456",
        issuing_country="ua",
        issued_on="2019-02-01",
        valid_until="2029-02-01",
    )
    assert created.status_code == 201
    listed = client.get(f"/api/v1/persons/{person.public_id}/documents").json()
    assert listed[0]["number"] == "FA 123456"
    assert listed[0]["number_masked"] is False
    entry = AuditEntry.objects.get(action="person.document.record")
    assert "123456" not in json.dumps(entry.data)  # the audit log never holds the number


def test_a_break_glass_reader_sees_masked_numbers(people, person, orgs, api_for):
    services.document_record(
        actor=access.actor_for(people["caseworker"]),
        person=person,
        kind="passport",
        number="FA123456",
        issuing_country="UA",
    )
    other = make_user("caseworker_b", orgs["b"], "caseworker")
    core_services.break_glass_open(
        actor=access.actor_for(other),
        record_type="person",
        record_id=person.public_id,
        reason="The person is at our desk in Bălți today.",
    )
    listed = api_for(other).get(f"/api/v1/persons/{person.public_id}/documents").json()
    assert listed[0]["number"] == "•••••456"
    assert listed[0]["number_masked"] is True


def test_a_document_number_finds_its_holder(people, person, api_for):
    services.document_record(
        actor=access.actor_for(people["caseworker"]),
        person=person,
        kind="residence_permit",
        number="MD-0042-7781",
        issuing_country="MD",
    )
    found = api_for(people["caseworker"]).get("/api/v1/persons", {"q": "md00427781"})
    assert [p["public_id"] for p in found.json()["results"]] == [person.public_id]
    assert (
        api_for(people["caseworker"]).get("/api/v1/persons", {"q": "123"}).json()["results"] == []
    )  # too short to search by


def test_one_document_cannot_belong_to_two_people(people, person, api_for):
    client = api_for(people["caseworker"])
    other = services.person_register(
        actor=access.actor_for(people["caseworker"]),
        data=services.PersonData(given_name="Ivan", family_name="Petrenko"),
    )
    _record(client, person, kind="passport", number="FA123456", issuing_country="UA")
    response = _record(client, other, kind="passport", number="FA 123 456", issuing_country="UA")
    assert response.status_code == 409
    assert "number" in {error["field"] for error in response.json()["errors"]}
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "visa", "number": "X1234", "issuing_country": "UA"}, "kind"),
        ({"kind": "passport", "number": "!!", "issuing_country": "UA"}, "number"),
        ({"kind": "passport", "number": "FA1234", "issuing_country": "XX"}, "issuing_country"),
        (
            {
                "kind": "passport",
                "number": "FA1234",
                "issuing_country": "UA",
                "issued_on": "2099-01-01",
            },
            "issued_on",
        ),
        (
            {
                "kind": "passport",
                "number": "FA1234",
                "issuing_country": "UA",
                "issued_on": "2020-01-01",
                "valid_until": "2019-01-01",
            },
            "valid_until",
        ),
    ],
)
def test_a_bad_document_is_refused_naming_the_field(people, person, api_for, body, field):
    response = _record(api_for(people["caseworker"]), person, **body)
    assert response.status_code == 422
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not Document.objects.exists()


def test_the_profile_lists_documents_and_flags_expired_ones(people, person, client_for):
    services.document_record(
        actor=access.actor_for(people["caseworker"]),
        person=person,
        kind="passport",
        number="FA123456",
        issuing_country="UA",
        issued_on=date(2010, 1, 1),
        valid_until=date(2020, 1, 1),
    )
    page = client_for(people["caseworker"]).get(f"/people/{person.public_id}/").content.decode()
    assert "FA123456" in page
    assert "expired" in page


def test_recording_a_document_through_the_page(people, person, client_for):
    client = client_for(people["caseworker"])
    refused = client.post(
        f"/people/{person.public_id}/documents/new/",
        {"kind": "passport", "number": "F1", "issuing_country": "UA"},
    )
    assert 'id="id_number_error"' in refused.content.decode()
    response = client.post(
        f"/people/{person.public_id}/documents/new/",
        {"kind": "passport", "number": "FA123456", "issuing_country": "UA"},
    )
    assert response.status_code == 302
    assert Document.objects.get(person=person).number_key == "FA123456"
