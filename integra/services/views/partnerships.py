"""Partnerships (memoranda of understanding): staff of the parties read them; the
coordinating authority records, changes and terminates them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.services import selectors
from integra.services.forms import PartnershipForm, PartnershipListForm, TerminateForm, add_errors
from integra.services.services import directory as services
from integra.services.views.common import labelled


def _guard_read(actor: Actor) -> None:
    if not selectors.can_search_directory(actor=actor):
        raise PermissionDenied(_("Your role does not work with partners."))


def _guard_manage(actor: Actor) -> None:
    if not selectors.can_manage_partnerships(actor=actor):
        raise PermissionDenied(_("Partnerships are recorded by the coordinating authority."))


@actor_required
@require_GET
def partnership_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    _guard_read(actor)
    form = PartnershipListForm(request.GET or None)
    show = form.cleaned_data["show"] if form.is_bound and form.is_valid() else ""
    today = timezone.localdate()
    page = page_of(
        request,
        selectors.partnership_list(actor=actor, current_on=None if show == "all" else today),
    )
    return render(
        request,
        "services/partnership_list.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (partnership, labelled(partnership.scope, selectors.category_choices()))
                for partnership in page.object_list
            ],
            "show_all": show == "all",
            "today": today,
            "querystring": query_without_page(request),
            "can_manage": selectors.can_manage_partnerships(actor=actor),
        },
    )


@actor_required
@require_GET
def partnership_detail(request: HttpRequest, partnership_id: str) -> HttpResponse:
    actor = current_actor(request)
    partnership = selectors.partnership_get(actor=actor, public_id=partnership_id)
    today = timezone.localdate()
    return render(
        request,
        "services/partnership_detail.html",
        {
            "partnership": partnership,
            "parties": sorted(partnership.parties.all(), key=lambda o: (o.name, o.pk)),
            "scope": labelled(partnership.scope, selectors.category_choices()),
            "shareable": labelled(partnership.shareable, selectors.shared_field_choices()),
            "is_current": partnership.valid_on(today),
            "can_manage": selectors.can_manage_partnerships(actor=actor)
            and partnership.terminated_on is None,
            "today": today,
        },
    )


def _partnership_form(
    actor: Actor, data: QueryDict | None, *, initial: dict[str, object] | None = None
) -> PartnershipForm:
    return PartnershipForm(
        data,
        organisations=[(o.code, o.name) for o in selectors.manageable_organisations(actor=actor)],
        categories=selectors.category_choices(),
        shareable=selectors.shared_field_choices(),
        initial=initial,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    _guard_manage(actor)
    form = _partnership_form(
        actor, request.POST or None, initial={"valid_from": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partnership_save(
                actor=actor, data=services.PartnershipData(**form.values())
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The partnership has been recorded."))
            return redirect("services:partnership_detail", partnership_id=partnership.public_id)
    return render(
        request,
        "services/partnership_form.html",
        {"form": form, "title": _("New partnership"), "partnership": None},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, partnership_id: str) -> HttpResponse:
    actor = current_actor(request)
    partnership = selectors.partnership_get(actor=actor, public_id=partnership_id)
    _guard_manage(actor)
    if partnership.terminated_on is not None:
        messages.error(request, _("This partnership was terminated; record a new one."))
        return redirect("services:partnership_detail", partnership_id=partnership.public_id)
    form = _partnership_form(
        actor,
        request.POST or None,
        initial={
            "title": partnership.title,
            "parties": [o.code for o in partnership.parties.all()],
            "scope": partnership.scope,
            "shareable": partnership.shareable,
            "valid_from": partnership.valid_from,
            "valid_until": partnership.valid_until,
            "document_reference": partnership.document_reference,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_save(
                actor=actor,
                data=services.PartnershipData(**form.values()),
                partnership=partnership,
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The partnership has been saved."))
            return redirect("services:partnership_detail", partnership_id=partnership.public_id)
    return render(
        request,
        "services/partnership_form.html",
        {"form": form, "title": _("Change the partnership"), "partnership": partnership},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def partnership_terminate(request: HttpRequest, partnership_id: str) -> HttpResponse:
    actor = current_actor(request)
    partnership = selectors.partnership_get(actor=actor, public_id=partnership_id)
    _guard_manage(actor)
    if partnership.terminated_on is not None:
        messages.error(request, _("This partnership is already terminated."))
        return redirect("services:partnership_detail", partnership_id=partnership.public_id)
    form = TerminateForm(request.POST or None, initial={"terminated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_terminate(
                actor=actor, partnership=partnership, on=form.cleaned_data["terminated_on"]
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error, rename={"on": "terminated_on"})
        else:
            messages.success(request, _("The partnership has been terminated."))
            return redirect("services:partnership_detail", partnership_id=partnership.public_id)
    return render(
        request,
        "services/partnership_terminate.html",
        {"form": form, "partnership": partnership},
    )
