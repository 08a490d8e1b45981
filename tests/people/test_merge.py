"""Merging two records of one person, and an administrator undoing it (issue 3, §6)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Todo
from integra.people import selectors, services
from integra.people.models import (
    Citizenship,
    Document,
    ExternalReference,
    HouseholdMember,
    Language,
    LegalStatus,
    OtherName,
    Person,
    Responsibility,
    Vulnerability,
)
from integra.people.services import merges
from tests.conftest import make_user


@pytest.fixture
def caseworker(people):
    return access.actor_for(people["caseworker"])


@pytest.fixture
def pair(caseworker, orgs, person):
    """Oksana registered twice, the second time in Cyrillic with a document, a status,
    languages, a household and a to-do; centre B also responsible for the duplicate."""
    duplicate = services.person_register(
        actor=caseworker,
        data=services.PersonData(
            given_name="Оксана",
            family_name="Коваленко",
            birth_date=date(1990, 5, 1),
            citizenships=("UA", "PL"),
        ),
        confirm_new=True,
    )
    services.document_record(
        actor=caseworker, person=duplicate, kind="passport", number="FA123456", issuing_country="UA"
    )
    services.status_record(
        actor=caseworker,
        person=duplicate,
        category="temporary_protection",
        valid_from=date(2022, 3, 1),
    )
    services.language_set(actor=caseworker, person=duplicate, code="uk", declared_level="native")
    services.language_set(actor=caseworker, person=person, code="uk", declared_level="C1")
    services.language_set(actor=caseworker, person=duplicate, code="ro", declared_level="A2")
    services.household_join(actor=caseworker, person=person, household=None, relationship="head")
    services.household_join(actor=caseworker, person=duplicate, household=None, relationship="head")
    services.vulnerability_set(actor=caseworker, person=duplicate, flags={"single_parent": True})
    Responsibility.objects.create(person=duplicate, organisation=orgs["b"], since=timezone.now())
    ExternalReference.objects.create(organisation=orgs["a"], value="OLD-7", person=duplicate)
    Todo.objects.create(
        organisation=orgs["a"],
        kind="document_expiry",
        params={},
        record_type="person",
        record_id=duplicate.public_id,
        due_on=timezone.localdate(),
        dedupe_key="merge-test",
        created_at=timezone.now(),
    )
    return person, duplicate


def test_a_merge_moves_the_duplicates_history_to_the_record_kept(caseworker, pair):
    kept, duplicate = pair

    merge = merges.person_merge(
        actor=caseworker,
        kept=kept,
        duplicate=duplicate,
        reason="Same passport, checked at the desk.",
    )

    assert Document.objects.get().person == kept
    assert LegalStatus.objects.get().person == kept
    assert set(kept.citizenships.values_list("country", flat=True)) == {"UA", "PL"}
    # Kept's own Ukrainian level wins; Romanian comes over.
    assert dict(Language.objects.filter(person=kept).values_list("code", "declared_level")) == {
        "uk": "C1",
        "ro": "A2",
    }
    assert OtherName.objects.filter(person=kept, name="Оксана Коваленко").exists()
    assert {r.organisation.code for r in kept.responsibilities.all()} == {"centre-a", "centre-b"}
    assert ExternalReference.objects.get(value="OLD-7").person == kept
    assert Todo.objects.get(dedupe_key="merge-test").record_id == kept.public_id
    assert Vulnerability.objects.get(person=kept).single_parent
    # One current household: the duplicate's ended, its history moved.
    assert HouseholdMember.objects.filter(person=kept, left_on__isnull=True).count() == 1
    assert HouseholdMember.objects.filter(person=kept).count() == 2
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert list(selectors.person_search(actor=caseworker, query="Коваленко")) == [kept]
    assert merge.moved["documents"]
    assert AuditEntry.objects.filter(action="person.merge", object_id=kept.public_id).exists()
    assert AuditEntry.objects.filter(
        action="person.merged_into", object_id=duplicate.public_id
    ).exists()


def test_reading_a_merged_record_points_at_the_record_kept(caseworker, pair):
    kept, duplicate = pair
    merges.person_merge(actor=caseworker, kept=kept, duplicate=duplicate, reason="Same passport.")

    with pytest.raises(selectors.MergedRecord) as raised:
        selectors.person_get(actor=caseworker, public_id=duplicate.public_id)
    assert raised.value.kept == kept.public_id


def test_an_administrator_undoes_the_merge_exactly(people, caseworker, pair):
    kept, duplicate = pair
    before_kept = set(Citizenship.objects.filter(person=kept).values_list("country", flat=True))
    merge = merges.person_merge(
        actor=caseworker, kept=kept, duplicate=duplicate, reason="Same passport, checked."
    )

    merges.merge_undo(
        actor=access.actor_for(people["admin"]), merge=merge, reason="Twins, not one person."
    )

    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert Document.objects.get().person == duplicate
    assert LegalStatus.objects.get().person == duplicate
    assert set(kept.citizenships.values_list("country", flat=True)) == before_kept
    assert dict(
        Language.objects.filter(person=duplicate).values_list("code", "declared_level")
    ) == {
        "uk": "native",
        "ro": "A2",
    }
    assert not OtherName.objects.filter(person=kept, name="Оксана Коваленко").exists()
    assert {r.organisation.code for r in kept.responsibilities.all()} == {"centre-a"}
    assert ExternalReference.objects.get(value="OLD-7").person == duplicate
    assert Todo.objects.get(dedupe_key="merge-test").record_id == duplicate.public_id
    assert HouseholdMember.objects.filter(person=duplicate, left_on__isnull=True).count() == 1
    assert not Vulnerability.objects.filter(person=kept, single_parent=True).exists()
    assert Vulnerability.objects.get(person=duplicate).single_parent
    assert set(selectors.person_search(actor=caseworker, query="Коваленко")) == {kept, duplicate}
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert AuditEntry.objects.filter(action="person.unmerge").count() == 2
    with pytest.raises(Conflict):
        merges.merge_undo(
            actor=access.actor_for(people["admin"]), merge=merge, reason="Again, twice."
        )


def test_a_record_cannot_be_merged_with_itself(caseworker, person):
    with pytest.raises(ValidationFailed) as raised:
        merges.person_merge(
            actor=caseworker, kept=person, duplicate=person, reason="Same person here."
        )
    assert raised.value.field_errors["duplicate"] == ["A record cannot be merged with itself."]


def test_a_reason_is_required(caseworker, pair):
    kept, duplicate = pair
    with pytest.raises(ValidationFailed) as raised:
        merges.person_merge(actor=caseworker, kept=kept, duplicate=duplicate, reason="same")
    assert "reason" in raised.value.field_errors
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_another_organisations_record_cannot_be_merged(orgs, caseworker, person):
    caseworker_b = access.actor_for(make_user("caseworker_b", orgs["b"], "caseworker"))
    theirs = services.person_register(
        actor=caseworker_b,
        data=services.PersonData(given_name="Oksana", family_name="Kovalenko"),
        confirm_new=True,
    )
    with pytest.raises(PermissionDenied) as raised:
        merges.person_merge(
            actor=caseworker, kept=person, duplicate=theirs, reason="Same person here."
        )
    assert theirs.public_id in raised.value.message


def test_a_merged_record_cannot_be_merged_again(caseworker, pair):
    kept, duplicate = pair
    merges.person_merge(actor=caseworker, kept=kept, duplicate=duplicate, reason="Same passport.")
    with pytest.raises(Conflict):
        merges.person_merge(
            actor=caseworker, kept=duplicate, duplicate=kept, reason="Other way round."
        )


def test_only_administrators_undo(people, caseworker, pair):
    kept, duplicate = pair
    merge = merges.person_merge(
        actor=caseworker, kept=kept, duplicate=duplicate, reason="Same passport."
    )
    # Centre B is responsible for the duplicate, so its administrator may undo too.
    expected = {"caseworker": False, "admin_b": True, "partner": False, "analyst": False}
    assert {
        role: selectors.can_undo_merge(actor=access.actor_for(people[role]), merge=merge)
        for role in expected
    } == expected
    with pytest.raises(PermissionDenied):
        merges.merge_undo(actor=caseworker, merge=merge, reason="I changed my mind.")


# --- Pages and API -------------------------------------------------------------------


def test_the_merge_page_merges_and_the_profile_lists_the_duplicate(people, client_for, pair):
    kept, duplicate = pair
    client = client_for(people["caseworker"])
    page = client.get(f"/people/{kept.public_id}/merge/")
    assert page.status_code == 200

    response = client.post(
        f"/people/{kept.public_id}/merge/",
        {"duplicate": duplicate.public_id.lower(), "reason": "Same passport FA123456."},
    )

    assert response.status_code == 302
    profile = client.get(response["Location"])
    assert duplicate.public_id.encode() in profile.content
    moved = client.get(f"/people/{duplicate.public_id}/")
    assert moved.status_code == 302
    assert moved["Location"] == f"/people/{kept.public_id}/"


@pytest.mark.parametrize(
    ("duplicate", "message"),
    [
        ("P-0000-0000", b"There is no such person."),
        ("nonsense", b"Write the public id as it is shown"),
    ],
)
def test_the_merge_page_explains_a_bad_duplicate(people, client_for, person, duplicate, message):
    response = client_for(people["caseworker"]).post(
        f"/people/{person.public_id}/merge/", {"duplicate": duplicate, "reason": "Same passport."}
    )
    assert response.status_code == 200
    assert message in response.content


def test_an_administrator_undoes_a_merge_on_the_page(people, client_for, caseworker, pair):
    kept, duplicate = pair
    merge = merges.person_merge(
        actor=caseworker, kept=kept, duplicate=duplicate, reason="Same passport."
    )
    client = client_for(people["admin"])
    listing = client.get("/people/merges/")
    assert f"/people/merges/{merge.public_id}/undo/".encode() in listing.content

    response = client.post(f"/people/merges/{merge.public_id}/undo/", {"reason": "They are twins."})

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_the_api_merges_reports_and_undoes(people, api_for, pair):
    kept, duplicate = pair
    client = api_for(people["caseworker"])

    response = client.post(
        f"/api/v1/persons/{kept.public_id}/merge",
        {"duplicate": duplicate.public_id, "reason": "Same passport FA123456."},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kept"], body["duplicate"]) == (kept.public_id, duplicate.public_id)
    assert body["moved"]["documents"] == 1
    gone = client.get(f"/api/v1/persons/{duplicate.public_id}")
    assert gone.status_code == 404
    assert gone.json()["merged_into"] == kept.public_id
    listed = client.get("/api/v1/merges").json()["results"]
    assert [m["public_id"] for m in listed] == [body["public_id"]]
    refused = client.post(
        f"/api/v1/merges/{body['public_id']}/undo",
        {"reason": "Not the same."},
        content_type="application/json",
    )
    assert refused.status_code == 403
    undone = api_for(people["admin"]).post(
        f"/api/v1/merges/{body['public_id']}/undo",
        {"reason": "They are twins, not one person."},
        content_type="application/json",
    )
    assert undone.status_code == 200, undone.content
    assert undone.json()["undone_at"] is not None


def test_the_api_refuses_merging_a_record_with_itself(people, api_for, person):
    response = api_for(people["caseworker"]).post(
        f"/api/v1/persons/{person.public_id}/merge",
        {"duplicate": person.public_id, "reason": "Same person, twice."},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
