"""The courses API on the learner's path: enrolment from a plan measure, the waitlist,
withdrawal, a person's courses, the register, results, and the public check of a
certificate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from integra.core.models import AuditEntry, Notification
from integra.courses.models import Attendance, Certificate, Course, Enrolment, Session
from integra.plans.services import programmes
from tests.courses.conftest import JSON, another_person, enrol
from tests.courses.test_api import new_learner


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["message"] for error in response.json()["errors"]}


SCORES = {"reading": 20, "listening": 18, "writing": 15, "speaking": 16}


def record_result(client, enrolment, examiner2, **more):
    """Records a B1 pass (with a second examiner for speaking, as the fixtures'
    programme asks)."""
    body = {
        "enrolment": enrolment.pk,
        "taken_on": timezone.localdate().isoformat(),
        "scores": SCORES,
        "speaking_second": "14.5",
        "second_examiner": examiner2.pk,
        **more,
    }
    return client.post(
        f"/api/v1/courses/{enrolment.course.public_id}/results", body, content_type=JSON
    )


def _enrol_url(person) -> str:
    return f"/api/v1/persons/{person.public_id}/enrolments"


def _enrol_body(measure, course, **more) -> dict[str, object]:
    return {"measure": measure.pk, "course": course.public_id, **more}


# --- Enrolment ----------------------------------------------------------------------------


def test_the_caseworker_enrols_a_person_for_a_measure_of_their_plan(
    cw_api, person, measure, course
):
    response = cw_api.post(_enrol_url(person), _enrol_body(measure, course), content_type=JSON)

    assert response.status_code == 201, response.content
    found = response.json()
    assert (found["course"], found["measure"], found["status"]) == (
        course.public_id,
        measure.pk,
        "enrolled",
    )
    assert found["learner"] == {
        "public_id": person.public_id,
        "given_name": "Amina",
        "family_name": "Haddad",
        "given_name_latin": "Amina",
        "family_name_latin": "Haddad",
    }
    assert found["enrolled_on"] == timezone.localdate().isoformat()
    measure.refresh_from_db()
    assert measure.status == "in_progress"
    assert AuditEntry.objects.filter(
        action="course.enrol", object_type="person", object_id=person.public_id
    ).exists()
    again = cw_api.post(_enrol_url(person), _enrol_body(measure, course), content_type=JSON)
    assert again.status_code in (409, 422)


def test_only_the_caseworkers_of_the_case_enrol(api_for, people, person, measure, course):
    body = _enrol_body(measure, course)

    # The coordinator sees the case but writes no plan; the teacher does not see it.
    coordinator = api_for(people["coordinator"])
    assert coordinator.post(_enrol_url(person), body, content_type=JSON).status_code == 403
    teacher = api_for(people["teacher"])
    assert teacher.post(_enrol_url(person), body, content_type=JSON).status_code == 404
    assert not Enrolment.objects.exists()


def test_a_full_course_refuses_unless_the_learner_waits_or_it_is_overridden(
    cw_api, caseworker, programme, person, measure, course
):
    Course.objects.filter(pk=course.pk).update(capacity=1)
    other, other_measure = another_person(caseworker, programme, "Omar")
    enrol(caseworker, other, other_measure, course)

    refused = cw_api.post(_enrol_url(person), _enrol_body(measure, course), content_type=JSON)

    assert refused.status_code == 422
    assert refused.json()["breaches"] == ["max_group_size"]
    assert refused.json()["overridable"] is True
    assert "The course is full" in _errors(refused)["course"]
    waiting = cw_api.post(
        _enrol_url(person),
        _enrol_body(measure, course, waitlist=True),
        content_type=JSON,
    )
    assert waiting.status_code == 201, waiting.content
    assert (waiting.json()["status"], waiting.json()["enrolled_on"]) == ("waiting", None)
    taken = cw_api.post(
        _enrol_url(person),
        _enrol_body(measure, course, override_reason="One more chair."),
        content_type=JSON,
    )
    assert taken.status_code == 409
    assert taken["Content-Type"] == "application/problem+json"


def test_an_override_is_recorded_with_its_reason(
    cw_api, caseworker, programme, person, measure, course
):
    Course.objects.filter(pk=course.pk).update(capacity=1)
    other, other_measure = another_person(caseworker, programme, "Omar")
    enrol(caseworker, other, other_measure, course)

    response = cw_api.post(
        _enrol_url(person),
        _enrol_body(measure, course, override_reason="Her exam is next month."),
        content_type=JSON,
    )

    assert response.status_code == 201, response.content
    assert response.json()["overridden"] == ["max_group_size"]
    assert response.json()["override_reason"] == "Her exam is next month."


def test_bad_enrolment_input_is_named(cw_api, person, measure, course):
    missing = cw_api.post(
        _enrol_url(person),
        _enrol_body(measure, course) | {"measure": 2**62, "course": "K-0000-0000"},
        content_type=JSON,
    )
    assert set(_errors(missing)) == {"measure", "course"}
    shapes = cw_api.post(
        "/api/v1/persons/Amina/enrolments", {"measure": 0, "course": "K-1"}, content_type=JSON
    )
    assert set(_errors(shapes)) == {"path.public_id", "measure", "course"}
    unknown = cw_api.post(
        "/api/v1/persons/P-0000-0000/enrolments", _enrol_body(measure, course), content_type=JSON
    )
    assert unknown.status_code == 404


# --- A course's learners and waitlist -----------------------------------------------------


@pytest.fixture
def full_course(caseworker, programme, course, enrolment):
    """The course holds one learner (Amina); Omar and Yusuf wait, Yusuf first because
    his plan's Romanian course is due sooner."""
    Course.objects.filter(pk=course.pk).update(capacity=1)
    waiting = []
    for name, due in (("Omar", 150), ("Yusuf", 30)):
        other, other_measure = new_learner(caseworker, programme, name)
        other_measure.due_on = timezone.localdate() + timedelta(days=due)
        other_measure.save()
        waiting.append(enrol(caseworker, other, other_measure, course, waitlist=True))
    return waiting


