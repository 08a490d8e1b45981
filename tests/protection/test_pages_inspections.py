# ruff: noqa: F811  (fixtures imported from other test modules are used as arguments)
"""The labour inspection pages: the risk list, workplaces and inspections, as an
inspector uses them (and as anyone else is refused), with clear errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from integra.protection.models import ComplaintEvent, Inspection, Violation, Workplace
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    complaint,
    inspector,
    legal_aid,
    lodge,
    lodged,
    media,
    routing,
)
from tests.protection.test_inspections import (  # noqa: F401  (fixtures)
    other_inspector,
    other_inspectorate,
    planned,
    violation,
    visited,
    workplace,
)

pytestmark = pytest.mark.django_db


def test_an_inspector_registers_a_workplace(people, client_for):
    client = client_for(people["inspector"])

    response = client.post(
        "/inspections/workplaces/new/",
        {"employer": "Agro-Nord SRL", "region": "Bălți", "sector": "A", "workers": "40"},
    )

    workplace = Workplace.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/inspections/workplaces/{workplace.public_id}/"
    page = client.get(response["Location"])
    assert "Agro-Nord SRL" in page.content.decode()


def test_a_workplace_without_employer_shows_the_error(people, client_for):
    response = client_for(people["inspector"]).post(
        "/inspections/workplaces/new/", {"employer": "<b>x</b>"}
    )

    assert response.status_code == 200
    assert "markup" in response.content.decode() or "HTML" in response.content.decode()
    assert not Workplace.objects.exists()


@pytest.mark.parametrize("persona", ["caseworker", "coordinator", "partner", "analyst"])
def test_others_are_refused_the_inspection_pages(people, client_for, persona, workplace):
    client = client_for(people[persona])
    for url in (
        "/inspections/",
        "/inspections/risk/",
        "/inspections/workplaces/",
        f"/inspections/workplaces/{workplace.public_id}/",
    ):
        assert client.get(url).status_code == 403


def test_the_lists_are_empty_then_filled(people, client_for, workplace):
    client = client_for(people["inspector"])

    empty = client.get("/inspections/")
    risk = client.get("/inspections/risk/")
    listed = client.get("/inspections/workplaces/?q=edil")

    assert "No inspection yet" in empty.content.decode()
    assert workplace.public_id in risk.content.decode()
    assert f"/inspections/workplaces/{workplace.public_id}/plan/?reason=risk" in (
        risk.content.decode()
    )
    assert workplace.public_id in listed.content.decode()


def test_plan_visit_violation_sanction_follow_up_through_the_pages(people, client_for, workplace):
    client = client_for(people["inspector"])
    today = timezone.localdate()

    planned_ = client.post(
        f"/inspections/workplaces/{workplace.public_id}/plan/",
        {"reason": "risk", "planned_for": (today - timedelta(days=20)).isoformat()},
    )
    inspection = Inspection.objects.get()
    assert planned_["Location"] == f"/inspections/{inspection.public_id}/"
    base = f"/inspections/{inspection.public_id}/"
    client.post(
        base + "visit/",
        {
            "visit-visited_on": (today - timedelta(days=20)).isoformat(),
            "visit-findings": "No contracts.",
            "visit-workers_interviewed": "6",
        },
    )
    bad = client.post(
        base + "violations/",
        {
            "violation-kind": "contract",
            "violation-description": "No contracts.",
            "violation-workers_affected": "6",
            "violation-remedy_by": (today - timedelta(days=30)).isoformat(),
        },
    )
    assert bad.status_code == 200
    assert "cannot be before the visit" in bad.content.decode()
    client.post(
        base + "violations/",
        {
            "violation-kind": "contract",
            "violation-description": "No contracts.",
            "violation-workers_affected": "6",
            "violation-remedy_by": (today - timedelta(days=5)).isoformat(),
        },
    )
    found = Violation.objects.get()
    no_amount = client.post(
        base + "sanctions/",
        {
            "sanction-violation": str(found.pk),
            "sanction-kind": "fine",
            "sanction-imposed_on": today.isoformat(),
        },
    )
    assert "Give the amount of the fine." in no_amount.content.decode()
    client.post(
        base + "sanctions/",
        {
            "sanction-violation": str(found.pk),
            "sanction-kind": "fine",
            "sanction-imposed_on": today.isoformat(),
            "sanction-amount": "9000",
            "sanction-currency": "MDL",
        },
    )
    fine = found.sanctions.get()
    client.post(f"{base}sanctions/{fine.pk}/paid/", {"paid-on": "", "paid-paid_on": today})
    fine.refresh_from_db()
    assert fine.paid_on == today
    due = client.get("/inspections/?due_follow_ups=on")
    assert inspection.public_id in due.content.decode()
    follow = client.post(
        base + "follow-up/", {"follow_up-planned_for": (today - timedelta(days=1)).isoformat()}
    )
    follow_up = Inspection.objects.get(follow_up_of=inspection)
    assert follow["Location"] == f"/inspections/{follow_up.public_id}/"
    client.post(
        f"/inspections/{follow_up.public_id}/visit/",
        {"visit-visited_on": (today - timedelta(days=1)).isoformat(), "visit-findings": "Fixed."},
    )
    client.post(
        f"/inspections/{follow_up.public_id}/remedies/",
        {"remedies-violations": [str(found.pk)], "remedies-remedied_on": today - timedelta(days=2)},
    )
    found.refresh_from_db()
    assert found.remedied_on == today - timedelta(days=2)


def test_another_inspectorates_inspection_is_not_found(planned, other_inspector, client_for):
    response = client_for(other_inspector).get(f"/inspections/{planned.public_id}/")

    assert response.status_code == 404


def test_a_cancel_without_reason_shows_the_error(people, client_for, planned):
    response = client_for(people["inspector"]).post(
        f"/inspections/{planned.public_id}/cancel/", {"cancel-reason": ""}
    )

    assert response.status_code == 200
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_a_recruitment_fee_links_to_the_agency(people, client_for, planned):
    from integra.protection.models import Agency

    agency = Agency.objects.create(
        name="Euro Job SRL",
        registration_number="1000000000777",
        country="MD",
        search_name="euro job srl",
        created_by=people["inspector"],
        created_at=timezone.now(),
    )
    client = client_for(people["inspector"])
    client.post(
        f"/inspections/workplaces/{planned.workplace.public_id}/agencies/",
        {"agency": agency.public_id},
    )
    done = visited(people, planned)
    violation(people, done, kind="recruitment_fees")

    page = client.get(f"/inspections/{done.public_id}/")

    assert f"/agencies/{agency.public_id}/violations/new/" in page.content.decode()


def test_the_complaint_page_links_a_workplace(people, client_for, complaint, workplace):
    client = client_for(people["inspector"])

    page = client.get(f"/complaints/{complaint.public_id}/")
    response = client.post(
        f"/complaints/{complaint.public_id}/workplace/",
        {"workplace-workplace": workplace.public_id},
    )

    assert "Link to a workplace" in page.content.decode()
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.workplace_record == workplace
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="workplace_linked").exists()


def test_the_complaint_page_takes_the_workplace_by_its_id(people, client_for, complaint, workplace):
    client = client_for(people["inspector"])
    page = client.get(f"/complaints/{complaint.public_id}/").content.decode()
    # The register is national: no list of every workplace, a search link instead.
    assert "<select" not in page.split('id="workplace"')[1].split("</form>")[0]
    assert "/inspections/workplaces/" in page

    unknown = client.post(
        f"/complaints/{complaint.public_id}/workplace/", {"workplace-workplace": "W-0000-0000"}
    )
    assert unknown.status_code == 200
    assert "There is no workplace with this id in the register." in unknown.content.decode()
    complaint.refresh_from_db()
    assert complaint.workplace_record is None

    typed = client.post(
        f"/complaints/{complaint.public_id}/workplace/",
        {"workplace-workplace": f"  {workplace.public_id.lower()} "},
    )
    assert typed.status_code == 302
    complaint.refresh_from_db()
    assert complaint.workplace_record == workplace
