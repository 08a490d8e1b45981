"""The catalogue as services: curricula, tests and quality criteria (national
policy: coordinators only), and the providers' teachers, whose qualification the
teachers themselves cannot set."""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.core.roles import Role
from integra.courses import models
from integra.courses.models import Curriculum, Standard, Teacher
from integra.courses.services import catalogue, results
from integra.plans.services import programmes
from tests.conftest import make_user
from tests.courses.conftest import PASS_MARKS, SECTIONS, enrol

CURRICULUM = catalogue.CurriculumData(
    code="ro-a2",
    country="md",
    course_type="language",
    title="  Romanian A2 ",
    language="ro",
    target_level="A2",
    modules=(
        catalogue.ModuleData("Shopping", 20, "Buy bread."),
        catalogue.ModuleData("Doctor", 25),
    ),
)

DEFINITION = catalogue.DefinitionData(
    code="ro-a2-test",
    country="MD",
    title="Romanian A2 test",
    course_type="language",
    language="ro",
    sections=SECTIONS,
    pass_marks=PASS_MARKS,
)


def change(data, **fields):
    return dataclasses.replace(data, **fields)


# --- Curricula ----------------------------------------------------------------------------------


def test_a_coordinator_creates_a_curriculum_then_replaces_its_modules(coordinator):
    curriculum = catalogue.curriculum_save(actor=coordinator, data=CURRICULUM)
    assert curriculum.title == "Romanian A2"
    assert curriculum.country == "MD"
    assert curriculum.hours == 45
    catalogue.curriculum_save(
        actor=coordinator,
        data=change(CURRICULUM, modules=(catalogue.ModuleData("Everything", 50),)),
    )
    curriculum.refresh_from_db()
    assert [(m.title, m.hours) for m in curriculum.modules.all()] == [("Everything", 50)]
    assert Curriculum.objects.count() == 1
    actions = list(
        AuditEntry.objects.filter(object_id="ro-a2").order_by("pk").values_list("action", "data")
    )
    assert actions == [
        ("course.curriculum.create", {"hours": 45}),
        ("course.curriculum.update", {"hours": 50}),
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "ro a2!"}, "code"),
        ({"course_type": "cooking"}, "course_type"),
        ({"title": "  "}, "title"),
        ({"language": "xx-nope"}, "language"),
        ({"language": ""}, "language"),
        ({"target_level": ""}, "target_level"),
        ({"target_level": "D1"}, "target_level"),
        ({"modules": ()}, "modules"),
        ({"modules": (catalogue.ModuleData(" ", 10),)}, "modules"),
        ({"modules": (catalogue.ModuleData("Nothing", 0),)}, "modules"),
        ({"modules": (catalogue.ModuleData("Too long", 1001),)}, "modules"),
    ],
)
def test_a_curriculum_is_checked(coordinator, fields, field):
    with pytest.raises(ValidationFailed) as refused:
        catalogue.curriculum_save(actor=coordinator, data=change(CURRICULUM, **fields))
    assert field in refused.value.field_errors
    assert not Curriculum.objects.exists()


def test_a_curriculum_other_than_language_needs_no_language(coordinator):
    curriculum = catalogue.curriculum_save(
        actor=coordinator,
        data=change(CURRICULUM, code="civic", course_type="civic", language="", target_level=""),
    )
    assert curriculum.language == ""
    with pytest.raises(ValidationFailed) as refused:
        catalogue.curriculum_save(
            actor=coordinator,
            data=change(CURRICULUM, code="civic", course_type="civic", target_level="Z9"),
        )
    assert "target_level" in refused.value.field_errors


@pytest.mark.parametrize("role", ["teacher", "caseworker", "admin", "analyst"])
def test_only_coordinators_keep_curricula(people, role):
    with pytest.raises(PermissionDenied):
        catalogue.curriculum_save(actor=access.actor_for(people[role]), data=CURRICULUM)
    assert not Curriculum.objects.exists()


# --- Tests -------------------------------------------------------------------------------------


def test_a_coordinator_creates_a_test(coordinator):
    test = catalogue.definition_save(actor=coordinator, data=DEFINITION)
    assert test.sections == SECTIONS
    assert test.language == "ro"
    assert AuditEntry.objects.filter(action="course.test.create", object_id="ro-a2-test").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "no spaces"}, "code"),
        ({"title": ""}, "title"),
        ({"course_type": "cooking"}, "course_type"),
        ({"language": "xx-nope"}, "language"),
        ({"sections": []}, "sections"),
        ({"sections": [{"code": "singing", "max_score": 10}]}, "sections"),
        ({"sections": [*SECTIONS, {"code": "reading", "max_score": 10}]}, "sections"),
        ({"pass_marks": {}}, "sections"),
        ({"pass_marks": {"A2": {"total": 101}}}, "sections"),
        ({"pass_marks": {"A2": {"total": 60}, "B1": {"total": 40}}}, "sections"),
    ],
)
def test_a_test_is_checked(coordinator, fields, field):
    with pytest.raises(ValidationFailed) as refused:
        catalogue.definition_save(actor=coordinator, data=change(DEFINITION, **fields))
    assert field in refused.value.field_errors
    assert not models.TestDefinition.objects.exists()


