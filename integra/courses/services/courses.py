"""Planning a course against the programme's quality criteria, its sessions, and
its end (finished or cancelled)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access
from integra.core import services as core
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import Organisation, User
from integra.courses import rules, selectors
from integra.courses.models import (
    Course,
    CourseStatus,
    CourseType,
    Curriculum,
    Delivery,
    Enrolment,
    EnrolmentStatus,
    Session,
    Teacher,
    TestDefinition,
)
from integra.courses.services.common import audit_course, check_breaches
from integra.plans import selectors as plans
from integra.plans.services import plans as plan_services

MAX_SESSIONS = 400
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Schedule:
    """Sessions on these weekdays (0 = Monday) at this time, of this length, from
    the first day until the curriculum's hours are taught (or the last day)."""

    weekdays: tuple[int, ...]
    at: time
    hours: Decimal


@dataclass(frozen=True)
class CourseData:
    programme: str  # code
    curriculum: str  # code
    provider: str  # organisation code
    teacher_id: int
    title: str
    delivery: str
    region: str
    starts_on: date
    ends_on: date
    capacity: int
    venue: str = ""
    test: str = ""  # code of the final test
    schedule: Schedule | None = None
    override_reason: str = ""


def _sessions(
    schedule: Schedule, *, starts_on: date, ends_on: date, hours: int
) -> list[tuple[datetime, Decimal]]:
    tz = timezone.get_current_timezone()
    planned: list[tuple[datetime, Decimal]] = []
    taught = Decimal(0)
    day = starts_on
    while day <= ends_on and taught < hours and len(planned) < MAX_SESSIONS:
        if day.weekday() in schedule.weekdays:
            length = min(schedule.hours, Decimal(hours) - taught)
            planned.append((datetime.combine(day, schedule.at, tzinfo=tz), length))
            taught += length
        day += timedelta(days=1)
    return planned


