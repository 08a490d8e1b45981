"""The agencies' pages: the public check, anonymous and without script, throttled;
the licensing staff's register, each page for a user who may and one who may not;
bad input explained beside its field, keeping nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from integra.protection.models import Agency, AgencyViolation, ContractTemplate, Licence
from tests.protection.agencies_fixtures import *  # noqa: F403
from tests.protection.agencies_fixtures import (
    apply,
    decide,
    grant,
    pdf_bytes,
    register,
    zip_bomb,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def html_of(response) -> str:
    return response.content.decode()


def error_beside(html: str, field_id: str) -> str:
    match = re.search(rf'<div id="{re.escape(field_id)}_error">(.*?)</div>', html, re.S)
    assert match, f"no error beside #{field_id}"
    return match.group(1)


@pytest.fixture
def web(client_for, people):
    """The labour inspectorate's inspector, who licenses agencies."""
    return client_for(people["inspector"])


# --- The public check --------------------------------------------------------------------


def test_anyone_checks_an_agency_without_an_account_or_script(client, licenser, agency):
    licence = grant(licenser, apply(licenser, agency), number="AP-2025-014")
    decide(licenser, licence, "suspend", reason="Complaint of Ana Rusu about a fee.")

    response = client.get("/agencies/check/", {"q": "euro munca"})

    html = html_of(response)
    assert response.status_code == 200
    assert 'class="portal"' in html  # the migrants' light layout
    assert "<script" not in html
    assert "Euro-Muncă Recrutare SRL" in html
    assert "1003600150017" in html
    assert "Licence suspended" in html
    assert "may not recruit workers now" in html
    assert "AP-2025-014" in html
    assert "Germany" in html
    assert "Agriculture, forestry and fishing" in html
    assert "<details>" in html  # the history opens without script
    assert "Ana Rusu" not in html  # reasons are never public
    assert "ILO Convention 181, Article 7" in html
    assert 'href="/rights/topics/recruitment_fees/"' in html


def test_a_licensed_agency_says_so_with_its_last_day(client, licenser, agency):
    licence = grant(licenser, apply(licenser, agency))

    html = html_of(client.get("/agencies/check/", {"q": "1003600150017"}))

    assert "Licensed" in html
    assert "holds a valid licence today" in html
    assert "Not licensed today." not in html
    assert licence.valid_until is not None


def test_an_unknown_agency_is_said_plainly(client, agency):
    html = html_of(client.get("/agencies/check/", {"q": "Nowhere Jobs"}))

    assert "No registered agency matches" in html
    assert "is not licensed" in html


def test_the_check_form_alone_and_a_too_short_query(client):
    empty = client.get("/agencies/check/")
    short = client.get("/agencies/check/", {"q": "e"})

    assert empty.status_code == 200
    assert 'name="q"' in html_of(empty)
    assert "at least 2 letters" in error_beside(html_of(short), "id_q")


def test_typed_markup_is_shown_as_text(client, agency):
    html = html_of(client.get("/agencies/check/", {"q": "<script>alert(1)</script>"}))

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_check_is_throttled_per_client(client, agency):
    for _ in range(30):
        assert client.get("/agencies/check/", {"q": "euro"}).status_code == 200

    response = client.get("/agencies/check/", {"q": "euro"})

    assert response.status_code == 429
    assert "Too many checks" in html_of(response)
    assert "Euro-Muncă" not in html_of(response)


# --- The register ----------------------------------------------------------------------------


def test_the_register_lists_searches_and_filters(web, licenser, agency):
    other = register(licenser, name="Nistru Job SRL", registration_number="1005600230028")
    grant(licenser, apply(licenser, other))

    listed = html_of(web.get("/agencies/"))
    licensed = html_of(web.get("/agencies/", {"standing": "licensed"}))
    searched = html_of(web.get("/agencies/", {"q": "MUNCA"}))

    assert agency.public_id in listed
    assert other.public_id in listed
    assert 'href="/agencies/new/"' in listed
    assert agency.public_id not in licensed
    assert other.public_id in licensed
    assert agency.public_id in searched
    assert other.public_id not in searched
    assert "No licence" in listed


