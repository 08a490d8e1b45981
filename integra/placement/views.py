"""The vacancy pages of employers, employment offices and coordinators: their
vacancies, posting one, changing it, and closing it as filled or withdrawn.

Thin, like the API: parse, call one service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.forms import add_errors
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.placement import selectors, services
from integra.placement.forms import CloseForm, VacancyForm, VacancyListForm, initial_of


def _guard(actor: Actor) -> None:
    if not selectors.can_post_vacancies(actor=actor):
        raise PermissionDenied(
            _("Vacancies are posted by employers, employment offices and the coordinators.")
        )


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form's data on a POST, even an empty one (its errors are then shown)."""
    return request.POST if request.method == "POST" else None


def _list_url() -> str:
    return reverse("placement:list")


@actor_required
@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    _guard(actor)
    form = VacancyListForm(request.GET or None)
    page = page_of(
        request,
        selectors.vacancy_list(actor=actor, filters=selectors.StaffFilters(**form.filters())),
    )
    return render(
        request,
        "placement/vacancy_list.html",
        {
            "form": form,
            "page": page,
            "querystring": query_without_page(request),
            "can_post": bool(selectors.posting_organisations(actor=actor)),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def vacancy_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    _guard(actor)
    organisations = selectors.posting_organisations(actor=actor)
    if not organisations:
        raise PermissionDenied(_("There is no employer or employment office you post for."))
    form = VacancyForm(_posted(request), organisations=[(o.code, o.name) for o in organisations])
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.vacancy_create(actor=actor, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The vacancy has been posted."))
            return redirect(f"{_list_url()}#{vacancy.public_id}")
    return render(
        request,
        "placement/vacancy_form.html",
        {"form": form, "vacancy": None, "regions": selectors.known_regions()},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    vacancy = selectors.vacancy_get(actor=actor, public_id=public_id)
    form = VacancyForm(_posted(request), initial=initial_of(services.vacancy_data(vacancy)))
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_update(actor=actor, vacancy=vacancy, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        except Conflict as error:
            conflict = error.message
        else:
            messages.success(request, _("The vacancy has been changed."))
            return redirect(f"{_list_url()}#{vacancy.public_id}")
    return render(
        request,
        "placement/vacancy_form.html",
        {
            "form": form,
            "vacancy": vacancy,
            "conflict": conflict,
            "regions": selectors.known_regions(),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def vacancy_close(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    vacancy = selectors.vacancy_get(actor=actor, public_id=public_id)
    form = CloseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_close(actor=actor, vacancy=vacancy, status=form.cleaned_data["status"])
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The vacancy has been closed."))
            return redirect(f"{_list_url()}#{vacancy.public_id}")
    return render(request, "placement/vacancy_close.html", {"form": form, "vacancy": vacancy})
