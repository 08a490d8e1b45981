# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""The complaint pages: the public form on a phone without script, in the
visitor's language; lodging for a worker; the handlers' triage list (urgent
first, filters, pages), a complaint with its actions, and the routing rules."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from integra.core import access
from integra.core.models import AuditEntry
from integra.protection.models import Complaint, IndicatorFlag, RoutingRule
from integra.protection.services import complaint_handling as handling
from integra.protection.views import complaints as views
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    WORDS,
    complaint,
    inspector,
    lawyer,
    legal_aid,
    lodge,
    lodged,
    media,
    routing,
)

pytestmark = pytest.mark.django_db


def _form(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "categories": ["wages"],
        "description": f"{WORDS}.",
        "employer": "Edil-Construct SA",
        "sector": "F",
        "region": "Bălți",
        "anonymous": "anonymous",
    }
    values.update(changes)
    return values


# --- The public form -----------------------------------------------------------------------------


def test_the_form_is_light_and_works_without_script(client):
    response = client.get("/complaints/new/")

    text = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in text
    assert 'enctype="multipart/form-data"' in text
    assert 'name="categories"' in text
    assert 'type="file"' in text
    assert 'name="sector"' in text
    assert "F — " in text
    assert "residence" not in re.sub(r"<[^>]+>", "", text).split("Nobody will ask")[0].lower()
    assert 'name="person"' not in text  # only for a caseworker lodging for a worker
    assert len(response.content) < 150 * 1024


def test_the_form_speaks_the_visitors_language(client, routing, media):
    client.cookies["integra_language"] = "ru"

    page = client.get("/complaints/new/")
    client.post("/complaints/new/", _form())

    assert '<html lang="ru"' in page.content.decode()
    assert Complaint.objects.get().language == "ru"


def test_a_worker_lodges_a_named_complaint(client, routing, media):
    response = client.post(
        "/complaints/new/", _form(anonymous="named", name="Aziz", contact="+37369100201")
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.name, complaint.contact, complaint.lodged_via) == (
        "Aziz",
        "+37369100201",
        "public",
    )


def test_the_forms_errors_are_shown_beside_the_fields(client):
    empty = client.post("/complaints/new/", _form(categories=[]))
    script = client.post("/complaints/new/", _form(description="<script>alert(1)</script>"))

    assert (empty.status_code, script.status_code) == (200, 200)
    assert set(empty.context["form"].errors) == {"categories"}
    assert set(script.context["form"].errors) == {"description"}
    assert "error-summary" in script.content.decode()
    assert "<script>alert" not in script.content.decode()
    assert not Complaint.objects.exists()


def test_a_flood_from_one_address_is_slowed(client, routing, media):
    for _ in range(views.LODGE_LIMIT):
        assert client.post("/complaints/new/", _form()).status_code == 302

    refused = client.post("/complaints/new/", _form())

    assert refused.status_code == 429
    assert Complaint.objects.count() == views.LODGE_LIMIT


def test_an_ngo_lodges_for_a_worker_and_hands_over_the_code(client_for, people, orgs, routing):
    client = client_for(people["partner"])

    form = client.get("/complaints/new/").content.decode()
    lodged = client.post("/complaints/new/", _form())
    thanks = client.get("/complaints/thanks/").content.decode()

    assert "Lodged for Refugee NGO" in form
    assert lodged.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.lodged_via, complaint.lodged_for) == ("ngo", orgs["ngo"])
    assert "Give this code to the worker" in thanks
    assert client.get(f"/complaints/{complaint.public_id}/").status_code == 404
    assert client.get("/complaints/").status_code == 403


def test_a_caseworker_can_link_the_workers_record(client_for, people, routing):
    client = client_for(people["caseworker"])
    form = client.get("/complaints/new/").content.decode()

    assert 'name="person"' in form


# --- Triage --------------------------------------------------------------------------------------


def test_triage_puts_urgent_complaints_first(client_for, people, lodge, routing, lawyer):
    lodge()
    urgent = lodge(categories=("wages",)).complaint
    handling.indicator_flag(
        actor=access.actor_for(people["inspector"]),
        complaint=urgent,
        indicator="violence",
        evidence_text="Beaten by the foreman.",
    )
    client = client_for(people["inspector"])

    text = client.get("/complaints/").content.decode()

    assert text.index(urgent.public_id) < text.index(
        Complaint.objects.exclude(pk=urgent.pk).get().public_id
    )
    assert "Urgent" in text


