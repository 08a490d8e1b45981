"""The periodic implementation report (R27) and its policy section.

A report is asked for (`report_request`: checked, queued, audited; the page or
the API enqueues the background task once the request is committed) and then
written (`report_write`, the task's body, or the command line's): for every
indicator in use, a chart and the tables beside it, read through
`selectors.tables.indicator_table` as the user who asked, so every number in the
report has passed the same disclosure control as the pages (a suppressed cell
is an "x", never a number); then the policy section: the ratification of the
migrant workers' instruments and the latest MIPEX-style self-assessment. Both
files are made in memory, then stored under reports/ in the default storage; a
report that fails is marked failed with the reason and keeps no file.

The ratifications (`ratification_update`) and the self-assessments
(`self_assessment_save`) belong to the coordinating authority.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from integra.monitoring import mipex, report_html, report_pdf
from integra.monitoring.models import (
    Ratification,
    RatificationStatus,
    Report,
    ReportState,
    SelfAssessment,
)
from integra.monitoring.selectors import reports as report_selectors
from integra.monitoring.services.report_document import report_document

logger = logging.getLogger(__name__)

PURPOSE = "implementation report"
MAX_MONTHS = 60
TITLE_MAX = 200
NOTE_MAX = 500
FOLDER = "reports"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Errors = dict[str, list[str]]


# --- The policy section: reference data -----------------------------------------------------


def ratifications_ensure(*, now: datetime | None = None) -> int:
    """After every migration: the four instruments exist (not signed until the
    coordinating authority says otherwise); what was recorded is never touched.
    Returns how many were added."""
    existing = set(Ratification.objects.values_list("instrument", flat=True))
    missing = [code for code in report_selectors.INSTRUMENTS if code not in existing]
    now = now or timezone.now()
    Ratification.objects.bulk_create(
        [
            Ratification(instrument=code, status=RatificationStatus.NOT_SIGNED, updated_at=now)
            for code in missing
        ],
        ignore_conflicts=True,
    )
    return len(missing)


def _text(errors: Errors, field: str, value: str, *, max_length: int) -> str:
    text = " ".join(value.split())
    if _CONTROL.search(value.replace("\n", "").replace("\r", "").replace("\t", "")):
        errors.setdefault(field, []).append(_("Remove the control characters from the text."))
    elif len(text) > max_length:
        errors.setdefault(field, []).append(
            _("Say it in at most %(max)s characters.") % {"max": max_length}
        )
    return text


def ratification_update(
    *,
    actor: Actor,
    instrument: str,
    status: str,
    on: date | None,
    note: str = "",
    now: datetime | None = None,
) -> Ratification:
    """Records where the country stands on one of the instruments."""
    report_selectors.require_policy_editor(actor)
    if instrument not in report_selectors.INSTRUMENTS:
        raise NotFound(_("There is no such instrument."))
    now = now or timezone.now()
    errors: Errors = {}
    if status not in RatificationStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    if on is not None and on > timezone.localdate(now):
        errors["on"] = [_("The date cannot be in the future.")]
    if on is not None and on.year < 1945:
        errors["on"] = [_("Give the date the instrument was signed, ratified or denounced.")]
    if status == RatificationStatus.NOT_SIGNED and on is not None:
        errors["on"] = [_("An instrument that is not signed has no date: leave it empty.")]
    clean_note = _text(errors, "note", note, max_length=NOTE_MAX)
    if errors:
        raise ValidationFailed(_("Check the ratification."), field_errors=errors)
    with transaction.atomic():
        ratifications_ensure(now=now)
        current = Ratification.objects.select_for_update().get(instrument=instrument)
        before = {"status": current.status, "on": current.on.isoformat() if current.on else None}
        current.status = status
        current.on = on
        current.note = clean_note
        current.updated_by = actor.user
        current.updated_at = now
        current.save()
        audit.record(
            actor=actor,
            action="ratification.update",
            object_type="ratification",
            object_id=instrument,
            purpose=PURPOSE,
            data={"before": before, "status": status, "on": on.isoformat() if on else None},
            now=now,
        )
    return current


def _answer(value: object) -> int | str | None:
    """0, 50 or 100; None when left unanswered; "bad" otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, int | float) and value in mipex.ANSWERS:
        return int(value)
    if isinstance(value, str) and value.strip() in {str(a) for a in mipex.ANSWERS}:
        return int(value.strip())
    return "bad"


