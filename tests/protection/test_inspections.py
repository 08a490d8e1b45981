# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""Labour inspection's services and selectors (R19): workplaces, the link from a
complaint, planning and visiting, violations, sanctions, follow-ups, and the
whole way from a complaint to its remedy.

The helpers and fixtures here (``workplace``, ``planned``, ``other_inspectorate``)
are shared with the pages, API and firewall tests of inspections.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.protection.models import (
    Agency,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    Inspection,
    InspectionStatus,
    Violation,
    Workplace,
)
from integra.protection.selectors import complaints as complaint_selectors
from integra.protection.selectors import inspections as selectors
from integra.protection.services import complaint_handling as handling
from integra.protection.services import inspections as services
from tests.conftest import make_user
from tests.protection.complaints_fixtures import (  # noqa: F401  (fixtures)
    complaint,
    inspector,
    legal_aid,
    lodge,
    lodged,
    media,
    routing,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def actor(user: User) -> Actor:
    return access.actor_for(user)


@pytest.fixture
def workplace(people) -> Workplace:
    return services.workplace_register(
        actor=actor(people["inspector"]),
        data=services.WorkplaceData(
            employer="Edil-Construct SA", region="Chișinău", sector="F", workers=80
        ),
    )


@pytest.fixture
def planned(people, workplace) -> Inspection:
    return services.inspection_plan(
        actor=actor(people["inspector"]),
        workplace=workplace,
        data=services.PlanData(reason="risk", planned_for=TODAY),
    )


@pytest.fixture
def other_inspectorate(orgs) -> Organisation:
    return Organisation.objects.create(
        code="inspectorate-north",
        name="Labour Inspectorate North",
        kind=OrganisationKind.LABOUR_INSPECTORATE,
        level=Level.REGIONAL,
        country="MD",
    )


@pytest.fixture
def other_inspector(other_inspectorate) -> User:
    return make_user("inspector_north", other_inspectorate, Role.INSPECTOR)


def visited(people, inspection: Inspection, *, day: date = TODAY) -> Inspection:
    return services.visit_record(
        actor=actor(people["inspector"]),
        inspection=inspection,
        data=services.VisitData(visited_on=day, findings="Twelve workers without contracts."),
    )


def violation(people, inspection: Inspection, **changes: object) -> Violation:
    values: dict[str, object] = {
        "kind": "contract",
        "description": "No written contracts.",
        "workers_affected": 12,
        "remedy_by": inspection.visited_on,
    }
    values.update(changes)
    return services.violation_record(
        actor=actor(people["inspector"]),
        inspection=inspection,
        data=services.ViolationData(**values),  # type: ignore[arg-type]
    )


# --- Workplaces --------------------------------------------------------------------------------


def test_it_registers_a_workplace_and_audits_it(people, workplace):
    assert workplace.search_name == "edil construct sa"
    assert AuditEntry.objects.filter(
        action="workplace.register", object_id=workplace.public_id
    ).exists()


def test_it_refuses_a_workplace_without_employer_or_with_a_bad_sector(people):
    with pytest.raises(ValidationFailed) as error:
        services.workplace_register(
            actor=actor(people["inspector"]),
            data=services.WorkplaceData(employer="  ", sector="Z", workers=-1),
        )
    assert set(error.value.field_errors) == {"employer", "sector", "workers"}


def test_it_refuses_markup_in_the_employer(people):
    with pytest.raises(ValidationFailed) as error:
        services.workplace_register(
            actor=actor(people["inspector"]),
            data=services.WorkplaceData(employer="<script>x</script>"),
        )
    assert "employer" in error.value.field_errors


@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "analyst", "partner"])
def test_only_inspectors_register_workplaces(people, persona):
    with pytest.raises(PermissionDenied):
        services.workplace_register(
            actor=actor(people[persona]), data=services.WorkplaceData(employer="X SRL")
        )


def test_it_updates_a_workplace(people, workplace):
    data = services.workplace_data(workplace)
    changed = services.workplace_update(
        actor=actor(people["inspector"]),
        workplace=workplace,
        data=services.WorkplaceData(**{**data.__dict__, "region": "Bălți", "sector": "a"}),
    )
    assert (changed.region, changed.sector) == ("Bălți", "A")