def test_triage_filters_and_pages(client_for, people, lodge, routing):
    for _ in range(26):
        lodge(categories=("hours",))
    wages = lodge(categories=("wages",)).complaint
    client = client_for(people["inspector"])

    filtered = client.get("/complaints/?category=wages").content.decode()
    second = client.get("/complaints/?page=2")

    assert wages.public_id in filtered
    assert filtered.count('<tr id="C-') == 1
    assert second.status_code == 200
    assert second.content.decode().count('<tr id="C-') == 2
    assert client.get("/complaints/?status=closed").content.decode().count('<tr id="C-') == 0


# --- A complaint and its actions ------------------------------------------------------------------


def test_the_detail_shows_everything_and_the_read_is_audited(client_for, people, complaint):
    client = client_for(people["inspector"])

    text = client.get(f"/complaints/{complaint.public_id}/").content.decode()

    assert WORDS in text
    assert "Edil-Construct SA" in text
    assert AuditEntry.objects.filter(
        action="complaint.read", object_id=complaint.public_id
    ).exists()


def test_handlers_act_from_the_page(client_for, people, complaint, legal_aid):
    client = client_for(people["inspector"])
    url = f"/complaints/{complaint.public_id}"

    assert client.post(f"{url}/assign/").status_code == 302
    assert (
        client.post(
            f"{url}/update/",
            {
                "update-status": "in_progress",
                "update-note": "We visit Monday.",
                "update-public": "on",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"{url}/indicators/",
            {"flag-indicator": "documents", "flag-evidence": "Passports kept."},
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"{url}/forced-labour/", {"decide-decision": "no", "decide-reason": "Fear only."}
        ).status_code
        == 302
    )
    assert client.post(f"{url}/indicators/documents/withdraw/").status_code == 302
    closed = client.post(
        f"{url}/close/",
        {
            "close-remedies": ["wages_recovered"],
            "close-wages_recovered": "1200.50",
            "close-currency": "MDL",
            "close-note": "Paid.",
            "close-public": "on",
        },
    )

    assert closed.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert complaint.handler == people["inspector"]
    assert complaint.forced_labour is False
    assert complaint.wages_recovered == Decimal("1200.50")
    assert not IndicatorFlag.objects.exists()
    assert complaint.events.filter(kind="status", public=True).exists()


def test_a_refused_action_shows_the_page_with_its_errors(client_for, people, complaint):
    client = client_for(people["inspector"])

    response = client.post(
        f"/complaints/{complaint.public_id}/close/",
        {"close-remedies": ["wages_recovered"], "close-wages_recovered": "-5"},
    )

    assert response.status_code == 200
    assert response.context["close_form"].errors
    assert 'id="id_close-wages_recovered_error"' in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_sending_a_complaint_on_leaves_it_with_the_other_organisation(
    client_for, people, complaint, legal_aid, lawyer
):
    client = client_for(people["inspector"])

    response = client.post(
        f"/complaints/{complaint.public_id}/route/", {"route-organisation": "legal-aid"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/complaints/"
    assert client.get(f"/complaints/{complaint.public_id}/").status_code == 404
    assert client_for(lawyer).get(f"/complaints/{complaint.public_id}/").status_code == 200


# --- Routing rules --------------------------------------------------------------------------


def test_the_inspectorate_keeps_the_routing_rules_on_a_page(client_for, people, legal_aid):
    client = client_for(people["inspector"])

    added = client.post(
        "/complaints/routing/",
        {"category": "harassment", "region": "", "organisation": "legal-aid"},
    )
    page = client.get("/complaints/routing/").content.decode()
    rule = RoutingRule.objects.get()
    removed = client.post(f"/complaints/routing/{rule.pk}/delete/")

    assert added.status_code == 302
    assert "Sexual harassment" in page
    assert "Law Center of Advocates" in page
    assert removed.status_code == 302
    assert not RoutingRule.objects.exists()


def test_legal_aid_does_not_keep_the_routing_rules(client_for, lawyer):
    assert client_for(lawyer).get("/complaints/routing/").status_code == 403
