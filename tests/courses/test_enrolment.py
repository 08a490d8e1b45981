"""Enrolment as services: from a measure of the person's open plan, against the
programme's quality criteria; the waitlist and who gets a place that opens; and
what happens to the learners when a course is cancelled or finishes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Notification
from integra.core.roles import Role
from integra.courses import selectors
from integra.courses.models import Course, CourseStatus, Enrolment, EnrolmentStatus
from integra.courses.services import catalogue, courses, enrolments
from integra.people import services as people_services
from integra.plans.services import plans as plan_services
from tests.conftest import make_user
from tests.courses.conftest import at, enrol, learner, plan_course, plan_course_on


@pytest.fixture
def one_place(teacher, teacher_record, programme, curriculum, test_definition) -> Course:
    """A course with a single place."""
    return plan_course(teacher, teacher=teacher_record, capacity=1, title="Romanian B1, one place")


@pytest.fixture
def caseworker_b(orgs):
    return access.actor_for(make_user("caseworker_b", orgs["b"], Role.CASEWORKER))


@pytest.fixture
def caseworker_2(orgs):
    """A colleague of the caseworker at centre A, with her own plans."""
    return access.actor_for(make_user("caseworker_2", orgs["a"], Role.CASEWORKER))


def tutoring(caseworker, plan, *, due_on: date):
    """A voluntary measure of the plan that a language course delivers."""
    return plan_services.measure_add(
        actor=caseworker,
        plan=plan,
        data=plan_services.MeasureData(
            domain="language", kind="language_tutoring", title="Romanian tutoring", due_on=due_on
        ),
    )


def actions(person) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="person", object_id=person.public_id)
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- Enrolment from a measure -----------------------------------------------------------------


def test_enrolment_takes_a_place_and_puts_the_measure_in_progress(
    caseworker, orgs, person, measure, course
):
    enrolment = enrol(caseworker, person, measure, course)
    today = timezone.localdate()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert (enrolment.requested_on, enrolment.enrolled_on) == (today, today)
    assert enrolment.organisation == orgs["a"]
    assert enrolment.enrolled_by == caseworker.user
    assert enrolment.overridden == []
    measure.refresh_from_db()
    assert measure.status == "in_progress"
    entry = AuditEntry.objects.get(action="course.enrol", object_id=person.public_id)
    assert entry.data == {"course": course.public_id, "measure": measure.pk, "overridden": []}
    follow = AuditEntry.objects.get(action="plan.measure.update", object_id=person.public_id)
    assert follow.data["to"] == "in_progress"
    assert follow.data["course"] == course.public_id


def test_only_an_open_measure_of_the_persons_own_plan_enrols(
    caseworker, programme, person, plan, measure, course
):
    _someone, theirs = learner(caseworker, programme, "Omar")
    with pytest.raises(ValidationFailed) as refused:
        enrol(caseworker, person, theirs, course)
    assert "measure" in refused.value.field_errors
    plan_services.measure_update(
        actor=caseworker, plan=plan, measure_id=measure.pk, status="done", evidence="Certificate"
    )
    with pytest.raises(ValidationFailed) as refused:
        enrol(caseworker, person, measure, course)
    assert "measure" in refused.value.field_errors
    assert not Enrolment.objects.exists()


def test_a_course_that_does_not_deliver_the_measure_is_refused(caseworker, person, plan, course):
    exam = plan_services.measure_add(
        actor=caseworker,
        plan=plan,
        data=plan_services.MeasureData(
            domain="language",
            kind="exam",
            title="Integration exam",
            due_on=plan.starts_on + timedelta(days=200),
            programme_measure="exam",
        ),
    )
    with pytest.raises(ValidationFailed) as refused:
        enrol(caseworker, person, exam, course)
    assert "does not deliver" in refused.value.field_errors["course"][0]
    assert not Enrolment.objects.exists()


def test_a_course_that_takes_no_more_learners_is_refused(
    caseworker, teacher, person, measure, course
):
    with pytest.raises(ValidationFailed) as refused:
        enrolments.enrol(
            actor=caseworker,
            person=person,
            data=enrolments.EnrolmentData(measure_id=measure.pk, course="K-NOWHERE"),
        )
    assert "course" in refused.value.field_errors
    with pytest.raises(ValidationFailed) as refused:
        enrol(caseworker, person, measure, course, now=at(course.ends_on + timedelta(days=1)))
    assert "course" in refused.value.field_errors
    courses.course_cancel(actor=teacher, course=course, reason="No teacher")
    with pytest.raises(ValidationFailed) as refused:
        enrol(caseworker, person, measure, course)
    assert "course" in refused.value.field_errors
    assert not Enrolment.objects.exists()


def test_a_full_course_refuses_and_writes_nothing(
    caseworker, programme, person, measure, one_place
):
    enrol(caseworker, person, measure, one_place)
    other, theirs = learner(caseworker, programme, "Omar")
    with pytest.raises(ValidationFailed) as refused:
        enrol(caseworker, other, theirs, one_place)
    assert "full" in refused.value.field_errors["course"][0]
    assert refused.value.extensions == {"breaches": ["max_group_size"], "overridable": True}
    assert Enrolment.objects.filter(course=one_place).count() == 1
    theirs.refresh_from_db()
    assert theirs.status == "planned"
    assert "course.enrol" not in actions(other)
    assert "course.waitlist" not in actions(other)


def test_a_full_course_takes_the_learner_on_its_waitlist_when_asked(
    caseworker, programme, person, measure, one_place
):
    enrol(caseworker, person, measure, one_place)
    other, theirs = learner(caseworker, programme, "Omar")
    waiting = enrol(caseworker, other, theirs, one_place, waitlist=True)
    assert waiting.status == EnrolmentStatus.WAITING
    assert waiting.enrolled_on is None
    assert waiting.overridden == []
    theirs.refresh_from_db()
    assert theirs.status == "planned"  # in progress once a place is given
    assert "course.waitlist" in actions(other)


def test_asking_for_the_waitlist_of_a_course_with_room_enrols(caseworker, person, measure, course):
    enrolment = enrol(caseworker, person, measure, course, waitlist=True)
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_an_override_reason_enrols_beyond_the_limit_and_is_recorded(
    caseworker, programme, person, measure, one_place
):
    enrol(caseworker, person, measure, one_place)
    other, theirs = learner(caseworker, programme, "Omar")
    extra = enrol(caseworker, other, theirs, one_place, override_reason="Leaves the shelter soon")
    assert extra.status == EnrolmentStatus.ENROLLED
    assert extra.overridden == ["max_group_size"]
    assert extra.override_reason == "Leaves the shelter soon"
    entry = AuditEntry.objects.get(action="course.enrol", object_id=other.public_id)
    assert entry.data["overridden"] == ["max_group_size"]
    assert entry.data["override_reason"] == "Leaves the shelter soon"


def test_the_limit_is_the_smaller_of_the_places_and_the_programmes_group_size(
    caseworker, coordinator, programme, person, measure, course
):
    assert course.capacity == 10
    catalogue.standard_save(
        actor=coordinator,
        data=catalogue.StandardData(
            programme=programme.code, course_type="language", max_group_size=1
        ),
    )
    enrol(caseworker, person, measure, course)
    other, theirs = learner(caseworker, programme, "Omar")
    with pytest.raises(ValidationFailed) as refused:
        enrol(caseworker, other, theirs, course)
    assert refused.value.extensions["breaches"] == ["max_group_size"]


def test_a_course_starting_after_the_longest_wait_is_refused(
    caseworker, teacher, teacher_record, person, measure, course
):
    later = plan_course(
        teacher,
        teacher=teacher_record,
        starts_on=timezone.localdate() + timedelta(days=91),
        title="Romanian B1, next spring",
    )
    with pytest.raises(ValidationFailed) as refused:
        enrol(caseworker, person, measure, later)
    assert "91 days" in refused.value.field_errors["course"][0]
    assert refused.value.extensions["breaches"] == ["max_wait_days"]
    with pytest.raises(ValidationFailed):  # the waitlist does not lift it
        enrol(caseworker, person, measure, later, waitlist=True)
    assert not Enrolment.objects.exists()
    enrolment = enrol(caseworker, person, measure, later, override_reason="She prefers to wait")
    assert enrolment.overridden == ["max_wait_days"]


def test_an_online_course_needs_the_equipment_to_follow_it(
    caseworker, teacher, teacher_record, person, measure, course
):
    online = plan_course(
        teacher, teacher=teacher_record, delivery="online", title="Romanian B1, online"
    )
    for has_equipment in (None, False):
        with pytest.raises(ValidationFailed) as refused:
            enrol(caseworker, person, measure, online, has_equipment=has_equipment)
        assert "has_equipment" in refused.value.field_errors
        assert refused.value.extensions["breaches"] == ["equipment"]
    assert not Enrolment.objects.exists()
    enrolment = enrol(caseworker, person, measure, online, has_equipment=True)
    assert enrolment.has_equipment is True
    assert enrolment.overridden == []


def test_the_same_person_cannot_enrol_twice(caseworker, person, plan, measure, course):
    enrol(caseworker, person, measure, course)
    with pytest.raises(Conflict):
        enrol(caseworker, person, measure, course)
    extra = tutoring(caseworker, plan, due_on=plan.starts_on + timedelta(days=30))
    with pytest.raises(Conflict):  # not even for another measure
        enrol(caseworker, person, extra, course)
    assert Enrolment.objects.count() == 1


def test_one_measure_holds_one_place_at_a_time(
    caseworker, teacher, teacher_record, person, measure, course
):
    enrol(caseworker, person, measure, course)
    other = plan_course(teacher, teacher=teacher_record, title="Romanian B1, mornings")
    with pytest.raises(Conflict):
        enrol(caseworker, person, measure, other)
    assert Enrolment.objects.count() == 1


def test_a_learner_who_left_may_enrol_again(caseworker, person, measure, course):
    first = enrol(caseworker, person, measure, course)
    enrolments.enrolment_withdraw(actor=caseworker, enrolment=first, reason="Ill")
    again = enrol(caseworker, person, measure, course)
    assert again.pk != first.pk
    assert again.status == EnrolmentStatus.ENROLLED


def test_a_caseworker_of_another_centre_may_not_enrol(
    caseworker_b, coordinator, teacher, person, measure, course
):
    for actor in (caseworker_b, coordinator, teacher):
        with pytest.raises(PermissionDenied):
            enrol(actor, person, measure, course)
    assert not Enrolment.objects.exists()
    measure.refresh_from_db()
    assert measure.status == "planned"


def test_a_childs_measure_enrols_the_child(caseworker, person, plan, measure, course):
    household = people_services.household_join(
        actor=caseworker, person=person, household=None, relationship="head"
    ).household
    child = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name="Layla", family_name="Haddad", sex="female", birth_date=date(2016, 3, 1)
        ),
        confirm_new=True,
    )
    people_services.household_join(
        actor=caseworker, person=child, household=household, relationship="child"
    )
    for_child = plan_services.measure_add(
        actor=caseworker,
        plan=plan,
        data=plan_services.MeasureData(
            domain="language",
            kind="language_course",
            title="Romanian for Layla",
            due_on=plan.starts_on + timedelta(days=90),
            beneficiary=child.public_id,
        ),
    )
    enrolment = enrol(caseworker, person, for_child, course)
    assert enrolment.person == child
    assert enrolment.measure == for_child
    assert "course.enrol" in actions(child)
    assert "course.enrol" not in actions(person)
    for_child.refresh_from_db()
    assert for_child.status == "in_progress"
    # The parent takes the same course for her own measure.
    assert enrol(caseworker, person, measure, course).person == person


# --- The waitlist and the place that opens ----------------------------------------------------


def test_a_place_goes_to_a_mandatory_measure_first_then_the_one_due_soonest(
    caseworker, programme, person, measure, one_place
):
    today = timezone.localdate()
    holder = enrol(caseworker, person, measure, one_place)
    # Voluntary, though due soonest of all.
    vlad, vlad_course = learner(caseworker, programme, "Vlad")
    voluntary = tutoring(caseworker, vlad_course.plan, due_on=today + timedelta(days=10))
    # Mandatory, due in 180 days.
    lina, late = learner(caseworker, programme, "Lina")
    # Mandatory, due in 80 days: the plan started 100 days ago.
    sami, soon = learner(caseworker, programme, "Sami", plan_starts_on=today - timedelta(days=100))
    assert soon.due_on < late.due_on
    for who, what in ((vlad, voluntary), (lina, late), (sami, soon)):
        enrol(caseworker, who, what, one_place, waitlist=True)
    assert [e.person for e in selectors.waitlist(course=one_place)] == [sami, lina, vlad]

    enrolments.enrolment_withdraw(actor=caseworker, enrolment=holder, reason="Found work")
    holds = Enrolment.objects.get(course=one_place, status=EnrolmentStatus.ENROLLED)
    assert holds.person == sami
    assert holds.enrolled_on == today
    soon.refresh_from_db()
    assert soon.status == "in_progress"
    assert "course.promote" in actions(sami)

    enrolments.enrolment_withdraw(actor=caseworker, enrolment=holds, reason="Moved")
    holds = Enrolment.objects.get(course=one_place, status=EnrolmentStatus.ENROLLED)
    assert holds.person == lina
    enrolments.enrolment_withdraw(actor=caseworker, enrolment=holds, reason="Moved")
    assert Enrolment.objects.get(course=one_place, status=EnrolmentStatus.ENROLLED).person == vlad
    assert selectors.waitlist(course=one_place) == []


def test_between_equals_the_longest_waiting_gets_the_place(
    caseworker, programme, person, measure, one_place
):
    today = timezone.localdate()
    holder = enrol(caseworker, person, measure, one_place)
    adam, adams = learner(caseworker, programme, "Adam")
    bilal, bilals = learner(caseworker, programme, "Bilal")
    assert adams.due_on == bilals.due_on
    assert adams.mandatory
    assert bilals.mandatory
    first_in = enrol(caseworker, adam, adams, one_place, waitlist=True)
    # Bilal's request came in three days earlier, though recorded after Adam's.
    asked_earlier = enrol(
        caseworker, bilal, bilals, one_place, waitlist=True, now=at(today - timedelta(days=3))
    )
    assert asked_earlier.pk > first_in.pk
    enrolments.enrolment_withdraw(actor=caseworker, enrolment=holder, reason="Moved")
    asked_earlier.refresh_from_db()
    first_in.refresh_from_db()
    assert asked_earlier.status == EnrolmentStatus.ENROLLED
    assert first_in.status == EnrolmentStatus.WAITING


def test_the_promoted_learners_caseworker_is_told(
    caseworker, caseworker_2, programme, person, measure, one_place
):
    holder = enrol(caseworker, person, measure, one_place)
    nour, hers = learner(caseworker_2, programme, "Nour", sex="female")
    enrol(caseworker_2, nour, hers, one_place, waitlist=True)
    assert not Notification.objects.exists()
    enrolments.enrolment_withdraw(actor=caseworker, enrolment=holder, reason="Found work")
    told = Notification.objects.get()
    assert told.user == caseworker_2.user
    assert told.kind == "course.place"
    assert told.params == {"course": one_place.public_id, "title": one_place.title}
    assert (told.record_type, told.record_id) == ("course", one_place.public_id)


def test_withdrawing_a_waiting_learner_promotes_nobody(
    caseworker, programme, person, measure, one_place
):
    enrol(caseworker, person, measure, one_place)
    omar, his = learner(caseworker, programme, "Omar")
    ali, alis = learner(caseworker, programme, "Ali")
    waiting = enrol(caseworker, omar, his, one_place, waitlist=True)
    enrol(caseworker, ali, alis, one_place, waitlist=True)
    left = enrolments.enrolment_withdraw(actor=caseworker, enrolment=waiting, reason="Declined")
    assert left.status == EnrolmentStatus.WITHDRAWN
    assert left.ended_on == timezone.localdate()
    assert [e.person for e in selectors.waitlist(course=one_place)] == [ali]
    assert Enrolment.objects.filter(course=one_place, status="enrolled").get().person == person
    assert not Notification.objects.exists()
    assert "course.withdraw" in actions(omar)


def test_withdrawal_needs_a_reason_and_happens_once(caseworker, enrolment):
    with pytest.raises(ValidationFailed) as refused:
        enrolments.enrolment_withdraw(actor=caseworker, enrolment=enrolment, reason="  ")
    assert "reason" in refused.value.field_errors
    enrolments.enrolment_withdraw(actor=caseworker, enrolment=enrolment, reason="Ill")
    with pytest.raises(Conflict):
        enrolments.enrolment_withdraw(actor=caseworker, enrolment=enrolment, reason="Ill")


def test_who_may_withdraw_a_learner(
    caseworker_b, teacher, other_teacher_user, coordinator, enrolment
):
    with pytest.raises(PermissionDenied):
        enrolments.enrolment_withdraw(actor=caseworker_b, enrolment=enrolment, reason="Moved")
    # The provider's teachers and the coordinators may (the class is theirs).
    enrolments.enrolment_withdraw(
        actor=access.actor_for(other_teacher_user), enrolment=enrolment, reason="Never came"
    )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_a_newcomer_does_not_take_a_place_ahead_of_the_waitlist(
    caseworker, coordinator, programme, person, measure, course
):
    def group_size(n):
        catalogue.standard_save(
            actor=coordinator,
            data=catalogue.StandardData(
                programme=programme.code, course_type="language", max_group_size=n
            ),
        )

    group_size(1)
    enrol(caseworker, person, measure, course)
    omar, his = learner(caseworker, programme, "Omar")
    waiting = enrol(caseworker, omar, his, course, waitlist=True)
    group_size(12)
    ali, alis = learner(caseworker, programme, "Ali")
    newcomer = enrol(caseworker, ali, alis, course, waitlist=True)
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ENROLLED or newcomer.status == EnrolmentStatus.WAITING


# --- Cancelled and finished courses --------------------------------------------------------------


def test_cancelling_withdraws_everyone_and_tells_their_caseworkers(
    caseworker, caseworker_2, teacher, programme, person, measure, one_place
):
    enrol(caseworker, person, measure, one_place)
    nour, hers = learner(caseworker_2, programme, "Nour", sex="female")
    enrol(caseworker_2, nour, hers, one_place, waitlist=True)
    cancelled = courses.course_cancel(actor=teacher, course=one_place, reason="Teacher left")
    assert cancelled.status == CourseStatus.CANCELLED
    assert set(Enrolment.objects.values_list("status", flat=True)) == {EnrolmentStatus.WITHDRAWN}
    assert set(Enrolment.objects.values_list("ended_on", flat=True)) == {timezone.localdate()}
    told = Notification.objects.filter(kind="course.cancelled")
    assert {n.user for n in told} == {caseworker.user, caseworker_2.user}
    assert {n.record_id for n in told} == {one_place.public_id}
    entry = AuditEntry.objects.get(action="course.cancel", object_id=one_place.public_id)
    assert entry.data == {"reason": "Teacher left", "enrolments": 2}
    with pytest.raises(Conflict):
        courses.course_cancel(actor=teacher, course=one_place, reason="Again")


def test_a_course_is_cancelled_with_a_reason_by_its_provider(caseworker, teacher, course):
    with pytest.raises(ValidationFailed) as refused:
        courses.course_cancel(actor=teacher, course=course, reason=" ")
    assert "reason" in refused.value.field_errors
    with pytest.raises(PermissionDenied):
        courses.course_cancel(actor=caseworker, course=course, reason="Not needed")
    course.refresh_from_db()
    assert course.status == CourseStatus.PLANNED


def test_finishing_a_course_without_a_test_completes_the_learners_and_their_measures(
    caseworker, teacher, teacher_record, programme, person, measure, curriculum
):
    today = timezone.localdate()
    started = plan_course_on(
        teacher, today - timedelta(days=14), teacher=teacher_record, capacity=1, test=""
    )
    holder = enrol(caseworker, person, measure, started)
    omar, his = learner(caseworker, programme, "Omar")
    waiting = enrol(caseworker, omar, his, started, waitlist=True)
    finished = courses.course_finish(actor=teacher, course=started)
    assert finished.status == CourseStatus.FINISHED
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, holder.ended_on) == (EnrolmentStatus.COMPLETED, today)
    assert waiting.status == EnrolmentStatus.WITHDRAWN
    measure.refresh_from_db()
    his.refresh_from_db()
    assert measure.status == "done"
    assert measure.done_on == today
    assert started.title in measure.evidence
    assert his.status == "planned"
    entry = AuditEntry.objects.get(action="course.finish", object_id=started.public_id)
    assert entry.data == {"completed": 1}
    with pytest.raises(Conflict):
        courses.course_finish(actor=teacher, course=started)


def test_finishing_a_course_with_a_test_leaves_the_measure_to_the_result(
    caseworker, teacher, teacher_record, person, measure, curriculum, test_definition
):
    started = plan_course_on(
        teacher, timezone.localdate() - timedelta(days=14), teacher=teacher_record
    )
    holder = enrol(caseworker, person, measure, started)
    courses.course_finish(actor=teacher, course=started)
    holder.refresh_from_db()
    measure.refresh_from_db()
    assert holder.status == EnrolmentStatus.COMPLETED
    assert measure.status == "in_progress"


def test_a_course_cannot_finish_before_it_starts(
    teacher, teacher_record, programme, curriculum, test_definition
):
    coming = plan_course(
        teacher, teacher=teacher_record, starts_on=timezone.localdate() + timedelta(days=7)
    )
    with pytest.raises(Conflict):
        courses.course_finish(actor=teacher, course=coming)
    coming.refresh_from_db()
    assert coming.status == CourseStatus.PLANNED


def test_only_the_provider_or_the_teacher_finishes_a_course(caseworker, course):
    with pytest.raises(PermissionDenied):
        courses.course_finish(actor=caseworker, course=course)


def test_a_course_planned_beyond_the_group_size_takes_its_places(
    coordinator, caseworker, teacher, teacher_record, programme, curriculum, test_definition
):
    """The override made at planning holds for enrolment: a course planned for 13
    places, with a reason, beyond the programme's 12, takes a 13th learner."""
    course = plan_course(
        teacher, teacher=teacher_record, capacity=13, override_reason="A larger room this term"
    )
    assert course.overridden == ["max_group_size"]
    assert selectors.group_limit(course=course) == 13
    made = [
        enrol(caseworker, *learner(caseworker, programme, f"Learner{n}"), course) for n in range(13)
    ]
    assert [e.status for e in made] == ["enrolled"] * 13
