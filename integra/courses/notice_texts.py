"""How course notifications and timeline entries read, in the reader's language.

Notifications name the course, never the person, so that an e-mail carries no
personal data.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from integra.core import timeline, todos


def _place(params: Mapping[str, object]) -> str:
    return _(
        "A place opened in %(title)s (%(course)s): the next person on its waitlist is enrolled."
    ) % {"title": params["title"], "course": params["course"]}


def _cancelled(params: Mapping[str, object]) -> str:
    return _("The course %(title)s (%(course)s) was cancelled; find your people another place.") % {
        "title": params["title"],
        "course": params["course"],
    }


def register() -> None:
    todos.register("course.place", _place)
    todos.register("course.cancelled", _cancelled)
    timeline.register(
        "course.enrol", lambda data: _("Enrolled in course %(course)s") % {"course": data["course"]}
    )
    timeline.register(
        "course.waitlist",
        lambda data: _("On the waitlist of course %(course)s") % {"course": data["course"]},
    )
    timeline.register(
        "course.promote",
        lambda data: _("Took a place in course %(course)s") % {"course": data["course"]},
    )
    timeline.register(
        "course.withdraw",
        lambda data: _("Left course %(course)s") % {"course": data["course"]},
    )
    timeline.register(
        "course.result",
        lambda data: (
            (
                _("Passed the test of course %(course)s at level %(level)s")
                if data.get("passed")
                else _("Took the test of course %(course)s")
            )
            % {"course": data["course"], "level": data.get("level") or "-"}
        ),
    )
    timeline.register(
        "course.certificate.revoke",
        lambda data: _("Certificate %(code)s revoked") % {"code": data["certificate"]},
    )
    timeline.register(
        "person.language.assess",
        lambda data: (
            _("Language level assessed: %(language)s %(level)s")
            % {"language": data["language"], "level": data["to"]}
        ),
    )
