"""The courses API's catalogue: curricula, tests, the programmes' quality criteria
and the providers' teachers; who may read and who may set each."""

from __future__ import annotations

from integra.core.models import AuditEntry
from integra.courses.models import Curriculum, Teacher
from integra.courses.models import TestDefinition as Definition
from integra.plans.services import programmes
from tests.courses.conftest import JSON, PASS_MARKS, SECTIONS
from tests.courses.test_api_learners import record_result

CURRICULUM = {
    "country": "md",
    "course_type": "civic",
    "title": "Living in Moldova",
    "description": "Rights, duties and everyday institutions.",
    "modules": [
        {"title": "Institutions", "hours": 20, "outcomes": "Name the public services."},
        {"title": "Rights at work", "hours": 10},
    ],
}
TEST = {
    "country": "MD",
    "title": "Romanian A2 test",
    "course_type": "language",
    "language": "ro",
    "sections": [{"code": "reading", "max_score": 50}, {"code": "speaking", "max_score": 50}],
    "pass_marks": {"A2": {"total": 50, "section_min": 20}},
}
TEACHER = {
    "provider": "ngo",
    "name": "Maria Ciobanu",
    "qualification": "teacher",
    "qualification_detail": "Diploma in education",
    "languages": ["ro", "ru"],
    "is_examiner": True,
}


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["message"] for error in response.json()["errors"]}


# --- Curricula ----------------------------------------------------------------------------


def test_staff_read_the_curricula_module_by_module(cw_api, curriculum):
    response = cw_api.get("/api/v1/courses/curricula")

    assert response.status_code == 200, response.content
    (row,) = response.json()["results"]
    assert row["code"] == "ro-b1"
    assert (row["course_type"], row["language"], row["target_level"]) == ("language", "ro", "B1")
    assert row["hours"] == 60
    assert [m["title"] for m in row["modules"]] == ["Everyday Romanian", "Romanian at work"]
    assert row["modules"][0] == {
        "title": "Everyday Romanian",
        "hours": 30,
        "outcomes": "Talk about daily life.",
    }


def test_those_outside_the_courses_do_not_read_the_curricula(api_for, people, curriculum):
    for role in ("migrant", "inspector", "partner"):
        response = api_for(people[role]).get("/api/v1/courses/curricula")
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"


