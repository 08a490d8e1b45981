"""What the course services share: the audit entries and the wording of breaches."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from integra.core import audit
from integra.core.access import Actor
from integra.core.errors import ValidationFailed
from integra.courses import rules
from integra.courses.models import Qualification

if TYPE_CHECKING:
    from integra.people.models import Person


def audit_course(
    actor: Actor, action: str, object_id: str, *, data: dict[str, object], now: datetime
) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="course",
        object_id=object_id,
        purpose="courses",
        data=data,
        now=now,
    )


def audit_person(
    actor: Actor, person: Person, action: str, *, data: dict[str, object], now: datetime
) -> None:
    """Enrolment and results are audited on the person, so their timeline shows them."""
    audit.record(
        actor=actor,
        action=action,
        object_type="person",
        object_id=person.public_id,
        purpose="courses",
        data=data,
        now=now,
    )


def _qualification(code: object) -> str:
    labels = dict(Qualification.choices)
    return str(labels[code]) if isinstance(code, str) and code in labels else _("none")


def breach_message(breach: rules.Breach) -> str:
    """One quality criterion broken, in words."""
    params = {"limit": breach.limit, "actual": breach.actual}
    if breach.rule == "max_group_size" and breach.field == "capacity":
        return (
            _(
                "The programme allows at most %(limit)s learners in a group; the course would "
                "have %(actual)s places."
            )
            % params
        )
    if breach.rule == "max_group_size":
        return (
            ngettext(
                "The course is full: its %(limit)s place is taken.",
                "The course is full: its %(limit)s places are taken.",
                int(str(breach.limit)),
            )
            % params
        )
    if breach.rule == "min_teacher_qualification":
        return _(
            "The programme needs a teacher qualified at least as “%(limit)s”; this teacher "
            "is “%(actual)s”."
        ) % {"limit": _qualification(breach.limit), "actual": _qualification(breach.actual)}
    if breach.rule == "min_hours":
        return (
            _(
                "The programme needs at least %(limit)s hours of teaching; this curriculum has "
                "%(actual)s."
            )
            % params
        )
    if breach.rule == "max_wait_days":
        return (
            _(
                "The course starts %(actual)s days after the request; the programme allows a "
                "wait of at most %(limit)s days."
            )
            % params
        )
    return _("The course is online and the learner has no device and internet to follow it.")


def check_breaches(
    breaches: list[rules.Breach], *, override_reason: str, message: str
) -> list[str]:
    """Refuses breaches that are not overridden with a reason; returns the rules
    overridden (to be recorded with the reason)."""
    if not breaches:
        return []
    if override_reason.strip():
        return sorted({b.rule for b in breaches})
    errors: dict[str, list[str]] = {}
    for breach in breaches:
        errors.setdefault(breach.field, []).append(breach_message(breach))
    error = ValidationFailed(message, field_errors=errors)
    error.extensions["breaches"] = [b.rule for b in breaches]
    error.extensions["overridable"] = True
    raise error
