"""The courses API: planning a course against the programme's quality criteria, the
catalogue of courses and its filters, sessions, finishing and cancelling, places
against demand, and statistics."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from integra.core.models import AuditEntry, Notification
from integra.courses.models import Course, Enrolment, Session
from integra.people import services as people_services
from integra.plans.services import plans as plan_services
from tests.courses.conftest import JSON, another_person, enrol, plan_course


def new_learner(caseworker, programme, given_name: str, sex: str = "male"):
    """Someone new at centre A (no duplicate check) with an open plan's Romanian course."""
    person = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name=given_name, family_name="Learner", sex=sex, birth_date=date(1985, 1, 1)
        ),
        confirm_new=True,
    )
    people_services.status_record(
        actor=caseworker,
        person=person,
        category="international_protection",
        valid_from=date(2025, 6, 1),
    )
    plan = plan_services.plan_create(
        actor=caseworker, person=person, programme=programme, starts_on=timezone.localdate()
    )
    return person, plan.measures.get(kind="language_course")


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def course_body(teacher_record, **more) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "programme": "md-voluntary",
        "curriculum": "ro-b1",
        "provider": "ngo",
        "teacher": teacher_record.pk,
        "title": "Romanian B1, mornings",
        "delivery": "in_person",
        "region": "Chișinău",
        "venue": "Str. Pușkin 1",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=90)).isoformat(),
        "capacity": 10,
        "test": "ro-test",
        **more,
    }


@pytest.fixture
def catalogue(programme, curriculum, test_definition, teacher_record):
    return teacher_record


# --- Planning -----------------------------------------------------------------------------


def test_a_teacher_plans_a_course_with_its_sessions(teacher_api, catalogue):
    body = course_body(catalogue, schedule={"weekdays": [1, 3], "at": "09:30", "hours": 4})

    response = teacher_api.post("/api/v1/courses", body, content_type=JSON)

    assert response.status_code == 201, response.content
    found = response.json()
    assert found["public_id"].startswith("K-")
    assert found["course_type"] == "language"
    assert (found["curriculum"], found["programme"], found["test"]) == (
        "ro-b1",
        "md-voluntary",
        "ro-test",
    )
    assert found["provider"]["code"] == "ngo"
    assert found["teacher"] == {"id": catalogue.pk, "name": "Elena Rusu"}
    assert (found["hours"], found["capacity"], found["enrolled"], found["free"]) == (60, 10, 0, 10)
    assert (found["status"], found["overridden"], found["override_reason"]) == ("planned", [], "")
    sessions = Session.objects.filter(course__public_id=found["public_id"]).order_by("starts_at")
    assert len(sessions) == 15  # 60 hours in sessions of 4
    assert {s.starts_at.weekday() for s in sessions} == {1, 3}
    assert timezone.localtime(sessions[0].starts_at).strftime("%H:%M") == "09:30"
    assert AuditEntry.objects.filter(action="course.plan", object_id=found["public_id"]).exists()


def test_caseworkers_and_other_providers_teachers_do_not_plan_courses(
    cw_api, teacher_api, coord_api, catalogue
):
    refused = cw_api.post("/api/v1/courses", course_body(catalogue), content_type=JSON)
    assert refused.status_code == 403
    elsewhere = teacher_api.post(
        "/api/v1/courses", course_body(catalogue, provider="centre-b"), content_type=JSON
    )
    assert elsewhere.status_code == 403
    assert not Course.objects.exists()
    # The coordinator plans for any provider (here with a teacher of the NGO's).
    assert (
        coord_api.post("/api/v1/courses", course_body(catalogue), content_type=JSON).status_code
        == 201
    )


def test_a_course_below_the_quality_criteria_is_refused_unless_overridden(
    teacher_api, catalogue, assistant
):
    body = course_body(assistant, capacity=20)

    refused = teacher_api.post("/api/v1/courses", body, content_type=JSON)

    assert refused.status_code == 422
    problem = refused.json()
    assert problem["breaches"] == ["max_group_size", "min_teacher_qualification"]
    assert problem["overridable"] is True
    assert set(_errors(refused)) == {"capacity", "teacher"}
    assert not Course.objects.exists()
    overridden = teacher_api.post(
        "/api/v1/courses",
        body | {"override_reason": "Only assistant free this term; a larger room."},
        content_type=JSON,
    )
    assert overridden.status_code == 201, overridden.content
    assert overridden.json()["overridden"] == ["max_group_size", "min_teacher_qualification"]
    assert overridden.json()["override_reason"] == "Only assistant free this term; a larger room."


