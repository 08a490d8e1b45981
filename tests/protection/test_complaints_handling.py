# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""Handling a complaint (R18, R19): taking it up, public and internal updates,
sending it on, the ILO's indicators with their evidence (never a decision by
themselves), the decision on forced labour with its reason, and closing with the
remedy; the routing rules, kept by the labour inspectorate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.core import access, records, todos
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Notification
from integra.protection import notice_texts_complaints
from integra.protection.models import Complaint, ForcedLabourIndicator, IndicatorFlag, RoutingRule
from integra.protection.selectors import complaints as selectors
from integra.protection.services import complaint_handling as handling
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
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


def _fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def test_an_inspector_takes_a_complaint_up(complaint, inspector, people):
    handling.complaint_assign(actor=inspector, complaint=complaint)

    complaint = _fresh(complaint)
    assert complaint.handler == people["inspector"]
    assert complaint.status == "assigned"
    assert AuditEntry.objects.filter(action="complaint.assign").exists()
    with pytest.raises(Conflict):
        handling.complaint_assign(actor=inspector, complaint=complaint)


def test_taking_up_one_not_routed_routes_it_to_ones_organisation(lodge, inspector, orgs):
    complaint = lodge().complaint  # no rule: nowhere yet

    handling.complaint_assign(actor=inspector, complaint=complaint)

    assert _fresh(complaint).routed_to == orgs["inspectorate"]


def test_another_organisations_handler_cannot_touch_it(complaint, lawyer):
    actor = access.actor_for(lawyer)
    with pytest.raises(NotFound):
        selectors.complaint_get(actor=actor, public_id=complaint.public_id)
    with pytest.raises(NotFound):
        handling.complaint_assign(actor=actor, complaint=complaint)


def test_public_updates_reach_the_complainant_and_internal_ones_do_not(complaint, inspector):
    handling.complaint_update(
        actor=inspector, complaint=complaint, status="in_progress", note="We visit on Monday.",
        public=True,
    )  # fmt: skip
    handling.complaint_update(
        actor=inspector, complaint=complaint, note="Employer known for earlier violations."
    )

    view = selectors.tracked_view(complaint=_fresh(complaint))
    texts = [event.text for event in view.events]
    assert "We visit on Monday." in texts
    assert "Employer known for earlier violations." not in texts
    assert view.status_label == "Being handled"


def test_an_update_says_something(complaint, inspector):
    with pytest.raises(ValidationFailed) as refused:
        handling.complaint_update(actor=inspector, complaint=complaint)
    assert "note" in refused.value.field_errors
    with pytest.raises(ValidationFailed) as refused:
        handling.complaint_update(actor=inspector, complaint=complaint, status="closed")
    assert "status" in refused.value.field_errors


def test_a_complaint_is_sent_on_to_legal_aid(complaint, inspector, legal_aid, lawyer):
    handling.complaint_assign(actor=inspector, complaint=complaint)

    handling.complaint_route(actor=inspector, complaint=complaint, organisation="legal-aid")

    complaint = _fresh(complaint)
    assert complaint.routed_to == legal_aid
    assert complaint.handler is None
    assert complaint.status == "received"
    assert Notification.objects.get().user == lawyer
    # The inspectorate no longer sees it; the lawyer does.
    with pytest.raises(NotFound):
        selectors.complaint_get(actor=inspector, public_id=complaint.public_id)
    assert selectors.complaint_get(actor=access.actor_for(lawyer), public_id=complaint.public_id)


def test_a_complaint_goes_only_to_an_organisation_that_handles_complaints(complaint, inspector):
    for code in ("centre-a", "ngo", "nowhere"):
        with pytest.raises(ValidationFailed) as refused:
            handling.complaint_route(actor=inspector, complaint=complaint, organisation=code)
        assert "organisation" in refused.value.field_errors


def test_every_indicator_is_a_flag_with_evidence_and_none_decides(complaint, inspector):
    for indicator in ForcedLabourIndicator.values:
        handling.indicator_flag(
            actor=inspector,
            complaint=complaint,
            indicator=indicator,
            evidence_text=f"Seen: {indicator}.",
        )

    assert IndicatorFlag.objects.filter(complaint=complaint).count() == 11
    assert _fresh(complaint).forced_labour is None  # only a person decides


def test_flagging_again_replaces_the_evidence(complaint, inspector):
    for text in ("First.", "Better evidence."):
        handling.indicator_flag(
            actor=inspector, complaint=complaint, indicator="wages", evidence_text=text
        )

    assert IndicatorFlag.objects.get().evidence == "Better evidence."


def test_a_flag_needs_its_evidence(complaint, inspector):
    with pytest.raises(ValidationFailed) as refused:
        handling.indicator_flag(
            actor=inspector, complaint=complaint, indicator="nonsense", evidence_text=""
        )
    assert set(refused.value.field_errors) == {"indicator", "evidence"}


