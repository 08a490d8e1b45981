"""Enrolment from a plan measure, the waitlist, and the place that opens when
someone leaves: the next learner by the priority rules takes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.core import access
from integra.core import services as core
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.courses import rules, selectors
from integra.courses.models import (
    ACTIVE_ENROLMENT,
    MEASURE_KINDS,
    Course,
    CourseStatus,
    Delivery,
    Enrolment,
    EnrolmentStatus,
)
from integra.courses.services.common import audit_person, check_breaches
from integra.people import selectors as people
from integra.plans import selectors as plans
from integra.plans.services import plans as plan_services

_TAKEN = gettext_lazy("This person is already in this course or on its waitlist.")
_MEASURE_PLACED = gettext_lazy(
    "This measure already has a place in a course, or waits for one; withdraw it first."
)

if TYPE_CHECKING:
    from integra.people.models import Person


@dataclass(frozen=True)
class EnrolmentData:
    measure_id: int
    course: str  # the course's public id
    waitlist: bool = False  # when the course is full, wait for a place
    has_equipment: bool | None = None  # for an online course
    override_reason: str = ""


def _locked_course(public_id: str) -> Course | None:
    return (
        Course.objects.select_for_update()
        .select_related("curriculum")
        .filter(public_id=public_id)
        .first()
    )


@transaction.atomic
def enrol(
    *, actor: Actor, person: Person, data: EnrolmentData, now: datetime | None = None
) -> Enrolment:
    """Enrols the learner of a measure of the person's open plan (the person, or the
    family member the measure is for) in a course that delivers it, or puts them
    on its waitlist. The programme's quality criteria (group size, longest wait,
    equipment for online learning) are checked, and refused unless overridden
    with a reason."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    responsible = people.responsible_ids(person=person)
    if actor.organisation_id is None or not access.can_enrol(actor, responsible=responsible):
        raise PermissionDenied(_("You may not enrol this person."))
    errors: dict[str, list[str]] = {}
    measure = plans.open_measure(person=person, measure_id=data.measure_id)
    if measure is None:
        errors["measure"] = [_("Choose a measure of the person's open plan that is still to do.")]
    course = _locked_course(data.course)
    if course is None:
        errors["course"] = [_("There is no such course.")]
    elif course.status not in (CourseStatus.PLANNED, CourseStatus.RUNNING) or (
        course.ends_on < today
    ):
        errors["course"] = [_("This course takes no more learners.")]
    elif measure is not None and measure.kind not in MEASURE_KINDS[course.curriculum.course_type]:
        errors["course"] = [_("This course does not deliver this measure.")]
    if errors or measure is None or course is None:
        raise ValidationFailed(_("The enrolment could not be made."), field_errors=errors)
    learner = measure.beneficiary or person
    if Enrolment.objects.filter(
        course=course,
        person=learner,
        status__in=(EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED),
    ).exists():
        raise Conflict(_TAKEN, field_errors={"course": [str(_TAKEN)]})

    if Enrolment.objects.filter(measure=measure, status__in=ACTIVE_ENROLMENT).exists():
        raise Conflict(_MEASURE_PLACED, field_errors={"measure": [str(_MEASURE_PLACED)]})
    # Places free for any reason (a larger group allowed, say) go to those waiting
    # before anyone new.
    promote(actor=actor, course=course, now=now)
    enrolled = Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count()
    standard = selectors.course_standard(course=course)
    breaches = rules.enrolment_breaches(
        standard,
        enrolled=enrolled,
        capacity=course.capacity,
        waiting_since=today,
        starts_on=course.starts_on,
        online=course.delivery == Delivery.ONLINE,
        has_equipment=data.has_equipment,
    )
    full = any(b.rule == "max_group_size" for b in breaches)
    status = EnrolmentStatus.ENROLLED
    if full and data.waitlist:
        # Waiting for a place breaks no rule: the place comes when one opens.
        breaches = [b for b in breaches if b.rule != "max_group_size"]
        status = EnrolmentStatus.WAITING
    overridden = check_breaches(
        breaches,
        override_reason=data.override_reason,
        message=_("The enrolment does not meet the programme's quality criteria."),
    )
    try:
        with transaction.atomic():  # a savepoint: a concurrent enrolment loses cleanly
            enrolment = Enrolment.objects.create(
                course=course,
                person=learner,
                measure=measure,
                status=status,
                requested_on=today,
                enrolled_on=today if status == EnrolmentStatus.ENROLLED else None,
                has_equipment=data.has_equipment,
                override_reason=data.override_reason.strip() if overridden else "",
                overridden=overridden,
                organisation_id=actor.organisation_id,
                enrolled_by=actor.user,
                created_at=now,
            )
    except IntegrityError:
        raise Conflict(_TAKEN, field_errors={"course": [str(_TAKEN)]}) from None
    if status == EnrolmentStatus.ENROLLED:
        plan_services.measure_follow(
            actor=actor,
            measure_id=measure.pk,
            status="in_progress",
            evidence="",
            source={"course": course.public_id},
            now=now,
        )
    audit_person(
        actor,
        learner,
        "course.enrol" if status == EnrolmentStatus.ENROLLED else "course.waitlist",
        data={
            "course": course.public_id,
            "measure": measure.pk,
            "overridden": overridden,
            **({"override_reason": enrolment.override_reason} if overridden else {}),
        },
        now=now,
    )
    return enrolment


