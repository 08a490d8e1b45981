"""Family-reunification and naturalisation requests (R2): open, follow, decide."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core.errors import Conflict, NotFound, ValidationFailed
from integra.core.forms import add_service_errors
from integra.core.views.base import actor_required, current_actor
from integra.people import selectors
from integra.people.forms import (
    FamilyMemberForm,
    RequestDocumentForm,
    RequestForm,
    RequestStatusForm,
)
from integra.people.services import requests


@actor_required
@require_http_methods(["GET", "POST"])
def request_open(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id)
    if not selectors.can_see_requests(actor=actor, person=person):
        raise NotFound(_("There is no such page."))  # the firewall: not even a 403
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = requests.request_open(actor=actor, person=person, **form.cleaned_data)
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The request has been recorded."))
            return redirect("people:request_detail", request_id=opened.public_id)
    return render(request, "people/request_open.html", {"form": form, "person": person})


@actor_required
@require_GET
def request_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    found = selectors.request_get(actor=current_actor(request), public_id=request_id)
    return render(
        request,
        "people/request_detail.html",
        {
            "request_": found,
            "history": found.events.select_related("recorded_by"),
            "members": found.members.order_by("pk"),
            "documents": found.documents.order_by("received_on", "pk"),
        },
    )


def _change_request(
    request: HttpRequest,
    request_id: str,
    *,
    form: forms.Form,
    service: Callable[..., object],
    title: str,
    done: str,
) -> HttpResponse:
    """The shape of each page that adds a step, a family member or a document."""
    actor = current_actor(request)
    found = selectors.request_get(actor=actor, public_id=request_id)
    if found.is_closed:
        messages.error(request, _("This request is closed: it changes no more."))
        return redirect("people:request_detail", request_id=found.public_id)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=actor, request=found, **form.cleaned_data)
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("people:request_detail", request_id=found.public_id)
    return render(
        request, "people/request_form.html", {"form": form, "request_": found, "title": title}
    )


@actor_required
@require_http_methods(["GET", "POST"])
def request_status(request: HttpRequest, request_id: str) -> HttpResponse:
    return _change_request(
        request,
        request_id,
        form=RequestStatusForm(request.POST or None),
        service=requests.request_status,
        title=_("Record the next step"),
        done=_("The request's status has been recorded."),
    )


@actor_required
@require_http_methods(["GET", "POST"])
def request_member_add(request: HttpRequest, request_id: str) -> HttpResponse:
    return _change_request(
        request,
        request_id,
        form=FamilyMemberForm(request.POST or None),
        service=requests.request_member_add,
        title=_("Add a family member abroad"),
        done=_("The family member has been added."),
    )


@actor_required
@require_http_methods(["GET", "POST"])
def request_document_add(request: HttpRequest, request_id: str) -> HttpResponse:
    return _change_request(
        request,
        request_id,
        form=RequestDocumentForm(request.POST or None),
        service=requests.request_document_add,
        title=_("Record a document handed in"),
        done=_("The document has been recorded."),
    )
