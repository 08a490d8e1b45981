"""The partner directory: the internal one for staff who refer, receive and
coordinate; the public one for migrants and everyone else, without sign-in;
a service's page, and the form that describes a service."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core import selectors as core
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.people import selectors as people
from integra.services import selectors
from integra.services.forms import DirectoryForm, ServiceForm, add_errors, locations_text
from integra.services.services import directory as services
from integra.services.views.common import public_view


@require_GET
def public_directory(request: HttpRequest) -> HttpResponse:
    """Open to everyone, signed in or not: public services only, public fields only."""
    form = DirectoryForm(request.GET or None, categories=selectors.category_choices())
    filters = selectors.DirectoryFilters(**form.filters())
    page = page_of(request, selectors.directory(actor=None, filters=filters))
    template = (
        "services/_public_results.html"
        if request.htmx  # type: ignore[attr-defined]
        else "services/public_directory.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": [public_view(service) for service in page.object_list],
            "querystring": query_without_page(request),
        },
    )


@actor_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.can_search_directory(actor=actor):
        # Migrants, analysts, inspectors…: the public directory is theirs.
        return redirect("services:public_directory")
    form = DirectoryForm(
        request.GET or None,
        categories=selectors.category_choices(),
        organisations=[(o.code, o.name) for o in core.organisation_list(actor=actor)],
    )
    filters = selectors.DirectoryFilters(**form.filters())
    page = page_of(request, selectors.directory(actor=actor, filters=filters))
    categories = dict(selectors.category_choices())
    template = (
        "services/_directory_results.html"
        if request.htmx  # type: ignore[attr-defined]
        else "services/directory.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": [
                (service, categories.get(service.category, service.category))
                for service in page.object_list
            ],
            "querystring": query_without_page(request),
            "can_add": selectors.manageable_organisations(actor=actor).exists(),
        },
    )


@actor_required
@require_GET
def service_detail(request: HttpRequest, organisation: str, code: str) -> HttpResponse:
    actor = current_actor(request)
    service = selectors.service_get(actor=actor, organisation=organisation, code=code)
    internal = selectors.can_search_directory(actor=actor)
    return render(
        request,
        "services/service_detail.html",
        {
            "public": public_view(service),
            # The whole record only for staff; everyone else reads the public fields.
            "service": service if internal else None,
            "can_manage": selectors.can_manage_services(
                actor=actor, organisation=service.organisation
            ),
        },
    )


def _service_form(
    data: QueryDict | None,
    *,
    organisations: list[tuple[str, str]],
    initial: dict[str, object],
    editing: bool = False,
) -> ServiceForm:
    return ServiceForm(
        data,
        organisations=organisations,
        categories=selectors.category_choices(),
        statuses=people.status_choices(),
        editing=editing,
        initial=initial,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    organisations = [(o.code, o.name) for o in selectors.manageable_organisations(actor=actor)]
    if not organisations:
        raise PermissionDenied(_("You may not describe any organisation's services."))
    wanted = request.GET.get("organisation", "")
    if wanted not in {code for code, _name in organisations}:
        wanted = organisations[0][0] if len(organisations) == 1 else ""
    form = _service_form(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": wanted, "is_public": True, "is_active": True},
    )
    if request.method == "POST" and form.is_valid():
        organisation = selectors.organisation_get(code=form.cleaned_data["organisation"])
        try:
            service = services.service_save(
                actor=actor, organisation=organisation, data=services.ServiceData(**form.values())
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The service has been added to the directory."))
            return redirect(
                "services:service_detail", organisation=organisation.code, code=service.code
            )
    return render(
        request,
        "services/service_form.html",
        {"form": form, "title": _("New service"), "service": None},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, organisation: str, code: str) -> HttpResponse:
    actor = current_actor(request)
    service = selectors.service_get(actor=actor, organisation=organisation, code=code)
    if not selectors.can_manage_services(actor=actor, organisation=service.organisation):
        raise PermissionDenied(_("You may not describe this organisation's services."))
    initial = {
        name: getattr(service, name)
        for name in ServiceForm.base_fields
        if name not in {"organisation", "languages", "locations"}
    }
    initial["organisation"] = service.organisation.code
    initial["languages"] = ", ".join(service.languages)
    initial["locations"] = locations_text(list(service.locations.all()))
    form = _service_form(
        request.POST or None,
        organisations=[(service.organisation.code, service.organisation.name)],
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.service_save(
                actor=actor,
                organisation=service.organisation,
                data=services.ServiceData(**form.values()),
                service=service,
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The service has been saved."))
            return redirect(
                "services:service_detail", organisation=service.organisation.code, code=service.code
            )
    return render(
        request,
        "services/service_form.html",
        {
            "form": form,
            "title": _("Change the service"),
            "service": service,
        },
    )