@pytest.mark.parametrize("role", ["teacher", "caseworker", "admin"])
def test_only_coordinators_keep_tests(people, role):
    with pytest.raises(PermissionDenied):
        catalogue.definition_save(actor=access.actor_for(people[role]), data=DEFINITION)
    assert not models.TestDefinition.objects.exists()


def test_a_test_without_results_may_change_its_sections(coordinator, test_definition, course):
    fewer = SECTIONS[:2]
    changed = catalogue.definition_save(
        actor=coordinator,
        data=change(
            DEFINITION,
            code="ro-test",
            sections=fewer,
            pass_marks={"A2": {"total": 20, "section_min": 5}},
        ),
    )
    assert changed.pk == test_definition.pk
    assert changed.sections == fewer


@pytest.fixture
def test_with_a_result(teacher, caseworker, person, measure, course, second_examiner):
    enrolment = enrol(caseworker, person, measure, course)
    results.result_record(
        actor=teacher,
        course=course,
        data=results.ResultData(
            enrolment_id=enrolment.pk,
            taken_on=timezone.localdate(),
            scores={"reading": 20, "listening": 18, "writing": 15, "speaking": 16},
            speaking_second=16,
            second_examiner_id=second_examiner.pk,
        ),
    )
    return course.test


def test_a_test_with_results_keeps_its_sections(coordinator, test_with_a_result):
    with pytest.raises(ValidationFailed) as refused:
        catalogue.definition_save(
            actor=coordinator,
            data=change(
                DEFINITION,
                code="ro-test",
                sections=SECTIONS[:2],
                pass_marks={"A2": {"total": 20, "section_min": 5}},
            ),
        )
    assert "code" in refused.value.field_errors
    test_with_a_result.refresh_from_db()
    assert test_with_a_result.sections == SECTIONS


def test_a_test_with_results_may_still_be_retitled(coordinator, test_with_a_result):
    catalogue.definition_save(
        actor=coordinator,
        data=change(DEFINITION, code="ro-test", title="Romanian test (2026)", is_active=False),
    )
    test_with_a_result.refresh_from_db()
    assert test_with_a_result.title == "Romanian test (2026)"
    assert not test_with_a_result.is_active


# --- Quality criteria --------------------------------------------------------------------------


def standard(**fields):
    return catalogue.StandardData(programme="md-voluntary", course_type="civic", **fields)


def test_a_coordinator_sets_then_changes_a_programmes_criteria(coordinator, programme):
    catalogue.standard_save(actor=coordinator, data=standard(max_group_size=20))
    catalogue.standard_save(actor=coordinator, data=standard(max_group_size=15, min_hours=10))
    row = Standard.objects.get(programme=programme, course_type="civic")
    assert (row.max_group_size, row.min_hours) == (15, 10)
    assert (
        AuditEntry.objects.filter(
            action="course.standard.set", object_id="md-voluntary/civic"
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (catalogue.StandardData(programme="nowhere", course_type="civic"), "programme"),
        (standard(max_group_size=0), "max_group_size"),
        (standard(max_group_size=501), "max_group_size"),
        (standard(min_teacher_qualification="wizard"), "min_teacher_qualification"),
        (standard(min_hours=0), "min_hours"),
        (standard(max_wait_days=0), "max_wait_days"),
        (standard(max_wait_days=731), "max_wait_days"),
        (standard(incentive_min_attendance=101), "incentive_min_attendance"),
        (standard(incentive_id=999_999, incentive_min_attendance=80), "incentive"),
    ],
)
def test_the_criteria_are_checked(coordinator, programme, data, field):
    with pytest.raises(ValidationFailed) as refused:
        catalogue.standard_save(actor=coordinator, data=data)
    assert field in refused.value.field_errors
    assert not Standard.objects.filter(course_type="civic").exists()


def test_an_unknown_type_is_refused(coordinator, programme):
    with pytest.raises(ValidationFailed) as refused:
        catalogue.standard_save(
            actor=coordinator,
            data=catalogue.StandardData(programme="md-voluntary", course_type="cooking"),
        )
    assert "course_type" in refused.value.field_errors


def test_an_incentive_must_be_the_programmes_and_say_how_much_attendance(coordinator, programme):
    other = programmes.programme_save(
        actor=coordinator,
        data=programmes.ProgrammeData(
            code="md-other",
            country="MD",
            name="Another programme",
            participation="voluntary",
            min_months=6,
            max_months=12,
            review_every_days=90,
            domains=("language",),
            eligible_statuses=(),
        ),
    )
    theirs = programmes.incentive_add(
        actor=coordinator, programme=other, name="Bus pass", condition="Attending"
    )
    ours = programmes.incentive_add(
        actor=coordinator, programme=programme, name="Allowance", condition="Attending 80 %"
    )
    with pytest.raises(ValidationFailed) as refused:
        catalogue.standard_save(
            actor=coordinator, data=standard(incentive_id=theirs.pk, incentive_min_attendance=80)
        )
    assert "incentive" in refused.value.field_errors
    with pytest.raises(ValidationFailed) as refused:
        catalogue.standard_save(actor=coordinator, data=standard(incentive_id=ours.pk))
    assert "incentive_min_attendance" in refused.value.field_errors
    row = catalogue.standard_save(
        actor=coordinator, data=standard(incentive_id=ours.pk, incentive_min_attendance=80)
    )
    assert row.incentive == ours


