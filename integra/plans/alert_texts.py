"""How each plan alert reads, in the reader's language (core.todos)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from integra.core import todos


def _day(value: object) -> str:
    return formats.date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")


def _overdue(params: Mapping[str, object]) -> str:
    return _("%(measure)s for %(person)s was due on %(date)s.") % {
        "measure": params["measure"],
        "person": params["person"],
        "date": _day(params["due"]),
    }


def _school(params: Mapping[str, object]) -> str:
    return _("%(person)s is of school age and has no school enrolment measure.") % {
        "person": params["person"]
    }


def _minor(params: Mapping[str, object]) -> str:
    return _(
        "%(person)s is an unaccompanied minor past compulsory school age with no "
        "education or vocational measure."
    ) % {"person": params["person"]}


def _screening(params: Mapping[str, object]) -> str:
    return _("%(person)s has had no health screening since arriving.") % {
        "person": params["person"]
    }


def _not_agreed(params: Mapping[str, object]) -> str:
    return _("%(person)s has no agreed integration plan since registering on %(date)s.") % {
        "person": params["person"],
        "date": _day(params["registered"]),
    }


def _assigned(params: Mapping[str, object]) -> str:
    count = int(str(params["count"]))
    return ngettext(
        "%(by)s assigned %(count)d integration plan to you.",
        "%(by)s assigned %(count)d integration plans to you.",
        count,
    ) % {"by": params["by"], "count": count}


def register() -> None:
    todos.register("plans.assigned", _assigned)
    todos.register("plan_measure_overdue", _overdue)
    todos.register("plan_school_enrolment", _school)
    todos.register("plan_minor_education", _minor)
    todos.register("plan_health_screening", _screening)
    todos.register("plan_not_agreed", _not_agreed)
