"""The caseworkers' side of the portal: invite a person, write to them, set
appointments, see the conversations waiting for an answer."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from integra.core.errors import ApplicationError
from integra.core.forms import add_service_errors
from integra.core.views.base import actor_required, current_actor
from integra.portal.forms import AppointmentForm, InviteForm, MessageForm
from integra.portal.selectors import mine as selectors
from integra.portal.services import accounts
from integra.portal.services import mine as services


@require_GET
@actor_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.staff_inbox(actor=current_actor(request))
    return render(request, "portal/staff/inbox.html", {"rows": rows})


def _page(
    request: HttpRequest,
    public_id: str,
    *,
    invite_form: InviteForm | None = None,
    message_form: MessageForm | None = None,
    appointment_form: AppointmentForm | None = None,
    invitation: accounts.Invitation | None = None,
    status: int = 200,
) -> HttpResponse:
    state = selectors.person_portal(actor=current_actor(request), public_id=public_id)
    response = render(
        request,
        "portal/staff/person.html",
        {
            "state": state,
            "person": state.person,
            "invite_form": invite_form or InviteForm(initial={"channel": "sms"}),
            "message_form": message_form or MessageForm(),
            "appointment_form": appointment_form or AppointmentForm(),
            "invitation": invitation,
            "now": timezone.now(),
        },
        status=status,
    )
    if invitation is not None:
        response["Cache-Control"] = "no-store"  # the code is shown once
    return response


@require_GET
@actor_required
def person_portal(request: HttpRequest, public_id: str) -> HttpResponse:
    return _page(request, public_id)


@never_cache
@require_POST
@actor_required
def invite(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.person_for_staff(actor=actor, public_id=public_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = accounts.invite(
                actor=actor, person=person, channel=form.cleaned_data["channel"]
            )
        except ApplicationError as error:
            if error.status == 403:
                raise
            add_service_errors(form, error)
        else:
            return _page(request, public_id, invitation=invitation)
    return _page(request, public_id, invite_form=form, status=400)


@require_POST
@actor_required
def disable(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.person_for_staff(actor=actor, public_id=public_id)
    try:
        accounts.disable(actor=actor, person=person)
    except ApplicationError as error:
        if error.status == 403:
            raise
        flash.error(request, error.message)
    else:
        flash.success(request, _("The portal account is disabled. A new invitation opens it."))
    return redirect("portal_staff:person", public_id=public_id)


@require_POST
@actor_required
def message_send(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.person_for_staff(actor=actor, public_id=public_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_to_person(actor=actor, person=person, body=form.cleaned_data["body"])
        except ApplicationError as error:
            if error.status == 403:
                raise
            add_service_errors(form, error)
        else:
            flash.success(request, _("Your message was sent."))
            return redirect("portal_staff:person", public_id=public_id)
    return _page(request, public_id, message_form=form, status=400)


@require_POST
@actor_required
def appointment_add(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.person_for_staff(actor=actor, public_id=public_id)
    form = AppointmentForm(request.POST)
    if form.is_valid():
        try:
            services.appointment_add(actor=actor, person=person, **form.cleaned_data)
        except ApplicationError as error:
            if error.status == 403:
                raise
            add_service_errors(form, error)
        else:
            flash.success(request, _("The appointment is set; the person sees it in the portal."))
            return redirect("portal_staff:person", public_id=public_id)
    return _page(request, public_id, appointment_form=form, status=400)


@require_POST
@actor_required
def appointment_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    appointment = selectors.appointment_for_staff(actor=actor, public_id=public_id)
    try:
        services.appointment_cancel(actor=actor, appointment=appointment)
    except ApplicationError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, _("The appointment is cancelled."))
    return redirect("portal_staff:person", public_id=appointment.person.public_id)
