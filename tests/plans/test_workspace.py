"""The caseworker's workspace: a supervisor reassigns plans in bulk; each person's
timeline says what happened to their case."""

from __future__ import annotations

import pytest

from integra.core import access
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Membership, Notification
from integra.core.roles import Role
from integra.people import selectors as people_selectors
from integra.people import services as people_services
from integra.plans.models import Plan
from integra.plans.services import plans as plan_services
from integra.plans.services import workspace
from tests.conftest import make_user
from tests.plans.conftest import NOW, TODAY, start_plan


@pytest.fixture
def supervisor(orgs):
    """A caseworker who also administers centre A: the team's supervisor."""
    user = make_user("lead", orgs["a"], Role.CASEWORKER)
    Membership.objects.create(user=user, organisation=orgs["a"], role=Role.ADMIN)
    return access.actor_for(user)


@pytest.fixture
def colleague(orgs):
    return make_user("ion", orgs["a"], Role.CASEWORKER)


def test_a_supervisor_moves_plans_to_a_colleague(supervisor, plan, colleague, people):
    moved = workspace.plans_reassign(
        actor=supervisor, plan_ids=[plan.public_id.lower()], caseworker="ion", now=NOW
    )
    assert moved == 1
    plan.refresh_from_db()
    assert plan.caseworker == colleague
    entry = AuditEntry.objects.get(action="plan.reassign")
    assert entry.object_id == plan.person.public_id
    assert entry.data == {"plan": plan.public_id, "from": "caseworker", "to": "ion"}
    notice = Notification.objects.get(user=colleague)
    assert (notice.kind, notice.params["count"]) == ("plans.assigned", 1)


def test_moving_to_the_same_caseworker_changes_nothing(supervisor, plan, people):
    assert (
        workspace.plans_reassign(
            actor=supervisor, plan_ids=[plan.public_id], caseworker="caseworker", now=NOW
        )
        == 0
    )
    assert not AuditEntry.objects.filter(action="plan.reassign").exists()


def test_all_or_nothing(supervisor, plan, colleague, caseworker_b, coordinator, programme):
    """One plan that cannot move (another centre's) stops the whole change."""
    other = people_services.person_register(
        actor=access.actor_for(caseworker_b),
        data=people_services.PersonData(given_name="Omar", family_name="Ali"),
        now=NOW,
    )
    people_services.status_record(
        actor=access.actor_for(caseworker_b),
        person=other,
        category="international_protection",
        valid_from=TODAY,
        now=NOW,
    )
    theirs = start_plan(access.actor_for(caseworker_b), other, programme)
    with pytest.raises(ValidationFailed) as refused:
        workspace.plans_reassign(
            actor=supervisor,
            plan_ids=[plan.public_id, theirs.public_id],
            caseworker="ion",
            now=NOW,
        )
    assert theirs.public_id in refused.value.field_errors["plans"][0]
    assert plan.public_id not in refused.value.field_errors["plans"][0]
    plan.refresh_from_db()
    assert plan.caseworker.username == "caseworker"


def test_the_new_caseworker_must_work_at_the_plans_organisation(supervisor, plan, caseworker_b):
    with pytest.raises(ValidationFailed) as refused:
        workspace.plans_reassign(
            actor=supervisor, plan_ids=[plan.public_id], caseworker="caseworker_b", now=NOW
        )
    assert "caseworker" in refused.value.field_errors
    with pytest.raises(ValidationFailed) as refused:
        workspace.plans_reassign(
            actor=supervisor, plan_ids=[plan.public_id], caseworker="nobody", now=NOW
        )
    assert "caseworker" in refused.value.field_errors


def test_closed_plans_stay_with_their_caseworker(supervisor, caseworker, plan, colleague):
    plan_services.plan_close(actor=caseworker, plan=plan, outcome="moved", now=NOW)
    with pytest.raises(ValidationFailed):
        workspace.plans_reassign(
            actor=supervisor, plan_ids=[plan.public_id], caseworker="ion", now=NOW
        )


