"""The good practices pages, under /practices/ (R28): the library (search,
filters, the drafts and withdrawn practices one keeps), a practice, drafting and
changing one, publishing and withdrawing it.

Thin, like the API: parse, call one service or selector, render. A refused
action shows the page again with the errors beside the form that caused them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core.errors import Conflict, ValidationFailed
from integra.core.forms import add_errors
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.monitoring.forms_practices import (
    PracticeForm,
    PracticeListForm,
    WithdrawForm,
    practice_initial,
)
from integra.monitoring.selectors import practices as selectors
from integra.monitoring.services import practices as services


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _detail_url(public_id: str) -> str:
    return reverse("practices:detail", args=[public_id])


@actor_required
@require_GET
def practice_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = PracticeListForm(request.GET or None)
    filters = form.filters()
    page = page_of(request, selectors.practice_list(actor=actor, filters=filters))
    return render(
        request,
        "monitoring/practices/list.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (p, selectors.area_label(p.area), selectors.country_name(p.country))
                for p in page.object_list
            ],
            "status": filters.status or "published",
            "counts": selectors.by_status(actor),
            "filtered": selectors.has_filters(filters),
            "can_write": selectors.may_write(actor),
            "querystring": query_without_page(request),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard(actor)
    selectors.require_writer(actor)
    form = PracticeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.practice_create(actor=actor, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The draft has been saved. The coordinating authority publishes it."),
            )
            return redirect(_detail_url(practice.public_id))
    return render(request, "monitoring/practices/form.html", {"form": form, "practice": None})


@actor_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    detail = selectors.practice_detail(actor=actor, public_id=public_id)
    practice = detail.practice
    selectors.require_keeper(actor, practice)
    if not detail.can_edit:
        messages.error(request, _("A withdrawn practice is kept as it was withdrawn."))
        return redirect(_detail_url(public_id))
    form = PracticeForm(
        _posted(request), initial=practice_initial(services.practice_data(practice))
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_update(actor=actor, practice=practice, data=form.values())
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The practice has been changed."))
            return redirect(_detail_url(public_id))
    return render(request, "monitoring/practices/form.html", {"form": form, "practice": practice})


def _detail_page(
    request: HttpRequest, public_id: str, *, withdraw_form: WithdrawForm | None = None
) -> HttpResponse:
    detail = selectors.practice_detail(actor=current_actor(request), public_id=public_id)
    return render(
        request,
        "monitoring/practices/detail.html",
        {
            "detail": detail,
            "practice": detail.practice,
            "status": selectors.status_label(detail.practice.status),
            "withdraw_form": withdraw_form or WithdrawForm(),
        },
    )


@actor_required
@require_GET
def practice_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _detail_page(request, public_id)


@actor_required
@require_POST
def practice_publish(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    practice = selectors.practice_get(actor=actor, public_id=public_id)
    try:
        services.practice_publish(actor=actor, practice=practice)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The practice is published in the library."))
    return redirect(_detail_url(public_id))


@actor_required
@require_POST
def practice_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    practice = selectors.practice_get(actor=actor, public_id=public_id)
    selectors.require_curator(actor)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.practice_withdraw(
                actor=actor, practice=practice, reason=form.cleaned_data["reason"]
            )
        except ValidationFailed as error:
            add_errors(form, error)
        except Conflict as error:
            messages.error(request, error.message)
            return redirect(_detail_url(public_id))
        else:
            messages.success(request, _("The practice has been withdrawn from the library."))
            return redirect(_detail_url(public_id))
    return _detail_page(request, public_id, withdraw_form=form)