def _guard_enrolment(actor: Actor, enrolment: Enrolment) -> None:
    course = enrolment.course
    if access.can_plan_courses(actor, provider_id=course.provider_id) or access.can_teach(
        actor, teacher_user_id=course.teacher.user_id, provider_id=course.provider_id
    ):
        return
    if access.can_enrol(actor, responsible=people.responsible_ids(person=enrolment.person)):
        return
    raise PermissionDenied(_("You may not change this enrolment."))


@transaction.atomic
def enrolment_withdraw(
    *, actor: Actor, enrolment: Enrolment, reason: str, now: datetime | None = None
) -> Enrolment:
    """Takes a learner out of a course (or off its waitlist). A place that opens goes
    at once to the next learner on the waitlist, whose caseworker is told."""
    now = now or timezone.now()
    _guard_enrolment(actor, enrolment)
    if not reason.strip():
        raise ValidationFailed(
            _("Say why the learner leaves the course."),
            field_errors={"reason": [_("Say why the learner leaves the course.")]},
        )
    course = _locked_course(enrolment.course.public_id)
    assert course is not None
    enrolment = Enrolment.objects.select_related("person").get(pk=enrolment.pk)
    if enrolment.status not in (EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED):
        raise Conflict(_("This enrolment has already ended."))
    held_place = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.ended_on = timezone.localdate(now)
    enrolment.save(update_fields=["status", "ended_on"])
    audit_person(
        actor,
        enrolment.person,
        "course.withdraw",
        data={"course": course.public_id, "reason": reason.strip()},
        now=now,
    )
    if held_place:
        promote(actor=actor, course=course, now=now)
    return enrolment


def promote(*, actor: Actor, course: Course, now: datetime) -> list[Enrolment]:
    """Gives free places to the waitlist in priority order (the caller holds the
    course's lock) and tells each promoted learner's caseworker."""
    if course.status not in (CourseStatus.PLANNED, CourseStatus.RUNNING):
        return []
    free = (
        selectors.group_limit(course=course)
        - Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count()
    )
    promoted: list[Enrolment] = []
    today = timezone.localdate(now)
    for enrolment in selectors.waitlist(course=course)[: max(free, 0)]:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_on = today
        enrolment.save(update_fields=["status", "enrolled_on"])
        promoted.append(enrolment)
        if enrolment.measure_id is not None:
            plan_services.measure_follow(
                actor=actor,
                measure_id=enrolment.measure_id,
                status="in_progress",
                evidence="",
                source={"course": course.public_id},
                now=now,
            )
        audit_person(
            actor,
            enrolment.person,
            "course.promote",
            data={"course": course.public_id},
            now=now,
        )
        caseworker = enrolment.measure.plan.caseworker if enrolment.measure else None
        if caseworker is not None:
            core.notify(
                users=[caseworker],
                kind="course.place",
                params={"course": course.public_id, "title": course.title},
                record_type="course",
                record_id=course.public_id,
                now=now,
            )
    return promoted
