"""Fixtures of the course tests: the NGO is a course provider whose teacher (the
persona "teacher") is a licensed examiner; Amina, at centre A, has an open plan
with a mandatory Romanian course and an exam; a B1 Romanian course is planned.

Dates follow the clock (the API acts now); a test that needs another day passes
an explicit ``now`` to the service it calls.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from integra.core import access
from integra.core.models import Organisation, User
from integra.courses.models import Course, Enrolment, Session, Teacher
from integra.courses.services import catalogue, courses, enrolments
from integra.people import services as people_services
from integra.people.models import Person
from integra.plans.models import Measure, Plan, Programme
from integra.plans.services import plans as plan_services
from integra.plans.services import programmes
from tests.conftest import make_user

JSON = "application/json"

SECTIONS = [
    {"code": "reading", "max_score": 25},
    {"code": "listening", "max_score": 25},
    {"code": "writing", "max_score": 25},
    {"code": "speaking", "max_score": 25},
]
PASS_MARKS = {
    "A2": {"total": 40, "section_min": 8},
    "B1": {"total": 60, "section_min": 12},
    "B2": {"total": 80, "section_min": 16},
}


@pytest.fixture
def caseworker(people):
    return access.actor_for(people["caseworker"])


@pytest.fixture
def coordinator(people):
    return access.actor_for(people["coordinator"])


@pytest.fixture
def teacher_user(people) -> User:
    return people["teacher"]


@pytest.fixture
def teacher(teacher_user):
    """The NGO's teacher, signed in."""
    return access.actor_for(teacher_user)


@pytest.fixture
def provider(orgs) -> Organisation:
    return orgs["ngo"]


@pytest.fixture
def teacher_record(coordinator, provider, teacher_user) -> Teacher:
    return catalogue.teacher_save(
        actor=coordinator,
        data=catalogue.TeacherData(
            provider=provider.code,
            name="Elena Rusu",
            qualification="specialist",
            qualification_detail="MA Romanian as a foreign language",
            languages=("ro",),
            username=teacher_user.username,
            is_examiner=True,
        ),
    )


@pytest.fixture
def second_examiner(coordinator, provider) -> Teacher:
    return catalogue.teacher_save(
        actor=coordinator,
        data=catalogue.TeacherData(
            provider=provider.code, name="Ion Popa", qualification="teacher", is_examiner=True
        ),
    )


@pytest.fixture
def assistant(coordinator, provider) -> Teacher:
    """A teaching assistant: below what the programme asks of a teacher."""
    return catalogue.teacher_save(
        actor=coordinator,
        data=catalogue.TeacherData(
            provider=provider.code, name="Dan Lungu", qualification="assistant"
        ),
    )


@pytest.fixture
def other_teacher_user(orgs, provider) -> User:
    """Another teacher of the same provider, who teaches none of these classes."""
    return make_user("teacher2", provider, "teacher")


@pytest.fixture
def programme(coordinator) -> Programme:
    programme = programmes.programme_save(
        actor=coordinator,
        data=programmes.ProgrammeData(
            code="md-voluntary",
            country="MD",
            name="Integration programme",
            participation="voluntary",
            min_months=12,
            max_months=24,
            review_every_days=90,
            domains=("language", "community"),
            eligible_statuses=("international_protection",),
        ),
    )
    for code, kind, title, mandatory in (
        ("language", "language_course", "Romanian course", True),
        ("exam", "exam", "Integration exam", False),
    ):
        programmes.programme_measure_add(
            actor=coordinator,
            programme=programme,
            data=programmes.ProgrammeMeasureData(
                code=code,
                domain="language",
                kind=kind,
                title=title,
                due_within_days=180,
                mandatory=mandatory,
            ),
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
        ),
    )
    return programme


@pytest.fixture
def curriculum(coordinator):
    return catalogue.curriculum_save(
        actor=coordinator,
        data=catalogue.CurriculumData(
            code="ro-b1",
            country="MD",
            course_type="language",
            title="Romanian B1",
            language="ro",
            target_level="B1",
            modules=(
                catalogue.ModuleData("Everyday Romanian", 30, "Talk about daily life."),
                catalogue.ModuleData("Romanian at work", 30, "Read a job advert."),
            ),
        ),
    )


@pytest.fixture
def test_definition(coordinator):
    return catalogue.definition_save(
        actor=coordinator,
        data=catalogue.DefinitionData(
            code="ro-test",
            country="MD",
            title="Romanian language test",
            course_type="language",
            language="ro",
            sections=SECTIONS,
            pass_marks=PASS_MARKS,
        ),
    )


def plan_course(actor, *, teacher, capacity=10, starts_on=None, override_reason="", **more):
    starts_on = starts_on or timezone.localdate()
    return courses.course_plan(
        actor=actor,
        data=courses.CourseData(
            programme=more.pop("programme", "md-voluntary"),
            curriculum=more.pop("curriculum", "ro-b1"),
            provider=more.pop("provider", "ngo"),
            teacher_id=teacher.pk,
            title=more.pop("title", "Romanian B1, evenings"),
            delivery=more.pop("delivery", "in_person"),
            region=more.pop("region", "Chișinău"),
            starts_on=starts_on,
            ends_on=more.pop("ends_on", starts_on + timedelta(days=120)),
            capacity=capacity,
            test=more.pop("test", "ro-test"),
            schedule=more.pop("schedule", courses.Schedule((0, 2), time(18, 0), Decimal(3))),
            override_reason=override_reason,
            **more,
        ),
    )


