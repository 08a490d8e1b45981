"""The labour inspection pages, under /inspections/: the risk list, the workplaces
(list, register, detail, edit, their agencies) and the inspections (list, plan,
detail with the visit, cancelling, violations, sanctions and follow-up).

For the labour inspectorate's inspectors only; behind the firewall, a role that
can see legal status gets 403 (404 on an inspection). Thin, like the API: parse,
call one service or selector, render. Every action on an inspection is a POST
from its page; a refused one shows the page again with the errors beside the
form that caused them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core.access import Actor
from integra.core.errors import ApplicationError, NotFound, ValidationFailed
from integra.core.forms import add_errors, add_service_errors
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.protection.forms_inspections import (
    AgencyLinkForm,
    CancelForm,
    FollowUpForm,
    InspectionListForm,
    PaidForm,
    PlanForm,
    RemediesForm,
    RiskFilterForm,
    SanctionForm,
    ViolationForm,
    VisitForm,
    WorkplaceForm,
    WorkplaceListForm,
    workplace_initial,
)
from integra.protection.selectors import inspections as selectors
from integra.protection.selectors import risk as risk_selectors
from integra.protection.services import inspections as services

RISK_PAGE = 50


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _workplace_url(public_id: str, anchor: str = "") -> str:
    url = reverse("inspections:workplace", args=[public_id])
    return f"{url}#{anchor}" if anchor else url


def _inspection_url(public_id: str, anchor: str = "") -> str:
    url = reverse("inspections:detail", args=[public_id])
    return f"{url}#{anchor}" if anchor else url


# --- The risk list -----------------------------------------------------------------------------


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


@actor_required
@require_GET
def risk(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard(actor)
    form = RiskFilterForm(request.GET or None)
    number = _page_number(request)
    filters = form.filters()
    page = risk_selectors.rank_workplaces(
        actor=actor,
        region=filters.get("region", ""),
        sector=filters.get("sector", ""),
        limit=RISK_PAGE,
        offset=(number - 1) * RISK_PAGE,
    )
    pages = max((page.total + RISK_PAGE - 1) // RISK_PAGE, 1)
    return render(
        request,
        "protection/inspections/risk.html",
        {
            "form": form,
            "rows": page.rows,
            "total": page.total,
            "number": number,
            "pages": pages,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < pages else None,
            "first_rank": (number - 1) * RISK_PAGE,
            "querystring": query_without_page(request),
        },
    )


# --- Workplaces ----------------------------------------------------------------------------------


@actor_required
@require_GET
def workplace_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = WorkplaceListForm(request.GET or None)
    page = page_of(
        request,
        selectors.workplace_list(actor=actor, filters=selectors.WorkplaceFilters(**form.filters())),
    )
    return render(
        request,
        "protection/inspections/workplaces.html",
        {
            "form": form,
            "page": page,
            "rows": [(w, selectors.sector_label(w.sector)) for w in page.object_list],
            "querystring": query_without_page(request),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def workplace_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard(actor)
    form = WorkplaceForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            workplace = services.workplace_register(actor=actor, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The workplace has been registered."))
            return redirect(_workplace_url(workplace.public_id))
    return render(
        request, "protection/inspections/workplace_form.html", {"form": form, "workplace": None}
    )


@actor_required
@require_http_methods(["GET", "POST"])
def workplace_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    workplace = selectors.workplace_get(actor=actor, public_id=public_id)
    form = WorkplaceForm(
        _posted(request), initial=workplace_initial(services.workplace_data(workplace))
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workplace_update(actor=actor, workplace=workplace, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The workplace's details have been changed."))
            return redirect(_workplace_url(workplace.public_id))
    return render(
        request,
        "protection/inspections/workplace_form.html",
        {"form": form, "workplace": workplace},
    )


def _workplace_page(
    request: HttpRequest, public_id: str, *, agency_form: AgencyLinkForm | None = None
) -> HttpResponse:
    actor = current_actor(request)
    detail = selectors.workplace_detail(actor=actor, public_id=public_id)
    linked = {a.public_id for a in detail.agencies}
    choices = [c for c in selectors.agency_choices() if c[0] not in linked]
    return render(
        request,
        "protection/inspections/workplace.html",
        {
            "detail": detail,
            "workplace": detail.workplace,
            "agency_form": agency_form or AgencyLinkForm(agencies=choices),
        },
    )


@actor_required
@require_GET
def workplace_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _workplace_page(request, public_id)


@actor_required
@require_POST
def workplace_agency_link(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    workplace = selectors.workplace_get(actor=actor, public_id=public_id)
    form = AgencyLinkForm(request.POST, agencies=selectors.agency_choices())
    if form.is_valid():
        try:
            services.workplace_agency_link(
                actor=actor, workplace=workplace, agency=form.cleaned_data["agency"]
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agency is linked to the workplace."))
            return redirect(_workplace_url(public_id, "agencies"))
    return _workplace_page(request, public_id, agency_form=form)


@actor_required
@require_POST
def workplace_agency_unlink(request: HttpRequest, public_id: str, agency_id: str) -> HttpResponse:
    actor = current_actor(request)
    workplace = selectors.workplace_get(actor=actor, public_id=public_id)
    services.workplace_agency_unlink(actor=actor, workplace=workplace, agency=agency_id)
    messages.success(request, _("The agency is no longer linked to the workplace."))
    return redirect(_workplace_url(public_id, "agencies"))


# --- Inspections ------------------------------------------------------------------------------


@actor_required
@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = InspectionListForm(request.GET or None)
    page = page_of(
        request,
        selectors.inspection_list(
            actor=actor, filters=selectors.InspectionFilters(**form.filters())
        ),
    )
    return render(
        request,
        "protection/inspections/list.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (
                    i,
                    selectors.status_label(i.status),
                    selectors.reason_label(i.reason),
                )
                for i in page.object_list
            ],
            "querystring": query_without_page(request),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def inspection_plan(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    workplace = selectors.workplace_get(actor=actor, public_id=public_id)
    reason = request.GET.get("reason", "")
    form = PlanForm(
        _posted(request),
        initial={"reason": reason} if reason in {"risk", "complaint", "other"} else None,
        inspectors=selectors.inspector_choices(actor=actor),
        complaints=selectors.linkable_complaints(actor=actor, workplace=workplace),
    )
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_plan(
                actor=actor, workplace=workplace, data=form.values()
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The inspection is planned."))
            return redirect(_inspection_url(inspection.public_id))
    return render(
        request, "protection/inspections/plan.html", {"form": form, "workplace": workplace}
    )


def _violation_choices(rows: list[selectors.ViolationRow]) -> list[tuple[int, str]]:
    return [
        (row.violation.pk, f"{row.label} ({row.violation.found_on.isoformat()})") for row in rows
    ]


def _forms(actor: Actor, detail: selectors.InspectionDetail) -> dict[str, forms.Form]:
    inspectors = selectors.inspector_choices(actor=actor)
    return {
        "visit_form": VisitForm(prefix="visit"),
        "cancel_form": CancelForm(prefix="cancel"),
        "violation_form": ViolationForm(prefix="violation"),
        "sanction_form": SanctionForm(
            prefix="sanction", violations=_violation_choices(detail.violations)
        ),
        "follow_up_form": FollowUpForm(prefix="follow_up", inspectors=inspectors),
        "remedies_form": RemediesForm(
            prefix="remedies",
            violations=_violation_choices(
                [r for r in detail.followed if r.violation.remedied_on is None]
            ),
        ),
    }


def _detail_page(
    request: HttpRequest, public_id: str, *, bound: dict[str, Any] | None = None
) -> HttpResponse:
    actor = current_actor(request)
    detail = selectors.inspection_detail(actor=actor, public_id=public_id)
    context: dict[str, Any] = {
        "detail": detail,
        "inspection": detail.inspection,
        "paid_form": PaidForm(prefix="paid"),
        "fees_found": any(row.violation.kind == "recruitment_fees" for row in detail.violations),
        **_forms(actor, detail),
        **(bound or {}),
    }
    return render(request, "protection/inspections/detail.html", context)


@actor_required
@require_GET
def inspection_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _detail_page(request, public_id)


def _done(request: HttpRequest, public_id: str, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(_inspection_url(public_id, anchor))


@actor_required
@require_POST
def visit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    inspection = selectors.inspection_get(actor=actor, public_id=public_id)
    form = VisitForm(request.POST, prefix="visit")
    if form.is_valid():
        try:
            services.visit_record(actor=actor, inspection=inspection, data=form.values())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The visit has been recorded."))
    return _detail_page(request, public_id, bound={"visit_form": form})


@actor_required
@require_POST
def cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    inspection = selectors.inspection_get(actor=actor, public_id=public_id)
    form = CancelForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.inspection_cancel(
                actor=actor, inspection=inspection, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The inspection has been cancelled."))
    return _detail_page(request, public_id, bound={"cancel_form": form})


@actor_required
@require_POST
def violation(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    inspection = selectors.inspection_get(actor=actor, public_id=public_id)
    form = ViolationForm(request.POST, prefix="violation")
    if form.is_valid():
        try:
            services.violation_record(actor=actor, inspection=inspection, data=form.values())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The violation has been recorded."), "violations")
    return _detail_page(request, public_id, bound={"violation_form": form})


@actor_required
@require_POST
def sanction(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    detail = selectors.inspection_detail(actor=actor, public_id=public_id)
    form = SanctionForm(
        request.POST, prefix="sanction", violations=_violation_choices(detail.violations)
    )
    if form.is_valid():
        found = selectors.violation_get(
            inspection=detail.inspection, violation_id=form.cleaned_data["violation"]
        )
        try:
            services.sanction_record(actor=actor, violation=found, data=form.values())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The sanction has been recorded."), "violations")
    return _detail_page(request, public_id, bound={"sanction_form": form})


@actor_required
@require_POST
def paid(request: HttpRequest, public_id: str, sanction_id: int) -> HttpResponse:
    actor = current_actor(request)
    inspection = selectors.inspection_get(actor=actor, public_id=public_id)
    found = selectors.sanction_get(inspection=inspection, sanction_id=sanction_id)
    form = PaidForm(request.POST, prefix="paid")
    if form.is_valid():
        try:
            services.sanction_paid(
                actor=actor, sanction=found, paid_on=form.cleaned_data["paid_on"]
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The fine is marked paid."), "violations")
    return _detail_page(request, public_id, bound={"paid_form": form})


@actor_required
@require_POST
def follow_up(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    inspection = selectors.inspection_get(actor=actor, public_id=public_id)
    form = FollowUpForm(
        request.POST, prefix="follow_up", inspectors=selectors.inspector_choices(actor=actor)
    )
    if form.is_valid():
        try:
            planned = services.follow_up_plan(
                actor=actor,
                inspection=inspection,
                planned_for=form.cleaned_data["planned_for"],
                inspector=form.cleaned_data["inspector"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up visit is planned."))
            return redirect(_inspection_url(planned.public_id))
    return _detail_page(request, public_id, bound={"follow_up_form": form})


@actor_required
@require_POST
def remedies(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    detail = selectors.inspection_detail(actor=actor, public_id=public_id)
    if detail.inspection.follow_up_of_id is None:
        raise NotFound(_("Remedies are recorded at a follow-up visit."))
    form = RemediesForm(
        request.POST,
        prefix="remedies",
        violations=_violation_choices(
            [r for r in detail.followed if r.violation.remedied_on is None]
        ),
    )
    if form.is_valid():
        try:
            services.violations_remedied(
                actor=actor,
                inspection=detail.inspection,
                violations=form.cleaned_data["violations"],
                remedied_on=form.cleaned_data["remedied_on"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The remedies have been recorded."), "remedies")
    return _detail_page(request, public_id, bound={"remedies_form": form})
