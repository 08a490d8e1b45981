"""The register: a class's attendance for one session, in one request."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.courses.models import (
    Attendance,
    Course,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Presence,
    Session,
)
from integra.courses.services.common import audit_course


@transaction.atomic
def register_record(
    *,
    actor: Actor,
    course: Course,
    session_id: int,
    marks: Mapping[int, str],
    now: datetime | None = None,
) -> int:
    """Records (or corrects) the attendance of the learners of one session that has
    happened: ``marks`` maps each enrolment to present, absent or excused. All or
    nothing; the number of marks written."""
    now = now or timezone.now()
    if not access.can_teach(
        actor, teacher_user_id=course.teacher.user_id, provider_id=course.provider_id
    ):
        raise PermissionDenied(_("Only the class's teacher takes its attendance."))
    session = Session.objects.filter(course=course, pk=session_id).first()
    if session is None:
        raise ValidationFailed(
            _("The attendance could not be recorded."),
            field_errors={"session": [_("This course has no such session.")]},
        )
    if course.status == CourseStatus.CANCELLED:
        raise Conflict(_("The course was cancelled."))
    if session.starts_at > now:
        raise ValidationFailed(
            _("The attendance could not be recorded."),
            field_errors={"session": [_("This session has not happened yet.")]},
        )
    if not marks:
        raise ValidationFailed(
            _("The attendance could not be recorded."),
            field_errors={"marks": [_("Mark at least one learner.")]},
        )
    errors: dict[str, list[str]] = {}
    learners = set(
        Enrolment.objects.filter(
            course=course, status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)
        ).values_list("pk", flat=True)
    )
    for enrolment_id, status in marks.items():
        if enrolment_id not in learners:
            errors.setdefault("marks", []).append(
                _("Enrolment %(id)s is not a learner of this course.") % {"id": enrolment_id}
            )
        if status not in Presence.values:
            errors.setdefault("marks", []).append(
                _("Mark %(id)s as present, absent or excused.") % {"id": enrolment_id}
            )
    if errors:
        raise ValidationFailed(_("The attendance could not be recorded."), field_errors=errors)
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                enrolment_id=enrolment_id,
                status=status,
                recorded_by=actor.user,
                recorded_at=now,
            )
            for enrolment_id, status in marks.items()
        ],
        update_conflicts=True,
        unique_fields=["session", "enrolment"],
        update_fields=["status", "recorded_by", "recorded_at"],
    )
    if course.status == CourseStatus.PLANNED:
        Course.objects.filter(pk=course.pk).update(status=CourseStatus.RUNNING, updated_at=now)
    counts = dict.fromkeys(Presence.values, 0)
    for status in marks.values():
        counts[status] += 1
    audit_course(
        actor,
        "course.attendance",
        course.public_id,
        data={"session": session.pk, **counts},
        now=now,
    )
    return len(marks)
