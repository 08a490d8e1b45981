"""The implementation report pages, under /statistics/reports/ (R27): the
archive and the request form, one report and its two files, and the policy
section (ratifications and the yearly self-assessment).

Thin, like the API: parse, call one service or selector, render. A refused
request or answer shows the page again with the message beside its field.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from integra.core.errors import Conflict, ValidationFailed
from integra.core.forms import add_service_errors
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.monitoring import mipex, tasks
from integra.monitoring.forms_reports import (
    RatificationForm,
    ReportRequestForm,
    SelfAssessmentForm,
)
from integra.monitoring.selectors import reports as selectors
from integra.monitoring.services import reports as services


def _list_page(request: HttpRequest, form: ReportRequestForm | None = None) -> HttpResponse:
    actor = current_actor(request)
    page = page_of(request, selectors.report_list(actor=actor))
    can_write = selectors.may_write(actor)
    if form is None and can_write:
        form = ReportRequestForm(initial={"language": request.LANGUAGE_CODE})
    return render(
        request,
        "monitoring/reports/list.html",
        {
            "page": page,
            "rows": [(r, selectors.state_label(r.state)) for r in page.object_list],
            "form": form,
            "can_write": can_write,
            "can_edit_policy": selectors.may_edit_policy(actor),
            "querystring": query_without_page(request),
        },
    )


@actor_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@actor_required
@require_POST
def report_request(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    selectors.require_writer(actor)
    form = ReportRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_request(
                actor=actor,
                title=data["title"].replace("\x00", ""),
                start=data["start"],
                end=data["end"],
                language=data["language"],
                enqueue=tasks.write_report.enqueue,
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The report is being written in the background; "
                    "this page shows when it is ready."
                ),
            )
            return redirect("reports:detail", public_id=report.public_id)
    return _list_page(request, form)


@actor_required
@require_GET
def report_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    report = selectors.report_get(actor=current_actor(request), public_id=public_id)
    return render(
        request,
        "monitoring/reports/detail.html",
        {
            "report": report,
            "state": selectors.state_label(report.state),
            "language": dict(settings.LANGUAGES).get(report.language, report.language),
        },
    )


def _download(request: HttpRequest, public_id: str, kind: str) -> HttpResponseBase:
    actor = current_actor(request)
    report = selectors.report_get(actor=actor, public_id=public_id)
    try:
        handle = selectors.report_open(actor=actor, report=report, kind=kind)
    except Conflict as error:
        messages.warning(request, error.message)
        return redirect("reports:detail", public_id=public_id)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=selectors.report_file_name(report, kind),
        content_type=selectors.CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@actor_required
@require_GET
def report_html(request: HttpRequest, public_id: str) -> HttpResponseBase:
    return _download(request, public_id, "html")


@actor_required
@require_GET
def report_pdf(request: HttpRequest, public_id: str) -> HttpResponseBase:
    return _download(request, public_id, "pdf")


# --- The policy section ---------------------------------------------------------------------


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _policy_page(
    request: HttpRequest,
    *,
    year: int,
    bound: dict[str, RatificationForm] | None = None,
    assessment_form: SelfAssessmentForm | None = None,
) -> HttpResponse:
    actor = current_actor(request)
    bound = bound or {}
    ratifications = selectors.ratifications(actor=actor)
    assessment = selectors.self_assessment_get(actor=actor, year=year)
    answers = selectors.answers_of(assessment)
    scores = mipex.score(answers)
    if assessment_form is None:
        assessment_form = SelfAssessmentForm(
            initial={code: str(value) for code, value in answers.items()}
        )
    rows = []
    for ratification in ratifications:
        form = bound.get(ratification.instrument) or RatificationForm(
            initial={
                "status": ratification.status,
                "on": ratification.on,
                "note": ratification.note,
            },
            prefix=ratification.instrument,
        )
        rows.append((ratification, selectors.instrument_label(ratification.instrument), form))
    return render(
        request,
        "monitoring/reports/policy.html",
        {
            "rows": rows,
            "year": year,
            "years": [a.year for a in selectors.self_assessments(actor=actor)],
            "assessment": assessment,
            "scores": [(area, scores.areas[area.code]) for area in mipex.AREAS],
            "overall": scores.overall,
            "incomplete": scores.incomplete,
            "answered": scores.answered,
            "questions": scores.questions,
            "assessment_form": assessment_form,
            "can_edit": selectors.may_edit_policy(actor),
        },
    )


@actor_required
@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, year=_year(request.GET.get("year")))


@actor_required
@require_POST
def ratification_edit(request: HttpRequest, instrument: str) -> HttpResponse:
    actor = current_actor(request)
    selectors.require_policy_editor(actor)
    selectors.ratification_get(actor=actor, instrument=instrument)
    form = RatificationForm(request.POST, prefix=instrument)
    if form.is_valid():
        try:
            services.ratification_update(
                actor=actor,
                instrument=instrument,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"].replace("\x00", ""),
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The ratification has been recorded."))
            return redirect(reverse("reports:policy") + f"#{instrument}")
    year = _year(request.GET.get("year"))
    return _policy_page(request, year=year, bound={instrument: form})


@actor_required
@require_POST
def assessment_save(request: HttpRequest, year: int) -> HttpResponse:
    actor = current_actor(request)
    selectors.require_policy_editor(actor)
    form = SelfAssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.self_assessment_save(actor=actor, year=year, answers=form.answers())
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The self-assessment of %(year)s has been saved.") % {"year": year}
            )
            return redirect(reverse("reports:policy") + f"?year={year}#self-assessment")
    return _policy_page(request, year=year, assessment_form=form)
