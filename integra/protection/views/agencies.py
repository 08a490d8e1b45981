"""The recruitment agencies' pages: the public check "is this agency licensed?"
(anyone, no account, no script), and the licensing staff's register: agencies,
their licences and the decisions on them, contract templates, violations.

Thin, like the API: parse, call one service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core import ratelimit
from integra.core.errors import Conflict, NotFound, ValidationFailed
from integra.core.forms import add_errors
from integra.core.middleware import client_ip
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.protection.forms_agencies import (
    AgencyForm,
    AgencyListForm,
    ApplicationForm,
    CheckForm,
    ContractForm,
    DecisionForm,
    ViolationForm,
    agency_initial,
)
from integra.protection.licensing import Decision
from integra.protection.selectors import agencies as selectors
from integra.protection.services import agencies as services

# Anyone may check an agency; nobody may scrape the register at speed: lookups
# per client address in a window of seconds.
CHECK_LIMIT = 30
CHECK_WINDOW = 60


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form's data on a POST, even an empty one (its errors are then shown)."""
    return request.POST if request.method == "POST" else None


def _detail_url(public_id: str, anchor: str = "") -> str:
    url = reverse("agencies:detail", args=[public_id])
    return f"{url}#{anchor}" if anchor else url


# --- Public: is this agency licensed? ----------------------------------------------------


def _too_many_checks(request: HttpRequest) -> bool:
    return ratelimit.hit(
        f"agencies:check:{client_ip(request) or 'unknown'}",
        limit=CHECK_LIMIT,
        window_seconds=CHECK_WINDOW,
    )


@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """Open to everyone, signed in or not, and without script: the registered
    agencies that match a name or a registration number, each with its licence
    today in plain words and the history of its licences."""
    form = CheckForm(request.GET if "q" in request.GET else None)
    context: dict[str, object] = {"form": form, "looked_up": False, "result": None}
    if form.is_bound:
        if _too_many_checks(request):
            typed = request.GET.get("q", "")[:100]
            context.update(
                {
                    "form": CheckForm(initial={"q": typed}),
                    "throttled": True,
                    "minutes": max(CHECK_WINDOW // 60, 1),
                }
            )
            return render(request, "protection/agencies/check.html", context, status=429)
        if form.is_valid():
            context["looked_up"] = True
            context["result"] = selectors.public_check(query=form.cleaned_data["q"])
    return render(request, "protection/agencies/check.html", context)


# --- The register -----------------------------------------------------------------------------


@actor_required
@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = AgencyListForm(request.GET or None)
    page = page_of(
        request, selectors.agency_list(actor=actor, filters=selectors.Filters(**form.filters()))
    )
    return render(
        request,
        "protection/agencies/list.html",
        {
            "form": form,
            "page": page,
            "querystring": query_without_page(request),
            "rows": [(a, selectors.standing_label(a)) for a in page.object_list],
            "can_license": selectors.can_license(actor=actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def agency_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_license(actor)
    form = AgencyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_register(actor=actor, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The agency is in the register."))
            return redirect(_detail_url(agency.public_id))
    return render(request, "protection/agencies/agency_form.html", {"form": form, "agency": None})


@actor_required
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_license(actor)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    form = AgencyForm(_posted(request), initial=agency_initial(services.agency_data(agency)))
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(actor=actor, agency=agency, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The agency's details have been changed."))
            return redirect(_detail_url(agency.public_id))
    return render(request, "protection/agencies/agency_form.html", {"form": form, "agency": agency})


@actor_required
@require_GET
def agency_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    detail = selectors.agency_detail(actor=actor, public_id=public_id)
    return render(
        request,
        "protection/agencies/detail.html",
        {"detail": detail, "agency": detail.agency},
    )


# --- Licences -----------------------------------------------------------------------------------


@actor_required
@require_http_methods(["GET", "POST"])
def licence_apply(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_license(actor)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    form = ApplicationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            licence = services.licence_apply(actor=actor, agency=agency, data=form.values())
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The application has been recorded."))
            return redirect(_detail_url(agency.public_id, f"licence-{licence.pk}"))
    return render(
        request, "protection/agencies/licence_apply.html", {"form": form, "agency": agency}
    )


@actor_required
@require_http_methods(["GET", "POST"])
def licence_decide(
    request: HttpRequest, public_id: str, licence_id: int, decision: str
) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_license(actor)
    if decision not in {d.value for d in Decision}:
        raise NotFound(_("There is no such decision."))
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    licence = selectors.licence_get(actor=actor, agency=agency, licence_id=licence_id)
    row = selectors.licence_row(licence, actor=actor)
    form = DecisionForm(_posted(request), decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.licence_decide(actor=actor, licence=licence, data=form.values())
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect(_detail_url(agency.public_id, f"licence-{licence.pk}"))
    return render(
        request,
        "protection/agencies/licence_decide.html",
        {
            "form": form,
            "agency": agency,
            "row": row,
            "decision": decision,
            "title": selectors.DECISION_TITLES[decision],
            "open": decision in row.decisions,
        },
    )


# --- Contracts and violations ---------------------------------------------------------------------


@actor_required
@require_http_methods(["GET", "POST"])
def contract_upload(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_license(actor)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    form = ContractForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data, upload = form.upload()
        try:
            services.contract_upload(actor=actor, agency=agency, data=data, file=upload)
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The contract template is on file."))
            return redirect(_detail_url(agency.public_id, "contracts"))
    return render(
        request, "protection/agencies/contract_form.html", {"form": form, "agency": agency}
    )


@actor_required
@require_GET
def contract_download(request: HttpRequest, public_id: str, contract_id: int) -> FileResponse:
    actor = current_actor(request)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    contract = selectors.contract_get(actor=actor, agency=agency, contract_id=contract_id)
    response = FileResponse(
        selectors.contract_open(actor=actor, contract=contract),
        as_attachment=True,
        filename=contract.file_name,
        content_type=contract.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@actor_required
@require_http_methods(["GET", "POST"])
def violation_create(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_license(actor)
    agency = selectors.agency_get(actor=actor, public_id=public_id)
    form = ViolationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.violation_record(actor=actor, agency=agency, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The violation has been recorded."))
            return redirect(_detail_url(agency.public_id, "violations"))
    return render(
        request, "protection/agencies/violation_form.html", {"form": form, "agency": agency}
    )