@transaction.atomic
def course_plan(*, actor: Actor, data: CourseData, now: datetime | None = None) -> Course:
    """Plans a course: the programme's quality criteria for its type (group size,
    teacher's qualification, hours) are checked and, when broken, refused unless
    overridden with a reason, which is recorded with the course."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    provider = Organisation.objects.filter(code=data.provider, is_active=True).first()
    if provider is None or not access.can_plan_courses(actor, provider_id=provider.pk):
        raise PermissionDenied(_("You may not plan courses for this provider."))
    errors: dict[str, list[str]] = {}
    programme = plans.programme_by_code(code=data.programme)
    if programme is None:
        errors["programme"] = [_("There is no such programme.")]
    curriculum = Curriculum.objects.filter(code=data.curriculum, is_active=True).first()
    if curriculum is None:
        errors["curriculum"] = [_("Choose a curriculum in use.")]
    teacher = Teacher.objects.filter(
        pk=data.teacher_id, organisation=provider, is_active=True
    ).first()
    if teacher is None:
        errors["teacher"] = [_("Choose an active teacher of this provider.")]
    test = None
    if data.test:
        test = TestDefinition.objects.filter(code=data.test, is_active=True).first()
        if test is None:
            errors["test"] = [_("Choose a test in use.")]
    elif curriculum is not None and curriculum.course_type == CourseType.EXAM:
        errors["test"] = [_("An exam needs its test.")]
    if not data.title.strip():
        errors["title"] = [_("Give the course a title.")]
    if data.delivery not in Delivery.values:
        errors["delivery"] = [_("Choose in person or online.")]
    if not data.region.strip():
        errors["region"] = [_("Give the region where the course is held (or served, online).")]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("The course cannot end before it starts.")]
    elif (data.ends_on - data.starts_on).days > MAX_DAYS:
        errors["ends_on"] = [_("A course lasts at most three years.")]
    if data.starts_on < today:
        errors["starts_on"] = [_("A new course cannot start in the past.")]
    if not 1 <= data.capacity <= 500:
        errors["capacity"] = [_("Give 1 to 500 places.")]
    if data.schedule is not None:
        if not data.schedule.weekdays or any(not 0 <= d <= 6 for d in data.schedule.weekdays):
            errors["schedule"] = [_("Choose the days of the week the course meets.")]
        elif not Decimal("0.5") <= data.schedule.hours <= 10:
            errors["schedule"] = [_("A session lasts half an hour to ten hours.")]
    if errors or programme is None or curriculum is None or teacher is None:
        raise ValidationFailed(_("The course could not be planned."), field_errors=errors)

    hours = sum(m.hours for m in curriculum.modules.all())
    standard = selectors.standard_for(programme_id=programme.pk, course_type=curriculum.course_type)
    overridden = check_breaches(
        rules.course_breaches(
            standard,
            capacity=data.capacity,
            teacher_qualification=teacher.qualification,
            hours=hours,
        ),
        override_reason=data.override_reason,
        message=_("The course does not meet the programme's quality criteria."),
    )
    course = Course.objects.create(
        programme=programme,
        curriculum=curriculum,
        provider=provider,
        teacher=teacher,
        test=test,
        title=data.title.strip(),
        delivery=data.delivery,
        region=data.region.strip(),
        venue=data.venue.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        capacity=data.capacity,
        override_reason=data.override_reason.strip() if overridden else "",
        overridden=overridden,
        created_at=now,
        created_by=actor.user,
        updated_at=now,
    )
    if data.schedule is not None:
        Session.objects.bulk_create(
            Session(course=course, starts_at=at, hours=length)
            for at, length in _sessions(
                data.schedule, starts_on=data.starts_on, ends_on=data.ends_on, hours=hours
            )
        )
    audit_course(
        actor,
        "course.plan",
        course.public_id,
        data={
            "curriculum": curriculum.code,
            "provider": provider.code,
            "capacity": data.capacity,
            "overridden": overridden,
            **({"override_reason": course.override_reason} if overridden else {}),
        },
        now=now,
    )
    return course


def guard_course(actor: Actor, course: Course) -> None:
    if not access.can_plan_courses(actor, provider_id=course.provider_id):
        raise PermissionDenied(_("You may not change this course."))


def _locked(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


@transaction.atomic
def session_add(
    *,
    actor: Actor,
    course: Course,
    starts_at: datetime,
    hours: Decimal,
    topic: str = "",
    now: datetime | None = None,
) -> Session:
    now = now or timezone.now()
    if not (
        access.can_plan_courses(actor, provider_id=course.provider_id)
        or access.can_teach(
            actor, teacher_user_id=course.teacher.user_id, provider_id=course.provider_id
        )
    ):
        raise PermissionDenied(_("You may not change this course."))
    course = _locked(course)
    errors: dict[str, list[str]] = {}
    if course.status in (CourseStatus.FINISHED, CourseStatus.CANCELLED):
        raise Conflict(_("The course has ended; it takes no more sessions."))
    day = timezone.localdate(starts_at)
    if not course.starts_on <= day <= course.ends_on:
        errors["starts_at"] = [_("A session falls between the course's first and last day.")]
    elif Session.objects.filter(course=course, starts_at=starts_at).exists():
        errors["starts_at"] = [_("The course already has a session at this time.")]
    if not Decimal("0.5") <= hours <= 10:
        errors["hours"] = [_("A session lasts half an hour to ten hours.")]
    if errors:
        raise ValidationFailed(_("The session could not be added."), field_errors=errors)
    session = Session.objects.create(
        course=course, starts_at=starts_at, hours=hours, topic=topic.strip()[:200]
    )
    audit_course(
        actor,
        "course.session.add",
        course.public_id,
        data={"starts_at": starts_at.isoformat(), "hours": str(hours)},
        now=now,
    )
    return session


def _caseworkers(enrolments: list[Enrolment]) -> list[User]:
    users = {
        e.measure.plan.caseworker
        for e in enrolments
        if e.measure is not None and e.measure.plan.caseworker is not None
    }
    return sorted(users, key=lambda u: u.pk)


@transaction.atomic
def course_finish(*, actor: Actor, course: Course, now: datetime | None = None) -> Course:
    """Ends a course that has run: its learners have completed it, and for a course
    without a test their plan measures are done (a test's result does that)."""
    now = now or timezone.now()
    if not (
        access.can_plan_courses(actor, provider_id=course.provider_id)
        or access.can_teach(
            actor, teacher_user_id=course.teacher.user_id, provider_id=course.provider_id
        )
    ):
        raise PermissionDenied(_("You may not change this course."))
    course = _locked(course)
    today = timezone.localdate(now)
    if course.status in (CourseStatus.FINISHED, CourseStatus.CANCELLED):
        raise Conflict(_("The course has already ended."))
    if course.starts_on > today:
        raise Conflict(_("A course that has not started cannot finish; cancel it instead."))
    enrolled = list(
        Enrolment.objects.select_related("measure__plan", "person").filter(
            course=course, status=EnrolmentStatus.ENROLLED
        )
    )
    waiting = Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITING)
    waiting.update(status=EnrolmentStatus.WITHDRAWN, ended_on=today)
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolled]).update(
        status=EnrolmentStatus.COMPLETED, ended_on=today
    )
    if course.test_id is None:
        for enrolment in enrolled:
            if enrolment.measure_id is not None:
                plan_services.measure_follow(
                    actor=actor,
                    measure_id=enrolment.measure_id,
                    status="done",
                    evidence=_("Completed the course %(course)s.") % {"course": course.title},
                    source={"course": course.public_id},
                    now=now,
                )
    course.status = CourseStatus.FINISHED
    course.updated_at = now
    course.save(update_fields=["status", "updated_at"])
    audit_course(
        actor, "course.finish", course.public_id, data={"completed": len(enrolled)}, now=now
    )
    return course


@transaction.atomic
def course_cancel(
    *, actor: Actor, course: Course, reason: str, now: datetime | None = None
) -> Course:
    """Cancels a course: every enrolment ends and the caseworkers are told, so that
    they find their people another place."""
    now = now or timezone.now()
    guard_course(actor, course)
    if not reason.strip():
        raise ValidationFailed(
            _("Say why the course is cancelled."),
            field_errors={"reason": [_("Say why the course is cancelled.")]},
        )
    course = _locked(course)
    if course.status in (CourseStatus.FINISHED, CourseStatus.CANCELLED):
        raise Conflict(_("The course has already ended."))
    active = list(
        Enrolment.objects.select_related("measure__plan__caseworker").filter(
            course=course, status__in=(EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED)
        )
    )
    Enrolment.objects.filter(pk__in=[e.pk for e in active]).update(
        status=EnrolmentStatus.WITHDRAWN, ended_on=timezone.localdate(now)
    )
    course.status = CourseStatus.CANCELLED
    course.updated_at = now
    course.save(update_fields=["status", "updated_at"])
    audit_course(
        actor,
        "course.cancel",
        course.public_id,
        data={"reason": reason.strip(), "enrolments": len(active)},
        now=now,
    )
    core.notify(
        users=_caseworkers(active),
        kind="course.cancelled",
        params={"course": course.public_id, "title": course.title},
        record_type="course",
        record_id=course.public_id,
        now=now,
    )
    return course