@pytest.mark.parametrize("role", ["teacher", "caseworker", "admin"])
def test_only_coordinators_set_criteria(people, programme, role):
    with pytest.raises(PermissionDenied):
        catalogue.standard_save(
            actor=access.actor_for(people[role]), data=standard(max_group_size=99)
        )
    assert not Standard.objects.filter(course_type="civic").exists()


# --- Teachers ----------------------------------------------------------------------------------


def teacher_data(**fields):
    values = {"provider": "ngo", "name": "Maria Cebotari", "qualification": "teacher"}
    return catalogue.TeacherData(**{**values, **fields})


@pytest.fixture
def ngo_admin(provider):
    return access.actor_for(make_user("ngo_admin", provider, Role.ADMIN))


def test_the_providers_administrator_keeps_its_teachers(ngo_admin, teacher_user):
    saved = catalogue.teacher_save(
        actor=ngo_admin,
        data=teacher_data(username=teacher_user.username, languages=("ro", "en"), is_examiner=True),
    )
    assert saved.user == teacher_user
    assert saved.languages == ["ro", "en"]
    assert AuditEntry.objects.filter(
        action="course.teacher.save", object_id=f"ngo/{saved.pk}"
    ).exists()


def test_an_administrator_of_another_organisation_may_not(people, provider):
    with pytest.raises(PermissionDenied):
        catalogue.teacher_save(actor=access.actor_for(people["admin"]), data=teacher_data())
    assert not Teacher.objects.exists()


def test_a_teacher_cannot_raise_their_own_qualification(teacher, teacher_user, coordinator):
    record = catalogue.teacher_save(
        actor=coordinator,
        data=teacher_data(username=teacher_user.username, qualification="assistant"),
    )
    with pytest.raises(PermissionDenied):
        catalogue.teacher_save(
            actor=teacher,
            data=teacher_data(username=teacher_user.username, qualification="specialist"),
            pk=record.pk,
        )
    record.refresh_from_db()
    assert record.qualification == "assistant"


@pytest.mark.parametrize("role", ["caseworker", "partner", "analyst"])
def test_other_staff_may_not_keep_teachers(people, provider, role):
    with pytest.raises(PermissionDenied):
        catalogue.teacher_save(actor=access.actor_for(people[role]), data=teacher_data())


def test_the_account_must_be_a_teacher_at_that_provider(
    coordinator, people, orgs, other_teacher_user
):
    elsewhere = make_user("teacher_a", orgs["a"], Role.TEACHER)
    for username in ("nobody", people["caseworker"].username, elsewhere.username):
        with pytest.raises(ValidationFailed) as refused:
            catalogue.teacher_save(actor=coordinator, data=teacher_data(username=username))
        assert "username" in refused.value.field_errors
    assert not Teacher.objects.exists()
    saved = catalogue.teacher_save(
        actor=coordinator, data=teacher_data(username=other_teacher_user.username)
    )
    assert saved.user == other_teacher_user


def test_an_account_has_one_teacher_record_per_provider(coordinator, teacher_record, teacher_user):
    with pytest.raises(ValidationFailed) as refused:
        catalogue.teacher_save(
            actor=coordinator, data=teacher_data(name="Elena R.", username=teacher_user.username)
        )
    assert "username" in refused.value.field_errors
    changed = catalogue.teacher_save(
        actor=coordinator,
        data=teacher_data(name="Elena Rusu", username=teacher_user.username),
        pk=teacher_record.pk,
    )
    assert changed.pk == teacher_record.pk
    assert changed.qualification == "teacher"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " "}, "name"),
        ({"qualification": "guru"}, "qualification"),
        ({"languages": ("ro", "xx-nope")}, "languages"),
    ],
)
def test_a_teacher_is_checked(coordinator, provider, fields, field):
    with pytest.raises(ValidationFailed) as refused:
        catalogue.teacher_save(actor=coordinator, data=teacher_data(**fields))
    assert field in refused.value.field_errors


def test_a_teacher_needs_a_known_provider(coordinator, orgs):
    with pytest.raises(ValidationFailed) as refused:
        catalogue.teacher_save(actor=coordinator, data=teacher_data(provider="nowhere"))
    assert "provider" in refused.value.field_errors


def test_a_teacher_of_another_provider_cannot_be_changed_through_this_one(
    coordinator, orgs, teacher_record
):
    with pytest.raises(ValidationFailed):
        catalogue.teacher_save(
            actor=coordinator, data=teacher_data(provider="centre-a"), pk=teacher_record.pk
        )
    teacher_record.refresh_from_db()
    assert teacher_record.name == "Elena Rusu"
