"""The whole path of a learner through a course, service by service."""

from __future__ import annotations

import pytest
from django.utils import timezone

from integra.core.errors import PermissionDenied, ValidationFailed
from integra.courses import selectors
from integra.courses.models import EnrolmentStatus
from integra.courses.services import attendance, results
from integra.people.models import Language
from tests.courses.conftest import enrol, plan_course


def test_a_learner_goes_from_plan_to_certificate(
    caseworker, teacher, person, measure, course, past_session, second_examiner
):
    enrolment = enrol(caseworker, person, measure, course)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    measure.refresh_from_db()
    assert measure.status == "in_progress"

    attendance.register_record(
        actor=teacher, course=course, session_id=past_session.pk, marks={enrolment.pk: "present"}
    )
    rates = selectors.attendance_rates(enrolments=[enrolment])
    assert rates[enrolment.pk].percent == 100

    result = results.result_record(
        actor=teacher,
        course=course,
        data=results.ResultData(
            enrolment_id=enrolment.pk,
            taken_on=timezone.localdate(),
            scores={"reading": 20, "listening": 18, "writing": 15, "speaking": 16},
            speaking_second="14.5",
            second_examiner_id=second_examiner.pk,
        ),
    )
    assert result.level == "B1"
    assert result.passed
    measure.refresh_from_db()
    assert measure.status == "done"
    assert Language.objects.get(person=person, code="ro").assessed_level == "B1"
    code = result.certificate.code
    assert selectors.certificate_by_code(code=code.lower().replace("-", " ")) == result.certificate
    forged = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert selectors.certificate_by_code(code=forged) is None


def test_an_assistant_cannot_teach_unless_overridden(
    teacher, assistant, programme, curriculum, test_definition
):
    with pytest.raises(ValidationFailed) as caught:
        plan_course(teacher, teacher=assistant)
    assert "teacher" in caught.value.field_errors
    course = plan_course(teacher, teacher=assistant, override_reason="No other teacher this term")
    assert course.overridden == ["min_teacher_qualification"]


def test_another_teacher_cannot_take_the_register(
    people, other_teacher_user, course, past_session, enrolment
):
    from integra.core import access

    with pytest.raises(PermissionDenied):
        attendance.register_record(
            actor=access.actor_for(other_teacher_user),
            course=course,
            session_id=past_session.pk,
            marks={enrolment.pk: "present"},
        )
