"""The caseworker's caseload: open plans, what is due soonest first."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.plans import selectors
from integra.plans.forms import CaseloadForm, ReassignForm
from integra.plans.services import workspace


@actor_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.can_use_caseload(actor=actor):
        if selectors.can_see_programmes(actor=actor):
            # Partners, teachers and inspectors read programmes but hold no plans.
            return redirect("plans:programme_list")
        raise PermissionDenied(_("Your role does not give access to integration plans."))
    mine_first = selectors.caseload_mine_first(actor=actor)
    programmes = [(p.code, p.name) for p in selectors.programme_list(actor=actor)]
    can_reassign = selectors.can_reassign(actor=actor)
    caseworkers = selectors.caseworker_choices(actor=actor) if can_reassign else []
    form = CaseloadForm(
        request.GET or None,
        programmes=programmes,
        caseworkers=caseworkers,
        initial={"whose": "mine" if mine_first else "all"},
    )
    filters = selectors.CaseloadFilters(mine=mine_first)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        whose = data["whose"] or ("mine" if mine_first else "all")
        filters = selectors.CaseloadFilters(
            mine=whose == "mine",
            status=data["status"],
            programme=data["programme"],
            due=data["due"],
            query=(data["q"] or "").strip().upper(),
            caseworker=data.get("caseworker") or "",
        )
    today = timezone.localdate()
    page = page_of(request, selectors.caseload(actor=actor, filters=filters, today=today))
    progress = selectors.progress_of(plans=page.object_list)
    template = "plans/_caseload_results.html" if request.htmx else "plans/caseload.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": [(plan, progress[plan.pk]) for plan in page.object_list],
            "today": today,
            "querystring": query_without_page(request),
            "can_manage": selectors.can_manage_programmes(actor=actor),
            "reassign": ReassignForm(caseworkers=caseworkers) if can_reassign else None,
            "next": request.get_full_path(),
        },
    )


@actor_required
@require_POST
def caseload_reassign(request: HttpRequest) -> HttpResponse:
    """A supervisor gives the ticked plans to another caseworker (all or none)."""
    actor = current_actor(request)
    if not selectors.can_reassign(actor=actor):
        raise PermissionDenied(_("Only a team's supervisor may reassign plans."))
    form = ReassignForm(request.POST, caseworkers=selectors.caseworker_choices(actor=actor))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("plans:caseload")
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
        return redirect(back)
    try:
        moved = workspace.plans_reassign(
            actor=actor,
            plan_ids=form.cleaned_data["plans"],
            caseworker=form.cleaned_data["caseworker"],
        )
    except ValidationFailed as error:
        for field_errors in error.field_errors.values():
            for message in field_errors:
                messages.error(request, message)
        if not error.field_errors:
            messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext("%(n)d plan reassigned.", "%(n)d plans reassigned.", moved) % {"n": moved},
        )
    return redirect(back)
