"""The partners API: the directory (internal and public), partnerships, referrals
through their whole life, what the partner may see, the audit trail, the inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from integra.core.models import AuditEntry, Notification
from integra.people import services as people_services
from integra.plans.models import Measure
from integra.services.models import Referral, Service
from tests.conftest import make_user
from tests.services.conftest import JSON, send

SERVICE_BODY = {
    "code": "job-club",
    "name": "Job club",
    "category": "employment",
    "description": "Weekly job-search workshop.",
    "languages": ["ro", "ru"],
    "capacity_per_month": 8,
    "internal_notes": "Ask for Ion.",
    "locations": [{"locality": "Bălți", "address": "Str. Independenței 3"}],
}


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def _refer(api, person, measure, service, fields=("name",), message="Evenings suit her."):
    return api.post(
        f"/api/v1/persons/{person.public_id}/referrals",
        {
            "measure_id": measure.pk,
            "service_id": service.pk,
            "shared_fields": list(fields),
            "message": message,
        },
        content_type=JSON,
    )


# --- The directory --------------------------------------------------------------------


def test_staff_search_the_internal_directory_with_every_field(cw_api, service):
    found = cw_api.get("/api/v1/services").json()["results"]

    assert [row["code"] for row in found] == ["romanian-classes"]
    row = found[0]
    assert row["id"] == service.pk
    assert row["organisation"] == {"code": "ngo", "name": "Refugee NGO", "kind": "ngo"}
    assert row["internal_notes"] == "Waiting list in summer."
    assert row["capacity_per_month"] == 12
    assert (row["accept_within_days"], row["complete_within_days"]) == (3, 90)
    assert row["locations"] == [
        {"locality": "Chișinău", "address": "Str. Pușkin 1", "opening_hours": "Mon-Fri 9-17"}
    ]


def test_a_migrant_reads_the_public_directory_only(api_for, people, partner, orgs, service):
    hidden = SERVICE_BODY | {"code": "staff-only", "is_public": False}
    assert (
        api_for(people["partner"])
        .post("/api/v1/organisations/ngo/services", hidden, content_type=JSON)
        .status_code
        == 201
    )

    response = api_for(people["migrant"]).get("/api/v1/services")

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["code"] == "romanian-classes"
    assert row["description"] == "Evening classes for adults."
    assert row["languages"] == ["ar", "ro"]
    for internal in ("id", "internal_notes", "capacity_per_month", "is_public", "updated_at"):
        assert row[internal] is None
    assert "Waiting list" not in response.content.decode()
    single = api_for(people["migrant"]).get("/api/v1/organisations/ngo/services/romanian-classes")
    assert single.json()["internal_notes"] is None
    assert single.json()["capacity_per_month"] is None
    hidden_one = api_for(people["migrant"]).get("/api/v1/organisations/ngo/services/staff-only")
    assert hidden_one.status_code == 404


def test_the_directory_filters(cw_api, partner_api, service):
    partner_api.post("/api/v1/organisations/ngo/services", SERVICE_BODY, content_type=JSON)

    def codes(query: str) -> list[str]:
        response = cw_api.get(f"/api/v1/services?{query}")
        assert response.status_code == 200, response.content
        return [row["code"] for row in response.json()["results"]]

    assert codes("") == ["job-club", "romanian-classes"]
    assert codes("category=language") == ["romanian-classes"]
    assert codes("language=ru") == ["job-club"]
    assert codes("language=ar") == ["romanian-classes"]
    assert codes("locality=b%C4%83l%C8%9Bi") == ["job-club"]
    assert codes("q=evening+adults") == ["romanian-classes"]
    assert codes("q=workshop&category=language") == []
    assert codes("organisation=ngo") == ["job-club", "romanian-classes"]
    assert codes("organisation=centre-a") == []


def test_a_bad_filter_is_a_problem_naming_it(cw_api):
    assert set(_errors(cw_api.get("/api/v1/services?language=romanian"))) == {"query.language"}
    assert set(_errors(cw_api.get("/api/v1/referrals?direction=sideways"))) == {"query.direction"}


def test_an_organisation_describes_its_own_services(partner_api, api_for, people, orgs):
    response = partner_api.post(
        "/api/v1/organisations/ngo/services", SERVICE_BODY, content_type=JSON
    )

    assert response.status_code == 201, response.content
    assert response.json()["internal_notes"] == "Ask for Ion."
    assert response.json()["locations"][0]["locality"] == "Bălți"
    assert AuditEntry.objects.filter(
        action="service.create", object_type="organisation", object_id="ngo"
    ).exists()
    # Another organisation's entry is not the partner's to write, nor the NGO's
    # entry a centre's caseworker's.
    refused = partner_api.post(
        "/api/v1/organisations/centre-b/services", SERVICE_BODY, content_type=JSON
    )
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    caseworker = api_for(people["caseworker"])
    assert (
        caseworker.post(
            "/api/v1/organisations/ngo/services", SERVICE_BODY | {"code": "x"}, content_type=JSON
        ).status_code
        == 403
    )
    assert (
        caseworker.put(
            "/api/v1/organisations/ngo/services/job-club", SERVICE_BODY, content_type=JSON
        ).status_code
        == 403
    )
    coordinator = api_for(people["coordinator"])
    assert (
        coordinator.post(
            "/api/v1/organisations/centre-b/services", SERVICE_BODY, content_type=JSON
        ).status_code
        == 201
    )
    assert list(Service.objects.order_by("pk").values_list("organisation__code", "code")) == [
        ("ngo", "job-club"),
        ("centre-b", "job-club"),
    ]


def test_changing_a_service_replaces_its_locations_and_keeps_its_code(partner_api, service):
    body = SERVICE_BODY | {
        "code": "romanian-classes",
        "name": "Romanian for adults",
        "category": "language",
        "locations": [{"locality": "Cahul"}, {"locality": "Orhei", "opening_hours": "Sat"}],
    }

    response = partner_api.put(
        "/api/v1/organisations/ngo/services/romanian-classes", body, content_type=JSON
    )

    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Romanian for adults"
    assert [place["locality"] for place in response.json()["locations"]] == ["Cahul", "Orhei"]
    renamed = partner_api.put(
        "/api/v1/organisations/ngo/services/romanian-classes",
        body | {"code": "romanian"},
        content_type=JSON,
    )
    assert _errors(renamed) == {"code": "A service's code cannot change."}
    missing = partner_api.put(
        "/api/v1/organisations/ngo/services/none", body | {"code": "none"}, content_type=JSON
    )
    assert missing.status_code == 404


def test_bad_service_input_is_refused_field_by_field(partner_api):
    bad = SERVICE_BODY | {
        "category": "astrology",
        "languages": ["ro", "qq"],
        "min_age": 30,
        "max_age": 18,
        "website": "ftp://example.org",
        "contact_email": "not-an-address",
        "accept_within_days": 10,
        "complete_within_days": 5,
    }

    errors = _errors(partner_api.post("/api/v1/organisations/ngo/services", bad, content_type=JSON))

    assert errors == {
        "category": "Choose a category.",
        "languages": "Unknown language codes: qq.",
        "max_age": "The maximum age cannot be below the minimum age.",
        "website": "Enter a web address starting with https://.",
        "contact_email": "Enter a valid e-mail address.",
        "complete_within_days": "Completing cannot be due before accepting is.",
    }
    shape = _errors(
        partner_api.post(
            "/api/v1/organisations/ngo/services",
            SERVICE_BODY | {"code": "bad code", "languages": ["Romanian"], "name": "A\x00"},
            content_type=JSON,
        )
    )
    assert set(shape) == {"code", "languages.0", "name"}
    assert not Service.objects.exists()


# --- Partnerships ---------------------------------------------------------------------


def _mou_body(**changes: object) -> dict[str, object]:
    return {
        "title": "Legal aid for centre A",
        "parties": ["centre-a", "ngo"],
        "scope": ["legal", "language"],
        "shareable": ["name", "contact"],
        "valid_from": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "document_reference": "MoU 12/2026",
        **changes,
    }


def test_partnerships_are_recorded_by_the_coordinator_only(coord_api, cw_api, partner_api):
    assert cw_api.post("/api/v1/partnerships", _mou_body(), content_type=JSON).status_code == 403
    assert (
        partner_api.post("/api/v1/partnerships", _mou_body(), content_type=JSON).status_code == 403
    )

    response = coord_api.post("/api/v1/partnerships", _mou_body(), content_type=JSON)

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["public_id"].startswith("U-")
    assert [party["code"] for party in created["parties"]] == ["centre-a", "ngo"]
    assert created["scope"] == ["language", "legal"]
    assert created["current"] is True
    assert AuditEntry.objects.filter(
        action="partnership.create", object_id=created["public_id"]
    ).exists()
    # The parties' staff read it; the other centre does not learn of it.
    url = f"/api/v1/partnerships/{created['public_id']}"
    assert partner_api.get(url).status_code == 200
    assert cw_api.get(url).json()["document_reference"] == "MoU 12/2026"
    assert cw_api.put(url, _mou_body(title="Changed"), content_type=JSON).status_code == 403


def test_a_partnership_is_changed_and_read_by_its_parties(coord_api, api_for, orgs):
    created = coord_api.post("/api/v1/partnerships", _mou_body(), content_type=JSON).json()
    url = f"/api/v1/partnerships/{created['public_id']}"

    changed = coord_api.put(url, _mou_body(shareable=["name"]), content_type=JSON)

    assert changed.status_code == 200, changed.content
    assert changed.json()["shareable"] == ["name"]
    other_centre = api_for(make_user("cw_b", orgs["b"], "caseworker"))
    assert other_centre.get(url).status_code == 404
    assert other_centre.get("/api/v1/partnerships").json()["results"] == []
    bad = coord_api.post(
        "/api/v1/partnerships",
        _mou_body(parties=["centre-a"], scope=[], valid_until="2000-01-01"),
        content_type=JSON,
    )
    assert set(_errors(bad)) == {"parties", "scope", "valid_until"}


def test_a_terminated_partnership_is_no_longer_current(coord_api, partner_api):
    created = coord_api.post("/api/v1/partnerships", _mou_body(), content_type=JSON).json()
    url = f"/api/v1/partnerships/{created['public_id']}"
    today = timezone.localdate()

    response = coord_api.post(f"{url}/terminate", {"on": today.isoformat()}, content_type=JSON)

    assert response.status_code == 200, response.content
    assert response.json()["terminated_on"] == today.isoformat()
    assert response.json()["current"] is False
    assert [p["public_id"] for p in partner_api.get("/api/v1/partnerships").json()["results"]] == [
        created["public_id"]
    ]
    assert partner_api.get("/api/v1/partnerships?current=true").json()["results"] == []
    again = coord_api.post(f"{url}/terminate", {"on": today.isoformat()}, content_type=JSON)
    assert again.status_code == 422
    assert (
        partner_api.post(
            f"{url}/terminate", {"on": today.isoformat()}, content_type=JSON
        ).status_code
        == 403
    )
    assert coord_api.put(url, _mou_body(), content_type=JSON).status_code == 422


# --- Sending a referral ------------------------------------------------------------------


def test_a_referral_under_a_partnership(cw_api, person, measure, service, mou):
    response = _refer(cw_api, person, measure, service, ("name", "contact"))

    assert response.status_code == 201, response.content
    sent = response.json()
    assert sent["public_id"].startswith("F-")
    assert (sent["status"], sent["basis"], sent["partnership"]) == (
        "sent",
        "partnership",
        mou.public_id,
    )
    assert sent["person"] == person.public_id  # the sending side knows whom it referred
    assert sent["to_organisation"]["code"] == "ngo"
    assert sent["measure"]["title"] == "Romanian course"
    assert sent["accept_by"] == (timezone.localdate() + timedelta(days=3)).isoformat()
    assert {item["field"]: item["value"] for item in sent["shared_items"]} == {
        "name": "Amina Haddad",
        "contact": "+37360000000",
    }
    entry = AuditEntry.objects.get(action="referral.send")
    assert (entry.object_type, entry.object_id, entry.purpose) == (
        "person",
        person.public_id,
        "referral",
    )
    assert entry.data["shared"] == ["name", "contact"]


def test_a_referral_on_the_persons_consent_alone(cw_api, person, measure, service, consent):
    response = _refer(cw_api, person, measure, service, ("name", "date_of_birth"))

    assert response.status_code == 201, response.content
    assert response.json()["basis"] == "consent"
    assert response.json()["partnership"] is None


def test_without_partnership_or_consent_nothing_is_sent(cw_api, person, measure, service):
    response = _refer(cw_api, person, measure, service)

    assert _errors(response) == {"service": "No partnership or consent allows this referral."}
    assert "Record their consent, or share less" in response.json()["detail"]
    assert not Referral.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.filter(action="referral.send").exists()


def test_sharing_more_than_the_partnership_allows_needs_consent(
    cw_api, caseworker, person, measure, service, mou
):
    fields = ("name", "date_of_birth")  # the partnership allows names and contacts only

    refused = _refer(cw_api, person, measure, service, fields)
    assert set(_errors(refused)) == {"service"}
    assert not Referral.objects.exists()

    people_services.consent_give(
        actor=caseworker,
        person=person,
        purpose="referral",
        recipients=["ngo"],
        given_on=timezone.localdate(),
    )
    allowed = _refer(cw_api, person, measure, service, fields)
    assert allowed.status_code == 201, allowed.content
    assert (allowed.json()["basis"], allowed.json()["partnership"]) == ("consent", None)


def test_bad_referral_input_is_named(cw_api, person, measure, service, mou):
    errors = _errors(
        cw_api.post(
            f"/api/v1/persons/{person.public_id}/referrals",
            {"measure_id": 999999, "service_id": service.pk, "shared_fields": ["shoe_size"]},
            content_type=JSON,
        )
    )
    assert errors == {
        "measure": "Choose a measure of the person's open plan that is still to do.",
        "shared_fields": "Unknown kinds of data: shoe_size.",
    }
    huge = cw_api.post(
        f"/api/v1/persons/{person.public_id}/referrals",
        {"measure_id": 2**70, "service_id": service.pk, "shared_fields": ["name"]},
        content_type=JSON,
    )
    assert set(_errors(huge)) == {"measure_id"}
    assert _refer(cw_api, person, measure, service).status_code == 201
    twice = _refer(cw_api, person, measure, service)
    assert twice.status_code == 409


@pytest.mark.parametrize("role", ["partner", "teacher", "inspector", "analyst", "migrant"])
def test_only_the_caseworkers_of_the_case_refer(
    api_for, people, person, measure, service, mou, role
):
    response = _refer(api_for(people[role]), person, measure, service)
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_the_coordinator_sees_the_case_but_does_not_refer(coord_api, person, measure, service, mou):
    assert _refer(coord_api, person, measure, service).status_code == 403


# --- What the partner sees --------------------------------------------------------------


def test_the_partner_sees_only_what_the_referral_shares(partner_api, referral, person):
    response = partner_api.get(f"/api/v1/referrals/{referral.public_id}")

    assert response.status_code == 200, response.content
    seen = response.json()
    assert seen["person"] is None
    assert seen["shared_items"] == [{"field": "name", "label": "Name", "value": "Amina Haddad"}]
    assert seen["service"] == {
        "code": "romanian-classes",
        "name": "Romanian classes",
        "category": "language",
    }
    assert seen["from_organisation"]["name"] == "Integration Centre A"
    assert seen["measure"]["kind"] == "language_course"
    assert seen["message"] == "Evenings"
    assert seen["timing"] == {
        "days_to_accept": None,
        "days_to_complete": None,
        "accept_late": False,
        "complete_late": False,
    }
    text = response.content.decode()
    # Quoted, so that a random public id (say "U-VWF5-SYTY") cannot match by chance.
    for private in (person.public_id, "1990-05-01", "+37360000000", '"SY"', "international"):
        assert private not in text
    read = AuditEntry.objects.get(action="referral.read")
    assert (read.object_type, read.object_id, read.purpose) == (
        "person",
        person.public_id,
        "referral",
    )
    assert read.data == {"referral": referral.public_id, "fields": ["name"]}


def test_the_partners_list_names_no_one(partner_api, referral):
    response = partner_api.get("/api/v1/referrals")

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["public_id"], row["person"], row["status"]) == (referral.public_id, None, "sent")
    assert "Amina" not in response.content.decode()
    assert partner_api.get("/api/v1/referrals?direction=sent").json()["results"] == []


def test_the_sending_side_lists_what_it_sent(cw_api, api_for, orgs, referral, person):
    sent = cw_api.get("/api/v1/referrals?direction=sent").json()["results"]
    assert [(row["public_id"], row["person"]) for row in sent] == [
        (referral.public_id, person.public_id)
    ]
    assert cw_api.get("/api/v1/referrals").json()["results"] == []  # received: none
    of_person = cw_api.get(f"/api/v1/persons/{person.public_id}/referrals")
    assert [row["public_id"] for row in of_person.json()] == [referral.public_id]
    other_centre = api_for(make_user("cw_b", orgs["b"], "caseworker"))
    assert other_centre.get(f"/api/v1/referrals/{referral.public_id}").status_code == 404
    assert other_centre.get("/api/v1/referrals?direction=sent").json()["results"] == []


@pytest.mark.parametrize("role", ["teacher", "inspector", "analyst", "migrant", "admin"])
def test_others_learn_nothing_of_a_referral(api_for, people, referral, person, role):
    api = api_for(people[role])
    assert api.get(f"/api/v1/referrals/{referral.public_id}").status_code == 404
    assert api.get(f"/api/v1/persons/{person.public_id}/referrals").status_code == 404
    assert api.get("/api/v1/referrals").json()["results"] == []


def test_overdue_referrals_and_their_timing(caseworker, partner_api, person, measure, service, mou):
    ten_days_ago = timezone.now() - timedelta(days=10)
    late = send(caseworker, person, measure, service, now=ten_days_ago)  # accept within 3 days

    overdue = partner_api.get("/api/v1/referrals?overdue=true").json()["results"]
    assert [row["public_id"] for row in overdue] == [late.public_id]
    assert overdue[0]["timing"]["accept_late"] is True
    assert partner_api.get("/api/v1/referrals?status=accepted").json()["results"] == []
    assert len(partner_api.get("/api/v1/referrals?status=open").json()["results"]) == 1


# --- The referral's life ----------------------------------------------------------------


def test_accepting_then_completing_marks_the_measure_done(
    partner_api, cw_api, referral, measure, people
):
    url = f"/api/v1/referrals/{referral.public_id}"

    accepted = partner_api.post(f"{url}/accept", content_type=JSON)
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["timing"]["days_to_accept"] == 0
    assert Measure.objects.get(pk=measure.pk).status == "in_progress"

    missing_note = partner_api.post(f"{url}/complete", {"outcome": "achieved"}, content_type=JSON)
    assert set(_errors(missing_note)) == {"note"}
    completed = partner_api.post(
        f"{url}/complete",
        {"outcome": "achieved", "note": "Reached A2 in the final test."},
        content_type=JSON,
    )
    assert completed.status_code == 200, completed.content
    assert (completed.json()["status"], completed.json()["outcome"]) == ("completed", "achieved")
    assert completed.json()["timing"]["days_to_complete"] == 0
    done = Measure.objects.get(pk=measure.pk)
    assert done.status == "done"
    assert "Reached A2 in the final test." in done.evidence
    plan = cw_api.get(f"/api/v1/plans/{measure.plan.public_id}").json()
    assert plan["measures"][0]["status"] == "done"
    figures = partner_api.get("/api/v1/organisations/ngo/referral-performance")
    assert figures.status_code == 200
    assert figures.json() == {
        "organisation": "ngo",
        "received": 1,
        "accepted": 1,
        "declined": 0,
        "completed": 1,
        "accepted_in_time": 1,
        "completed_in_time": 1,
        "median_days_to_accept": 0.0,
        "median_days_to_complete": 0.0,
    }
    assert cw_api.get("/api/v1/organisations/ngo/referral-performance").status_code == 403


def test_declining_needs_a_reason_and_ends_the_referral(partner_api, referral, measure):
    url = f"/api/v1/referrals/{referral.public_id}"

    assert _errors(partner_api.post(f"{url}/decline", {"reason": ""}, content_type=JSON)) == {
        "reason": "Say why you decline."
    }
    assert set(
        _errors(partner_api.post(f"{url}/decline", {"reason": "other"}, content_type=JSON))
    ) == {"note"}
    declined = partner_api.post(
        f"{url}/decline", {"reason": "no_capacity", "note": "Full until May."}, content_type=JSON
    )
    assert declined.status_code == 200, declined.content
    assert (declined.json()["status"], declined.json()["decline_reason"]) == (
        "declined",
        "no_capacity",
    )

    late = partner_api.post(
        f"{url}/complete", {"outcome": "achieved", "note": "Done."}, content_type=JSON
    )
    assert late.status_code == 409
    assert late["Content-Type"] == "application/problem+json"
    assert Measure.objects.get(pk=measure.pk).status == "planned"


def test_the_sender_withdraws_and_the_partner_cannot_answer_after(
    cw_api, partner_api, referral, people
):
    url = f"/api/v1/referrals/{referral.public_id}"
    assert partner_api.post(f"{url}/withdraw", {}, content_type=JSON).status_code == 403
    assert cw_api.post(f"{url}/accept", content_type=JSON).status_code == 403

    withdrawn = cw_api.post(f"{url}/withdraw", {"note": "She moved away."}, content_type=JSON)

    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["status"] == "withdrawn"
    assert partner_api.post(f"{url}/accept", content_type=JSON).status_code == 409
    assert cw_api.post(f"{url}/withdraw", {}, content_type=JSON).status_code == 409
    assert Notification.objects.filter(
        user=people["partner"], kind="referral.withdrawn", record_id=referral.public_id
    ).exists()


# --- Notifications ----------------------------------------------------------------------


def test_the_partner_is_told_in_the_inbox_and_by_e_mail(
    cw_api, person, measure, service, mou, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    with django_capture_on_commit_callbacks(execute=True):
        response = _refer(cw_api, person, measure, service)

    assert response.status_code == 201, response.content
    number = response.json()["public_id"]
    (message,) = mail.outbox
    assert message.to == ["partner@ngo.example"]
    assert number in message.body
    assert "Amina" not in message.subject + message.body
    assert Notification.objects.get(record_id=number).emailed_at is not None


def test_the_inbox_lists_and_marks_read(partner_api, cw_api, referral, people):
    inbox = partner_api.get("/api/v1/inbox")

    assert inbox.status_code == 200
    (item,) = inbox.json()["results"]
    assert item["text"] == f"New referral {referral.public_id} to Romanian classes."
    assert (item["kind"], item["record_type"], item["record_id"], item["read"]) == (
        "referral.received",
        "referral",
        referral.public_id,
        False,
    )
    assert referral.public_id in item["url"]
    assert cw_api.get("/api/v1/inbox").json()["results"] == []
    # Nobody marks another's notifications.
    assert cw_api.post("/api/v1/inbox/read", {"ids": [item["id"]]}, content_type=JSON).json() == {
        "marked": 0
    }

    marked = partner_api.post("/api/v1/inbox/read", {"ids": [item["id"]]}, content_type=JSON)

    assert marked.json() == {"marked": 1}
    assert partner_api.get("/api/v1/inbox?unread=true").json()["results"] == []
    assert partner_api.get("/api/v1/inbox").json()["results"][0]["read"] is True
    partner_api.post(f"/api/v1/referrals/{referral.public_id}/accept", content_type=JSON)
    assert cw_api.get("/api/v1/inbox?unread=true").json()["results"][0]["text"] == (
        f"Refugee NGO accepted referral {referral.public_id}."
    )
    assert cw_api.post("/api/v1/inbox/read", {"ids": None}, content_type=JSON).json() == {
        "marked": 1
    }
    assert set(_errors(cw_api.post("/api/v1/inbox/read", {"ids": [0]}, content_type=JSON))) == {
        "ids.0"
    }