def test_a_flag_pointing_to_trafficking_makes_it_urgent_and_tells_the_handlers(
    complaint, inspector, people
):
    handling.indicator_flag(
        actor=inspector,
        complaint=complaint,
        indicator="movement",
        evidence_text="The dormitory is locked at night.",
    )

    assert _fresh(complaint).urgent
    notice = Notification.objects.get()
    assert (notice.user, notice.kind, notice.params) == (
        people["inspector"],
        "complaints.urgent",
        {},
    )


def test_a_withdrawn_flag_is_gone(complaint, inspector):
    handling.indicator_flag(
        actor=inspector, complaint=complaint, indicator="debt", evidence_text="x"
    )

    handling.indicator_withdraw(actor=inspector, complaint=complaint, indicator="debt")

    assert not IndicatorFlag.objects.exists()
    with pytest.raises(NotFound):
        handling.indicator_withdraw(actor=inspector, complaint=complaint, indicator="debt")


def test_forced_labour_is_a_handlers_decision_with_a_reason(complaint, inspector, people):
    with pytest.raises(ValidationFailed):
        handling.forced_labour_decide(actor=inspector, complaint=complaint, found=True, reason=" ")

    handling.forced_labour_decide(
        actor=inspector, complaint=complaint, found=True, reason="Debt bondage and locked doors."
    )

    complaint = _fresh(complaint)
    assert complaint.forced_labour is True
    assert complaint.forced_labour_by == people["inspector"]
    assert complaint.forced_labour_reason == "Debt bondage and locked doors."
    # The complainant does not see the decision on the tracking page.
    assert all(
        e.kind != "forced_labour" for e in selectors.tracked_view(complaint=complaint).events
    )


def test_closing_records_the_remedy_and_the_wages_recovered(complaint, inspector):
    handling.complaint_close(
        actor=inspector,
        complaint=complaint,
        closing=handling.Closing(
            remedies=("wages_recovered", "documents_returned"),
            wages_recovered=Decimal("18400.50"),
            currency="mdl",
            note="Your wages were paid on 3 May.",
        ),
    )

    complaint = _fresh(complaint)
    assert complaint.status == "closed"
    assert complaint.closed_at is not None
    assert complaint.remedies == ["wages_recovered", "documents_returned"]
    assert (complaint.wages_recovered, complaint.currency) == (Decimal("18400.50"), "MDL")
    view = selectors.tracked_view(complaint=complaint)
    assert view.events[-1].text == "Your wages were paid on 3 May."
    with pytest.raises(Conflict):
        handling.complaint_update(actor=inspector, complaint=complaint, note="Too late.")


@pytest.mark.parametrize(
    ("closing", "field"),
    [
        (handling.Closing(remedies=()), "remedies"),
        (handling.Closing(remedies=("refund",)), "remedies"),
        (handling.Closing(remedies=("none", "sanction")), "remedies"),
        (handling.Closing(remedies=("wages_recovered",)), "wages_recovered"),
        (
            handling.Closing(
                remedies=("wages_recovered",), wages_recovered=Decimal(-1), currency="MDL"
            ),
            "wages_recovered",
        ),
        (
            handling.Closing(
                remedies=("wages_recovered",), wages_recovered=Decimal("1.001"), currency="MDL"
            ),
            "wages_recovered",
        ),
        (
            handling.Closing(remedies=("wages_recovered",), wages_recovered=Decimal(5)),
            "currency",
        ),
        (
            handling.Closing(
                remedies=("wages_recovered",), wages_recovered=Decimal(5), currency="XXQ"
            ),
            "currency",
        ),
    ],
)
def test_a_bad_closing_is_refused(complaint, inspector, closing, field):
    with pytest.raises(ValidationFailed) as refused:
        handling.complaint_close(actor=inspector, complaint=complaint, closing=closing)

    assert field in refused.value.field_errors
    assert _fresh(complaint).status == "received"


# --- Routing rules ------------------------------------------------------------------------------


def test_the_inspectorate_keeps_the_routing_rules(orgs, inspector, legal_aid):
    rule = handling.routing_rule_create(
        actor=inspector, category="discrimination", region="Bălți", organisation="legal-aid"
    )

    assert list(selectors.routing_rules(actor=inspector)) == [rule]
    with pytest.raises(ValidationFailed):
        handling.routing_rule_create(
            actor=inspector, category="discrimination", region="Bălți", organisation="legal-aid"
        )
    handling.routing_rule_delete(actor=inspector, rule=rule)
    assert not RoutingRule.objects.exists()


def test_legal_aid_and_everyone_else_do_not(orgs, people, lawyer, legal_aid):
    for user in (lawyer, people["coordinator"], people["caseworker"], people["admin"]):
        actor = access.actor_for(user)
        with pytest.raises(PermissionDenied):
            handling.routing_rule_create(actor=actor, organisation="legal-aid")
        with pytest.raises(PermissionDenied):
            selectors.routing_rules(actor=actor)


def test_notices_read_in_the_readers_language_and_link_to_the_complaint(complaint):
    notice_texts_complaints.register()

    assert todos.text("complaints.urgent", {}) == "An urgent complaint needs triage."
    assert records.url("complaint", complaint.public_id) == f"/complaints/{complaint.public_id}/"
    assert records.exists("complaint", complaint.public_id)
