"""The audit log for data-protection officers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from integra.core import access, selectors
from integra.core.forms import (
    AuditFilterForm,
)
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page

# --- Audit (data-protection officer) ----------------------------------------------


@actor_required
@require_GET
def audit_search(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not access.can_view_audit(actor):
        return render(
            request,
            "403.html",
            {"message": _("Only data-protection officers may search the audit log.")},
            status=403,
        )
    form = AuditFilterForm(request.GET or None)
    filters = selectors.AuditFilters()
    if form.is_valid():
        filters = selectors.AuditFilters(**form.cleaned_data)
    entries = selectors.audit_search(actor=actor, filters=filters)
    template = "core/_audit_rows.html" if request.htmx else "core/audit.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "form": form,
            "page": page_of(request, entries),
            "grants": selectors.break_glass_list(actor=actor)[:20],
            "now": timezone.now(),
            "querystring": query_without_page(request),
        },
    )
