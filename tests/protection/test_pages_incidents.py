# ruff: noqa: F811  (fixtures imported from the fixture modules are used as arguments)
"""The incident pages (R21): the public report without an account and without
JavaScript, the code shown once, following the report with it (throttled), the
report for someone, and the handlers' list and detail with their actions."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from integra.core.models import AuditEntry
from integra.protection.models import Incident
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    CODE_SHAPE,
    lawyer,
    legal_aid,
)
from tests.protection.test_incidents import (  # noqa: F401  (fixtures)
    WORDS,
    equality,
    equality_body,
    report,
)

pytestmark = pytest.mark.django_db

UNKNOWN = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789"  # well formed, never issued
FORM = {
    "reported_by": "witness",
    "kinds": ["verbal", "physical"],
    "grounds": ["colour"],
    "happened_on": "2026-01-10",
    "place_kind": "street",
    "place": "Piața Centrală",
    "region": "Chișinău",
    "description": f"{WORDS}.",
    "anonymous": "anonymous",
}


def _code_of(response) -> str:
    found = re.search(r'id="tracking-code">([^<]+)<', response.content.decode())
    assert found, "the code is not on the page"
    return found.group(1)


def test_the_report_form_works_without_an_account(client: Client, orgs):
    page = client.get("/incidents/report/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "residence status" in html  # only to say it is never asked
    assert 'name="legal_status"' not in html

    sent = client.post("/incidents/report/", FORM)

    assert sent.status_code == 302
    assert sent["Location"] == "/incidents/thanks/"
    incident = Incident.objects.get()
    assert (incident.reported_by, incident.place_kind, incident.anonymous) == (
        "witness",
        "street",
        True,
    )


def test_the_report_is_in_the_pages_language(client: Client, orgs):
    client.post("/incidents/report/", FORM, HTTP_ACCEPT_LANGUAGE="ru")
    assert Incident.objects.get().language == "ru"


def test_the_code_is_shown_once_and_never_cached(client: Client, orgs):
    client.post("/incidents/report/", FORM)

    shown = client.get("/incidents/thanks/")
    code = _code_of(shown)

    assert CODE_SHAPE.match(code)
    assert "no-store" in shown["Cache-Control"]
    again = client.get("/incidents/thanks/")
    assert 'id="tracking-code"' not in again.content.decode()


def test_bad_input_comes_back_with_errors_beside_the_fields(client: Client, orgs):
    response = client.post(
        "/incidents/report/",
        {
            **FORM,
            "kinds": [],
            "description": "<script>alert(1)</script>",
            "happened_on": "2999-01-01",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Write plain text" in html or "This field is required" in html
    assert "<script>alert(1)</script>" not in html
    assert not Incident.objects.exists()

    future = client.post("/incidents/report/", {**FORM, "happened_on": "2999-01-01"})
    assert "cannot be in the future" in future.content.decode()
    assert not Incident.objects.exists()


def test_a_flood_of_reports_from_one_address_is_slowed(client: Client, orgs):
    for _ in range(10):
        assert client.post("/incidents/report/", FORM, REMOTE_ADDR="203.0.113.9").status_code == 302

    flooded = client.post("/incidents/report/", FORM, REMOTE_ADDR="203.0.113.9")

    assert flooded.status_code == 429
    assert Incident.objects.count() == 10


def test_the_reporter_follows_the_report_and_adds_information(client: Client, orgs):
    client.post("/incidents/report/", FORM)
    code = _code_of(client.get("/incidents/thanks/"))

    opened = client.post("/incidents/track/", {"code": code.lower()})
    assert opened.status_code == 302
    assert opened["Location"] == "/incidents/track/incident/"
    page = client.get("/incidents/track/incident/")
    assert "Report received" in page.content.decode()

    added = client.post("/incidents/track/incident/", {"text": "There was a camera on the bus."})
    assert added.status_code == 302
    assert (
        "There was a camera on the bus."
        in client.get("/incidents/track/incident/").content.decode()
    )

    client.post("/incidents/track/end/")
    assert client.get("/incidents/track/incident/")["Location"] == "/incidents/track/"


def test_a_wrong_code_is_throttled_and_says_nothing(client: Client, orgs):
    for _ in range(10):
        wrong = client.post("/incidents/track/", {"code": UNKNOWN}, REMOTE_ADDR="203.0.113.7")
        assert wrong.status_code == 200
        assert "We found no report with this code" in wrong.content.decode()

    throttled = client.post("/incidents/track/", {"code": UNKNOWN}, REMOTE_ADDR="203.0.113.7")

    assert throttled.status_code == 429


def test_an_ngo_reports_for_someone_on_the_page(client_for, people, orgs):
    client = client_for(people["partner"])
    page = client.get("/incidents/report/")
    assert "Report an incident for someone" in page.content.decode()
    assert 'name="reported_by"' not in page.content.decode()

    sent = client.post("/incidents/report/", {k: v for k, v in FORM.items() if k != "reported_by"})

    assert sent.status_code == 302
    incident = Incident.objects.get()
    assert (incident.reported_by, incident.reporter_organisation) == ("organisation", orgs["ngo"])
    # The code is handed over; the report is not read back.
    assert "Give this code to the person" in client.get("/incidents/thanks/").content.decode()
    assert client.get(f"/incidents/{incident.public_id}/").status_code == 404
    assert client.get("/incidents/").status_code == 403


def test_a_handler_lists_filters_and_follows_up(client_for, report, legal_aid, lawyer, equality):
    incident = report().incident
    other = report(kinds=("housing",)).incident
    client = client_for(lawyer)

    listed = client.get("/incidents/?kind=verbal")
    assert listed.status_code == 200
    assert incident.public_id in listed.content.decode()
    assert other.public_id not in listed.content.decode()
    assert "No incident here" in client.get("/incidents/?region=Nowhere").content.decode()

    detail = client.get(f"/incidents/{incident.public_id}/")
    assert detail.status_code == 200
    assert WORDS in detail.content.decode()
    assert AuditEntry.objects.filter(action="incident.read").exists()

    assert client.post(f"/incidents/{incident.public_id}/take/").status_code == 302
    assert (
        client.post(
            f"/incidents/{incident.public_id}/update/",
            {"update-note": "We called the operator.", "update-public": "on"},
        ).status_code
        == 302
    )
    referred = client.post(
        f"/incidents/{incident.public_id}/refer/", {"refer-organisation": "equality-council"}
    )
    assert referred.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "referred"

    # The equality body now sees and closes it.
    body = client_for(equality)
    assert body.get(f"/incidents/{incident.public_id}/").status_code == 200
    closed = body.post(
        f"/incidents/{incident.public_id}/close/",
        {"close-outcome": "Settled.", "close-public": "on"},
    )
    assert closed.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.outcome) == ("closed", "Settled.")


def test_a_handlers_form_errors_come_back_on_the_page(client_for, report, legal_aid, lawyer):
    incident = report().incident
    client = client_for(lawyer)

    empty = client.post(f"/incidents/{incident.public_id}/update/", {"update-note": ""})
    bad = client.post(
        f"/incidents/{incident.public_id}/refer/", {"refer-organisation": "legal-aid"}
    )
    script = client.post(
        f"/incidents/{incident.public_id}/close/", {"close-outcome": "<script>x</script>"}
    )

    assert empty.status_code == bad.status_code == script.status_code == 200
    assert "Write plain text" in script.content.decode()
    incident.refresh_from_db()
    assert incident.status == "received"


@pytest.mark.parametrize(
    "persona", ["inspector", "caseworker", "coordinator", "analyst", "partner"]
)
def test_others_get_no_incident_page(client_for, people, report, persona):
    incident = report().incident
    client = client_for(people[persona])

    assert client.get("/incidents/").status_code == 403
    assert client.get(f"/incidents/{incident.public_id}/").status_code == 404
    assert client.post(f"/incidents/{incident.public_id}/take/").status_code == 404