def test_the_coordinator_sets_a_curriculum_and_replaces_its_modules(coord_api):
    created = coord_api.put("/api/v1/courses/curricula/md-civic", CURRICULUM, content_type=JSON)

    assert created.status_code == 200, created.content
    assert created.json()["country"] == "MD"
    assert created.json()["hours"] == 30
    changed = coord_api.put(
        "/api/v1/courses/curricula/md-civic",
        CURRICULUM | {"modules": [{"title": "Everything", "hours": 40}], "is_active": False},
        content_type=JSON,
    )
    assert changed.status_code == 200, changed.content
    assert [m["title"] for m in changed.json()["modules"]] == ["Everything"]
    assert changed.json()["is_active"] is False
    assert Curriculum.objects.get(code="md-civic").modules.count() == 1
    assert list(
        AuditEntry.objects.filter(object_type="course", object_id="md-civic")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["course.curriculum.create", "course.curriculum.update"]
    listed = coord_api.get("/api/v1/courses/curricula?active=true").json()["results"]
    assert "md-civic" not in [row["code"] for row in listed]


def test_teachers_and_caseworkers_do_not_set_curricula(teacher_api, cw_api):
    for client in (teacher_api, cw_api):
        response = client.put("/api/v1/courses/curricula/md-civic", CURRICULUM, content_type=JSON)
        assert response.status_code == 403
    assert not Curriculum.objects.filter(code="md-civic").exists()


def test_a_bad_curriculum_is_refused_field_by_field(coord_api):
    response = coord_api.put(
        "/api/v1/courses/curricula/ro-a2",
        CURRICULUM | {"course_type": "language", "modules": []},
        content_type=JSON,
    )

    assert set(_errors(response)) == {"language", "target_level", "modules"}
    bad_hours = coord_api.put(
        "/api/v1/courses/curricula/md-civic",
        CURRICULUM | {"modules": [{"title": "Too long", "hours": 5000}]},
        content_type=JSON,
    )
    assert _errors(bad_hours) == {"modules": "Module 1 needs 1 to 1000 hours."}
    bad_country = coord_api.put(
        "/api/v1/courses/curricula/md-civic", CURRICULUM | {"country": "MDA"}, content_type=JSON
    )
    assert set(_errors(bad_country)) == {"country"}
    bad_code = coord_api.put("/api/v1/courses/curricula/a.b", CURRICULUM, content_type=JSON)
    assert set(_errors(bad_code)) == {"path.code"}


# --- Tests --------------------------------------------------------------------------------


def test_teachers_read_the_tests_and_the_coordinator_sets_them(teacher_api, coord_api):
    created = coord_api.put("/api/v1/courses/tests/ro-a2", TEST, content_type=JSON)

    assert created.status_code == 200, created.content
    assert created.json()["pass_marks"] == {"A2": {"total": 50, "section_min": 20}}
    listed = teacher_api.get("/api/v1/courses/tests")
    assert listed.status_code == 200
    (row,) = listed.json()["results"]
    assert row["code"] == "ro-a2"
    assert row["sections"] == [
        {"code": "reading", "max_score": 50},
        {"code": "speaking", "max_score": 50},
    ]
    refused = teacher_api.put("/api/v1/courses/tests/ro-a2", TEST, content_type=JSON)
    assert refused.status_code == 403
    assert Definition.objects.get(code="ro-a2").title == "Romanian A2 test"


def test_a_test_that_cannot_be_scored_is_refused(coord_api):
    response = coord_api.put(
        "/api/v1/courses/tests/ro-a2",
        TEST | {"pass_marks": {"A2": {"total": 500}}},
        content_type=JSON,
    )

    assert set(_errors(response)) == {"sections"}
    unknown = coord_api.put(
        "/api/v1/courses/tests/ro-a2",
        TEST | {"sections": [{"code": "dancing", "max_score": 5}]},
        content_type=JSON,
    )
    assert "dancing" in _errors(unknown)["sections"]
    level = coord_api.put(
        "/api/v1/courses/tests/ro-a2",
        TEST | {"pass_marks": {"Z9": {"total": 5}}},
        content_type=JSON,
    )
    assert set(_errors(level)) == {"pass_marks.Z9.[key]"}


def test_a_test_in_use_keeps_its_sections(coord_api, teacher_api, enrolment, second_examiner):
    assert record_result(teacher_api, enrolment, second_examiner).status_code == 201
    body = {
        "country": "MD",
        "title": "Romanian language test",
        "course_type": "language",
        "language": "ro",
        "sections": [{"code": "reading", "max_score": 100}],
        "pass_marks": {"B1": {"total": 60}},
    }

    response = coord_api.put("/api/v1/courses/tests/ro-test", body, content_type=JSON)

    assert _errors(response) == {"code": "This test is in use."}
    renamed = coord_api.put(
        "/api/v1/courses/tests/ro-test",
        body | {"sections": SECTIONS, "pass_marks": PASS_MARKS, "title": "Romanian test (2025)"},
        content_type=JSON,
    )
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["title"] == "Romanian test (2025)"


# --- Quality criteria ---------------------------------------------------------------------


def test_the_quality_criteria_are_read_by_staff_and_set_by_the_coordinator(
    coordinator, programme, coord_api, teacher_api, api_for, people
):
    incentive = programmes.incentive_add(
        actor=coordinator, programme=programme, name="Monthly allowance", condition="Attend."
    )
    body = {
        "max_group_size": 15,
        "min_teacher_qualification": "trainer",
        "min_hours": 20,
        "incentive": incentive.pk,
        "incentive_min_attendance": 80,
    }

    response = coord_api.put(
        "/api/v1/courses/standards/md-voluntary/civic", body, content_type=JSON
    )

    assert response.status_code == 200, response.content
    assert response.json() | {"updated_at": None} == {
        "programme": "md-voluntary",
        "course_type": "civic",
        "max_group_size": 15,
        "min_teacher_qualification": "trainer",
        "min_hours": 20,
        "max_wait_days": None,
        "two_speaking_examiners": False,
        "incentive": incentive.pk,
        "incentive_name": "Monthly allowance",
        "incentive_min_attendance": 80,
        "updated_at": None,
    }
    listed = teacher_api.get("/api/v1/courses/standards").json()
    assert [(row["programme"], row["course_type"]) for row in listed] == [
        ("md-voluntary", "civic"),
        ("md-voluntary", "language"),
    ]
    assert (
        teacher_api.put(
            "/api/v1/courses/standards/md-voluntary/civic", body, content_type=JSON
        ).status_code
        == 403
    )
    assert api_for(people["analyst"]).get("/api/v1/courses/standards").status_code == 403
    assert AuditEntry.objects.filter(
        action="course.standard.set", object_id="md-voluntary/civic"
    ).exists()


def test_bad_quality_criteria_are_named(coord_api, programme):
    unknown = coord_api.put(
        "/api/v1/courses/standards/nowhere/language", {"max_group_size": 10}, content_type=JSON
    )
    assert set(_errors(unknown)) == {"programme"}
    bad = coord_api.put(
        "/api/v1/courses/standards/md-voluntary/astrology",
        {"max_group_size": 0, "incentive": 2**62, "incentive_min_attendance": 150},
        content_type=JSON,
    )
    assert set(_errors(bad)) == {
        "course_type",
        "max_group_size",
        "incentive",
        "incentive_min_attendance",
    }


# --- Teachers -----------------------------------------------------------------------------


def test_teachers_are_listed_for_their_provider_and_by_coordinators(
    teacher_api, coord_api, api_for, people, teacher_record, orgs
):
    coord_api.post(
        "/api/v1/courses/teachers", TEACHER | {"provider": "centre-b"}, content_type=JSON
    )

    mine = teacher_api.get("/api/v1/courses/teachers")
    assert mine.status_code == 200
    (row,) = mine.json()["results"]
    assert row["id"] == teacher_record.pk
    assert row["provider"] == {"code": "ngo", "name": "Refugee NGO", "kind": "ngo"}
    assert row["username"] == "teacher"
    assert (row["qualification"], row["is_examiner"], row["languages"]) == (
        "specialist",
        True,
        ["ro"],
    )
    everyone = coord_api.get("/api/v1/courses/teachers").json()["results"]
    assert [t["name"] for t in everyone] == ["Elena Rusu", "Maria Ciobanu"]
    of_b = coord_api.get("/api/v1/courses/teachers?provider=centre-b").json()["results"]
    assert [t["name"] for t in of_b] == ["Maria Ciobanu"]
    # Caseworkers enrol learners and keep no teachers.
    assert api_for(people["caseworker"]).get("/api/v1/courses/teachers").status_code == 403
    # An administrator keeps their own organisation's teachers (centre A has none).
    admin = api_for(people["admin"]).get("/api/v1/courses/teachers")
    assert (admin.status_code, admin.json()["results"]) == (200, [])


def test_a_providers_teachers_are_kept_by_coordinators_not_by_teachers(
    coord_api, teacher_api, teacher_record
):
    created = coord_api.post("/api/v1/courses/teachers", TEACHER, content_type=JSON)

    assert created.status_code == 201, created.content
    assert created.json()["languages"] == ["ro", "ru"]
    assert created.json()["username"] is None
    refused = teacher_api.post("/api/v1/courses/teachers", TEACHER, content_type=JSON)
    assert refused.status_code == 403
    # A teacher cannot raise their own qualification either.
    own = teacher_api.put(
        f"/api/v1/courses/teachers/{teacher_record.pk}",
        TEACHER | {"name": "Elena Rusu", "username": "teacher"},
        content_type=JSON,
    )
    assert own.status_code == 403
    changed = coord_api.put(
        f"/api/v1/courses/teachers/{created.json()['id']}",
        TEACHER | {"qualification": "specialist", "is_active": False},
        content_type=JSON,
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["qualification"] == "specialist"
    assert Teacher.objects.get(pk=created.json()["id"]).is_active is False


def test_bad_teacher_input_and_unknown_teachers(coord_api, teacher_api, teacher_record):
    bad = coord_api.post(
        "/api/v1/courses/teachers",
        TEACHER | {"qualification": "guru", "username": "caseworker", "languages": ["zz"]},
        content_type=JSON,
    )
    assert set(_errors(bad)) == {"qualification", "username", "languages"}
    no_provider = coord_api.post(
        "/api/v1/courses/teachers", TEACHER | {"provider": "nowhere"}, content_type=JSON
    )
    assert set(_errors(no_provider)) == {"provider"}
    assert (
        coord_api.put("/api/v1/courses/teachers/999999", TEACHER, content_type=JSON).status_code
        == 404
    )
    assert (
        coord_api.put("/api/v1/courses/teachers/0", TEACHER, content_type=JSON).status_code == 422
    )
