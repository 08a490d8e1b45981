"""The incident pages (R21).

Public, without an account, in the migrants' layout, no script, on a phone:
reporting an incident, the tracking code shown once, and following the report
with it (the code is posted, never in an address; the session then remembers
which report it opened). Signed in, an NGO's partner, a caseworker or an
inspector reports the same form for someone, hands over the code and cannot read
the report afterwards.

The handlers' pages (equality body and legal-aid staff): the list, an incident and
the actions on it. Anyone else gets 403 on the list and 404 on an incident.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core import ratelimit
from integra.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from integra.core.forms import add_service_errors
from integra.core.views.base import (
    actor_required,
    current_actor,
    page_of,
    query_without_page,
)
from integra.protection.forms_incidents import (
    CloseForm,
    IncidentForm,
    InformationForm,
    ListForm,
    ReferForm,
    TrackForm,
    UpdateForm,
)
from integra.protection.selectors import incidents as selectors
from integra.protection.services import incidents as services
from integra.protection.views import tracking

# The session keys: the code to show once, and the incident a code opened.
NEW_CODE = "integra_incident_code"
TRACKING = "integra_incident_tracking"
# A flood of reports from one address (or one account) is slowed.
REPORT_LIMIT = 10
REPORT_LIMIT_SIGNED_IN = 60
REPORT_WINDOW_SECONDS = 60 * 60


# --- Public -----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    actor = tracking.signed_in_actor(request)
    for_someone = actor is not None and selectors.can_report_for_someone(actor=actor)
    form = IncidentForm(request.POST if request.method == "POST" else None, for_someone=for_someone)
    context: dict[str, object] = {
        "form": form,
        "for_someone": for_someone,
        "reported_for": selectors.acting_organisation(actor=actor)
        if for_someone and actor
        else None,
    }
    if request.method == "POST":
        key = f"user:{actor.user.pk}" if for_someone and actor else tracking.client(request)
        limit = REPORT_LIMIT_SIGNED_IN if for_someone else REPORT_LIMIT
        if ratelimit.hit(
            f"incidents:report:{key}", limit=limit, window_seconds=REPORT_WINDOW_SECONDS
        ):
            context |= {"throttled": True, "minutes": REPORT_WINDOW_SECONDS // 60}
            return render(request, "protection/incidents/report.html", context, status=429)
        if form.is_valid():
            try:
                reported = services.incident_report(
                    actor=actor if for_someone else None,
                    data=form.data_for_service(language=translation.get_language() or "en"),
                )
            except ApplicationError as error:
                add_service_errors(form, error)
            else:
                request.session[NEW_CODE] = {
                    "code": reported.code,
                    "incident": reported.incident.public_id,
                    "for_someone": for_someone,
                }
                return redirect("incidents:thanks")
    return render(request, "protection/incidents/report.html", context)


@never_cache
@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return tracking.show_code_once(
        request, session_key=NEW_CODE, template="protection/incidents/thanks.html"
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    return tracking.open_with_code(
        request,
        form=TrackForm(request.POST if request.method == "POST" else None),
        find=lambda code, client: selectors.incident_by_code(code=code, client=client),
        too_many=selectors.TooManyTries,
        window_seconds=selectors.TRACK_WINDOW_SECONDS,
        session_key=TRACKING,
        template="protection/incidents/track.html",
        tracked_url="incidents:tracked",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def tracked(request: HttpRequest) -> HttpResponse:
    public_id = request.session.get(TRACKING)
    if not isinstance(public_id, str):
        return redirect("incidents:track")
    try:
        incident = selectors.tracked_incident(public_id=public_id)
    except NotFound:
        request.session.pop(TRACKING, None)
        return redirect("incidents:track")
    form = InformationForm(request.POST if request.method == "POST" else None)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_add_information(incident=incident, text=form.cleaned_data["text"])
        except Conflict as error:
            conflict = error.message
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            flash.success(request, _("Thank you. What you added was sent to the handlers."))
            return redirect("incidents:tracked")
    return render(
        request,
        "protection/incidents/tracked.html",
        {"view": selectors.tracked_view(incident=incident), "form": form, "conflict": conflict},
    )


@require_POST
def track_end(request: HttpRequest) -> HttpResponse:
    """Forgets the report in this browser (a shared phone, say)."""
    request.session.pop(TRACKING, None)
    flash.info(request, _("The report is closed in this browser. Your code still works."))
    return redirect("incidents:track")


# --- The handlers -------------------------------------------------------------------------------


def _referral_targets(exclude: set[int | None]) -> list[tuple[str, str]]:
    return [(o.code, o.name) for o in selectors.equality_bodies() if o.pk not in exclude]


@actor_required
@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.handles_incidents(actor=actor):
        raise PermissionDenied(
            _("Incidents are followed up by the equality body and legal-aid organisations.")
        )
    form = ListForm(request.GET or None)
    page = page_of(
        request,
        selectors.incident_list(actor=actor, filters=selectors.IncidentFilters(**form.filters())),
    )
    return render(
        request,
        "protection/incidents/list.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.incident_rows(incidents=list(page.object_list)),
            "querystring": query_without_page(request),
        },
    )


def _detail_page(
    request: HttpRequest, public_id: str, *, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    actor = current_actor(request)
    detail = selectors.incident_detail(actor=actor, public_id=public_id)
    incident = detail.incident
    context: dict[str, Any] = {
        "detail": detail,
        "incident": incident,
        "update_form": UpdateForm(prefix="update"),
        "refer_form": ReferForm(
            prefix="refer",
            organisations=_referral_targets({incident.handled_by_id, incident.referred_to_id}),
        ),
        "close_form": CloseForm(prefix="close"),
        **(bound or {}),
    }
    return render(request, "protection/incidents/detail.html", context)


@actor_required
@require_GET
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _detail_page(request, public_id)


def _done(request: HttpRequest, public_id: str, message: str) -> HttpResponse:
    flash.success(request, message)
    return redirect("incidents:detail", public_id=public_id)


@actor_required
@require_POST
def take(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    incident = selectors.incident_get(actor=actor, public_id=public_id)
    try:
        services.incident_take(actor=actor, incident=incident)
    except Conflict as error:
        flash.error(request, error.message)
        return redirect("incidents:detail", public_id=public_id)
    return _done(request, public_id, _("Your organisation follows this incident up now."))


@actor_required
@require_POST
def update(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    incident = selectors.incident_get(actor=actor, public_id=public_id)
    form = UpdateForm(request.POST, prefix="update")
    if form.is_valid():
        try:
            services.incident_update(
                actor=actor,
                incident=incident,
                note=form.cleaned_data["note"],
                public=form.cleaned_data["public"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The note has been added."))
    return _detail_page(request, public_id, bound={"update_form": form})


@actor_required
@require_POST
def refer(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    incident = selectors.incident_get(actor=actor, public_id=public_id)
    form = ReferForm(
        request.POST,
        prefix="refer",
        organisations=_referral_targets({incident.handled_by_id, incident.referred_to_id}),
    )
    if form.is_valid():
        try:
            referred = services.incident_refer(
                actor=actor,
                incident=incident,
                organisation=form.cleaned_data["organisation"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                public_id,
                _("The incident was referred to %(organisation)s.")
                % {"organisation": referred.referred_to.name if referred.referred_to else ""},
            )
    return _detail_page(request, public_id, bound={"refer_form": form})


@actor_required
@require_POST
def close(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    incident = selectors.incident_get(actor=actor, public_id=public_id)
    form = CloseForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            services.incident_close(
                actor=actor,
                incident=incident,
                outcome=form.cleaned_data["outcome"],
                public=form.cleaned_data["public"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, public_id, _("The incident has been closed."))
    return _detail_page(request, public_id, bound={"close_form": form})