def test_the_class_sees_its_learners_and_caseworkers_their_own(
    teacher_api, cw_api, api_for, people, other_teacher_user, course, enrolment, full_course
):
    everyone = teacher_api.get(f"/api/v1/courses/{course.public_id}/enrolments")
    assert everyone.status_code == 200
    assert {row["status"] for row in everyone.json()} == {"enrolled", "waiting"}
    assert len(everyone.json()) == 3
    assert len(cw_api.get(f"/api/v1/courses/{course.public_id}/enrolments").json()) == 3
    # Another teacher of the provider sees the course but none of its learners.
    other = api_for(other_teacher_user).get(f"/api/v1/courses/{course.public_id}/enrolments")
    assert (other.status_code, other.json()) == (200, [])
    assert (
        api_for(people["migrant"]).get(f"/api/v1/courses/{course.public_id}/enrolments")
    ).status_code == 403


def test_the_waitlist_is_in_priority_order_for_those_who_see_the_class(
    teacher_api, coord_api, cw_api, course, full_course
):
    response = teacher_api.get(f"/api/v1/courses/{course.public_id}/waitlist")

    assert response.status_code == 200, response.content
    assert [row["learner"]["given_name"] for row in response.json()] == ["Yusuf", "Omar"]
    assert coord_api.get(f"/api/v1/courses/{course.public_id}/waitlist").status_code == 200
    refused = cw_api.get(f"/api/v1/courses/{course.public_id}/waitlist")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