def test_bad_course_input_is_named(teacher_api, catalogue):
    today = timezone.localdate()
    bad = course_body(
        catalogue,
        programme="nowhere",
        curriculum="none",
        test="none",
        delivery="by-post",
        starts_on=(today - timedelta(days=3)).isoformat(),
        ends_on=(today - timedelta(days=5)).isoformat(),
        capacity=0,
        title=" ",
    )

    assert set(_errors(teacher_api.post("/api/v1/courses", bad, content_type=JSON))) == {
        "programme",
        "curriculum",
        "test",
        "delivery",
        "starts_on",
        "ends_on",
        "capacity",
        "title",
    }
    shapes = course_body(
        catalogue,
        schedule={"weekdays": [7], "at": "25:00", "hours": 0.25},
        starts_on="3000-01-01",
        teacher=0,
    )
    assert set(_errors(teacher_api.post("/api/v1/courses", shapes, content_type=JSON))) == {
        "schedule.weekdays.0",
        "schedule.at",
        "schedule.hours",
        "starts_on",
        "teacher",
    }
    empty = course_body(catalogue, schedule={"weekdays": [], "at": "18:00", "hours": 2})
    assert set(_errors(teacher_api.post("/api/v1/courses", empty, content_type=JSON))) == {
        "schedule"
    }


# --- The catalogue of courses ---------------------------------------------------------------


def test_staff_list_the_courses_with_filters(
    cw_api, teacher_api, coord_api, api_for, people, coordinator, course, second_examiner
):
    later = plan_course(
        coordinator,
        teacher=second_examiner,
        title="Romanian B1, Bălți",
        region="Bălți",
        starts_on=timezone.localdate() + timedelta(days=10),
    )

    def ids(client, query: str = "") -> list[str]:
        response = client.get(f"/api/v1/courses?{query}")
        assert response.status_code == 200, response.content
        return [row["public_id"] for row in response.json()["results"]]

    assert ids(cw_api) == [course.public_id, later.public_id]
    assert ids(cw_api, "region=b%C4%83l%C8%9Bi") == [later.public_id]
    assert ids(cw_api, "type=language&status=planned") == [course.public_id, later.public_id]
    assert ids(cw_api, "type=civic") == []
    assert ids(cw_api, "provider=ngo") == [course.public_id, later.public_id]
    assert ids(cw_api, "provider=centre-b") == []
    assert ids(teacher_api, "mine=true") == [course.public_id]
    assert ids(coord_api, "mine=true") == []
    Course.objects.filter(pk=later.pk).update(status="cancelled")
    assert ids(cw_api, "open=true") == [course.public_id]
    first = cw_api.get("/api/v1/courses?page_size=1").json()
    assert [row["public_id"] for row in first["results"]] == [course.public_id]
    rest = cw_api.get(first["next"]).json()
    assert [row["public_id"] for row in rest["results"]] == [later.public_id]
    assert set(_errors(cw_api.get("/api/v1/courses?status=paused"))) == {"query.status"}
    for role in ("migrant", "analyst", "partner"):
        assert api_for(people[role]).get("/api/v1/courses").status_code == 403


def test_one_course_shows_its_places(cw_api, caseworker, programme, course, enrolment):
    waiting_person, waiting_measure = another_person(caseworker, programme, "Omar")
    Course.objects.filter(pk=course.pk).update(capacity=1)
    enrol(caseworker, waiting_person, waiting_measure, course, waitlist=True)

    response = cw_api.get(f"/api/v1/courses/{course.public_id}")

    assert response.status_code == 200, response.content
    found = response.json()
    assert (found["capacity"], found["enrolled"], found["waiting"], found["free"]) == (1, 1, 1, 0)
    assert found["hours"] == 60
    assert cw_api.get("/api/v1/courses/K-0000-0000").status_code == 404
    assert set(_errors(cw_api.get("/api/v1/courses/P-0000-0000"))) == {"path.course_id"}


def test_a_migrant_does_not_read_the_catalogue(api_for, people, course):
    response = api_for(people["migrant"]).get(f"/api/v1/courses/{course.public_id}")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


# --- Sessions -------------------------------------------------------------------------------


def test_the_teacher_adds_a_session_and_staff_read_them(teacher_api, cw_api, course):
    day = course.starts_on + timedelta(days=1)

    response = teacher_api.post(
        f"/api/v1/courses/{course.public_id}/sessions",
        {"starts_at": f"{day.isoformat()}T14:00:00", "hours": "2.5", "topic": "Visit the library"},
        content_type=JSON,
    )

    assert response.status_code == 201, response.content
    assert response.json()["hours"] == 2.5
    assert response.json()["topic"] == "Visit the library"
    assert timezone.localtime(Session.objects.get(pk=response.json()["id"]).starts_at).hour == 14
    listed = cw_api.get(f"/api/v1/courses/{course.public_id}/sessions")
    assert listed.status_code == 200
    assert response.json()["id"] in [row["id"] for row in listed.json()]
    starts = [row["starts_at"] for row in listed.json()]
    assert starts == sorted(starts)


