"""What the course pages share: the section's tabs, and the words for coded values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from integra.core.access import Actor
from integra.courses import selectors

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# The programmes' quality criteria, as a course or an enrolment records those it
# overrides (integra.courses.rules.Breach.rule).
RULE_LABELS: dict[str, _StrPromise] = {
    "max_group_size": _("Maximum group size"),
    "min_teacher_qualification": _("Minimum teacher qualification"),
    "min_hours": _("Minimum hours of teaching"),
    "max_wait_days": _("Longest wait for a place"),
    "equipment": _("Equipment for online learning"),
}

# The sections of a test (integra.courses.rules.SECTIONS).
SECTION_LABELS: dict[str, _StrPromise] = {
    "reading": _("Reading"),
    "listening": _("Listening"),
    "writing": _("Writing"),
    "speaking": _("Speaking"),
}


def labelled(values: Iterable[str], labels: dict[str, _StrPromise] | dict[str, str]) -> list[str]:
    """Coded values as their labels (an unknown code shows as itself)."""
    return [str(labels.get(value, value)) for value in values]


def courses_nav(actor: Actor) -> dict[str, bool]:
    """Which of the section's tabs (courses/_nav.html) the actor may open."""
    sees = selectors.can_see_courses(actor=actor)
    statistics = selectors.can_see_statistics(actor=actor)
    return {
        "courses": sees,
        "places": sees or statistics,
        "statistics": statistics,
        "teachers": selectors.can_see_teachers(actor=actor),
        "curricula": sees,
        "imports": bool(selectors.import_providers(actor=actor)),
    }
