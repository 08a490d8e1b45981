"""The caseworker's caseload: open plans, what is due soonest first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from integra.core.errors import PermissionDenied
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.plans import selectors
from integra.plans.forms import CaseloadForm


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
    form = CaseloadForm(
        request.GET or None,
        programmes=programmes,
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
        },
    )
