"""The recruitment agencies API: the licensing staff keep the register and decide
licences; complaint handlers read it; others are refused; bad input is a
problem+json naming each field; anyone checks an agency, throttled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from integra.protection.models import Agency, Complaint, ContractTemplate
from tests.protection.agencies_fixtures import *  # noqa: F403
from tests.protection.agencies_fixtures import (
    JSON,
    apply,
    decide,
    docx_bytes,
    grant,
    pdf_bytes,
    register,
    zip_bomb,
)

PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def api(api_for, people):
    """The labour inspectorate's inspector, who licenses agencies."""
    return api_for(people["inspector"])


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def _body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Carpați Work Abroad SRL",
        "registration_number": "1012600340039",
        "region": "Chișinău",
        "phone": "+373 22 555 018",
    }
    body.update(changes)
    return body


# --- Public ------------------------------------------------------------------------------


def test_anyone_checks_an_agency(client, licenser, agency):
    grant(licenser, apply(licenser, agency), number="AP-77")

    response = client.get("/api/v1/agencies/check", {"q": "euro-munca"})

    assert response.status_code == 200
    body = response.json()
    assert "ILO Convention 181" in body["fees"]
    assert body["more"] is False
    found = body["agencies"][0]
    assert found["standing"] == "licensed"
    assert found["may_recruit"] is True
    assert found["licence"]["number"] == "AP-77"
    assert found["licence"]["destinations"] == [
        {"code": "DE", "name": "Germany"},
        {"code": "PL", "name": "Poland"},
    ]
    assert [e["status"] for e in found["history"]] == ["active", "applied"]
    assert "reason" not in str(found)


def test_the_public_check_refuses_a_bad_query(client):
    assert "q" in str(_errors(client.get("/api/v1/agencies/check", {"q": "x"})))
    assert client.get("/api/v1/agencies/check").status_code == 422


def test_the_public_check_is_throttled(client, agency):
    for _ in range(30):
        assert client.get("/api/v1/agencies/check", {"q": "euro"}).status_code == 200

    response = client.get("/api/v1/agencies/check", {"q": "euro"})

    assert response.status_code == 429
    assert response["Content-Type"] == PROBLEM
    assert response["Retry-After"]


# --- The register --------------------------------------------------------------------------


