"""Each plan alert, on a fixed day: it opens when its condition holds and closes
by itself when the condition no longer holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from integra.core import access, todos
from integra.core import services as core_services
from integra.core.models import Todo
from integra.people import services as people_services
from integra.plans.models import CountryRules
from integra.plans.services import alerts, assessments, plans
from tests.plans.conftest import NOW, TODAY


def _sync(today: date):
    now = timezone.make_aware(datetime.combine(today, datetime.min.time())) + timedelta(hours=2)
    return alerts.plan_alerts_sync(today=today, now=now)


def _open(kind: str) -> list[tuple[str, str]]:
    return list(
        Todo.objects.filter(kind=kind, done_at__isnull=True)
        .order_by("id")
        .values_list("record_id", "organisation__code")
    )


def _registered(person, day: date) -> None:
    """Registration time is set by the database; move it to ``day``."""
    type(person).objects.filter(pk=person.pk).update(
        created_at=timezone.make_aware(datetime.combine(day, datetime.min.time()))
    )


def _register(caseworker, name: str, born: date | None = None):
    return people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(given_name=name, family_name="Haddad", birth_date=born),
        confirm_new=True,
        now=NOW,
    )


def test_an_overdue_measure_opens_a_to_do_that_closes_when_it_is_done(caseworker, plan):
    course = plan.measures.get()
    day_after = course.due_on + timedelta(days=1)

    _sync(course.due_on)
    assert _open("plan_measure_overdue") == []  # due today is not overdue yet
    _sync(day_after)
    assert _open("plan_measure_overdue") == [(plan.person.public_id, "centre-a")]
    todo = Todo.objects.get(kind="plan_measure_overdue")
    assert todos.text(todo.kind, todo.params) == (
        f"Romanian course for Amina Haddad was due on {course.due_on:%m/%d/%Y}."
    )

    plans.measure_update(
        actor=caseworker,
        plan=plan,
        measure_id=course.pk,
        status="done",
        evidence="A2 certificate",
        now=NOW,
    )
    outcome = _sync(day_after)

    assert outcome.resolved == 1
    assert _open("plan_measure_overdue") == []


def test_a_school_age_child_without_a_school_enrolment_measure(caseworker, refugee, plan):
    child = _register(caseworker, "Omar", born=date(2016, 9, 1))  # 9 years old
    toddler = _register(caseworker, "Lina", born=date(2023, 1, 1))  # too young
    household = people_services.household_join(
        actor=caseworker, person=refugee, household=None, relationship="head", today=TODAY
    ).household
    for member in (child, toddler):
        people_services.household_join(
            actor=caseworker, person=member, household=household, relationship="child", today=TODAY
        )

    _sync(TODAY)
    assert _open("plan_school_enrolment") == [(child.public_id, "centre-a")]

    plans.goal_add(actor=caseworker, plan=plan, domain="education", text="Omar goes to school")
    plans.measure_add(
        actor=caseworker,
        plan=plan,
        data=plans.MeasureData(
            domain="education",
            kind="school_enrolment",
            title="Enrol Omar in school",
            due_on=TODAY + timedelta(days=14),
            beneficiary=child.public_id,
        ),
        now=NOW,
    )
    _sync(TODAY)

    assert _open("plan_school_enrolment") == []


def test_school_age_follows_the_countrys_rules(caseworker):
    sixteen = _register(caseworker, "Samir", born=date(2009, 6, 1))  # 16 on TODAY
    _sync(TODAY)
    assert _open("plan_school_enrolment") == []  # Moldova by default: 6 to 16

    CountryRules.objects.create(country="MD", school_age_from=7, school_age_until=18)
    _sync(TODAY)

    assert _open("plan_school_enrolment") == [(sixteen.public_id, "centre-a")]


def test_an_unaccompanied_minor_past_school_age_without_education(
    caseworker, programme, coordinator
):
    minor = _register(caseworker, "Yusuf", born=date(2009, 1, 1))  # 17
    people_services.vulnerability_set(
        actor=caseworker, person=minor, flags={"unaccompanied_minor": True}, now=NOW
    )
    _sync(TODAY)
    assert _open("plan_minor_education") == [(minor.public_id, "centre-a")]

    people_services.status_record(
        actor=caseworker,
        person=minor,
        category="international_protection",
        valid_from=date(2025, 1, 1),
        now=NOW,
    )
    plan = plans.plan_create(
        actor=caseworker, person=minor, programme=programme, starts_on=TODAY, now=NOW
    )
    plans.measure_add(
        actor=caseworker,
        plan=plan,
        data=plans.MeasureData(
            domain="education",
            kind="vocational_training",
            title="Apprenticeship as a baker",
            due_on=TODAY + timedelta(days=60),
        ),
        now=NOW,
    )
    _sync(TODAY)

    assert _open("plan_minor_education") == []


def test_health_screening_not_done_within_the_days_after_arrival(caseworker, refugee, version):
    _registered(refugee, TODAY - timedelta(days=20))
    _sync(TODAY)
    assert _open("plan_health_screening") == []  # 30 days by default

    _registered(refugee, TODAY - timedelta(days=31))
    _sync(TODAY)
    assert _open("plan_health_screening") == [(refugee.public_id, "centre-a")]
    assert Todo.objects.get(kind="plan_health_screening").due_on == TODAY - timedelta(days=1)

    assessments.assessment_record(
        actor=caseworker,
        person=refugee,
        questionnaire_id=version.pk,
        answers={"local_level": "B1", "screening_needed": False},
        now=NOW,
    )
    _sync(TODAY)

    assert _open("plan_health_screening") == []


def test_old_cases_are_no_longer_newcomers(refugee):
    _registered(refugee, TODAY - timedelta(days=400))

    _sync(TODAY)

    assert _open("plan_health_screening") == []
    assert _open("plan_not_agreed") == []


def test_a_plan_not_agreed_within_the_days_after_registration(caseworker, refugee, plan):
    _registered(refugee, TODAY - timedelta(days=61))
    _sync(TODAY)
    assert _open("plan_not_agreed") == [(refugee.public_id, "centre-a")]

    plans.plan_agree(actor=caseworker, plan=plan, agreed_on=TODAY, how="signed", now=NOW)
    _sync(TODAY)

    assert _open("plan_not_agreed") == []


def test_a_second_run_changes_nothing_and_a_to_do_closed_by_hand_stays_closed(
    people, caseworker, refugee
):
    _registered(refugee, TODAY - timedelta(days=61))
    first = _sync(TODAY)
    again = _sync(TODAY)
    assert (first.opened, again.opened, again.resolved, again.reopened) == (2, 0, 0, 0)

    todo = Todo.objects.get(kind="plan_not_agreed")
    core_services.todo_done(actor=access.actor_for(people["caseworker"]), todo=todo)
    _sync(TODAY)

    assert _open("plan_not_agreed") == []


def test_a_to_do_closed_by_the_rule_opens_again_when_the_condition_returns(
    caseworker, refugee, plan
):
    _registered(refugee, TODAY - timedelta(days=61))
    _sync(TODAY)
    plans.plan_agree(actor=caseworker, plan=plan, agreed_on=TODAY, how="signed", now=NOW)
    assert _sync(TODAY).resolved == 1
    plans.plan_close(actor=caseworker, plan=plan, outcome="withdrew", now=NOW)
    type(plan).objects.filter(pk=plan.pk).update(agreed_on=None)  # as if never agreed

    outcome = _sync(TODAY)

    assert (outcome.opened, outcome.reopened) == (0, 1)
    assert _open("plan_not_agreed") == [(refugee.public_id, "centre-a")]


def test_children_in_a_family_need_no_plan_of_their_own(caseworker):
    """Children are in their family's plan; adults and unaccompanied minors agree
    their own."""
    child = _register(caseworker, "Lina", born=date(2019, 1, 1))
    alone = _register(caseworker, "Yusuf", born=date(2010, 1, 1))
    people_services.vulnerability_set(
        actor=caseworker, person=alone, flags={"unaccompanied_minor": True}, now=NOW
    )
    adult = _register(caseworker, "Omar", born=date(1990, 1, 1))
    unknown = _register(caseworker, "Rami", born=None)
    for person in (child, alone, adult, unknown):
        _registered(person, TODAY - timedelta(days=61))

    _sync(TODAY)

    flagged = {public_id for public_id, _org in _open("plan_not_agreed")}
    assert flagged == {alone.public_id, adult.public_id, unknown.public_id}
