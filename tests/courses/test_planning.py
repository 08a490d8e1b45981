"""Planning a course as a service: the programme's quality criteria (group size,
teacher's qualification, hours), overriding them with a reason, who may plan for
which provider, and the sessions a schedule lays out."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Organisation
from integra.core.roles import Level, OrganisationKind, Role
from integra.courses.models import Course, Session
from integra.courses.services import catalogue, courses
from tests.conftest import make_user
from tests.courses.conftest import at, plan_course


@pytest.fixture
def short_curriculum(coordinator):
    """Twenty hours of Romanian: below the programme's 40."""
    return catalogue.curriculum_save(
        actor=coordinator,
        data=catalogue.CurriculumData(
            code="ro-a1-short",
            country="MD",
            course_type="language",
            title="Romanian A1, short",
            language="ro",
            target_level="A1",
            modules=(catalogue.ModuleData("First words", 20),),
        ),
    )


@pytest.fixture
def civic_curriculum(coordinator):
    """Civic orientation: the programme sets no quality criteria for it."""
    return catalogue.curriculum_save(
        actor=coordinator,
        data=catalogue.CurriculumData(
            code="civic",
            country="MD",
            course_type="civic",
            title="Living in Moldova",
            modules=(catalogue.ModuleData("Institutions", 8),),
        ),
    )


@pytest.fixture
def school(orgs) -> Organisation:
    """Another course provider."""
    return Organisation.objects.create(
        code="school",
        name="Language School",
        kind=OrganisationKind.COURSE_PROVIDER,
        level=Level.LOCAL,
        country="MD",
    )


# --- The quality criteria ----------------------------------------------------------------------


def test_it_refuses_more_places_than_the_programme_allows(
    teacher, teacher_record, programme, curriculum, test_definition
):
    with pytest.raises(ValidationFailed) as refused:
        plan_course(teacher, teacher=teacher_record, capacity=13)
    assert list(refused.value.field_errors) == ["capacity"]
    assert "at most 12 learners" in refused.value.field_errors["capacity"][0]
    assert refused.value.extensions == {"breaches": ["max_group_size"], "overridable": True}
    assert not Course.objects.exists()


def test_the_programmes_group_size_itself_is_allowed(
    teacher, teacher_record, programme, curriculum, test_definition
):
    course = plan_course(teacher, teacher=teacher_record, capacity=12)
    assert course.overridden == []
    assert course.override_reason == ""


def test_it_refuses_a_teacher_below_the_minimum_qualification(
    teacher, assistant, programme, curriculum, test_definition
):
    with pytest.raises(ValidationFailed) as refused:
        plan_course(teacher, teacher=assistant)
    assert list(refused.value.field_errors) == ["teacher"]
    assert "Qualified teacher" in refused.value.field_errors["teacher"][0]
    assert "Teaching assistant" in refused.value.field_errors["teacher"][0]
    assert refused.value.extensions["breaches"] == ["min_teacher_qualification"]
    assert not Course.objects.exists()


def test_it_refuses_a_curriculum_with_too_few_hours(
    teacher, teacher_record, programme, short_curriculum, test_definition
):
    with pytest.raises(ValidationFailed) as refused:
        plan_course(teacher, teacher=teacher_record, curriculum="ro-a1-short")
    assert list(refused.value.field_errors) == ["curriculum"]
    assert "at least 40 hours" in refused.value.field_errors["curriculum"][0]
    assert refused.value.extensions["breaches"] == ["min_hours"]
    assert not Course.objects.exists()


def test_it_reports_every_criterion_broken_at_once(
    teacher, assistant, programme, short_curriculum, test_definition
):
    with pytest.raises(ValidationFailed) as refused:
        plan_course(teacher, teacher=assistant, curriculum="ro-a1-short", capacity=20)
    assert set(refused.value.field_errors) == {"capacity", "teacher", "curriculum"}
    assert refused.value.extensions["breaches"] == [
        "max_group_size",
        "min_teacher_qualification",
        "min_hours",
    ]


