"""Households splitting and merging in one step, with their history (issue 3, §2)."""

from __future__ import annotations

from datetime import date

import pytest

from integra.core import access
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.people import services
from integra.people.models import HouseholdMember
from integra.people.services import households


@pytest.fixture
def caseworker(people):
    return access.actor_for(people["caseworker"])


def register(actor, given: str, family: str = "Kovalenko"):
    return services.person_register(
        actor=actor,
        data=services.PersonData(given_name=given, family_name=family),
        confirm_new=True,
    )


@pytest.fixture
def family(caseworker):
    """Mother (head), father, an adult son and his wife."""
    mother, father, son, wife = (
        register(caseworker, name) for name in ("Oksana", "Petro", "Taras", "Iryna")
    )
    home = services.household_join(
        actor=caseworker, person=mother, household=None, relationship="head"
    ).household
    for person, relationship in ((father, "spouse"), (son, "child"), (wife, "other")):
        services.household_join(
            actor=caseworker, person=person, household=home, relationship=relationship
        )
    return home, mother, father, son, wife


def current(household) -> dict[str, str]:
    return {
        m.person.given_name: m.relationship
        for m in HouseholdMember.objects.filter(household=household, left_on__isnull=True)
    }


def test_a_young_couple_splits_off_into_a_household_of_their_own(caseworker, family):
    home, _mother, _father, son, wife = family

    new = households.household_split(
        actor=caseworker, household=home, members=[son, wife], head=son
    )

    assert current(new) == {"Taras": "head", "Iryna": "other"}
    assert current(home) == {"Oksana": "head", "Petro": "spouse"}
    # The old household's history keeps them.
    assert HouseholdMember.objects.filter(household=home, left_on__isnull=False).count() == 2


def test_when_the_head_moves_someone_else_heads_those_who_stay(caseworker, family):
    home, mother, father, _son, _wife = family

    with pytest.raises(ValidationFailed) as raised:
        households.household_split(actor=caseworker, household=home, members=[mother], head=mother)
    assert "remaining_head" in raised.value.field_errors

    households.household_split(
        actor=caseworker, household=home, members=[mother], head=mother, remaining_head=father
    )
    assert current(home)["Petro"] == "head"


@pytest.mark.parametrize(
    ("choose", "field"),
    [
        (lambda m, f, s, w: {"members": [], "head": s}, "members"),
        (lambda m, f, s, w: {"members": [m, f, s, w], "head": m}, "members"),
        (lambda m, f, s, w: {"members": [s], "head": w}, "head"),
    ],
)
def test_a_split_that_makes_no_sense_is_refused(caseworker, family, choose, field):
    home, *members = family
    with pytest.raises(ValidationFailed) as raised:
        households.household_split(actor=caseworker, household=home, **choose(*members))
    assert field in raised.value.field_errors


def test_two_households_become_one(caseworker, family):
    home, *_ = family
    grandmother = register(caseworker, "Halyna")
    hers = services.household_join(
        actor=caseworker, person=grandmother, household=None, relationship="head"
    ).household

    households.household_merge(actor=caseworker, household=home, other=hers)

    assert current(home)["Halyna"] == "other"
    assert current(hers) == {}
    with pytest.raises(ValidationFailed):
        households.household_merge(actor=caseworker, household=home, other=hers)
    with pytest.raises(ValidationFailed):
        households.household_merge(actor=caseworker, household=home, other=home)


def test_a_household_of_another_organisation_is_not_touched(orgs, family):
    from tests.conftest import make_user

    home, *_ = family
    other = access.actor_for(make_user("caseworker_b", orgs["b"], "caseworker"))
    with pytest.raises(PermissionDenied):
        households.household_merge(
            actor=other,
            household=services.household_join(
                actor=other,
                person=register(other, "Ali", "Hassan"),
                household=None,
                relationship="head",
            ).household,
            other=home,
        )


def test_the_page_splits_and_merges(people, client_for, family):
    home, _mother, _father, son, wife = family
    client = client_for(people["caseworker"])
    page = client.get(f"/people/households/{home.public_id}/")
    assert b"Split the household" in page.content

    refused = client.post(
        f"/people/households/{home.public_id}/split/",
        {"members": [son.public_id], "head": wife.public_id},
    )
    assert refused.status_code == 200
    assert b"The head of the new household must be one of those who move." in refused.content

    split = client.post(
        f"/people/households/{home.public_id}/split/",
        {"members": [son.public_id, wife.public_id], "head": son.public_id},
    )
    assert split.status_code == 302
    new_id = split["Location"].rstrip("/").rsplit("/", 1)[1]

    merged = client.post(f"/people/households/{home.public_id}/merge/", {"other": new_id.lower()})
    assert merged.status_code == 302
    assert current(home) == {
        "Oksana": "head",
        "Petro": "spouse",
        "Taras": "other",
        "Iryna": "other",
    }


def test_the_api_splits_and_merges(people, api_for, family):
    home, _mother, _father, son, wife = family
    client = api_for(people["caseworker"])

    split = client.post(
        f"/api/v1/households/{home.public_id}/split",
        {"members": [son.public_id, wife.public_id], "head": son.public_id},
        content_type="application/json",
    )

    assert split.status_code == 201, split.content
    new = split.json()
    assert {m["person"] for m in new["members"]} == {son.public_id, wife.public_id}
    merged = client.post(
        f"/api/v1/households/{home.public_id}/merge",
        {"other": new["public_id"]},
        content_type="application/json",
    )
    assert merged.status_code == 200
    living = [m for m in merged.json()["members"] if m["left_on"] is None]
    assert len(living) == 4
    assert date.fromisoformat(living[0]["joined_on"])
