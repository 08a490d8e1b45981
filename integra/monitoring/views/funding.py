"""The funding pages (R26), under /funding/: the overview of a year, sources,
budget lines and the commitments and spending on them.

Thin, like the API: parse, call one service or selector, render. Readers:
core.access.can_see_funding; writers: can_manage_funding (the selectors and
services refuse everyone else).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core.errors import ValidationFailed
from integra.core.forms import add_errors
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.monitoring.forms_funding import (
    EntryForm,
    LineEditForm,
    LineFilterForm,
    LineForm,
    SourceForm,
    YearForm,
    line_initial,
)
from integra.monitoring.selectors import funding as selectors
from integra.monitoring.services import funding as services


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _line_url(public_id: str) -> str:
    return reverse("funding:line_detail", args=[public_id])


# --- The overview ---------------------------------------------------------------------------


@actor_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = YearForm(request.GET or None)
    result = selectors.overview(actor=actor, year=form.year_or_this())
    return render(
        request,
        "monitoring/funding/overview.html",
        {
            "form": form,
            "overview": result,
            "page": page_of(request, result.programmes),
            "querystring": query_without_page(request),
            "can_manage": selectors.can_manage(actor=actor),
        },
    )


# --- Sources --------------------------------------------------------------------------------


@actor_required
@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    page = page_of(request, selectors.source_list(actor=actor))
    return render(
        request,
        "monitoring/funding/sources.html",
        {
            "page": page,
            "querystring": query_without_page(request),
            "can_manage": selectors.can_manage(actor=actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def source_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_manage(actor)
    form = SourceForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.source_create(actor=actor, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The funding source is added."))
            return redirect("funding:sources")
    return render(request, "monitoring/funding/source_form.html", {"form": form, "source": None})


@actor_required
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_manage(actor)
    source = selectors.source_get(actor=actor, code=code)
    initial = services.source_data(source).__dict__
    form = SourceForm(_posted(request), initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.source_update(actor=actor, source=source, data=form.values(code=source.code))
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The funding source is saved."))
            return redirect("funding:sources")
    return render(request, "monitoring/funding/source_form.html", {"form": form, "source": source})


@actor_required
@require_POST
def source_deactivate(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_manage(actor)
    source = selectors.source_get(actor=actor, code=code)
    services.source_deactivate(actor=actor, source=source)
    messages.success(request, _("The source is no longer in use: no new budget line can name it."))
    return redirect("funding:sources")


# --- Budget lines ---------------------------------------------------------------------------


@actor_required
@require_GET
def line_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = LineFilterForm(request.GET or None)
    page = page_of(request, selectors.line_list(actor=actor, filters=form.filters()))
    return render(
        request,
        "monitoring/funding/lines.html",
        {
            "form": form,
            "page": page,
            "querystring": query_without_page(request),
            "can_manage": selectors.can_manage(actor=actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def line_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_manage(actor)
    form = LineForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            line = services.line_create(actor=actor, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The budget line is added."))
            return redirect(_line_url(line.public_id))
    return render(request, "monitoring/funding/line_form.html", {"form": form})


@actor_required
@require_GET
def line_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    line = selectors.line_get(actor=actor, public_id=public_id)
    return render(
        request,
        "monitoring/funding/line_detail.html",
        {
            "line": line,
            "remaining": line.amount - line.spent,  # type: ignore[attr-defined]  # annotated
            "over": line.spent > line.amount,  # type: ignore[attr-defined]  # annotated
            "cost": selectors.line_cost(line=line),
            "page": page_of(request, selectors.line_entries(line=line)),
            "querystring": query_without_page(request),
            "can_manage": selectors.can_manage(actor=actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_manage(actor)
    line = selectors.line_get(actor=actor, public_id=public_id)
    form = LineEditForm(_posted(request), initial=line_initial(line.amount, line.note))
    if request.method == "POST" and form.is_valid():
        try:
            services.line_update(
                actor=actor,
                line=line,
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The budget line is saved."))
            return redirect(_line_url(line.public_id))
    return render(request, "monitoring/funding/line_edit.html", {"form": form, "line": line})


@actor_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_manage(actor)
    line = selectors.line_get(actor=actor, public_id=public_id)
    form = EntryForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.entry_record(actor=actor, line=line, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The entry is recorded."))
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect(_line_url(line.public_id))
    return render(request, "monitoring/funding/entry_form.html", {"form": form, "line": line})