@pytest.mark.parametrize("persona", ["caseworker", "admin", "coordinator", "partner"])
def test_only_a_supervisor_reassigns(people, plan, colleague, persona):
    with pytest.raises(PermissionDenied):
        workspace.plans_reassign(
            actor=access.actor_for(people[persona]),
            plan_ids=[plan.public_id],
            caseworker="ion",
            now=NOW,
        )
    assert Plan.objects.get(pk=plan.pk).caseworker.username == "caseworker"


def test_the_supervisor_filters_by_caseworker_and_reassigns_on_the_page(
    supervisor, plan, colleague, client_for
):
    client = client_for(supervisor.user)
    page = client.get("/plans/", {"whose": "all", "caseworker": "caseworker"})
    assert page.status_code == 200
    assert plan.public_id.encode() in page.content
    assert b'name="plans"' in page.content
    response = client.post(
        "/plans/reassign/",
        {"plans": [plan.public_id], "caseworker": "ion", "next": "/plans/?whose=all"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/plans/?whose=all"
    assert b"1 plan reassigned." in response.content
    plan.refresh_from_db()
    assert plan.caseworker == colleague


def test_the_reassign_form_reports_what_is_missing(supervisor, plan, client_for):
    client = client_for(supervisor.user)
    response = client.post("/plans/reassign/", {"caseworker": ""}, follow=True)
    assert b"Tick the plans to reassign." in response.content


def test_a_caseworker_sees_no_reassign_form(cw, plan):
    page = cw.get("/plans/", {"whose": "all"})
    assert b'name="plans"' not in page.content
    assert (
        cw.post("/plans/reassign/", {"plans": [plan.public_id], "caseworker": "x"}).status_code
        == 403
    )


def test_reassign_through_the_api(supervisor, plan, colleague, api_for):
    api = api_for(supervisor.user)
    answer = api.post(
        "/api/v1/caseload/reassign",
        {"plans": [plan.public_id], "caseworker": "ion"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json() == {"reassigned": 1}
    bad = api.post(
        "/api/v1/caseload/reassign",
        {"plans": ["nope"], "caseworker": "ion"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"


# --- Timeline -------------------------------------------------------------------------------


def test_the_timeline_tells_what_happened_in_words(caseworker, plan, refugee):
    plan_services.plan_agree(actor=caseworker, plan=plan, agreed_on=TODAY, how="signed", now=NOW)
    people_selectors.person_get(actor=caseworker, public_id=refugee.public_id)
    lines = people_selectors.timeline_entries(
        people_selectors.timeline(actor=caseworker, person=refugee)
    )
    texts = [line.text for line in lines]
    assert texts[0] == f"Plan {plan.public_id} agreed"
    assert f"Plan {plan.public_id} drafted" in texts
    assert "Registered in the registry" in texts
    assert "Legal status recorded" in texts
    assert not [line for line in lines if line.entry.action.endswith(".read")]


def test_the_timeline_keeps_the_firewall(caseworker, coordinator, refugee):
    people_services.vulnerability_set(
        actor=caseworker, person=refugee, flags={"serious_medical_condition": True}, now=NOW
    )
    mine = [e.action for e in people_selectors.timeline(actor=caseworker, person=refugee)]
    assert "person.vulnerability.set" in mine
    theirs = [e.action for e in people_selectors.timeline(actor=coordinator, person=refugee)]
    assert "person.vulnerability.set" not in theirs
    assert "person.register" in theirs


def test_the_timeline_page_and_api(cw, people, refugee, plan, api_for, client_for):
    page = cw.get(f"/people/{refugee.public_id}/timeline/")
    assert page.status_code == 200
    assert f"Plan {plan.public_id} drafted".encode() in page.content
    answer = api_for(people["caseworker"]).get(f"/api/v1/persons/{refugee.public_id}/timeline")
    assert answer.status_code == 200
    assert answer.json()["results"][0]["text"] == f"Plan {plan.public_id} drafted"
    assert (
        client_for(people["partner"]).get(f"/people/{refugee.public_id}/timeline/").status_code
        == 404
    )