def test_the_licensing_staff_register_read_and_change_an_agency(api):
    created = api.post("/api/v1/agencies", _body(), content_type=JSON)

    assert created.status_code == 201, created.content
    row = created.json()
    assert row["public_id"].startswith("G-")
    assert row["standing"] == "none"
    public_id = row["public_id"]
    changed = api.patch(f"/api/v1/agencies/{public_id}", {"region": "Bălți"}, content_type=JSON)
    assert changed.status_code == 200
    assert changed.json()["region"] == "Bălți"
    detail = api.get(f"/api/v1/agencies/{public_id}").json()
    assert detail["complaints"] == [
        {"status": "received", "label": "Received", "count": 0},
        {"status": "assigned", "label": "Assigned", "count": 0},
        {"status": "in_progress", "label": "Being handled", "count": 0},
        {"status": "waiting", "label": "Waiting for information from you", "count": 0},
        {"status": "closed", "label": "Closed", "count": 0},
    ]
    listed = api.get("/api/v1/agencies", {"q": "carpati", "standing": "none"}).json()
    assert [a["public_id"] for a in listed["results"]] == [public_id]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "<script>alert(1)</script>"}, "name"),
        ({"registration_number": "1"}, "registration_number"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"name": "Nul\x00SRL"}, "name"),
        ({"country": "Moldova"}, "country"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(api, changes, field):
    response = api.post("/api/v1/agencies", _body(**changes), content_type=JSON)

    assert field in _errors(response)
    assert not Agency.objects.exists()


def test_a_registration_number_already_registered_is_refused(api, licenser):
    register(licenser, registration_number="1012600340039")

    response = api.post("/api/v1/agencies", _body(), content_type=JSON)

    assert "registration_number" in _errors(response)


def test_others_are_refused_and_a_complaint_handler_only_reads(
    api_for, people, legal_inspector, agency
):
    caseworker = api_for(people["caseworker"])
    reader = api_for(legal_inspector)

    assert caseworker.get("/api/v1/agencies").status_code == 403
    assert caseworker.post("/api/v1/agencies", _body(), content_type=JSON).status_code == 403
    assert reader.get("/api/v1/agencies").status_code == 200
    assert reader.get(f"/api/v1/agencies/{agency.public_id}").json()["complaints"] is None
    assert reader.post("/api/v1/agencies", _body(), content_type=JSON).status_code == 403


def test_an_unknown_agency_or_licence_is_not_found(api, licenser, agency):
    licence = apply(licenser, register(licenser, name="B SRL", registration_number="1005600230028"))

    assert api.get("/api/v1/agencies/G-0000-0000").status_code == 404
    wrong = f"/api/v1/agencies/{agency.public_id}/licences/{licence.pk}/refuse"
    assert api.post(wrong, {"reason": "x"}, content_type=JSON).status_code == 404
    huge = f"/api/v1/agencies/{agency.public_id}/licences/{2**70}/refuse"
    assert api.post(huge, {"reason": "x"}, content_type=JSON).status_code == 422


def test_complaints_are_counted_never_shown(api, agency):
    Complaint.objects.create(
        tracking_digest="d1",
        lodged_via="public",
        language="ro",
        anonymous=True,
        description="They took my passport.",
        agency=agency,
        lodged_at=timezone.now(),
    )

    detail = api.get(f"/api/v1/agencies/{agency.public_id}").json()

    assert detail["complaints"][0] == {"status": "received", "label": "Received", "count": 1}
    assert "passport" not in str(detail)


# --- Licences ---------------------------------------------------------------------------------


def test_a_licence_is_applied_for_and_decided(api, agency):
    base = f"/api/v1/agencies/{agency.public_id}/licences"
    applied = api.post(base, {"destinations": ["IL"], "sectors": ["F"]}, content_type=JSON)
    assert applied.status_code == 201, applied.content
    licence_id = applied.json()["id"]
    assert applied.json()["decisions"] == ["grant", "refuse"]
    today = timezone.localdate()

    granted = api.post(
        f"{base}/{licence_id}/grant",
        {
            "number": "AP-2025-200",
            "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(days=730)).isoformat(),
        },
        content_type=JSON,
    )
    no_reason = api.post(f"{base}/{licence_id}/suspend", {}, content_type=JSON)
    suspended = api.post(f"{base}/{licence_id}/suspend", {"reason": "Fees."}, content_type=JSON)
    reinstated = api.post(f"{base}/{licence_id}/reinstate", {}, content_type=JSON)
    revoked = api.post(f"{base}/{licence_id}/revoke", {"reason": "Again."}, content_type=JSON)
    again = api.post(f"{base}/{licence_id}/reinstate", {}, content_type=JSON)

    assert granted.status_code == 200, granted.content
    assert granted.json()["status"] == "active"
    assert granted.json()["valid_today"] is True
    assert "reason" in _errors(no_reason)
    assert suspended.json()["status"] == "suspended"
    assert reinstated.json()["status"] == "active"
    assert revoked.json()["status"] == "revoked"
    assert again.status_code == 409
    history = api.get(base).json()[0]["history"]
    assert [(e["from_status"], e["to_status"]) for e in history] == [
        ("", "applied"),
        ("applied", "active"),
        ("active", "suspended"),
        ("suspended", "active"),
        ("active", "revoked"),
    ]
    assert history[2]["reason"] == "Fees."
    assert history[2]["decided_by"] == "inspector"


def test_a_grant_with_bad_dates_is_refused(api, licenser, agency):
    licence = apply(licenser, agency)
    today = timezone.localdate()

    response = api.post(
        f"/api/v1/agencies/{agency.public_id}/licences/{licence.pk}/grant",
        {
            "number": "AP-1",
            "valid_from": today.isoformat(),
            "valid_until": (today - timedelta(days=1)).isoformat(),
        },
        content_type=JSON,
    )

    assert "valid_until" in _errors(response)


def test_a_second_application_waits_for_the_first(api, licenser, agency):
    apply(licenser, agency)

    response = api.post(
        f"/api/v1/agencies/{agency.public_id}/licences",
        {"destinations": ["DE"], "sectors": ["C"]},
        content_type=JSON,
    )

    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM


# --- Violations and contracts -------------------------------------------------------------------


def test_a_violation_is_recorded_and_listed(api, agency):
    url = f"/api/v1/agencies/{agency.public_id}/violations"

    created = api.post(
        url,
        {
            "kind": "fee_charged",
            "found_on": timezone.localdate().isoformat(),
            "description": "A deposit of EUR 200 to be put on the list.",
            "amount": "200",
            "currency": "EUR",
        },
        content_type=JSON,
    )
    bad = api.post(
        url,
        {"kind": "fee_charged", "found_on": "2999-01-01", "description": "<b>x</b>"},
        content_type=JSON,
    )

    assert created.status_code == 201, created.content
    assert created.json()["organisation"]["code"] == "inspectorate"
    assert set(_errors(bad)) == {"found_on", "description"}
    assert [v["kind"] for v in api.get(url).json()] == ["fee_charged"]


def test_a_contract_template_is_uploaded_listed_and_downloaded(api, agency):
    url = f"/api/v1/agencies/{agency.public_id}/contracts"
    content = docx_bytes()

    created = api.post(
        url,
        {
            "title": "Contract individual de muncă",
            "language": "ro",
            "file": SimpleUploadedFile("contract.docx", content, "application/octet-stream"),
        },
    )

    assert created.status_code == 201, created.content
    contract_id = created.json()["id"]
    assert api.get(url).json()[0]["file_name"] == "contract.docx"
    download = api.get(f"{url}/{contract_id}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("contract.docx", zip_bomb()),
        ("contract.pdf", b"%PDF-1.4 this is not really a PDF"),
        ("contract.docx", pdf_bytes()),
    ],
)
def test_a_bad_contract_file_is_refused_and_nothing_is_kept(api, agency, name, content):
    response = api.post(
        f"/api/v1/agencies/{agency.public_id}/contracts",
        {"title": "Contract", "language": "ro", "file": SimpleUploadedFile(name, content)},
    )

    assert "file" in _errors(response)
    assert not ContractTemplate.objects.exists()


def test_decisions_are_refused_to_those_who_do_not_license(
    api_for, legal_inspector, licenser, agency
):
    licence = apply(licenser, agency)
    reader = api_for(legal_inspector)

    response = reader.post(
        f"/api/v1/agencies/{agency.public_id}/licences/{licence.pk}/refuse",
        {"reason": "No."},
        content_type=JSON,
    )

    assert response.status_code == 403
    decide(licenser, licence, "refuse", reason="No.")


def test_a_coordinator_licenses_but_never_sees_complaint_counts(api_for, people, agency):
    """The firewall keeps even the numbers of complaints from the status-deciding role."""
    coordinator = api_for(people["coordinator"])
    detail = coordinator.get(f"/api/v1/agencies/{agency.public_id}")
    assert detail.status_code == 200
    assert detail.json()["complaints"] is None