def test_it_links_and_unlinks_an_agency(people, workplace):
    agency = Agency.objects.create(
        name="Euro Job SRL",
        registration_number="1000000000999",
        country="MD",
        search_name="euro job srl",
        created_by=people["inspector"],
        created_at=timezone.now(),
    )
    inspector_ = actor(people["inspector"])
    services.workplace_agency_link(actor=inspector_, workplace=workplace, agency=agency.public_id)
    assert list(workplace.agencies.all()) == [agency]
    with pytest.raises(Conflict):
        services.workplace_agency_link(
            actor=inspector_, workplace=workplace, agency=agency.public_id
        )
    with pytest.raises(ValidationFailed):
        services.workplace_agency_link(actor=inspector_, workplace=workplace, agency="G-0000-0000")
    services.workplace_agency_unlink(actor=inspector_, workplace=workplace, agency=agency.public_id)
    assert not workplace.agencies.exists()


def test_the_list_searches_the_employer_folded_and_filters(people, workplace):
    inspector_ = actor(people["inspector"])
    services.workplace_register(
        actor=inspector_,
        data=services.WorkplaceData(employer="Vinăria Purcari", region="Ștefan Vodă", sector="A"),
    )
    found = selectors.workplace_list(
        actor=inspector_, filters=selectors.WorkplaceFilters(query="vinaria")
    )
    assert [w.employer for w in found] == ["Vinăria Purcari"]
    by_sector = selectors.workplace_list(
        actor=inspector_, filters=selectors.WorkplaceFilters(sector="F")
    )
    assert [w.public_id for w in by_sector] == [workplace.public_id]


# --- The complaint's workplace --------------------------------------------------------------------


def test_a_handler_who_inspects_links_a_complaint(people, workplace, complaint):
    linked = services.complaint_workplace_link(
        actor=actor(people["inspector"]), complaint=complaint, workplace=workplace.public_id
    )
    assert linked.workplace_record == workplace
    event = ComplaintEvent.objects.get(complaint=complaint, kind="workplace_linked")
    assert event.public is False
    detail = selectors.workplace_detail(
        actor=actor(people["inspector"]), public_id=workplace.public_id
    )
    assert [c.public_id for c in detail.complaints] == [complaint.public_id]
    # Ids, categories and status: never the complainant.
    assert not hasattr(detail.complaints[0], "name")


def test_a_complaint_not_seen_is_not_linked(people, workplace, lodge, legal_aid):
    other = lodge(categories=("trafficking",)).complaint
    Complaint.objects.filter(pk=other.pk).update(routed_to=legal_aid)
    other.refresh_from_db()
    with pytest.raises(NotFound):
        services.complaint_workplace_link(
            actor=actor(people["inspector"]), complaint=other, workplace=workplace.public_id
        )


# --- Planning, visiting ---------------------------------------------------------------------------


def test_planning_is_for_the_actors_inspectorate(people, orgs, planned):
    assert planned.organisation == orgs["inspectorate"]
    assert planned.inspector == people["inspector"]
    assert planned.status == InspectionStatus.PLANNED


def test_planning_refuses_bad_input_with_messages(people, workplace):
    with pytest.raises(ValidationFailed) as error:
        services.inspection_plan(
            actor=actor(people["inspector"]),
            workplace=workplace,
            data=services.PlanData(reason="follow_up", planned_for=None, inspector="caseworker"),
        )
    assert set(error.value.field_errors) == {"reason", "planned_for", "inspector"}


def test_planning_for_a_complaint_needs_one_linked_to_the_workplace(people, workplace, complaint):
    inspector_ = actor(people["inspector"])
    data = services.PlanData(
        reason="complaint", planned_for=TODAY, complaints=(complaint.public_id,)
    )
    with pytest.raises(ValidationFailed) as error:
        services.inspection_plan(actor=inspector_, workplace=workplace, data=data)
    assert "complaints" in error.value.field_errors
    services.complaint_workplace_link(
        actor=inspector_, complaint=complaint, workplace=workplace.public_id
    )
    inspection = services.inspection_plan(actor=inspector_, workplace=workplace, data=data)
    assert list(inspection.complaints.all()) == [complaint]


def test_another_inspectorate_does_not_see_or_change_the_inspection(
    people, planned, other_inspector
):
    north = actor(other_inspector)
    with pytest.raises(NotFound):
        selectors.inspection_get(actor=north, public_id=planned.public_id)
    with pytest.raises(NotFound):
        services.inspection_cancel(actor=north, inspection=planned, reason="Not ours.")
    assert not selectors.inspection_list(actor=north).exists()


