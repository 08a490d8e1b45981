"""Programmes (R6): every member of staff reads them; the coordinating authority
defines them, their measures and their incentives."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor
from integra.plans import selectors
from integra.plans.forms import IncentiveForm, ProgrammeForm, ProgrammeMeasureForm, add_errors
from integra.plans.services import programmes as services
from integra.plans.views.common import labelled

if TYPE_CHECKING:
    from integra.plans.models import Programme


def _guard_manage(actor: Actor) -> None:
    if not selectors.can_manage_programmes(actor=actor):
        raise PermissionDenied(_("Only the coordinating authority manages programmes."))


@actor_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return render(
        request,
        "plans/programme_list.html",
        {
            "programmes": selectors.programme_list(actor=actor),
            "can_manage": selectors.can_manage_programmes(actor=actor),
        },
    )


@actor_required
@require_GET
def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    programme = selectors.programme_get(actor=actor, code=code)
    domains = selectors.domain_labels()
    return render(
        request,
        "plans/programme_detail.html",
        {
            "programme": programme,
            "domains": labelled(programme.domains, domains),
            "statuses": labelled(programme.eligible_statuses, selectors.status_labels()),
            "measures": selectors.programme_measures(programme=programme),
            "incentives": selectors.programme_incentives(programme=programme),
            "can_manage": selectors.can_manage_programmes(actor=actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    _guard_manage(actor)
    form = ProgrammeForm(
        request.POST or None,
        statuses=list(selectors.status_labels().items()),
        initial={"country": selectors.acting_country(actor=actor)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_save(
                actor=actor, data=services.ProgrammeData(**form.values())
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The programme has been created."))
            return redirect("plans:programme_detail", code=programme.code)
    return render(
        request,
        "plans/programme_form.html",
        {"form": form, "title": _("New programme"), "programme": None},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    programme = selectors.programme_get(actor=actor, code=code)
    _guard_manage(actor)
    initial = {
        name: getattr(programme, name)
        for name in ProgrammeForm.base_fields
        if hasattr(programme, name)
    }
    form = ProgrammeForm(
        request.POST or None,
        statuses=list(selectors.status_labels().items()),
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(
                actor=actor, data=services.ProgrammeData(**form.values()), programme=programme
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The programme has been saved."))
            return redirect("plans:programme_detail", code=programme.code)
    return render(
        request,
        "plans/programme_form.html",
        {"form": form, "title": _("Change the programme"), "programme": programme},
    )


def _programme_part(
    request: HttpRequest,
    code: str,
    *,
    build: Callable[[Programme, QueryDict | None], forms.Form],
    save: Callable[[Actor, Programme, forms.Form], object],
    title: str,
    done: str,
    anchor: str,
) -> HttpResponse:
    """The shape of the pages that add a measure or an incentive to a programme."""
    actor = current_actor(request)
    programme = selectors.programme_get(actor=actor, code=code)
    _guard_manage(actor)
    form = build(programme, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor, programme, form)
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            target = reverse("plans:programme_detail", args=[programme.code])
            return redirect(f"{target}#{anchor}")
    return render(
        request,
        "plans/programme_part_form.html",
        {"form": form, "programme": programme, "title": title},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def programme_measure_add(request: HttpRequest, code: str) -> HttpResponse:
    def save(actor: Actor, programme: Programme, form: forms.Form) -> object:
        return services.programme_measure_add(
            actor=actor,
            programme=programme,
            data=services.ProgrammeMeasureData(**form.cleaned_data),
        )

    return _programme_part(
        request,
        code,
        build=lambda programme, data: ProgrammeMeasureForm(data, domains=programme.domains),
        save=save,
        title=_("Add a measure to the programme"),
        done=_("The measure has been added."),
        anchor="measures",
    )


@actor_required
@require_http_methods(["GET", "POST"])
def incentive_add(request: HttpRequest, code: str) -> HttpResponse:
    def build(programme: Programme, data: QueryDict | None) -> forms.Form:
        measures = selectors.programme_measures(programme=programme)
        return IncentiveForm(data, measures=[(m.code, m.title) for m in measures])

    return _programme_part(
        request,
        code,
        build=build,
        save=lambda actor, programme, form: services.incentive_add(
            actor=actor, programme=programme, **form.cleaned_data
        ),
        title=_("Add an incentive"),
        done=_("The incentive has been added."),
        anchor="incentives",
    )


@actor_required
@require_POST
def programme_measure_remove(request: HttpRequest, code: str, measure_code: str) -> HttpResponse:
    actor = current_actor(request)
    programme = selectors.programme_get(actor=actor, code=code)
    _guard_manage(actor)
    try:
        services.programme_measure_remove(actor=actor, programme=programme, code=measure_code)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The measure has been removed from the programme."))
    return redirect(f"{reverse('plans:programme_detail', args=[programme.code])}#measures")
