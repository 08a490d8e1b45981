"""An integration plan from draft to closing, and the programme's rules on the way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from integra.core import access
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.plans.models import MeasureStatus, PlanStatus
from integra.plans.services import assessments, plans
from tests.plans.conftest import NOW, TODAY, start_plan


def _measure(caseworker, plan, **kwargs):
    data = {
        "domain": "housing",
        "kind": "housing_search",
        "title": "Find a flat",
        "due_on": TODAY + timedelta(days=30),
        **kwargs,
    }
    return plans.measure_add(actor=caseworker, plan=plan, data=plans.MeasureData(**data), now=NOW)


def test_a_new_plan_carries_the_programmes_mandatory_measures(caseworker, refugee, programme):
    plan = start_plan(caseworker, refugee, programme)

    assert plan.status == PlanStatus.DRAFT
    assert plan.ends_on == date(2027, 3, 2)  # the programme's 12 months at least
    assert [(m.kind, m.mandatory, m.due_on) for m in plan.measures.all()] == [
        ("language_course", True, TODAY + timedelta(days=180))
    ]
    assert plan.next_due_on == TODAY + timedelta(days=180)
    assert AuditEntry.objects.filter(action="plan.create", object_id=refugee.public_id).exists()


def test_the_assessments_suggestions_become_measures_when_chosen(
    caseworker, refugee, programme, version
):
    assessment = assessments.assessment_record(
        actor=caseworker,
        person=refugee,
        questionnaire_id=version.pk,
        answers={"local_level": "none", "working": False, "screening_needed": True},
        now=NOW,
    )
    assert [s["kind"] for s in assessment.suggested] == [
        "language_course",
        "job_search",
        "health_screening",
    ]

    plan = start_plan(
        caseworker, refugee, programme, assessment=assessment, suggested=("job_search",)
    )

    assert sorted(plan.measures.values_list("kind", flat=True)) == [
        "job_search",
        "language_course",
    ]


def test_a_person_without_an_eligible_status_cannot_join(caseworker, people, programme):
    from integra.people import services as people_services

    person = people_services.person_register(
        actor=caseworker, data=people_services.PersonData(given_name="Ion"), now=NOW
    )

    with pytest.raises(ValidationFailed) as raised:
        start_plan(caseworker, person, programme)

    assert "legal status" in raised.value.field_errors["programme"][0]


def test_a_plan_shorter_or_longer_than_the_programme_is_refused(caseworker, refugee, programme):
    for ends_on in (TODAY + timedelta(days=200), date(2028, 3, 3)):
        with pytest.raises(ValidationFailed) as raised:
            start_plan(caseworker, refugee, programme, ends_on=ends_on)
        assert "12 to 24 months" in raised.value.field_errors["ends_on"][0]


def test_one_open_plan_per_person(caseworker, refugee, programme):
    start_plan(caseworker, refugee, programme)

    with pytest.raises(Conflict):
        start_plan(caseworker, refugee, programme)


def test_a_measure_due_before_the_plan_starts_is_refused_and_nothing_changes(
    caseworker, refugee, programme
):
    plan = start_plan(caseworker, refugee, programme)

    with pytest.raises(ValidationFailed) as raised:
        _measure(caseworker, plan, due_on=TODAY - timedelta(days=1))

    assert raised.value.field_errors["due_on"] == [
        "A measure cannot fall due before the plan starts."
    ]
    assert plan.measures.count() == 1


def test_a_measure_outside_the_programmes_domains_is_refused(caseworker, refugee, programme):
    plan = start_plan(caseworker, refugee, programme)

    with pytest.raises(ValidationFailed) as raised:
        _measure(caseworker, plan, domain="culture", kind="community_activity")

    assert "domain" in raised.value.field_errors


def test_a_plan_is_agreed_only_with_its_mandatory_measures(caseworker, refugee, programme):
    plan = start_plan(caseworker, refugee, programme)
    mandatory = plan.measures.get()
    with pytest.raises(ValidationFailed) as raised:
        plans.measure_update(
            actor=caseworker, plan=plan, measure_id=mandatory.pk, status="cancelled", now=NOW
        )
    assert "mandatory" in raised.value.field_errors["status"][0]

    agreed = plans.plan_agree(actor=caseworker, plan=plan, agreed_on=TODAY, how="signed", now=NOW)

    assert agreed.status == PlanStatus.AGREED
    assert agreed.next_review_on == TODAY + timedelta(days=90)


def test_measures_move_on_and_the_plan_shows_progress(caseworker, refugee, programme):
    plan = start_plan(caseworker, refugee, programme)
    flat = _measure(caseworker, plan)
    plans.plan_agree(actor=caseworker, plan=plan, agreed_on=TODAY, how="in_person", now=NOW)

    with pytest.raises(ValidationFailed) as raised:
        plans.measure_update(
            actor=caseworker, plan=plan, measure_id=flat.pk, status="done", now=NOW
        )
    assert "evidence" in raised.value.field_errors

    plans.measure_update(
        actor=caseworker,
        plan=plan,
        measure_id=flat.pk,
        status="done",
        evidence="Tenancy contract of 1 March",
        now=NOW,
    )
    review = plans.review_record(
        actor=caseworker, plan=plan, reviewed_on=TODAY, note="Housed; course next.", now=NOW
    )

    assert review.progress == 50
    plan.refresh_from_db()
    assert plan.next_due_on == TODAY + timedelta(days=180)  # only the course is still open
    with pytest.raises(ValidationFailed) as raised:
        plans.measure_update(
            actor=caseworker, plan=plan, measure_id=flat.pk, status="in_progress", now=NOW
        )
    assert "cannot become" in raised.value.field_errors["status"][0]


def test_a_closed_plan_can_no_longer_be_changed(caseworker, refugee, programme):
    plan = start_plan(caseworker, refugee, programme)
    plans.plan_close(actor=caseworker, plan=plan, outcome="moved", note="Left for Iași", now=NOW)
    plan.refresh_from_db()

    assert plan.status == PlanStatus.CLOSED
    assert plan.measures.get().status == MeasureStatus.CANCELLED
    with pytest.raises(Conflict):
        _measure(caseworker, plan)
    with pytest.raises(Conflict):
        plans.goal_add(actor=caseworker, plan=plan, domain="housing", text="A flat", now=NOW)


def test_only_caseworkers_of_a_responsible_organisation_write_plans(people, refugee, programme):
    caseworker_b = access.actor_for(
        __import__("tests.conftest", fromlist=["make_user"]).make_user(
            "cw_b", refugee.registered_by.parent.children.get(code="centre-b"), "caseworker"
        )
    )
    for user in ("coordinator", "partner", "inspector", "analyst"):
        with pytest.raises(PermissionDenied):
            start_plan(access.actor_for(people[user]), refugee, programme)
    with pytest.raises(PermissionDenied):
        start_plan(caseworker_b, refugee, programme)