@pytest.mark.parametrize("persona", ["caseworker", "partner", "analyst", "admin"])
def test_others_are_refused_the_register(client_for, people, persona):
    client = client_for(people[persona])

    assert client.get("/agencies/").status_code == 403
    assert client.get("/agencies/new/").status_code == 403


def test_a_complaint_handler_reads_but_does_not_write(client_for, legal_inspector, agency):
    client = client_for(legal_inspector)

    listed = client.get("/agencies/")
    detail = client.get(f"/agencies/{agency.public_id}/")

    assert listed.status_code == 200
    assert 'href="/agencies/new/"' not in html_of(listed)
    assert detail.status_code == 200
    assert "/edit/" not in html_of(detail)
    assert "Complaints naming the agency" not in html_of(detail)
    assert client.get(f"/agencies/{agency.public_id}/edit/").status_code == 403
    assert client.post(f"/agencies/{agency.public_id}/violations/new/", {}).status_code == 403


def test_the_anonymous_are_sent_to_sign_in(client, agency):
    response = client.get(f"/agencies/{agency.public_id}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_agency_is_registered_and_changed(web):
    response = web.post(
        "/agencies/new/",
        {
            "name": "Prut Recruitment SRL",
            "registration_number": "1016600560051",
            "country": "md",
            "phone": "+373 299 20 330",
        },
    )

    agency = Agency.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/agencies/{agency.public_id}/"
    changed = web.post(
        f"/agencies/{agency.public_id}/edit/",
        {"name": "Prut Recruitment Group SRL", "registration_number": "1016600560051",
         "country": "MD"},
    )  # fmt: skip
    assert changed.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Prut Recruitment Group SRL"
    assert "Prut Recruitment Group SRL" in html_of(web.get(f"/agencies/{agency.public_id}/"))


def test_markup_in_a_field_is_refused_beside_it_and_nothing_is_kept(web):
    response = web.post(
        "/agencies/new/",
        {
            "name": "<script>alert('x')</script>",
            "registration_number": "123",
            "country": "MD",
        },
    )

    html = html_of(response)
    assert response.status_code == 200
    assert "plain text" in error_beside(html, "id_name")
    assert "13 digits" in error_beside(html, "id_registration_number")
    assert "<script>alert" not in html
    assert not Agency.objects.exists()


def test_the_detail_shows_licences_history_contracts_violations_and_complaint_counts(
    web, licenser, agency
):
    licence = grant(licenser, apply(licenser, agency), number="AP-5")
    decide(licenser, licence, "suspend", reason="A fee was charged.")

    html = html_of(web.get(f"/agencies/{agency.public_id}/"))

    assert "Licence AP-5" in html
    assert "A fee was charged." in html  # reasons, for the staff
    assert f"/agencies/{agency.public_id}/licences/{licence.pk}/reinstate/" in html
    assert f"/agencies/{agency.public_id}/licences/{licence.pk}/revoke/" in html
    assert f"/licences/{licence.pk}/grant/" not in html
    assert "Complaints naming the agency" in html
    assert "No contract template is on file." in html


# --- Licences ---------------------------------------------------------------------------------


def test_an_application_is_recorded_and_granted_through_the_pages(web, agency):
    applied = web.post(
        f"/agencies/{agency.public_id}/licences/new/",
        {"destinations": "de, IL", "sectors": ["A", "Q"]},
    )
    licence = Licence.objects.get()
    assert applied.status_code == 302
    assert applied["Location"] == f"/agencies/{agency.public_id}/#licence-{licence.pk}"
    today = timezone.localdate()

    granted = web.post(
        f"/agencies/{agency.public_id}/licences/{licence.pk}/grant/",
        {
            "number": "AP-2025-100",
            "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(days=5 * 365)).isoformat(),
        },
    )

    assert granted.status_code == 302
    licence.refresh_from_db()
    assert (licence.status, licence.number, licence.destinations) == (
        "active",
        "AP-2025-100",
        ["DE", "IL"],
    )


def test_a_decision_without_its_reason_is_refused_beside_the_field(web, licenser, agency):
    licence = apply(licenser, agency)

    response = web.post(f"/agencies/{agency.public_id}/licences/{licence.pk}/refuse/", {})

    assert response.status_code == 200
    assert error_beside(html_of(response), "id_reason")
    licence.refresh_from_db()
    assert licence.status == "applied"


def test_a_decision_that_does_not_follow_is_explained(web, licenser, agency):
    licence = decide(licenser, apply(licenser, agency), "refuse", reason="No deposit.")

    page = web.get(f"/agencies/{agency.public_id}/licences/{licence.pk}/suspend/")
    posted = web.post(
        f"/agencies/{agency.public_id}/licences/{licence.pk}/suspend/", {"reason": "Fees."}
    )

    assert "cannot be taken on this licence" in html_of(page)
    assert posted.status_code == 200
    assert "Nothing more can be decided" in html_of(posted)
    licence.refresh_from_db()
    assert licence.status == "refused"


def test_an_unknown_decision_or_licence_is_not_found(web, licenser, agency):
    licence = apply(licenser, agency)
    other = register(licenser, name="Other SRL", registration_number="1005600230028")

    assert web.get(f"/agencies/{agency.public_id}/licences/{licence.pk}/extend/").status_code == 404
    assert web.get(f"/agencies/{other.public_id}/licences/{licence.pk}/grant/").status_code == 404
    assert web.get(f"/agencies/{agency.public_id}/licences/{2**70}/grant/").status_code == 404
    assert web.get("/agencies/G-0000-0000/").status_code == 404


# --- Contracts and violations ------------------------------------------------------------------


def test_a_contract_template_is_uploaded_and_downloaded(web, agency):
    content = pdf_bytes()

    response = web.post(
        f"/agencies/{agency.public_id}/contracts/new/",
        {
            "title": "Seasonal work contract",
            "language": "ro",
            "file": SimpleUploadedFile("contract.pdf", content, "application/pdf"),
        },
    )

    contract = ContractTemplate.objects.get()
    assert response.status_code == 302
    download = web.get(f"/agencies/{agency.public_id}/contracts/{contract.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("contract.docx", zip_bomb(), "unpack"),
        ("contract.pdf", b"<html><script>alert(1)</script></html>", "not a real PDF"),
        ("contract.svg", b"<svg onload='alert(1)'/>", "PDF, DOCX, ODT"),
    ],
)
def test_a_bad_file_is_refused_beside_the_field_and_nothing_is_kept(
    web, agency, name, content, words
):
    response = web.post(
        f"/agencies/{agency.public_id}/contracts/new/",
        {"title": "Contract", "language": "ro", "file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    assert words in error_beside(html_of(response), "id_file")
    assert not ContractTemplate.objects.exists()


def test_a_violation_is_recorded(web, agency):
    response = web.post(
        f"/agencies/{agency.public_id}/violations/new/",
        {
            "kind": "fee_charged",
            "found_on": timezone.localdate().isoformat(),
            "description": "A 'placement fee' of EUR 600.",
            "amount": "600",
            "currency": "EUR",
            "source": "Inspection",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#violations")
    assert AgencyViolation.objects.get().amount == 600
    html = html_of(web.get(f"/agencies/{agency.public_id}/"))
    assert "1 fee charged to workers has been found." in html


def test_a_violation_with_markup_is_refused(web, agency):
    response = web.post(
        f"/agencies/{agency.public_id}/violations/new/",
        {
            "kind": "fee_charged",
            "found_on": timezone.localdate().isoformat(),
            "description": "<img src=x onerror=alert(1)>",
        },
    )

    assert response.status_code == 200
    assert "plain text" in error_beside(html_of(response), "id_description")
    assert not AgencyViolation.objects.exists()