def test_caseworkers_do_not_add_sessions_and_bad_times_are_named(teacher_api, cw_api, course):
    outside = (course.ends_on + timedelta(days=1)).isoformat()
    body = {"starts_at": f"{outside}T10:00:00+02:00", "hours": 2}

    assert (
        cw_api.post(
            f"/api/v1/courses/{course.public_id}/sessions", body, content_type=JSON
        ).status_code
        == 403
    )
    assert set(
        _errors(
            teacher_api.post(
                f"/api/v1/courses/{course.public_id}/sessions",
                body | {"hours": 11},
                content_type=JSON,
            )
        )
    ) == {"starts_at", "hours"}
    assert set(
        _errors(
            teacher_api.post(
                f"/api/v1/courses/{course.public_id}/sessions",
                {"starts_at": "0001-01-01T00:00:00+14:00", "hours": 2},
                content_type=JSON,
            )
        )
    ) == {"starts_at"}


# --- Finishing and cancelling -------------------------------------------------------------


def test_the_teacher_finishes_a_course_that_has_run(
    teacher_api, cw_api, course, enrolment, past_session
):
    assert cw_api.post(f"/api/v1/courses/{course.public_id}/finish").status_code == 403

    response = teacher_api.post(f"/api/v1/courses/{course.public_id}/finish")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "finished"
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    again = teacher_api.post(f"/api/v1/courses/{course.public_id}/finish")
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"


def test_a_course_that_has_not_started_cannot_finish(teacher_api, teacher, catalogue):
    started_later = plan_course(
        teacher,
        teacher=catalogue,
        starts_on=timezone.localdate() + timedelta(days=7),
    )
    response = teacher_api.post(f"/api/v1/courses/{started_later.public_id}/finish")
    assert response.status_code == 409


def test_cancelling_a_course_ends_its_enrolments_and_tells_the_caseworkers(
    teacher_api, cw_api, people, course, enrolment
):
    assert (
        cw_api.post(
            f"/api/v1/courses/{course.public_id}/cancel", {"reason": "x"}, content_type=JSON
        ).status_code
        == 403
    )
    no_reason = teacher_api.post(
        f"/api/v1/courses/{course.public_id}/cancel", {"reason": " "}, content_type=JSON
    )
    assert set(_errors(no_reason)) == {"reason"}

    response = teacher_api.post(
        f"/api/v1/courses/{course.public_id}/cancel",
        {"reason": "The teacher is ill for the whole term."},
        content_type=JSON,
    )

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["enrolled"]) == ("cancelled", 0)
    assert Enrolment.objects.get(pk=enrolment.pk).status == "withdrawn"
    assert Notification.objects.filter(
        user=people["caseworker"], kind="course.cancelled", record_id=course.public_id
    ).exists()


# --- Places and statistics ----------------------------------------------------------------


def test_places_against_demand_per_region_and_type(coord_api, api_for, people, course, enrolment):
    response = coord_api.get("/api/v1/courses/places")

    assert response.status_code == 200, response.content
    (row,) = [r for r in response.json() if r["course_type"] == "language"]
    assert row == {
        "region": "Chișinău",
        "course_type": "language",
        "places": 10,
        "enrolled": 1,
        "waiting": 0,
        "demand": 0,
        "free": 9,
        "shortfall": 0,
    }
    assert api_for(people["analyst"]).get("/api/v1/courses/places").status_code == 200
    assert api_for(people["migrant"]).get("/api/v1/courses/places").status_code == 403


def test_statistics_are_aggregates_with_small_cells_suppressed(
    api_for, people, caseworker, programme, course, enrolment
):
    Course.objects.filter(pk=course.pk).update(capacity=20)
    for n in range(10):
        person, measure = new_learner(caseworker, programme, f"Learner {n}")
        enrol(caseworker, person, measure, course)
    analyst = api_for(people["analyst"])

    response = analyst.get("/api/v1/courses/statistics?by=sex&type=language")

    assert response.status_code == 200, response.content
    rows = {row["group"]: row for row in response.json()}
    assert rows["male"]["enrolled"] == 10
    assert rows["male"]["completion_rate"] == 0
    assert rows["male"]["mean_wait_days"] == 0.0
    assert rows["female"]["enrolled"] is None  # one person: suppressed
    assert rows["female"]["mean_wait_days"] is None
    assert rows["*"]["enrolled"] == 11
    assert list(rows)[-1] == "*"
    later = timezone.localdate() + timedelta(days=1)
    empty = analyst.get(f"/api/v1/courses/statistics?by=region&from={later.isoformat()}")
    assert empty.json() == []
    assert set(_errors(analyst.get("/api/v1/courses/statistics?by=religion"))) == {"query.by"}
    assert set(_errors(analyst.get("/api/v1/courses/statistics?from=0001-01-01"))) == {"query.from"}
    assert api_for(people["caseworker"]).get("/api/v1/courses/statistics").status_code == 403
