"""How the referral notifications read, in the reader's language (core.todos).

They name the referral and the organisations, never the person, so that an
e-mail carries no personal data.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from integra.core import timeline, todos


def _received(params: Mapping[str, object]) -> str:
    return _("New referral %(referral)s to %(service)s.") % {
        "referral": params["referral"],
        "service": params["service"],
    }


def _accepted(params: Mapping[str, object]) -> str:
    return _("%(partner)s accepted referral %(referral)s.") % {
        "partner": params["partner"],
        "referral": params["referral"],
    }


def _declined(params: Mapping[str, object]) -> str:
    return _("%(partner)s declined referral %(referral)s.") % {
        "partner": params["partner"],
        "referral": params["referral"],
    }


def _completed(params: Mapping[str, object]) -> str:
    return _("%(partner)s completed referral %(referral)s.") % {
        "partner": params["partner"],
        "referral": params["referral"],
    }


def _withdrawn(params: Mapping[str, object]) -> str:
    return _("Referral %(referral)s was withdrawn.") % {"referral": params["referral"]}


def _matched(params: Mapping[str, object]) -> str:
    return _("%(volunteer)s was matched to help someone (%(skill)s).") % {
        "volunteer": params["volunteer"],
        "skill": params["skill"],
    }


def _event(text: str) -> timeline.Render:
    def render(data: Mapping[str, object]) -> str:
        return _(text) % {"referral": data["referral"]}

    return render


def register() -> None:
    timeline.register("referral.send", _event(gettext_noop("Referral %(referral)s sent")))
    timeline.register("referral.accept", _event(gettext_noop("Referral %(referral)s accepted")))
    timeline.register("referral.decline", _event(gettext_noop("Referral %(referral)s declined")))
    timeline.register("referral.complete", _event(gettext_noop("Referral %(referral)s completed")))
    timeline.register("referral.withdraw", _event(gettext_noop("Referral %(referral)s withdrawn")))
    todos.register("referral.received", _received)
    todos.register("referral.accepted", _accepted)
    todos.register("referral.declined", _declined)
    todos.register("referral.completed", _completed)
    todos.register("referral.withdrawn", _withdrawn)
    todos.register("volunteer.matched", _matched)
    timeline.register(
        "volunteer.match",
        lambda data: _("Volunteer %(volunteer)s matched") % {"volunteer": data["volunteer"]},
    )
    timeline.register("volunteer.match.end", lambda data: _("Volunteer match ended"))
