"""The register as a service: a whole class in one call, corrections, what cannot
be marked, who takes it; and the attendance rates with the programme's incentive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.courses import selectors
from integra.courses.models import Attendance, Course, CourseStatus, Session
from integra.courses.services import attendance, catalogue, courses, enrolments
from integra.plans.services import programmes
from tests.courses.conftest import enrol, learner, plan_course_on


@pytest.fixture
def running(teacher, teacher_record, programme, curriculum, test_definition) -> Course:
    """Three places, planned three weeks ago: its first sessions have happened."""
    return plan_course_on(
        teacher, timezone.localdate() - timedelta(days=21), teacher=teacher_record, capacity=3
    )


@pytest.fixture
def past(running) -> list[Session]:
    """The sessions that were held (more than an hour ago), in order."""
    held = Session.objects.filter(
        course=running, starts_at__lt=timezone.now() - timedelta(hours=1)
    ).order_by("starts_at")
    assert held.count() >= 4
    return list(held)


@pytest.fixture
def upcoming(running) -> Session:
    return Session.objects.filter(course=running, starts_at__gt=timezone.now()).earliest(
        "starts_at"
    )


@pytest.fixture
def klass(caseworker, programme, person, measure, running):
    """The three learners: Amina, Omar and Ali."""
    found = [enrol(caseworker, person, measure, running)]
    for name in ("Omar", "Ali"):
        other, theirs = learner(caseworker, programme, name)
        found.append(enrol(caseworker, other, theirs, running))
    return found


def marks_of(session) -> dict[int, str]:
    return dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))


# --- Taking the register --------------------------------------------------------------------


def test_a_whole_class_is_marked_in_one_call(teacher, running, past, klass):
    amina, omar, ali = klass
    written = attendance.register_record(
        actor=teacher,
        course=running,
        session_id=past[0].pk,
        marks={amina.pk: "present", omar.pk: "absent", ali.pk: "excused"},
    )
    assert written == 3
    assert marks_of(past[0]) == {amina.pk: "present", omar.pk: "absent", ali.pk: "excused"}
    assert set(Attendance.objects.values_list("recorded_by", flat=True)) == {teacher.user.pk}
    running.refresh_from_db()
    assert running.status == CourseStatus.RUNNING
    entry = AuditEntry.objects.get(action="course.attendance", object_id=running.public_id)
    assert entry.data == {"session": past[0].pk, "present": 1, "absent": 1, "excused": 1}


def test_a_mark_is_corrected_in_place(teacher, running, past, klass):
    amina = klass[0]
    first = timezone.now() - timedelta(minutes=30)
    attendance.register_record(
        actor=teacher, course=running, session_id=past[0].pk, marks={amina.pk: "absent"}, now=first
    )
    attendance.register_record(
        actor=teacher, course=running, session_id=past[0].pk, marks={amina.pk: "excused"}
    )
    mark = Attendance.objects.get(session=past[0], enrolment=amina)
    assert mark.status == "excused"
    assert mark.recorded_at > first
    assert Attendance.objects.count() == 1


def test_a_session_that_has_not_happened_is_refused(teacher, running, upcoming, klass):
    with pytest.raises(ValidationFailed) as refused:
        attendance.register_record(
            actor=teacher, course=running, session_id=upcoming.pk, marks={klass[0].pk: "present"}
        )
    assert "not happened" in refused.value.field_errors["session"][0]
    assert not Attendance.objects.exists()
    running.refresh_from_db()
    assert running.status == CourseStatus.PLANNED


def test_a_session_of_another_course_is_refused(teacher, running, course, klass):
    theirs = Session.objects.filter(course=course).first()
    with pytest.raises(ValidationFailed) as refused:
        attendance.register_record(
            actor=teacher, course=running, session_id=theirs.pk, marks={klass[0].pk: "present"}
        )
    assert "session" in refused.value.field_errors
    assert not Attendance.objects.exists()


def test_an_enrolment_of_another_course_spoils_the_whole_register(
    teacher, caseworker, programme, running, past, klass, course
):
    elsewhere, theirs = learner(caseworker, programme, "Rami")
    stranger = enrol(caseworker, elsewhere, theirs, course)
    with pytest.raises(ValidationFailed) as refused:
        attendance.register_record(
            actor=teacher,
            course=running,
            session_id=past[0].pk,
            marks={klass[0].pk: "present", stranger.pk: "present"},
        )
    assert refused.value.field_errors["marks"] == [
        f"Enrolment {stranger.pk} is not a learner of this course."
    ]
    assert not Attendance.objects.exists()


def test_a_learner_who_left_or_an_unknown_enrolment_cannot_be_marked(
    teacher, caseworker, running, past, klass
):
    left = enrolments.enrolment_withdraw(actor=caseworker, enrolment=klass[2], reason="Moved")
    for enrolment_id in (left.pk, 999_999):
        with pytest.raises(ValidationFailed) as refused:
            attendance.register_record(
                actor=teacher,
                course=running,
                session_id=past[0].pk,
                marks={klass[0].pk: "present", enrolment_id: "present"},
            )
        assert "marks" in refused.value.field_errors
    assert not Attendance.objects.exists()


def test_a_waiting_learner_cannot_be_marked(teacher, caseworker, programme, running, past, klass):
    waiter, theirs = learner(caseworker, programme, "Yusuf")
    waiting = enrol(caseworker, waiter, theirs, running, waitlist=True)
    with pytest.raises(ValidationFailed) as refused:
        attendance.register_record(
            actor=teacher, course=running, session_id=past[0].pk, marks={waiting.pk: "present"}
        )
    assert "marks" in refused.value.field_errors
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("marks", [{}, {"first": "late"}, {"first": ""}])
def test_the_marks_are_checked(teacher, running, past, klass, marks):
    marks = {klass[0].pk if key == "first" else key: value for key, value in marks.items()}
    with pytest.raises(ValidationFailed) as refused:
        attendance.register_record(
            actor=teacher, course=running, session_id=past[0].pk, marks=marks
        )
    assert "marks" in refused.value.field_errors
    assert not Attendance.objects.exists()


def test_a_cancelled_course_takes_no_register(teacher, running, past, klass):
    courses.course_cancel(actor=teacher, course=running, reason="Teacher left")
    running.refresh_from_db()
    with pytest.raises(Conflict):
        attendance.register_record(
            actor=teacher, course=running, session_id=past[0].pk, marks={klass[0].pk: "present"}
        )


def test_a_finished_course_still_takes_corrections(teacher, running, past, klass):
    courses.course_finish(actor=teacher, course=running)
    running.refresh_from_db()
    attendance.register_record(
        actor=teacher, course=running, session_id=past[0].pk, marks={klass[0].pk: "present"}
    )
    assert marks_of(past[0]) == {klass[0].pk: "present"}


@pytest.mark.parametrize("who", ["other teacher", "caseworker", "coordinator"])
def test_only_the_classs_teacher_takes_the_register(
    people, other_teacher_user, running, past, klass, who
):
    user = {
        "other teacher": other_teacher_user,
        "caseworker": people["caseworker"],
        "coordinator": people["coordinator"],
    }[who]
    with pytest.raises(PermissionDenied):
        attendance.register_record(
            actor=access.actor_for(user),
            course=running,
            session_id=past[0].pk,
            marks={klass[0].pk: "present"},
        )
    assert not Attendance.objects.exists()


# --- Rates and the incentive ------------------------------------------------------------------


@pytest.fixture
def four_sessions(teacher, running, past, klass):
    """Amina: present, present, present, absent (75 %); Omar: present, absent,
    absent, excused (33 %); Ali: not marked."""
    amina, omar, _ali = klass
    for session, (hers, his) in zip(
        past[:4],
        [
            ("present", "present"),
            ("present", "absent"),
            ("present", "absent"),
            ("absent", "excused"),
        ],
        strict=True,
    ):
        attendance.register_record(
            actor=teacher,
            course=running,
            session_id=session.pk,
            marks={amina.pk: hers, omar.pk: his},
        )
    return klass


def test_attendance_rates_leave_excused_absences_out(four_sessions):
    amina, omar, ali = four_sessions
    rates = selectors.attendance_rates(enrolments=four_sessions)
    assert (rates[amina.pk].present, rates[amina.pk].counted, rates[amina.pk].percent) == (3, 4, 75)
    assert (rates[omar.pk].present, rates[omar.pk].excused, rates[omar.pk].percent) == (1, 1, 33)
    assert rates[ali.pk].percent is None


def test_the_incentive_is_met_from_its_threshold(coordinator, programme, running, four_sessions):
    allowance = programmes.incentive_add(
        actor=coordinator, programme=programme, name="Monthly allowance", condition="Attend 75 %"
    )
    catalogue.standard_save(
        actor=coordinator,
        data=catalogue.StandardData(
            programme=programme.code,
            course_type="language",
            max_group_size=12,
            min_teacher_qualification="teacher",
            min_hours=40,
            max_wait_days=90,
            two_speaking_examiners=True,
            incentive_id=allowance.pk,
            incentive_min_attendance=75,
        ),
    )
    amina, omar, ali = four_sessions
    rates = selectors.attendance_rates(enrolments=four_sessions)
    name, threshold, met = selectors.incentive_status(course=running, rates=rates)
    assert (name, threshold) == ("Monthly allowance", 75)
    assert met == {amina.pk: True, omar.pk: False, ali.pk: None}


def test_a_threshold_without_a_named_incentive_still_counts(
    coordinator, programme, running, four_sessions
):
    catalogue.standard_save(
        actor=coordinator,
        data=catalogue.StandardData(
            programme=programme.code, course_type="language", incentive_min_attendance=80
        ),
    )
    rates = selectors.attendance_rates(enrolments=four_sessions)
    name, threshold, met = selectors.incentive_status(course=running, rates=rates)
    assert (name, threshold) == ("Incentive", 80)
    assert met[four_sessions[0].pk] is False


def test_without_an_incentive_there_is_nothing_to_meet(running, four_sessions):
    rates = selectors.attendance_rates(enrolments=four_sessions)
    assert selectors.incentive_status(course=running, rates=rates) == ("", None, {})