def test_an_override_reason_lets_the_course_through_and_is_recorded(
    teacher, assistant, programme, short_curriculum, test_definition
):
    course = plan_course(
        teacher,
        teacher=assistant,
        curriculum="ro-a1-short",
        capacity=20,
        override_reason="  Only teacher in the north this term  ",
    )
    course.refresh_from_db()
    assert course.overridden == ["max_group_size", "min_hours", "min_teacher_qualification"]
    assert course.override_reason == "Only teacher in the north this term"
    entry = AuditEntry.objects.get(action="course.plan", object_id=course.public_id)
    assert entry.object_type == "course"
    assert entry.data["overridden"] == course.overridden
    assert entry.data["override_reason"] == "Only teacher in the north this term"
    assert entry.data["capacity"] == 20


def test_a_blank_override_reason_overrides_nothing(
    teacher, assistant, programme, curriculum, test_definition
):
    with pytest.raises(ValidationFailed):
        plan_course(teacher, teacher=assistant, override_reason="   ")
    assert not Course.objects.exists()


def test_a_reason_given_when_nothing_is_broken_is_not_kept(
    teacher, teacher_record, programme, curriculum, test_definition
):
    course = plan_course(teacher, teacher=teacher_record, override_reason="Just in case")
    assert course.overridden == []
    assert course.override_reason == ""
    entry = AuditEntry.objects.get(action="course.plan", object_id=course.public_id)
    assert "override_reason" not in entry.data


def test_without_criteria_for_the_type_there_is_no_rule(
    teacher, assistant, programme, civic_curriculum
):
    course = plan_course(
        teacher, teacher=assistant, curriculum="civic", capacity=200, test="", schedule=None
    )
    assert course.overridden == []


def test_criteria_of_another_type_do_not_apply(
    coordinator, teacher, assistant, programme, civic_curriculum
):
    catalogue.standard_save(
        actor=coordinator,
        data=catalogue.StandardData(
            programme=programme.code, course_type="vocational", max_group_size=5
        ),
    )
    course = plan_course(
        teacher, teacher=assistant, curriculum="civic", capacity=30, test="", schedule=None
    )
    assert course.overridden == []


# --- Who plans for which provider -------------------------------------------------------------


def test_a_teacher_plans_for_their_own_provider_and_a_coordinator_for_any(
    teacher, coordinator, teacher_record, programme, curriculum, test_definition
):
    mine = plan_course(teacher, teacher=teacher_record)
    theirs = plan_course(coordinator, teacher=teacher_record, title="Romanian B1, weekends")
    assert mine.created_by == teacher.user
    assert theirs.created_by == coordinator.user
    assert theirs.provider.code == "ngo"


def test_a_caseworker_may_not_plan(caseworker, teacher_record, programme, curriculum):
    with pytest.raises(PermissionDenied):
        plan_course(caseworker, teacher=teacher_record)
    assert not Course.objects.exists()


def test_a_teacher_of_another_provider_may_not_plan_here(
    school, teacher_record, programme, curriculum, test_definition
):
    outsider = access.actor_for(make_user("school_teacher", school, Role.TEACHER))
    with pytest.raises(PermissionDenied):
        plan_course(outsider, teacher=teacher_record)
    assert not Course.objects.exists()


def test_a_teacher_may_not_plan_for_another_provider(
    teacher, school, teacher_record, programme, curriculum, test_definition
):
    with pytest.raises(PermissionDenied):
        plan_course(teacher, teacher=teacher_record, provider="school")


def test_an_unknown_provider_is_refused_as_forbidden(
    teacher, teacher_record, programme, curriculum
):
    with pytest.raises(PermissionDenied):
        plan_course(teacher, teacher=teacher_record, provider="nowhere")


def test_the_teacher_must_be_one_of_the_providers(
    coordinator, school, programme, curriculum, test_definition
):
    theirs = catalogue.teacher_save(
        actor=coordinator,
        data=catalogue.TeacherData(provider="school", name="Ana Vieru", qualification="teacher"),
    )
    with pytest.raises(ValidationFailed) as refused:
        plan_course(coordinator, teacher=theirs, provider="ngo")
    assert "teacher" in refused.value.field_errors


