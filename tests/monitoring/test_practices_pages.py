"""The good practices pages (issue 7, R28) and the demo library."""

from __future__ import annotations

import pytest

from integra.core import access
from integra.core.models import AuditEntry
from integra.monitoring import demo_practices
from integra.monitoring.models import Practice, PracticeStatus
from integra.monitoring.services import practices as services

FORM = {
    "title": "Integration courses",
    "country": "DE",
    "area": "language",
    "summary": "600 hours of German and 100 of orientation.",
    "description": "Run by licensed providers across the country.",
    "evidence": "",
    "contact_name": "",
    "contact_email": "",
}


def _practice(people, *, publish: bool = True, **changes: str) -> Practice:
    coordinator = access.actor_for(people["coordinator"])
    data = services.PracticeData(**{**FORM, **changes})
    practice = services.practice_create(actor=coordinator, data=data)
    if publish:
        practice = services.practice_publish(actor=coordinator, practice=practice)
    return practice


def test_the_library_shows_an_empty_state(client_for, people):
    response = client_for(people["partner"]).get("/practices/")
    assert response.status_code == 200
    assert "No practice has been published yet." in response.content.decode()
    assert "Describe a practice" not in response.content.decode()


def test_a_search_with_no_match_says_so(client_for, people):
    _practice(people)
    response = client_for(people["partner"]).get("/practices/", {"q": "nothing"})
    assert "No practice matches." in response.content.decode()


def test_the_library_searches_in_cyrillic_and_filters(client_for, people):
    _practice(people, title="Курсы интеграции", country="MD")
    _practice(people, title="Housing first", area="housing")
    client = client_for(people["partner"])
    page = client.get("/practices/", {"q": "курсы"}).content.decode()
    assert "Курсы интеграции" in page
    assert "Housing first" not in page
    page = client.get("/practices/", {"q": "kursy"}).content.decode()
    assert "Курсы интеграции" in page
    page = client.get("/practices/", {"area": "housing"}).content.decode()
    assert "Housing first" in page
    assert "Курсы интеграции" not in page


def test_the_library_paginates(client_for, people):
    for n in range(27):
        _practice(people, title=f"Practice number {n}")
    client = client_for(people["partner"])
    first = client.get("/practices/").content.decode()
    assert "27 practices" in first
    assert "Page 1 of 2" in first
    second = client.get("/practices/", {"page": 2}).content.decode()
    assert "Practice number 0<" in second


def test_a_caseworker_drafts_through_the_form(client_for, people, orgs):
    client = client_for(people["caseworker"])
    assert client.get("/practices/new/").status_code == 200
    response = client.post("/practices/new/", FORM)
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/practices/{practice.public_id}/"
    assert practice.status == PracticeStatus.DRAFT
    assert practice.organisation == orgs["a"]
    page = client.get(response["Location"]).content.decode()
    assert "A draft: only its organisation" in page
    assert "Publish in the library" not in page
    drafts = client.get("/practices/", {"status": "draft"}).content.decode()
    assert "Integration courses" in drafts


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"description": ""}, "description"),
        ({"contact_email": "nobody"}, "contact_email"),  # the service's own check
        ({"summary": "See <b>this</b>"}, "summary"),
    ],
)
def test_the_form_shows_the_errors_beside_the_fields(client_for, people, change, field):
    response = client_for(people["caseworker"]).post("/practices/new/", {**FORM, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Practice.objects.exists()


def test_the_keeper_edits_the_draft(client_for, people):
    practice = _practice(people, publish=False)
    client = client_for(people["coordinator"])
    response = client.post(f"/practices/{practice.public_id}/edit/", {**FORM, "title": "Changed"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Changed"


def test_the_coordinator_publishes_then_withdraws_from_the_page(client_for, people):
    practice = _practice(people, publish=False)
    client = client_for(people["coordinator"])
    url = f"/practices/{practice.public_id}/"
    assert client.post(f"{url}publish/").status_code == 302
    assert Practice.objects.get().status == PracticeStatus.PUBLISHED
    page = client.get(url).content.decode()
    assert "Withdraw from the library" in page

    missing = client.post(f"{url}withdraw/", {"reason": ""})
    assert missing.status_code == 200
    assert "reason" in missing.context["withdraw_form"].errors

    assert client.post(f"{url}withdraw/", {"reason": "Replaced by a newer law."}).status_code == 302
    assert Practice.objects.get().status == PracticeStatus.WITHDRAWN
    assert AuditEntry.objects.get(action="practice.withdraw").data["reason"] == (
        "Replaced by a newer law."
    )
    page = client.get(url).content.decode()
    assert "Replaced by a newer law." in page
    assert client_for(people["partner"]).get(url).status_code == 404


def test_a_withdrawn_practice_s_edit_page_goes_back_to_it(client_for, people):
    practice = _practice(people)
    services.practice_withdraw(
        actor=access.actor_for(people["coordinator"]), practice=practice, reason="Old."
    )
    response = client_for(people["coordinator"]).get(f"/practices/{practice.public_id}/edit/")
    assert response.status_code == 302


def test_the_detail_page_shows_the_profile(client_for, people):
    practice = _practice(people, evidence="Panel study.", contact_email="bamf@example.org")
    page = client_for(people["teacher"]).get(f"/practices/{practice.public_id}/").content.decode()
    for text in ("Integration courses", "Germany", "Language", "Panel study.", "bamf@example.org"):
        assert text in page
    assert "Change the practice" not in page


@pytest.mark.parametrize("persona", ["migrant", "stranger"])
def test_the_pages_refuse_who_is_not_staff(client_for, people, persona):
    assert client_for(people[persona]).get("/practices/").status_code == 403


def test_the_demo_loads_once(people):
    """The personas "coordinator" and "caseworker" stand in for the demo's users."""
    first = demo_practices.load()
    count = Practice.objects.count()
    second = demo_practices.load()

    assert "written" in first
    assert "already loaded" in second
    assert count == len(demo_practices.PRACTICES) + 1 == Practice.objects.count()
    assert Practice.objects.filter(status=PracticeStatus.DRAFT).count() == 1
    assert Practice.objects.filter(status=PracticeStatus.PUBLISHED).count() == len(
        demo_practices.PRACTICES
    )
    assert len({p.country for p in Practice.objects.all()}) >= 6
    assert len({p.area for p in Practice.objects.all()}) >= 6
