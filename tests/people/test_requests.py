"""Family-reunification and naturalisation requests followed as cases (R2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.people import selectors
from integra.people.models import RequestEvent
from integra.people.services import merges, requests

TODAY = timezone.localdate()


@pytest.fixture
def caseworker(people):
    return access.actor_for(people["caseworker"])


@pytest.fixture
def reunification(caseworker, person):
    return requests.request_open(
        actor=caseworker,
        person=person,
        kind="family_reunification",
        submitted_on=TODAY - timedelta(days=30),
        note="Husband and two children in Kharkiv.",
    )


def test_a_request_is_followed_from_submission_to_decision(caseworker, reunification):
    requests.request_member_add(
        actor=caseworker,
        request=reunification,
        name="Андрій Коваленко",
        relationship="spouse",
        country="UA",
        birth_date=date(1987, 2, 3),
    )
    requests.request_document_add(
        actor=caseworker,
        request=reunification,
        title="Marriage certificate",
        received_on=TODAY - timedelta(days=20),
    )
    requests.request_status(
        actor=caseworker, request=reunification, status="in_review", on=TODAY - timedelta(days=10)
    )
    decided = requests.request_status(
        actor=caseworker,
        request=reunification,
        status="granted",
        on=TODAY,
        decision_reference="BMA-2026/114",
    )

    assert (decided.status, decided.decided_on, decided.decision_reference) == (
        "granted",
        TODAY,
        "BMA-2026/114",
    )
    assert list(RequestEvent.objects.filter(request=decided).values_list("status", flat=True)) == [
        "submitted",
        "in_review",
        "granted",
    ]
    member = reunification.members.get()
    assert member.name_latin == "Andriy Kovalenko"
    assert AuditEntry.objects.filter(action__startswith="person.request.").count() == 5


def test_a_closed_request_changes_no_more(caseworker, reunification):
    requests.request_status(actor=caseworker, request=reunification, status="withdrawn", on=TODAY)

    with pytest.raises(Conflict):
        requests.request_status(
            actor=caseworker, request=reunification, status="in_review", on=TODAY
        )
    with pytest.raises(Conflict):
        requests.request_document_add(
            actor=caseworker, request=reunification, title="Passport", received_on=TODAY
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "granted", "on": TODAY}, "decision_reference"),
        ({"status": "submitted", "on": TODAY}, "status"),
        ({"status": "in_review", "on": TODAY + timedelta(days=1)}, "on"),
        ({"status": "in_review", "on": TODAY - timedelta(days=60)}, "on"),
    ],
)
def test_a_bad_step_is_refused_with_its_field(caseworker, reunification, changes, field):
    with pytest.raises(ValidationFailed) as raised:
        requests.request_status(actor=caseworker, request=reunification, **changes)
    assert field in raised.value.field_errors


def test_the_history_goes_forward(caseworker, reunification):
    requests.request_status(actor=caseworker, request=reunification, status="in_review", on=TODAY)
    with pytest.raises(ValidationFailed) as raised:
        requests.request_status(
            actor=caseworker,
            request=reunification,
            status="waiting_documents",
            on=TODAY - timedelta(days=1),
        )
    assert "on" in raised.value.field_errors


def test_naturalisation_has_no_family_members(caseworker, person):
    naturalisation = requests.request_open(
        actor=caseworker, person=person, kind="naturalisation", submitted_on=TODAY
    )
    with pytest.raises(ValidationFailed) as raised:
        requests.request_member_add(
            actor=caseworker,
            request=naturalisation,
            name="Ivan",
            relationship="child",
            country="UA",
        )
    assert "name" in raised.value.field_errors


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "asylum", "submitted_on": TODAY}, "kind"),
        ({"kind": "naturalisation", "submitted_on": TODAY + timedelta(days=3)}, "submitted_on"),
        ({"kind": "naturalisation", "submitted_on": date(1980, 1, 1)}, "submitted_on"),
    ],
)
def test_a_bad_request_is_refused(caseworker, person, values, field):
    with pytest.raises(ValidationFailed) as raised:
        requests.request_open(actor=caseworker, person=person, **values)
    assert field in raised.value.field_errors


def test_the_firewall_keeps_requests_from_everyone_but_the_case(people, person, reunification):
    for role in ("inspector", "analyst", "partner", "admin", "dpo"):
        actor = access.actor_for(people[role])
        assert not selectors.can_see_requests(actor=actor, person=person)
        with pytest.raises(PermissionDenied):
            requests.request_open(
                actor=actor, person=person, kind="naturalisation", submitted_on=TODAY
            )


def test_a_merge_moves_the_requests_and_undo_moves_them_back(
    people, caseworker, person, reunification
):
    from integra.people import services

    other = services.person_register(
        actor=caseworker,
        data=services.PersonData(given_name="Oksana", family_name="Kovalenko"),
        confirm_new=True,
    )
    merge = merges.person_merge(
        actor=caseworker, kept=other, duplicate=person, reason="Same passport."
    )
    reunification.refresh_from_db()
    assert reunification.person == other
    merges.merge_undo(
        actor=access.actor_for(people["admin"]), merge=merge, reason="Not the same one."
    )
    reunification.refresh_from_db()
    assert reunification.person == person


# --- Pages and API -------------------------------------------------------------------


def test_the_pages_open_and_follow_a_request(people, client_for, person):
    client = client_for(people["caseworker"])
    profile = client.get(f"/people/{person.public_id}/")
    assert b"No family-reunification or naturalisation requests." in profile.content

    opened = client.post(
        f"/people/{person.public_id}/requests/new/",
        {"kind": "family_reunification", "submitted_on": (TODAY - timedelta(days=5)).isoformat()},
    )
    assert opened.status_code == 302
    detail_url = opened["Location"]
    request_id = detail_url.rstrip("/").rsplit("/", 1)[1]
    member = client.post(
        f"/people/requests/{request_id}/members/new/",
        {"name": "Марія", "relationship": "child", "country": "UA"},
    )
    assert member.status_code == 302
    refused = client.post(
        f"/people/requests/{request_id}/status/", {"status": "granted", "on": TODAY.isoformat()}
    )
    assert refused.status_code == 200
    assert b"Give the reference of the decision." in refused.content
    granted = client.post(
        f"/people/requests/{request_id}/status/",
        {"status": "granted", "on": TODAY.isoformat(), "decision_reference": "BMA-1"},
    )
    assert granted.status_code == 302
    page = client.get(detail_url)
    assert b"Granted" in page.content
    assert "Марія".encode() in page.content
    assert b"Record the next step" not in page.content  # closed
    closed = client.get(f"/people/requests/{request_id}/documents/new/")
    assert closed.status_code == 302


def test_an_inspector_learns_nothing_of_a_request(people, client_for, api_for, reunification):
    assert (
        client_for(people["inspector"])
        .get(f"/people/requests/{reunification.public_id}/")
        .status_code
        == 404
    )
    assert (
        api_for(people["inspector"]).get(f"/api/v1/requests/{reunification.public_id}").status_code
        == 404
    )


def test_the_api_follows_a_request(people, api_for, person):
    client = api_for(people["caseworker"])
    created = client.post(
        f"/api/v1/persons/{person.public_id}/requests",
        {"kind": "family_reunification", "submitted_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    request_id = created.json()["public_id"]
    client.post(
        f"/api/v1/requests/{request_id}/members",
        {"name": "Іван", "relationship": "child", "country": "UA"},
        content_type="application/json",
    )
    moved = client.post(
        f"/api/v1/requests/{request_id}/status",
        {"status": "waiting_documents", "on": TODAY.isoformat(), "note": "Birth certificate."},
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    body = moved.json()
    assert body["status"] == "waiting_documents"
    assert [step["status"] for step in body["history"]] == ["submitted", "waiting_documents"]
    assert body["members"][0]["name_latin"] == "Ivan"
    listed = client.get("/api/v1/requests", {"status": "waiting_documents"}).json()
    assert [item["public_id"] for item in listed["results"]] == [request_id]
    assert client.get("/api/v1/requests", {"status": "granted"}).json()["results"] == []
    bad = client.post(
        f"/api/v1/requests/{request_id}/status",
        {"status": "granted", "on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert bad.status_code == 422