def test_withdrawing_gives_the_place_to_the_first_on_the_waitlist(
    cw_api, api_for, people, enrolment, full_course
):
    assert (
        api_for(people["migrant"]).post(
            f"/api/v1/enrolments/{enrolment.pk}/withdraw", {"reason": "x"}, content_type=JSON
        )
    ).status_code == 404
    no_reason = cw_api.post(
        f"/api/v1/enrolments/{enrolment.pk}/withdraw", {"reason": ""}, content_type=JSON
    )
    assert set(_errors(no_reason)) == {"reason"}

    response = cw_api.post(
        f"/api/v1/enrolments/{enrolment.pk}/withdraw",
        {"reason": "She found a job with evening shifts."},
        content_type=JSON,
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "withdrawn"
    omar, yusuf = full_course
    assert Enrolment.objects.get(pk=yusuf.pk).status == "enrolled"
    assert Enrolment.objects.get(pk=omar.pk).status == "waiting"
    assert Notification.objects.filter(user=people["caseworker"], kind="course.place").exists()
    again = cw_api.post(
        f"/api/v1/enrolments/{enrolment.pk}/withdraw", {"reason": "Again."}, content_type=JSON
    )
    assert again.status_code == 409
    assert cw_api.post(
        "/api/v1/enrolments/999999/withdraw", {"reason": "x"}, content_type=JSON
    ).status_code == (404)


def test_a_persons_courses_with_attendance_and_result(
    cw_api, api_for, people, orgs, teacher_api, person, enrolment, past_session, second_examiner
):
    Attendance.objects.create(
        session=past_session,
        enrolment=enrolment,
        status="present",
        recorded_by=people["teacher"],
        recorded_at=timezone.now(),
    )
    assert record_result(teacher_api, enrolment, second_examiner).status_code == 201

    response = cw_api.get(f"/api/v1/persons/{person.public_id}/enrolments")

    assert response.status_code == 200, response.content
    (row,) = response.json()
    assert row["id"] == enrolment.pk
    assert row["course"]["public_id"] == enrolment.course.public_id
    assert row["course"]["course_type"] == "language"
    assert row["status"] == "completed"
    assert row["attendance"] == {"present": 1, "absent": 0, "excused": 0, "percent": 100}
    assert row["result"]["level"] == "B1"
    assert row["result"]["passed"] is True
    assert row["result"]["certificate"]["valid"] is True
    assert AuditEntry.objects.filter(
        action="person.read", object_id=person.public_id, purpose="courses"
    ).exists()
    assert api_for(people["teacher"]).get(
        f"/api/v1/persons/{person.public_id}/enrolments"
    ).status_code == (404)
    from tests.conftest import make_user

    centre_b = api_for(make_user("cw_b", orgs["b"], "caseworker"))
    assert centre_b.get(f"/api/v1/persons/{person.public_id}/enrolments").status_code == 403


# --- Attendance ---------------------------------------------------------------------------


def _register_url(course, session) -> str:
    return f"/api/v1/courses/{course.public_id}/sessions/{session.pk}/attendance"


def test_the_teacher_reads_and_takes_the_register_for_the_whole_class(
    teacher_api, caseworker, programme, course, enrolment, past_session
):
    other, other_measure = another_person(caseworker, programme, "Omar")
    second = enrol(caseworker, other, other_measure, course)
    Enrolment.objects.filter(pk__in=[enrolment.pk, second.pk]).update(
        enrolled_on=past_session.starts_at.date()
    )

    before = teacher_api.get(_register_url(course, past_session))
    assert before.status_code == 200, before.content
    assert before.json()["session"]["id"] == past_session.pk
    assert [m["status"] for m in before.json()["marks"]] == [None, None]

    response = teacher_api.put(
        _register_url(course, past_session),
        {
            "marks": [
                {"enrolment": enrolment.pk, "status": "present"},
                {"enrolment": second.pk, "status": "excused"},
            ]
        },
        content_type=JSON,
    )

    assert response.status_code == 200, response.content
    marks = {m["enrolment"]: m["status"] for m in response.json()["marks"]}
    assert marks == {enrolment.pk: "present", second.pk: "excused"}
    assert Attendance.objects.filter(session=past_session).count() == 2
    course.refresh_from_db()
    assert course.status == "running"
    corrected = teacher_api.put(
        _register_url(course, past_session),
        {"marks": [{"enrolment": second.pk, "status": "absent"}]},
        content_type=JSON,
    )
    assert {m["enrolment"]: m["status"] for m in corrected.json()["marks"]} == {
        enrolment.pk: "present",
        second.pk: "absent",
    }


def test_only_the_classs_teacher_takes_the_register(
    api_for, cw_api, coord_api, other_teacher_user, course, enrolment, past_session
):
    body = {"marks": [{"enrolment": enrolment.pk, "status": "present"}]}
    other = api_for(other_teacher_user)

    assert other.get(_register_url(course, past_session)).status_code == 403
    assert other.put(_register_url(course, past_session), body, content_type=JSON).status_code == (
        403
    )
    assert cw_api.get(_register_url(course, past_session)).status_code == 403
    # Coordinators see the register and do not take it.
    assert coord_api.get(_register_url(course, past_session)).status_code == 200
    assert (
        coord_api.put(_register_url(course, past_session), body, content_type=JSON).status_code
        == 403
    )
    assert not Attendance.objects.exists()


def test_a_bad_register_is_refused_whole(teacher_api, course, enrolment, past_session):
    url = _register_url(course, past_session)
    bad = teacher_api.put(
        url,
        {
            "marks": [
                {"enrolment": enrolment.pk, "status": "present"},
                {"enrolment": 2**62, "status": "asleep"},
            ]
        },
        content_type=JSON,
    )
    assert set(_errors(bad)) == {"marks"}
    assert not Attendance.objects.exists()
    twice = teacher_api.put(
        url,
        {
            "marks": [
                {"enrolment": enrolment.pk, "status": "present"},
                {"enrolment": enrolment.pk, "status": "absent"},
            ]
        },
        content_type=JSON,
    )
    assert set(_errors(twice)) == {"marks"}
    future = Session.objects.create(
        course=course, starts_at=timezone.now() + timedelta(days=2), hours=2
    )
    later = teacher_api.put(
        _register_url(course, future),
        {"marks": [{"enrolment": enrolment.pk, "status": "present"}]},
        content_type=JSON,
    )
    assert set(_errors(later)) == {"session"}
    missing = f"/api/v1/courses/{course.public_id}/sessions/999999/attendance"
    assert teacher_api.get(missing).status_code == 404
    assert (
        teacher_api.put(
            missing,
            {"marks": [{"enrolment": enrolment.pk, "status": "present"}]},
            content_type=JSON,
        ).status_code
        == 404
    )


def test_attendance_per_learner_with_the_incentive(
    teacher_api, cw_api, coordinator, programme, course, enrolment, past_session, people
):
    from integra.courses.services import catalogue

    incentive = programmes.incentive_add(
        actor=coordinator, programme=programme, name="Monthly allowance", condition="Attend."
    )
    catalogue.standard_save(
        actor=coordinator,
        data=catalogue.StandardData(
            programme=programme.code,
            course_type="language",
            max_group_size=12,
            min_teacher_qualification="teacher",
            min_hours=40,
            two_speaking_examiners=True,
            incentive_id=incentive.pk,
            incentive_min_attendance=80,
        ),
    )
    second = Session.objects.create(
        course=course, starts_at=past_session.starts_at + timedelta(hours=4), hours=2
    )
    for session, status in ((past_session, "present"), (second, "absent")):
        Attendance.objects.create(
            session=session,
            enrolment=enrolment,
            status=status,
            recorded_by=people["teacher"],
            recorded_at=timezone.now(),
        )

    response = teacher_api.get(f"/api/v1/courses/{course.public_id}/attendance")

    assert response.status_code == 200, response.content
    found = response.json()
    assert (found["incentive"], found["incentive_min_attendance"]) == ("Monthly allowance", 80)
    (row,) = found["learners"]
    assert row["enrolment"] == enrolment.pk
    assert (row["present"], row["absent"], row["excused"], row["percent"]) == (1, 1, 0, 50)
    assert row["incentive_met"] is False
    assert cw_api.get(f"/api/v1/courses/{course.public_id}/attendance").status_code == 403


def test_attendance_without_an_incentive(coord_api, course, enrolment):
    response = coord_api.get(f"/api/v1/courses/{course.public_id}/attendance")

    assert response.status_code == 200, response.content
    assert response.json()["incentive"] is None
    (row,) = response.json()["learners"]
    assert (row["percent"], row["incentive_met"]) == (None, None)


# --- Results ------------------------------------------------------------------------------


def test_the_examiner_records_a_result_that_issues_a_certificate(
    teacher_api, cw_api, coord_api, course, enrolment, measure, second_examiner
):
    response = record_result(teacher_api, enrolment, second_examiner)

    assert response.status_code == 201, response.content
    found = response.json()
    assert (found["enrolment"], found["test"], found["level"], found["passed"]) == (
        enrolment.pk,
        "ro-test",
        "B1",
        True,
    )
    assert found["scores"] == {"reading": 20, "listening": 18, "writing": 15, "speaking": 15.25}
    assert (found["speaking_second"], found["total"]) == (14.5, 68.25)
    assert found["examiner"]["name"] == "Elena Rusu"
    assert found["second_examiner"] == {"id": second_examiner.pk, "name": "Ion Popa"}
    code = found["certificate"]["code"]
    assert Certificate.objects.filter(code=code).exists()
    measure.refresh_from_db()
    assert measure.status == "done"
    listed = teacher_api.get(f"/api/v1/courses/{course.public_id}/results")
    assert [row["certificate"]["code"] for row in listed.json()] == [code]
    assert coord_api.get(f"/api/v1/courses/{course.public_id}/results").status_code == 200
    assert cw_api.get(f"/api/v1/courses/{course.public_id}/results").status_code == 403
    again = record_result(teacher_api, enrolment, second_examiner)
    assert again.status_code == 409


def test_only_the_classs_examiner_records_results(
    coord_api, api_for, other_teacher_user, enrolment, second_examiner
):
    assert record_result(coord_api, enrolment, second_examiner).status_code == 403
    assert record_result(api_for(other_teacher_user), enrolment, second_examiner).status_code == (
        403
    )


def test_bad_scores_are_named_section_by_section(teacher_api, enrolment, second_examiner):
    response = record_result(
        teacher_api,
        enrolment,
        second_examiner,
        scores={"reading": 30, "listening": "many", "writing": 12.25, "dancing": 3},
        speaking_second=None,
    )

    assert _errors(response) == {
        "scores.reading": "The score must be from 0 to 25.",
        "scores.listening": "Give a number of points (whole or half).",
        "scores.writing": "Give a number of points (whole or half).",
        "scores.speaking": "A score is needed.",
        "scores.dancing": "This test has no such section.",
        "speaking_second": "Give the second examiner's speaking score.",
    }
    no_second = record_result(teacher_api, enrolment, second_examiner, second_examiner=None)
    assert set(_errors(no_second)) == {"second_examiner"}
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert set(
        _errors(record_result(teacher_api, enrolment, second_examiner, taken_on=future))
    ) == {"taken_on"}


# --- Certificates -------------------------------------------------------------------------


def test_anyone_checks_a_certificate_by_its_code(teacher_api, enrolment, second_examiner):
    code = record_result(teacher_api, enrolment, second_examiner).json()["certificate"]["code"]
    anonymous = Client()

    response = anonymous.get(f"/api/v1/certificates/{code}")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "code": code,
        "holder": "Amina Haddad",
        "birth_date": "1990-05-01",
        "test": "Romanian language test",
        "level": "B1",
        "provider": "Refugee NGO",
        "issued_on": timezone.localdate().isoformat(),
        "valid": True,
    }
    typed = code.lower().replace("-", " ")
    assert anonymous.get(f"/api/v1/certificates/{typed}").json()["code"] == code
    forged = code[:-1] + ("0" if code[-1] != "0" else "1")
    unknown = anonymous.get(f"/api/v1/certificates/{forged}")
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/problem+json"
    assert anonymous.get("/api/v1/certificates/not-a-code").status_code == 404
    Certificate.objects.filter(code=code).update(
        revoked_on=timezone.localdate(), revoked_reason="Fraud"
    )
    assert anonymous.get(f"/api/v1/certificates/{code}").json()["valid"] is False


def test_checking_certificates_is_rate_limited(db):
    anonymous = Client()
    answers = [
        anonymous.get("/api/v1/certificates/AAAA-AAAA-AAAA-AAAA-AAAA").status_code
        for _ in range(31)
    ]

    assert answers[:30] == [404] * 30
    assert answers[30] == 429
    limited = anonymous.get("/api/v1/certificates/AAAA-AAAA-AAAA-AAAA-AAAA")
    assert limited["Retry-After"]
