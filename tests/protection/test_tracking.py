# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""The tracking code (R18): shown once, never in an address, never stored; with
it the complainant follows the status (public events only) and adds information
or evidence without an account. Guessing is slowed per client, and a wrong code
answers exactly like a well-formed unknown one."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from integra.core.errors import Conflict
from integra.core.models import Notification
from integra.protection.models import Complaint
from integra.protection.selectors import complaints as selectors
from integra.protection.services import complaint_handling as handling
from integra.protection.services import complaints as services
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    CODE_SHAPE,
    PDF,
    PNG,
    WORDS,
    complaint,
    inspector,
    legal_aid,
    lodge,
    lodged,
    media,
    routing,
)

pytestmark = pytest.mark.django_db

UNKNOWN = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789"  # well formed, never issued
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _lodge_on_the_page(client: Client, **extra: object):
    return client.post(
        "/complaints/new/",
        {
            "categories": ["wages", "documents"],
            "description": f"{WORDS}.",
            "anonymous": "anonymous",
            **extra,
        },
    )


def _code_of(response) -> str:
    found = re.search(r'id="tracking-code">([^<]+)<', response.content.decode())
    assert found, "the code is not on the page"
    return found.group(1)


def _track(client: Client, code: str, address: str = "203.0.113.7"):
    return client.post("/complaints/track/", {"code": code}, REMOTE_ADDR=address)


def test_the_code_is_shown_once_and_never_cached(client, routing, media):
    lodged = _lodge_on_the_page(client)
    assert lodged.status_code == 302
    assert lodged["Location"] == "/complaints/thanks/"

    shown = client.get("/complaints/thanks/")
    code = _code_of(shown)

    assert CODE_SHAPE.match(code)
    assert "no-store" in shown["Cache-Control"]
    complaint = Complaint.objects.get()
    assert complaint.tracking_digest == selectors.tracking_digest(code.replace("-", ""))
    again = client.get("/complaints/thanks/")
    assert code not in again.content.decode()
    assert 'id="tracking-code"' not in again.content.decode()