def test_a_visit_in_the_future_or_without_findings_is_refused(people, planned):
    with pytest.raises(ValidationFailed) as error:
        services.visit_record(
            actor=actor(people["inspector"]),
            inspection=planned,
            data=services.VisitData(visited_on=TODAY + timedelta(days=3), findings=" "),
        )
    assert set(error.value.field_errors) == {"visited_on", "findings"}


def test_cancel_needs_a_reason_and_a_planned_inspection(people, planned):
    inspector_ = actor(people["inspector"])
    with pytest.raises(ValidationFailed):
        services.inspection_cancel(actor=inspector_, inspection=planned, reason="")
    cancelled = services.inspection_cancel(
        actor=inspector_, inspection=planned, reason="The site is closed for the winter."
    )
    assert cancelled.status == InspectionStatus.CANCELLED
    with pytest.raises(Conflict):
        visited(people, cancelled)


# --- Violations and sanctions ---------------------------------------------------------------------


def test_a_violation_needs_the_visit_first(people, planned):
    with pytest.raises(Conflict):
        violation(people, planned)


def test_a_violation_is_found_on_the_visit_date_and_its_deadline_follows(people, planned):
    done = visited(people, planned, day=TODAY - timedelta(days=10))
    with pytest.raises(ValidationFailed) as error:
        violation(people, done, remedy_by=TODAY - timedelta(days=11), workers_affected=0)
    assert set(error.value.field_errors) == {"remedy_by", "workers_affected"}
    found = violation(people, done, remedy_by=TODAY - timedelta(days=1))
    assert found.found_on == TODAY - timedelta(days=10)
    assert found.workplace_id == done.workplace_id
    assert selectors.is_open(found, today=TODAY)


def test_a_fine_needs_its_amount_and_currency_then_is_paid(people, planned):
    done = visited(people, planned)
    found = violation(people, done)
    inspector_ = actor(people["inspector"])
    with pytest.raises(ValidationFailed) as error:
        services.sanction_record(
            actor=inspector_,
            violation=found,
            data=services.SanctionData(kind="fine", imposed_on=TODAY),
        )
    assert set(error.value.field_errors) == {"amount", "currency"}
    with pytest.raises(ValidationFailed) as error:
        services.sanction_record(
            actor=inspector_,
            violation=found,
            data=services.SanctionData(
                kind="fine", imposed_on=TODAY, amount=Decimal("10.001"), currency="XYZ"
            ),
        )
    assert set(error.value.field_errors) == {"amount", "currency"}
    fine = services.sanction_record(
        actor=inspector_,
        violation=found,
        data=services.SanctionData(
            kind="fine", imposed_on=TODAY, amount=Decimal("12000"), currency="mdl"
        ),
    )
    assert (fine.amount, fine.currency) == (Decimal("12000"), "MDL")
    paid = services.sanction_paid(actor=inspector_, sanction=fine, paid_on=TODAY)
    assert paid.paid_on == TODAY
    with pytest.raises(Conflict):
        services.sanction_paid(actor=inspector_, sanction=paid, paid_on=TODAY)


def test_a_warning_is_not_paid(people, planned):
    found = violation(people, visited(people, planned))
    inspector_ = actor(people["inspector"])
    warning = services.sanction_record(
        actor=inspector_,
        violation=found,
        data=services.SanctionData(kind="warning", imposed_on=TODAY),
    )
    with pytest.raises(Conflict):
        services.sanction_paid(actor=inspector_, sanction=warning, paid_on=TODAY)


# --- Follow-up ------------------------------------------------------------------------------------


def test_follow_ups_due_and_planned(people, planned):
    done = visited(people, planned, day=TODAY - timedelta(days=30))
    violation(people, done, remedy_by=TODAY - timedelta(days=5))
    inspector_ = actor(people["inspector"])
    due = selectors.inspection_list(
        actor=inspector_, filters=selectors.InspectionFilters(due_follow_ups=True)
    )
    assert [i.public_id for i in due] == [done.public_id]
    follow_up = services.follow_up_plan(actor=inspector_, inspection=done, planned_for=TODAY)
    assert (follow_up.reason, follow_up.follow_up_of) == ("follow_up", done)
    due = selectors.inspection_list(
        actor=inspector_, filters=selectors.InspectionFilters(due_follow_ups=True)
    )
    assert not due.exists()


