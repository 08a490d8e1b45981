"""How plan work reads on a person's timeline (core.timeline)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from integra.core import timeline


def _with(text: str, *keys: str) -> timeline.Render:
    def render(data: Mapping[str, object]) -> str:
        return _(text) % {key: data[key] for key in keys}

    return render


def register() -> None:
    timeline.register(
        "assessment.record", _with(gettext_noop("Assessment %(assessment)s recorded"), "assessment")
    )
    timeline.register("plan.create", _with(gettext_noop("Plan %(plan)s drafted"), "plan"))
    timeline.register("plan.goal.add", _with(gettext_noop("Goal added to plan %(plan)s"), "plan"))
    timeline.register(
        "plan.measure.add", _with(gettext_noop("Measure added to plan %(plan)s"), "plan")
    )
    timeline.register(
        "plan.measure.update",
        _with(gettext_noop("A measure of plan %(plan)s moved on"), "plan"),
    )
    timeline.register("plan.agree", _with(gettext_noop("Plan %(plan)s agreed"), "plan"))
    timeline.register("plan.review", _with(gettext_noop("Plan %(plan)s reviewed"), "plan"))
    timeline.register("plan.close", _with(gettext_noop("Plan %(plan)s closed"), "plan"))
    timeline.register(
        "plan.reassign", _with(gettext_noop("Plan %(plan)s given to %(to)s"), "plan", "to")
    )
