"""How the referral notifications read, in the reader's language (core.todos).

They name the referral and the organisations, never the person, so that an
e-mail carries no personal data.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from integra.core import todos


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


def register() -> None:
    todos.register("referral.received", _received)
    todos.register("referral.accepted", _accepted)
    todos.register("referral.declined", _declined)
    todos.register("referral.completed", _completed)
    todos.register("referral.withdrawn", _withdrawn)
