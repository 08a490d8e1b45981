"""The handlers' complaint pages: the triage list (urgent first), a complaint
with its evidence and history, the actions on it, and the routing rules.

For the inspectors of the organisations that handle complaints; behind the
firewall, anyone who can see legal status gets nothing here (403 on the lists,
404 on a complaint). Thin, like the API: parse, call one service or selector,
render. Every action is a POST from the complaint's page; a refused one shows
the page again with the errors beside the form that caused them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core.access import Actor
from integra.core.errors import ApplicationError, Conflict, PermissionDenied
from integra.core.forms import add_service_errors
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.protection.forms_complaints import (
    CloseForm,
    ForcedLabourForm,
    IndicatorForm,
    RouteForm,
    RoutingRuleForm,
    TriageForm,
    UpdateForm,
)
from integra.protection.forms_inspections import ComplaintLinkForm
from integra.protection.selectors import complaints as selectors
from integra.protection.selectors import inspections as inspection_selectors
from integra.protection.services import complaint_handling as handling
from integra.protection.services import inspections as inspection_services


def _guard(actor: Actor) -> None:
    if not selectors.handles_complaints(actor=actor):
        raise PermissionDenied(
            _("Complaints are read by the inspectors of the organisations that handle them.")
        )


def _organisations(*, except_code: str = "") -> list[tuple[str, str]]:
    return [(o.code, o.name) for o in selectors.handling_organisations() if o.code != except_code]


@actor_required
@require_GET
def triage(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    _guard(actor)
    form = TriageForm(request.GET or None)
    page = page_of(
        request,
        selectors.complaint_list(actor=actor, filters=selectors.ComplaintFilters(**form.filters())),
    )
    return render(
        request,
        "protection/complaints/triage.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.complaint_rows(complaints=page.object_list),
            "querystring": query_without_page(request),
            "can_route": selectors.can_manage_routing(actor=actor),
        },
    )


def _forms(complaint_code: str) -> dict[str, forms.Form]:
    return {
        "update_form": UpdateForm(prefix="update"),
        "route_form": RouteForm(
            prefix="route", organisations=_organisations(except_code=complaint_code)
        ),
        "flag_form": IndicatorForm(prefix="flag"),
        "decide_form": ForcedLabourForm(prefix="decide"),
        "close_form": CloseForm(prefix="close"),
    }


def _detail_page(
    request: HttpRequest, public_id: str, *, bound: dict[str, Any] | None = None
) -> HttpResponse:
    actor = current_actor(request)
    detail = selectors.complaint_detail(actor=actor, public_id=public_id)
    routed = detail.complaint.routed_to.code if detail.complaint.routed_to else ""
    context: dict[str, Any] = {
        "detail": detail,
        "complaint": detail.complaint,
        "is_handler": detail.complaint.handler_id == actor.user.pk,
        **_forms(routed),
        **_workplace_form(actor, detail.complaint.workplace_record),
        **(bound or {}),
    }
    return render(request, "protection/complaints/detail.html", context)


@actor_required
@require_GET
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _detail_page(request, public_id)


def _done(request: HttpRequest, public_id: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("complaints:detail", public_id=public_id)


@actor_required
@require_POST
def assign(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    complaint = selectors.complaint_get(actor=actor, public_id=public_id)
    try:
        handling.complaint_assign(actor=actor, complaint=complaint)
    except Conflict as error:
        messages.error(request, error.message)
        return redirect("complaints:detail", public_id=public_id)
    return _done(request, public_id, _("You handle this complaint now."))


@actor_required
@require_POST
def update(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    complaint = selectors.complaint_get(actor=actor, public_id=public_id)
    form = UpdateForm(request.POST, prefix="update")
    if form.is_valid():
        try:
            handling.complaint_update(
                actor=actor,
                complaint=complaint,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                public=form.cleaned_data["public"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The complaint has been updated."))
    return _detail_page(request, public_id, bound={"update_form": form})


@actor_required
@require_POST
def route(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    complaint = selectors.complaint_get(actor=actor, public_id=public_id)
    routed = complaint.routed_to.code if complaint.routed_to else ""
    form = RouteForm(request.POST, prefix="route", organisations=_organisations(except_code=routed))
    if form.is_valid():
        try:
            moved = handling.complaint_route(
                actor=actor,
                complaint=complaint,
                organisation=form.cleaned_data["organisation"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The complaint was sent to %(organisation)s.")
                % {"organisation": moved.routed_to.name if moved.routed_to else ""},
            )
            if selectors.can_see(actor=actor, complaint=moved):
                return redirect("complaints:detail", public_id=public_id)
            return redirect("complaints:triage")
    return _detail_page(request, public_id, bound={"route_form": form})


@actor_required
@require_POST
def flag(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    complaint = selectors.complaint_get(actor=actor, public_id=public_id)
    form = IndicatorForm(request.POST, prefix="flag")
    if form.is_valid():
        try:
            handling.indicator_flag(
                actor=actor,
                complaint=complaint,
                indicator=form.cleaned_data["indicator"],
                evidence_text=form.cleaned_data["evidence"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The indicator has been flagged."))
    return _detail_page(request, public_id, bound={"flag_form": form})


@actor_required
@require_POST
def unflag(request: HttpRequest, public_id: str, indicator: str) -> HttpResponse:
    actor = current_actor(request)
    complaint = selectors.complaint_get(actor=actor, public_id=public_id)
    try:
        handling.indicator_withdraw(actor=actor, complaint=complaint, indicator=indicator)
    except Conflict as error:
        messages.error(request, error.message)
        return redirect("complaints:detail", public_id=public_id)
    return _done(request, public_id, _("The indicator has been withdrawn."))


@actor_required
@require_POST
def decide(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    complaint = selectors.complaint_get(actor=actor, public_id=public_id)
    form = ForcedLabourForm(request.POST, prefix="decide")
    if form.is_valid():
        try:
            handling.forced_labour_decide(
                actor=actor,
                complaint=complaint,
                found=form.cleaned_data["decision"] == "yes",
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The decision has been recorded."))
    return _detail_page(request, public_id, bound={"decide_form": form})


@actor_required
@require_POST
def close(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    complaint = selectors.complaint_get(actor=actor, public_id=public_id)
    form = CloseForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            handling.complaint_close(actor=actor, complaint=complaint, closing=form.closing())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The complaint has been closed."))
    return _detail_page(request, public_id, bound={"close_form": form})


@actor_required
@require_GET
def attachment(request: HttpRequest, public_id: str, attachment_id: int) -> FileResponse:
    actor = current_actor(request)
    complaint = selectors.complaint_get(actor=actor, public_id=public_id)
    found, handle = selectors.attachment_open(
        actor=actor, complaint=complaint, attachment_id=attachment_id
    )
    return FileResponse(
        handle, as_attachment=True, filename=found.file_name, content_type=found.content_type
    )


@actor_required
@require_http_methods(["GET", "POST"])
def routing(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    rules = selectors.routing_rules(actor=actor)
    form = RoutingRuleForm(
        request.POST if request.method == "POST" else None, organisations=_organisations()
    )
    if request.method == "POST" and form.is_valid():
        try:
            handling.routing_rule_create(actor=actor, **form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The routing rule has been added."))
            return redirect("complaints:routing")
    return render(
        request,
        "protection/complaints/routing.html",
        {
            "form": form,
            "rules": [
                {"rule": rule, "category": selectors.category_label(rule.category)}
                for rule in rules
            ],
            "regions": selectors.known_regions(),
        },
    )


@actor_required
@require_POST
def routing_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    actor = current_actor(request)
    handling.routing_rule_delete(
        actor=actor, rule=selectors.routing_rule_get(actor=actor, rule_id=rule_id)
    )
    messages.success(request, _("The routing rule has been removed."))
    return redirect("complaints:routing")


# --- The workplace, as the labour inspectorate knows it ---------------------------------------


def _workplace_form(actor: Actor, current: Any) -> dict[str, Any]:
    """The "link to a workplace" form, for a handler who also inspects."""
    if not inspection_selectors.can_inspect(actor=actor):
        return {}
    return {
        "workplace_form": ComplaintLinkForm(
            prefix="workplace", initial={"workplace": current.public_id if current else ""}
        )
    }


@actor_required
@require_POST
def link_workplace(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    complaint = selectors.complaint_get(actor=actor, public_id=public_id)
    inspection_selectors.guard(actor)
    form = ComplaintLinkForm(request.POST, prefix="workplace")
    if form.is_valid():
        try:
            inspection_services.complaint_workplace_link(
                actor=actor, complaint=complaint, workplace=form.cleaned_data["workplace"]
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The complaint's workplace has been recorded."))
    return _detail_page(request, public_id, bound={"workplace_form": form})