def test_with_the_code_the_complainant_follows_the_complaint(
    client, complaint, lodged, inspector, people
):
    people["inspector"].first_name = "Dumitru"
    people["inspector"].save()
    handling.complaint_update(
        actor=inspector,
        complaint=complaint,
        status="in_progress",
        note="An inspector visits the site on Monday.",
        public=True,
    )
    handling.complaint_update(
        actor=inspector, complaint=complaint, note="The foreman has a record: see C-0000."
    )
    handling.indicator_flag(
        actor=inspector, complaint=complaint, indicator="documents", evidence_text="Passports."
    )

    # Any case, no dashes: as a person types it.
    found = _track(client, lodged.code.replace("-", "").lower())

    assert found.status_code == 302
    assert found["Location"] == "/complaints/track/complaint/"
    assert lodged.code not in found["Location"]
    page = client.get(found["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Being handled" in text
    assert "An inspector visits the site on Monday." in text
    assert "The foreman has a record" not in text  # internal
    assert "Passports." not in text  # flags are the handlers'
    assert "Dumitru" not in text  # no handler's name
    assert client.session["integra_complaint_tracking"] == complaint.public_id


def test_a_wrong_code_answers_like_an_unknown_one(client, complaint):
    answers = []
    for guess in ("hello", UNKNOWN, UNKNOWN.replace("-", "").lower(), "A" * 32):
        response = _track(client, guess)
        body = CSRF.sub("", response.content.decode()).replace(f'value="{guess}"', 'value="…"')
        answers.append((response.status_code, body))

    assert {status for status, _body in answers} == {200}
    assert len({body for _status, body in answers}) == 1
    assert "We found no complaint with this code" in answers[0][1]
    assert "integra_complaint_tracking" not in client.session


def test_guessing_is_throttled_per_client(client, complaint, lodged):
    for _ in range(selectors.TRACK_LIMIT):
        assert _track(client, UNKNOWN).status_code == 200

    refused = _track(client, lodged.code)  # even the right code, from this client

    assert refused.status_code == 429
    assert "integra_complaint_tracking" not in client.session
    assert _track(Client(), lodged.code, address="198.51.100.9").status_code == 302


def test_the_tracking_page_needs_a_code_first(client):
    response = client.get("/complaints/track/complaint/")

    assert response.status_code == 302
    assert response["Location"] == "/complaints/track/"


def test_opening_a_complaint_gives_a_new_session_key(client, lodged):
    client.get("/complaints/track/")
    client.session.save()
    before = client.session.session_key

    _track(client, lodged.code)

    assert client.session.session_key != before


def test_the_complainant_adds_information_and_evidence(
    client, complaint, lodged, inspector, people
):
    handling.complaint_assign(actor=inspector, complaint=complaint)
    handling.complaint_update(
        actor=inspector, complaint=complaint, status="waiting", note="Send a payslip.", public=True
    )
    _track(client, lodged.code)

    response = client.post(
        "/complaints/track/complaint/",
        {
            "text": "The foreman is called Ion.",
            "attachments": [SimpleUploadedFile("payslip.pdf", PDF, "application/pdf")],
        },
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "in_progress"  # back to the handler
    assert complaint.attachments.get().file_name == "payslip.pdf"
    assert complaint.events.get(kind="information").text == "The foreman is called Ion."
    notice = Notification.objects.get(kind="complaints.information")
    assert (notice.user, notice.params) == (people["inspector"], {})
    page = client.get("/complaints/track/complaint/").content.decode()
    assert "The foreman is called Ion." in page
    assert "payslip.pdf" in page


def test_a_lying_file_is_refused_on_the_tracking_page(client, complaint, lodged, media):
    _track(client, lodged.code)

    response = client.post(
        "/complaints/track/complaint/",
        {"attachments": [SimpleUploadedFile("photo.jpg", PNG, "image/jpeg")]},
    )

    assert response.status_code == 200
    assert "photo.jpg" in response.context["form"].errors["attachments"][0]
    assert not complaint.attachments.exists()


def test_a_closed_complaint_takes_nothing_more(client, complaint, lodged, inspector):
    handling.complaint_close(
        actor=inspector, complaint=complaint, closing=handling.Closing(remedies=("sanction",))
    )
    _track(client, lodged.code)

    with pytest.raises(Conflict):
        services.complaint_add_information(complaint=complaint, text="More.")
    page = client.get("/complaints/track/complaint/").content.decode()
    assert 'id="information-form"' not in page


def test_the_complaint_can_be_closed_in_this_browser(client, lodged):
    _track(client, lodged.code)

    response = client.post("/complaints/track/end/")

    assert response.status_code == 302
    assert "integra_complaint_tracking" not in client.session
    assert client.get("/complaints/track/complaint/").status_code == 302


# --- The API ------------------------------------------------------------------------------------


def _post(client: Client, path: str, body: dict[str, object], address: str = "203.0.113.7"):
    return client.post(path, json.dumps(body), content_type="application/json", REMOTE_ADDR=address)


def test_the_api_lodges_and_tracks_without_an_account(client, routing, media):
    lodged = _post(
        client,
        "/api/v1/public/complaints",
        {"categories": ["wages"], "description": f"{WORDS}.", "language": "uk"},
    )
    assert lodged.status_code == 201, lodged.content
    code = lodged.json()["tracking_code"]
    assert CODE_SHAPE.match(code)

    tracked = _post(client, "/api/v1/public/complaints/track", {"code": code})

    assert tracked.status_code == 200
    body = tracked.json()
    assert body["status"] == "received"
    assert [e["kind"] for e in body["events"]] == ["lodged", "routed"]
    assert "description" not in body


def test_the_api_answers_a_wrong_code_like_an_unknown_one(client, complaint):
    bodies = []
    for guess in ("hello", UNKNOWN):
        response = _post(client, "/api/v1/public/complaints/track", {"code": guess})
        assert response.status_code == 404
        body = response.json()
        body.pop("request_id")
        body.pop("instance")
        bodies.append(body)

    assert bodies[0] == bodies[1]


def test_the_api_throttles_guessing_with_the_pages(client, complaint, lodged):
    for _ in range(selectors.TRACK_LIMIT - 1):
        _track(client, UNKNOWN)
    assert _post(client, "/api/v1/public/complaints/track", {"code": UNKNOWN}).status_code == 404

    refused = _post(client, "/api/v1/public/complaints/track", {"code": lodged.code})

    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"


def test_the_api_adds_information_and_evidence(client, complaint, lodged, media):
    info = _post(
        client,
        "/api/v1/public/complaints/track/information",
        {"code": lodged.code, "text": "They moved us to another site."},
    )
    assert info.status_code == 201
    assert info.json()["events"][-1]["text"] == "They moved us to another site."

    evidence = client.post(
        "/api/v1/public/complaints/track/evidence",
        {"code": lodged.code, "files": [SimpleUploadedFile("site.png", PNG, "image/png")]},
        REMOTE_ADDR="203.0.113.7",
    )
    assert evidence.status_code == 201, evidence.content
    assert evidence.json()["files"] == ["site.png"]

    lying = client.post(
        "/api/v1/public/complaints/track/evidence",
        {"code": lodged.code, "files": [SimpleUploadedFile("site.pdf", PNG, "application/pdf")]},
        REMOTE_ADDR="203.0.113.7",
    )
    assert lying.status_code == 422
    assert lying.json()["errors"][0]["field"] == "attachments"
    assert complaint.attachments.count() == 1