def self_assessment_save(
    *,
    actor: Actor,
    year: int,
    answers: Mapping[str, object],
    now: datetime | None = None,
) -> SelfAssessment:
    """Saves a year's answers (question code → 0, 50 or 100; empty: unanswered),
    replacing that year's earlier answers."""
    report_selectors.require_policy_editor(actor)
    errors: Errors = {}
    if not 2000 <= year <= 2100:
        errors["year"] = [_("Give a year from 2000 to 2100.")]
    clean: dict[str, int] = {}
    for code, value in answers.items():
        if code not in mipex.QUESTIONS:
            errors.setdefault(code, []).append(
                _("There is no question %(code)s in the self-assessment.") % {"code": code}
            )
            continue
        answer = _answer(value)
        if answer == "bad":
            errors[code] = [_("Answer 0, 50 or 100, or leave the question unanswered.")]
        elif isinstance(answer, int):
            clean[code] = answer
    if errors:
        raise ValidationFailed(_("Check the answers of the self-assessment."), field_errors=errors)
    now = now or timezone.now()
    scores = mipex.score(clean)
    with transaction.atomic():
        assessment, created = SelfAssessment.objects.select_for_update().get_or_create(
            year=year,
            defaults={"answers": clean, "updated_by": actor.user, "updated_at": now},
        )
        if not created:
            assessment.answers = clean
            assessment.updated_by = actor.user
            assessment.updated_at = now
            assessment.save()
        audit.record(
            actor=actor,
            action="self_assessment.save",
            object_type="self_assessment",
            object_id=year,
            purpose=PURPOSE,
            data={"answered": scores.answered, "overall": scores.overall},
            now=now,
        )
    return assessment


# --- Asking for a report --------------------------------------------------------------------


def _last_day(day: date) -> date:
    following = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def report_period(*, start: date | None, end: date | None) -> tuple[date, date]:
    """The first day of the first month and the last day of the last month; a
    period that ends before it starts, is longer than five years or holds no data
    in the summary tables is refused."""
    errors: Errors = {}
    if start is None:
        errors["start"] = [_("Give the first month of the period.")]
    if end is None:
        errors["end"] = [_("Give the last month of the period.")]
    if errors or start is None or end is None:
        raise ValidationFailed(_("Give the period the report covers."), field_errors=errors)
    first, last = start.replace(day=1), _last_day(end)
    if last < first:
        raise ValidationFailed(
            _("The period must end after it starts."),
            field_errors={"end": [_("The period must end after it starts.")]},
        )
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months > MAX_MONTHS:
        message = _(
            "A report covers at most five years (%(max)s months); this period has %(n)s."
        ) % {
            "max": MAX_MONTHS,
            "n": months,
        }
        raise ValidationFailed(message, field_errors={"end": [message]})
    if not report_selectors.period_has_data(start=first, end=last):
        message = _(
            "The statistics hold no data for this period: choose another period, or "
            "refresh the summary tables first."
        )
        raise ValidationFailed(message, field_errors={"start": [message]})
    return first, last


def _default_title(first: date, last: date) -> str:
    return _("Implementation report, %(start)s to %(end)s") % {
        "start": formats.date_format(first, "YEAR_MONTH_FORMAT"),
        "end": formats.date_format(last, "YEAR_MONTH_FORMAT"),
    }


