"""The migrant's own pages: my integration, plan, courses, referrals and
appointments, documents, messages, consents, a copy of my data, my household."""

from __future__ import annotations

import json

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core.errors import ApplicationError
from integra.core.forms import add_service_errors
from integra.core.roles import OrganisationKind
from integra.core.views.base import current_actor, page_of
from integra.people import selectors as people_selectors
from integra.portal.forms import ConsentForm, MessageForm
from integra.portal.selectors import mine as selectors
from integra.portal.services import mine as services
from integra.portal.views.common import migrant_required


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: what is next for me. Otherwise: what the portal offers, and the
    way in."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "portal/landing.html")
    if not user.portal_only:
        return redirect("core:home")
    return _overview(request)


@migrant_required
def _overview(request: HttpRequest) -> HttpResponse:
    overview = selectors.overview(actor=current_actor(request))
    return render(request, "portal/home.html", {"overview": overview})


@require_GET
@migrant_required
def plan(request: HttpRequest) -> HttpResponse:
    views = selectors.own_plan(actor=current_actor(request))
    return render(request, "portal/plan.html", {"plans": views})


@require_GET
@migrant_required
def courses(request: HttpRequest) -> HttpResponse:
    rows = selectors.own_courses(actor=current_actor(request))
    return render(request, "portal/courses.html", {"rows": rows})


@require_GET
@migrant_required
def referrals(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return render(
        request,
        "portal/referrals.html",
        {
            "referrals": page_of(request, selectors.own_referrals(actor=actor)),
            "appointments": selectors.own_appointments(actor=actor),
        },
    )


@require_GET
@migrant_required
def documents(request: HttpRequest) -> HttpResponse:
    rows = selectors.own_documents(actor=current_actor(request))
    return render(request, "portal/documents.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@migrant_required
def messages(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_from_person(actor=actor, body=form.cleaned_data["body"])
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            flash.success(request, _("Your message was sent."))
            return redirect("portal:messages")
    page = page_of(request, selectors.own_messages(actor=actor))
    services.messages_read_by_person(actor=actor)
    return render(
        request,
        "portal/messages.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )


def _consent_form(data: object = None) -> ConsentForm:
    purposes = [(value, label) for value, label in people_selectors.consent_purpose_choices()
                if value in services.OWN_PURPOSES]  # fmt: skip
    recipients = [(value, str(label)) for value, label in OrganisationKind.choices]
    return ConsentForm(data, purposes=purposes, recipients=recipients)


@require_http_methods(["GET", "POST"])
@migrant_required
def consents(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = _consent_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_give(
                actor=actor,
                purpose=form.cleaned_data["purpose"],
                recipients=list(form.cleaned_data["recipients"]),
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            flash.success(request, _("Your consent was recorded."))
            return redirect("portal:consents")
    today = timezone.localdate()
    rows = [(c, c.active_on(today)) for c in selectors.own_consents(actor=actor)]
    return render(
        request,
        "portal/consents.html",
        {"form": form, "rows": rows},
        status=400 if form.errors else 200,
    )


@require_POST
@migrant_required
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    try:
        services.consent_withdraw(actor=current_actor(request), consent_id=consent_id)
    except ApplicationError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, _("Your consent was withdrawn from today."))
    return redirect("portal:consents")


@require_GET
@migrant_required
def data(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/data.html")


@require_GET
@migrant_required
def data_download(request: HttpRequest) -> HttpResponse:
    """Everything Integra holds about me, as one JSON file."""
    actor = current_actor(request)
    copy = selectors.own_copy(actor=actor)
    body = json.dumps(copy, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    public_id = copy["person"]["public_id"]  # type: ignore[index]
    response["Content-Disposition"] = f'attachment; filename="integra-{public_id}.json"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@migrant_required
def household_member(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.household_member(actor=actor, public_id=public_id[:20])
    return render(
        request,
        "portal/household_member.html",
        {
            "person": person,
            "plans": selectors.own_plan(actor=actor, person=person),
            "rows": selectors.own_courses(actor=actor, person=person),
        },
    )
