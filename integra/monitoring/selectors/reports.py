"""Reads of the implementation reports (R27) and their policy section: the
archive of reports, one report and its files, the ratifications and the
self-assessments. Those who see the statistics see these (core.access)."""

from __future__ import annotations

from datetime import date
from typing import IO

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied
from integra.monitoring import mipex
from integra.monitoring.models import (
    Fact,
    Ratification,
    Report,
    ReportState,
    SelfAssessment,
)

# The instruments the policy section reports on, in the order it shows them.
INSTRUMENTS: dict[str, Promise] = {
    "C97": gettext_lazy("ILO Migration for Employment Convention (Revised), 1949 (No. 97)"),
    "C143": gettext_lazy(
        "ILO Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143)"
    ),
    "C181": gettext_lazy("ILO Private Employment Agencies Convention, 1997 (No. 181)"),
    "ICRMW": gettext_lazy(
        "UN International Convention on the Protection of the Rights of All Migrant "
        "Workers and Members of Their Families, 1990"
    ),
}

FILE_KINDS = ("html", "pdf")
CONTENT_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def require_reader(actor: Actor) -> None:
    if not access.can_see_reports(actor):
        raise PermissionDenied(_("You may not see the implementation reports."))


def require_writer(actor: Actor) -> None:
    require_reader(actor)
    if not access.can_write_reports(actor):
        raise PermissionDenied(_("You may not ask for an implementation report."))


def require_policy_editor(actor: Actor) -> None:
    require_reader(actor)
    if not access.can_edit_policy(actor):
        raise PermissionDenied(_("Only the coordinating authority keeps the policy section."))


def may_write(actor: Actor) -> bool:
    return access.can_write_reports(actor)


def may_edit_policy(actor: Actor) -> bool:
    return access.can_edit_policy(actor)


# --- The period -----------------------------------------------------------------------------


def period_has_data(*, start: date, end: date) -> bool:
    """Whether the summary tables hold anything for the months from ``start`` to
    ``end`` (a cheap existence check, before a report is queued)."""
    return Fact.objects.filter(
        period__gte=start.replace(day=1), period__lte=end.replace(day=1)
    ).exists()


# --- Reports --------------------------------------------------------------------------------


def report_list(*, actor: Actor) -> QuerySet[Report]:
    """The archive, newest first."""
    require_reader(actor)
    return Report.objects.select_related("requested_by").order_by("-requested_at", "-pk")


def report_get(*, actor: Actor, public_id: str) -> Report:
    require_reader(actor)
    found = Report.objects.select_related("requested_by").filter(public_id=public_id).first()
    if found is None:
        raise NotFound(_("There is no such report."))
    return found


def report_file_name(report: Report, kind: str) -> str:
    return f"integra-report-{report.public_id}.{kind}"


def report_open(*, actor: Actor, report: Report, kind: str) -> IO[bytes]:
    """A finished report's file (html or pdf); Conflict while it is being written."""
    require_reader(actor)
    if kind not in FILE_KINDS:
        raise NotFound(_("There is no such file."))
    if report.state != ReportState.DONE:
        raise Conflict(_("The report is not ready yet."))
    path = report.html_path if kind == "html" else report.pdf_path
    if not path or not default_storage.exists(path):
        raise NotFound(_("The report's file is missing from the archive."))
    handle: IO[bytes] = default_storage.open(path, "rb")
    return handle


def state_label(state: str) -> str:
    return str(dict(ReportState.choices).get(state, state))


# --- The policy section ---------------------------------------------------------------------


def ratifications(*, actor: Actor) -> list[Ratification]:
    """The four instruments, in the order of INSTRUMENTS."""
    require_reader(actor)
    found = {r.instrument: r for r in Ratification.objects.filter(instrument__in=INSTRUMENTS)}
    return [found[code] for code in INSTRUMENTS if code in found]


def ratification_get(*, actor: Actor, instrument: str) -> Ratification:
    require_reader(actor)
    found = Ratification.objects.filter(instrument=instrument).first()
    if found is None or instrument not in INSTRUMENTS:
        raise NotFound(_("There is no such instrument."))
    return found


def instrument_label(code: str) -> str:
    return str(INSTRUMENTS.get(code, code))


def self_assessments(*, actor: Actor) -> QuerySet[SelfAssessment]:
    """Every year's self-assessment, latest first."""
    require_reader(actor)
    return SelfAssessment.objects.order_by("-year")


def self_assessment_get(*, actor: Actor, year: int) -> SelfAssessment | None:
    require_reader(actor)
    return SelfAssessment.objects.filter(year=year).first()


def self_assessment_for(*, actor: Actor, year: int) -> SelfAssessment | None:
    """The self-assessment a report ending in ``year`` shows: that year's, or the
    latest before it."""
    require_reader(actor)
    return SelfAssessment.objects.filter(year__lte=year).order_by("-year").first()


def answers_of(assessment: SelfAssessment | None) -> dict[str, int]:
    """The stored answers that are still questions of the self-assessment."""
    if assessment is None or not isinstance(assessment.answers, dict):
        return {}
    return {
        code: int(value)
        for code, value in assessment.answers.items()
        if code in mipex.QUESTIONS and value in mipex.ANSWERS
    }