def report_request(
    *,
    actor: Actor,
    title: str,
    start: date | None,
    end: date | None,
    language: str,
    enqueue: Callable[[str], object] | None = None,
    now: datetime | None = None,
) -> Report:
    """Queues a report for the period (whole months). ``enqueue`` (the background
    task's) is called with the report's id once the request is committed."""
    report_selectors.require_writer(actor)
    errors: Errors = {}
    clean_title = _text(errors, "title", title, max_length=TITLE_MAX)
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose a language from the list.")]
    if errors:
        raise ValidationFailed(_("Check the report's details."), field_errors=errors)
    first, last = report_period(start=start, end=end)
    now = now or timezone.now()
    with transaction.atomic():
        report = Report.objects.create(
            title=clean_title or _default_title(first, last),
            start=first,
            end=last,
            language=language,
            state=ReportState.QUEUED,
            requested_by=actor.user,
            requested_at=now,
        )
        audit.record(
            actor=actor,
            action="report.request",
            object_type="report",
            object_id=report.public_id,
            purpose=PURPOSE,
            data={"start": first.isoformat(), "end": last.isoformat(), "language": language},
            now=now,
        )
        if enqueue is not None:
            public_id = report.public_id
            transaction.on_commit(lambda: enqueue(public_id))
    return report


# --- Writing it -----------------------------------------------------------------------------


def report_write(*, public_id: str, actor: Actor | None = None, today: date | None = None) -> str:
    """Writes the report's HTML and PDF and archives them; returns the state it
    ends in (done or failed, with the reason). ``actor``: whom the statistics are
    read as (by default the user who asked)."""
    report = Report.objects.select_related("requested_by").filter(public_id=public_id).first()
    if report is None:
        logger.warning("Report %s does not exist: nothing written.", public_id)
        return ""
    if report.state == ReportState.DONE:
        return report.state
    Report.objects.filter(pk=report.pk).update(state=ReportState.RUNNING, error="")
    saved: list[str] = []
    reason = ""
    with translation.override(report.language):
        try:
            reader = actor or _requester(report)
            html, pdf = report_files(actor=reader, report=report, today=today)
            stem = f"{FOLDER}/{report.public_id}/{report_selectors.report_file_name(report, '')}"
            saved.append(default_storage.save(f"{stem}html", ContentFile(html)))
            saved.append(default_storage.save(f"{stem}pdf", ContentFile(pdf)))
            now = timezone.now()
            with transaction.atomic():
                Report.objects.filter(pk=report.pk).update(
                    state=ReportState.DONE,
                    html_path=saved[0],
                    pdf_path=saved[1],
                    error="",
                    finished_at=now,
                )
                audit.record(
                    actor=reader,
                    action="report.write",
                    object_type="report",
                    object_id=report.public_id,
                    purpose=PURPOSE,
                    data={"html": len(html), "pdf": len(pdf)},
                    now=now,
                )
            return ReportState.DONE
        except ApplicationError as error:
            details = [m for messages in error.field_errors.values() for m in messages]
            reason = " ".join([error.message, *[d for d in details if d != error.message]])
        except Exception as error:  # any failure is recorded, never a half report
            logger.exception("Report %s could not be written", public_id)
            reason = _("The report could not be written (%(error)s). Ask for it again.") % {
                "error": type(error).__name__
            }
    for path in saved:
        try:
            default_storage.delete(path)
        except OSError:
            logger.exception("Could not delete %s", path)
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.FAILED,
        html_path="",
        pdf_path="",
        error=reason,
        finished_at=timezone.now(),
    )
    return ReportState.FAILED


def _requester(report: Report) -> Actor:
    user = report.requested_by
    if user is None or not user.is_active:
        raise PermissionDenied(_("The person who asked for the report may no longer read it."))
    actor = access.actor_for(user)
    report_selectors.require_reader(actor)
    return actor


def report_files(*, actor: Actor, report: Report, today: date | None = None) -> tuple[bytes, bytes]:
    """The report's HTML and PDF, in its language; an Arabic (right-to-left)
    report's PDF is in English, and its HTML says so."""
    today = today or timezone.localdate()
    with translation.override(report.language):
        document = report_document(actor=actor, report=report, today=today)
        notice = ""
        if document.rtl:
            notice = _(
                "The PDF version of this report is in English: its script cannot be "
                "typeset in PDF files yet."
            )
        html = report_html.render(document, notice=notice).encode("utf-8")
    pdf_document = document
    if document.rtl:
        with translation.override("en"):
            pdf_document = report_document(actor=actor, report=report, today=today)
    pdf = report_pdf.render(pdf_document, font_path=Path(settings.CERTIFICATE_FONT))
    return html, pdf