# --- The rest of the plan ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"programme": "nowhere"}, "programme"),
        ({"curriculum": "nowhere"}, "curriculum"),
        ({"test": "nowhere"}, "test"),
        ({"title": "  "}, "title"),
        ({"delivery": "by_post"}, "delivery"),
        ({"region": ""}, "region"),
        ({"capacity": 0}, "capacity"),
        ({"schedule": courses.Schedule((), time(9), Decimal(2))}, "schedule"),
        ({"schedule": courses.Schedule((7,), time(9), Decimal(2))}, "schedule"),
        ({"schedule": courses.Schedule((1,), time(9), Decimal(12))}, "schedule"),
    ],
)
def test_the_plan_is_checked_field_by_field(
    teacher, teacher_record, programme, curriculum, test_definition, change, field
):
    with pytest.raises(ValidationFailed) as refused:
        plan_course(teacher, teacher=teacher_record, **change)
    assert field in refused.value.field_errors
    assert not Course.objects.exists()


def test_a_course_cannot_start_in_the_past_or_end_before_it_starts(
    teacher, teacher_record, programme, curriculum, test_definition
):
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as refused:
        plan_course(teacher, teacher=teacher_record, starts_on=today - timedelta(days=1))
    assert "starts_on" in refused.value.field_errors
    with pytest.raises(ValidationFailed) as refused:
        plan_course(
            teacher, teacher=teacher_record, starts_on=today, ends_on=today - timedelta(days=1)
        )
    assert "ends_on" in refused.value.field_errors


def test_the_schedule_lays_out_sessions_until_the_curriculum_is_taught(
    teacher, teacher_record, programme, curriculum, test_definition
):
    course = plan_course(
        teacher,
        teacher=teacher_record,
        schedule=courses.Schedule((0, 2), time(18), Decimal(4)),
    )
    sessions = list(Session.objects.filter(course=course).order_by("starts_at"))
    # 60 hours in sessions of 4: fifteen sessions, on Mondays and Wednesdays at 18:00.
    assert len(sessions) == 15
    assert sum(s.hours for s in sessions) == 60
    assert {timezone.localtime(s.starts_at).weekday() for s in sessions} == {0, 2}
    assert {timezone.localtime(s.starts_at).hour for s in sessions} == {18}
    assert timezone.localdate(sessions[0].starts_at) >= course.starts_on


def test_the_last_session_is_shortened_to_the_hours_left(
    teacher, teacher_record, programme, curriculum, test_definition
):
    course = plan_course(
        teacher,
        teacher=teacher_record,
        schedule=courses.Schedule((0, 2, 4), time(9), Decimal("3.5")),
    )
    hours = [s.hours for s in Session.objects.filter(course=course).order_by("starts_at")]
    assert sum(hours) == 60
    assert hours[-1] == Decimal("0.5")  # 17 sessions of 3.5 hours = 59.5


def test_the_sessions_stop_at_the_last_day(
    teacher, teacher_record, programme, curriculum, test_definition
):
    today = timezone.localdate()
    course = plan_course(
        teacher, teacher=teacher_record, starts_on=today, ends_on=today + timedelta(days=13)
    )
    sessions = Session.objects.filter(course=course)
    assert sessions.count() == 4  # two weeks of Mondays and Wednesdays
    assert all(timezone.localdate(s.starts_at) <= course.ends_on for s in sessions)


def test_a_session_is_added_within_the_course_by_the_provider(teacher, caseworker, course):
    day = course.starts_on + timedelta(days=5)
    starts_at = at(day, 9)
    session = courses.session_add(
        actor=teacher, course=course, starts_at=starts_at, hours=Decimal(2), topic="Revision"
    )
    assert session.topic == "Revision"
    with pytest.raises(ValidationFailed) as refused:
        courses.session_add(actor=teacher, course=course, starts_at=starts_at, hours=Decimal(2))
    assert "starts_at" in refused.value.field_errors
    with pytest.raises(ValidationFailed) as refused:
        courses.session_add(
            actor=teacher,
            course=course,
            starts_at=starts_at + timedelta(days=365),
            hours=Decimal(20),
        )
    assert set(refused.value.field_errors) == {"starts_at", "hours"}
    with pytest.raises(PermissionDenied):
        courses.session_add(
            actor=caseworker,
            course=course,
            starts_at=starts_at + timedelta(hours=3),
            hours=Decimal(2),
        )
