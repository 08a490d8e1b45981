"""Households: members with relationships, moves that keep the history."""

from __future__ import annotations

import json

from integra.core import access
from integra.core.models import AuditEntry
from integra.people import services
from integra.people.models import HouseholdMember
from tests.conftest import make_user


def _register(people, given, family):
    return services.person_register(
        actor=access.actor_for(people["caseworker"]),
        data=services.PersonData(given_name=given, family_name=family),
        confirm_new=True,
    )


def _join(client, person, household=None, relationship="other"):
    return client.post(
        f"/api/v1/persons/{person.public_id}/household",
        json.dumps({"household": household, "relationship": relationship}),
        content_type="application/json",
    )


def test_a_family_is_built_around_its_head(people, person, api_for):
    client = api_for(people["caseworker"])
    started = _join(client, person, relationship="spouse")  # a new household: head
    household = started.json()["public_id"]
    child = _register(people, "Taras", "Kovalenko")
    joined = _join(client, child, household=household, relationship="child")
    assert joined.status_code == 200
    members = {(m["person"], m["relationship"]) for m in joined.json()["members"]}
    assert members == {(person.public_id, "head"), (child.public_id, "child")}


def test_moving_ends_the_old_membership_and_keeps_it_in_the_history(people, person, api_for):
    client = api_for(people["caseworker"])
    first = _join(client, person).json()["public_id"]
    second = _join(client, _register(people, "Ivan", "Petrenko")).json()["public_id"]
    moved = _join(client, person, household=second, relationship="spouse")  # a merge, one by one
    assert moved.status_code == 200
    history = client.get(f"/api/v1/households/{first}").json()["members"]
    assert history[0]["left_on"] is not None
    assert HouseholdMember.objects.filter(person=person, left_on__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action="household.join").count() == 3


def test_joining_the_same_household_twice_is_a_conflict(people, person, api_for):
    client = api_for(people["caseworker"])
    household = _join(client, person).json()["public_id"]
    assert _join(client, person, household=household).status_code == 409


def test_a_household_in_another_centres_care_stays_closed(people, person, orgs, api_for):
    household = _join(api_for(people["caseworker"]), person).json()["public_id"]
    other = make_user("caseworker_b", orgs["b"], "caseworker")
    assert api_for(other).get(f"/api/v1/households/{household}").status_code == 403
    theirs = services.person_register(
        actor=access.actor_for(other),
        data=services.PersonData(given_name="Amina", family_name="Haddad"),
    )
    response = _join(api_for(other), theirs, household=household)
    assert response.status_code == 403


def test_leaving_and_the_pages(people, person, client_for):
    client = client_for(people["caseworker"])
    response = client.post(
        f"/people/{person.public_id}/household/", {"household": "", "relationship": "other"}
    )
    assert response.status_code == 302
    household_page = client.get(response["Location"]).content.decode()
    assert "Head of household" in household_page
    bad = client.post(
        f"/people/{person.public_id}/household/",
        {"household": "H-0000-0000", "relationship": "child"},
    )
    assert 'id="id_household_error"' in bad.content.decode()
    left = client.post(f"/people/{person.public_id}/household/leave/")
    assert left.status_code == 302
    assert (
        "Nobody lives in this household any more." in client.get(left["Location"]).content.decode()
    )


def test_the_service_itself_refuses_a_household_outside_the_actors_care(people, person, orgs):
    import pytest

    from integra.core.errors import PermissionDenied

    mine = services.household_join(
        actor=access.actor_for(people["caseworker"]),
        person=person,
        household=None,
        relationship="other",
    ).household
    other = make_user("caseworker_b", orgs["b"], "caseworker")
    theirs = services.person_register(
        actor=access.actor_for(other),
        data=services.PersonData(given_name="Amina", family_name="Haddad"),
    )
    with pytest.raises(PermissionDenied):
        services.household_join(
            actor=access.actor_for(other), person=theirs, household=mine, relationship="other"
        )
