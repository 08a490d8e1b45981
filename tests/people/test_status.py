"""Legal-status history, and the firewall that keeps it from protection roles."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from integra.core import access
from integra.core.models import AuditEntry, Membership
from integra.people import services
from integra.people.models import LegalStatus, Person
from tests.conftest import make_user


def _post(client: Client, person: Person, **body: object):
    return client.post(
        f"/api/v1/persons/{person.public_id}/statuses",
        json.dumps(body),
        content_type="application/json",
    )


def test_a_caseworker_records_a_history_and_sees_it_newest_first(people, person, api_for):
    client = api_for(people["caseworker"])
    _post(
        client, person, category="asylum_seeker", valid_from="2022-03-01", valid_until="2022-09-30"
    )
    created = _post(
        client,
        person,
        category="temporary_protection",
        valid_from="2022-10-01",
        decision_reference="TP-2022-118",
    )
    assert created.status_code == 201
    assert created.json()["recorded_by"] == "centre-a"
    history = client.get(f"/api/v1/persons/{person.public_id}/statuses").json()
    assert [h["category"] for h in history] == ["temporary_protection", "asylum_seeker"]
    assert AuditEntry.objects.filter(action="person.status.record").count() == 2
    assert AuditEntry.objects.filter(action="person.status.read").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"category": "tourist", "valid_from": "2022-01-01"}, "category"),
        ({"category": "student", "valid_from": "1980-01-01"}, "valid_from"),  # before birth
        (
            {"category": "student", "valid_from": "2022-01-01", "valid_until": "2021-01-01"},
            "valid_until",
        ),
        ({"category": "student"}, "valid_from"),
    ],
)
def test_a_bad_status_is_refused_naming_the_field(people, person, api_for, body, field):
    response = _post(api_for(people["caseworker"]), person, **body)
    assert response.status_code == 422
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not LegalStatus.objects.exists()


def test_inspectors_never_learn_a_legal_status(people, person, api_for):
    services.status_record(
        actor=access.actor_for(people["caseworker"]),
        person=person,
        category="irregular",
        valid_from=date(2023, 1, 1),
    )
    client = api_for(people["inspector"])
    response = client.get(f"/api/v1/persons/{person.public_id}/statuses")
    assert response.status_code == 404
    assert "irregular" not in response.content.decode()
    assert _post(client, person, category="student", valid_from="2023-01-01").status_code == 404


def test_someone_who_is_also_an_inspector_does_not_see_legal_status(people, person, orgs, api_for):
    both = make_user("both", orgs["a"], "caseworker")
    Membership.objects.create(user=both, organisation=orgs["inspectorate"], role="inspector")
    response = api_for(both).get(f"/api/v1/persons/{person.public_id}/statuses")
    assert response.status_code == 404


def test_the_profile_shows_the_current_status_to_the_caseworker_only(people, person, client_for):
    services.status_record(
        actor=access.actor_for(people["caseworker"]),
        person=person,
        category="temporary_protection",
        valid_from=date(2022, 10, 1),
    )
    page = client_for(people["caseworker"]).get(f"/people/{person.public_id}/").content.decode()
    assert "Temporary protection" in page
    assert 'id="status"' in page
    coordinator = client_for(people["coordinator"]).get(f"/people/{person.public_id}/")
    assert "Temporary protection" in coordinator.content.decode()


def test_recording_a_status_through_the_page(people, person, client_for):
    client = client_for(people["caseworker"])
    refused = client.post(
        f"/people/{person.public_id}/status/new/",
        {"category": "student", "valid_from": "2030-01-01", "valid_until": "2029-01-01"},
    )
    assert 'id="id_valid_until_error"' in refused.content.decode()
    response = client.post(
        f"/people/{person.public_id}/status/new/",
        {"category": "student", "valid_from": "2024-09-01"},
    )
    assert response.status_code == 302
    assert LegalStatus.objects.get(person=person).category == "student"


def test_a_lapsed_status_is_not_current(people, person, client_for):
    services.status_record(
        actor=access.actor_for(people["caseworker"]),
        person=person,
        category="student",
        valid_from=date(2015, 9, 1),
        valid_until=date(2019, 6, 30),
    )
    page = client_for(people["caseworker"]).get(f"/people/{person.public_id}/").content.decode()
    assert "none recorded" in page