@pytest.fixture
def course(teacher, teacher_record, programme, curriculum, test_definition) -> Course:
    """Planned by the teacher for their own provider; the first session is today at
    18:00 (local), later sessions on Mondays and Wednesdays."""
    return plan_course(teacher, teacher=teacher_record)


@pytest.fixture
def person(caseworker) -> Person:
    person = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name="Amina",
            family_name="Haddad",
            sex="female",
            birth_date=date(1990, 5, 1),
            citizenships=("SY",),
        ),
    )
    people_services.status_record(
        actor=caseworker,
        person=person,
        category="international_protection",
        valid_from=date(2025, 6, 1),
    )
    return person


@pytest.fixture
def plan(caseworker, person, programme) -> Plan:
    return plan_services.plan_create(
        actor=caseworker, person=person, programme=programme, starts_on=timezone.localdate()
    )


@pytest.fixture
def measure(plan) -> Measure:
    """The plan's Romanian course."""
    return plan.measures.get(kind="language_course")


def another_person(caseworker, programme, given_name: str) -> tuple[Person, Measure]:
    """Someone else at centre A with an open plan and its Romanian course."""
    person = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name=given_name, family_name="Learner", sex="male", birth_date=date(1985, 1, 1)
        ),
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


def enrol(caseworker, person, measure, course, now=None, **more) -> Enrolment:
    return enrolments.enrol(
        actor=caseworker,
        person=person,
        data=enrolments.EnrolmentData(measure_id=measure.pk, course=course.public_id, **more),
        now=now,
    )


@pytest.fixture
def enrolment(caseworker, person, measure, course) -> Enrolment:
    return enrol(caseworker, person, measure, course)


@pytest.fixture
def past_session(course) -> Session:
    """A session that has happened (yesterday evening)."""
    yesterday = timezone.localtime() - timedelta(days=1)
    Course.objects.filter(pk=course.pk).update(starts_on=yesterday.date())
    course.refresh_from_db()
    return Session.objects.create(
        course=course,
        starts_at=yesterday.replace(hour=9, minute=0, second=0, microsecond=0),
        hours=Decimal(3),
    )


@pytest.fixture
def cw_api(api_for, people) -> Client:
    return api_for(people["caseworker"])


@pytest.fixture
def teacher_api(api_for, teacher_user) -> Client:
    return api_for(teacher_user)


@pytest.fixture
def coord_api(api_for, people) -> Client:
    return api_for(people["coordinator"])


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


# --- Added with the service-level tests (test_enrolment, test_attendance, test_results…) ---


def learner(
    caseworker,
    programme,
    given_name: str,
    *,
    plan_starts_on: date | None = None,
    **person,
) -> tuple[Person, Measure]:
    """Someone else at the caseworker's centre with an open plan and its Romanian
    course (mandatory, due 180 days after the plan starts). Unlike ``another_person``
    it records the legal status the programme asks for, without which the plan is
    refused; ``plan_starts_on`` (default today) moves the measure's due date."""
    registered = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name=given_name,
            family_name=person.pop("family_name", "Learner"),
            sex=person.pop("sex", "male"),
            birth_date=person.pop("birth_date", date(1985, 1, 1)),
            **person,
        ),
        confirm_new=True,
    )
    people_services.status_record(
        actor=caseworker,
        person=registered,
        category="international_protection",
        valid_from=date(2020, 1, 1),
    )
    plan = plan_services.plan_create(
        actor=caseworker,
        person=registered,
        programme=programme,
        starts_on=plan_starts_on or timezone.localdate(),
    )
    return registered, plan.measures.get(kind="language_course")


def plan_course_on(actor, day: date, *, teacher, capacity=10, **more) -> Course:
    """``plan_course`` as if planned on ``day``, when the course starts: its sessions
    (Mondays and Wednesdays at 18:00) have happened by now."""
    return courses.course_plan(
        actor=actor,
        data=courses.CourseData(
            programme=more.pop("programme", "md-voluntary"),
            curriculum=more.pop("curriculum", "ro-b1"),
            provider=more.pop("provider", "ngo"),
            teacher_id=teacher.pk,
            title=more.pop("title", "Romanian B1, mornings"),
            delivery=more.pop("delivery", "in_person"),
            region=more.pop("region", "Chișinău"),
            starts_on=day,
            ends_on=more.pop("ends_on", day + timedelta(days=120)),
            capacity=capacity,
            test=more.pop("test", "ro-test"),
            schedule=more.pop("schedule", courses.Schedule((0, 2), time(18, 0), Decimal(3))),
            **more,
        ),
        now=at(day, 9),
    )