def test_nothing_to_follow_up_without_violations(people, planned):
    done = visited(people, planned)
    with pytest.raises(Conflict):
        services.follow_up_plan(
            actor=actor(people["inspector"]), inspection=done, planned_for=TODAY
        )


def test_remedies_are_recorded_at_the_follow_up_visit(people, planned):
    done = visited(people, planned, day=TODAY - timedelta(days=30))
    first = violation(people, done, remedy_by=TODAY - timedelta(days=5))
    second = violation(people, done, kind="safety", remedy_by=TODAY - timedelta(days=5))
    inspector_ = actor(people["inspector"])
    follow_up = services.follow_up_plan(
        actor=inspector_, inspection=done, planned_for=TODAY - timedelta(days=1)
    )
    with pytest.raises(Conflict):  # not visited yet
        services.violations_remedied(
            actor=inspector_, inspection=follow_up, violations=[first.pk], remedied_on=TODAY
        )
    visited(people, follow_up, day=TODAY - timedelta(days=1))
    with pytest.raises(ValidationFailed) as error:
        services.violations_remedied(
            actor=inspector_,
            inspection=follow_up,
            violations=[first.pk, 10**9],
            remedied_on=TODAY,
        )
    assert set(error.value.field_errors) == {"violations", "remedied_on"}
    services.violations_remedied(
        actor=inspector_,
        inspection=follow_up,
        violations=[first.pk],
        remedied_on=TODAY - timedelta(days=2),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.remedied_on == TODAY - timedelta(days=2)
    assert second.remedied_on is None


# --- From a complaint to its remedy -----------------------------------------------------------


def test_a_complaint_is_inspected_sanctioned_followed_up_and_closed(people, workplace, complaint):
    inspector_ = actor(people["inspector"])
    handling.complaint_assign(actor=inspector_, complaint=complaint)
    services.complaint_workplace_link(
        actor=inspector_, complaint=complaint, workplace=workplace.public_id
    )
    inspection = services.inspection_plan(
        actor=inspector_,
        workplace=workplace,
        data=services.PlanData(
            reason="complaint",
            planned_for=TODAY - timedelta(days=40),
            complaints=(complaint.public_id,),
        ),
    )
    visited(people, inspection, day=TODAY - timedelta(days=40))
    # The complainant reads that an inspector went, nothing more.
    tracked = complaint_selectors.tracked_view(complaint=complaint)
    visit_events = [e for e in tracked.events if e.kind == "inspection_visit"]
    assert [e.text for e in visit_events] == ["An inspector visited the workplace."]
    assert [e.title for e in visit_events] == ["An inspector visited the workplace"]
    wages = violation(people, inspection, kind="wages", remedy_by=TODAY - timedelta(days=10))
    services.sanction_record(
        actor=inspector_,
        violation=wages,
        data=services.SanctionData(
            kind="fine",
            imposed_on=TODAY - timedelta(days=39),
            amount=Decimal("25000"),
            currency="MDL",
        ),
    )
    follow_up = services.follow_up_plan(
        actor=inspector_, inspection=inspection, planned_for=TODAY - timedelta(days=2)
    )
    assert list(follow_up.complaints.all()) == [complaint]
    visited(people, follow_up, day=TODAY - timedelta(days=2))
    services.violations_remedied(
        actor=inspector_,
        inspection=follow_up,
        violations=[wages.pk],
        remedied_on=TODAY - timedelta(days=3),
    )
    closed = handling.complaint_close(
        actor=inspector_,
        complaint=complaint,
        closing=handling.Closing(
            remedies=("wages_recovered", "sanction"),
            wages_recovered=Decimal("18400"),
            currency="MDL",
        ),
    )
    assert closed.status == ComplaintStatus.CLOSED
    detail = selectors.workplace_detail(actor=inspector_, public_id=workplace.public_id)
    assert detail.open_violations == 0
    assert [c.status for c in detail.complaints] == ["closed"]
    assert len(detail.inspections) == 2
    actions = set(
        AuditEntry.objects.filter(
            object_id__in=[inspection.public_id, follow_up.public_id]
        ).values_list("action", flat=True)
    )
    assert {
        "inspection.plan",
        "inspection.visit",
        "inspection.violation",
        "inspection.sanction",
        "inspection.remedied",
    } <= actions
