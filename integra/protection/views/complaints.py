"""The public complaint pages (R18): lodging a complaint without an account, the
tracking code shown once, and following the complaint with it. Light pages in
the migrants' layout, no script, on a phone.

Signed in, an NGO's partner, an inspector or a caseworker lodges the same form
for a worker, for the organisation they act for; they hand over the code and
cannot read the complaint afterwards (unless they handle complaints).

The tracking code never appears in an address: it is posted, and the session
then remembers which complaint it opened.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core import ratelimit
from integra.core.errors import ApplicationError, Conflict, NotFound
from integra.core.forms import add_service_errors
from integra.protection.forms_complaints import ComplaintForm, InformationForm, TrackForm
from integra.protection.selectors import complaints as selectors
from integra.protection.services import complaints as services
from integra.protection.views import tracking

# The session keys: the code to show once, and the complaint a code opened.
NEW_CODE = "integra_complaint_code"
TRACKING = "integra_complaint_tracking"
# A flood of complaints from one address (or one account) is slowed.
LODGE_LIMIT = 10
LODGE_LIMIT_SIGNED_IN = 60
LODGE_WINDOW_SECONDS = 60 * 60


def _throttled(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    context |= {"throttled": True, "minutes": LODGE_WINDOW_SECONDS // 60}
    return render(request, template, context, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def lodge(request: HttpRequest) -> HttpResponse:
    actor = tracking.signed_in_actor(request)
    for_worker = actor is not None and selectors.can_lodge_for_worker(actor=actor)
    form = ComplaintForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        for_worker=for_worker,
    )
    context: dict[str, object] = {
        "form": form,
        "for_worker": for_worker,
        "lodged_for": selectors.acting_organisation(actor=actor) if for_worker and actor else None,
    }
    if request.method == "POST":
        key = f"user:{actor.user.pk}" if for_worker and actor else tracking.client(request)
        limit = LODGE_LIMIT_SIGNED_IN if for_worker else LODGE_LIMIT
        if ratelimit.hit(
            f"complaints:lodge:{key}", limit=limit, window_seconds=LODGE_WINDOW_SECONDS
        ):
            return _throttled(request, "protection/complaints/lodge.html", context)
        if form.is_valid():
            try:
                lodged = services.complaint_lodge(
                    actor=actor,
                    data=form.data_for_service(language=translation.get_language() or "en"),
                    files=form.files_for_service(),
                )
            except ApplicationError as error:
                add_service_errors(form, error)
            else:
                request.session[NEW_CODE] = {
                    "code": lodged.code,
                    "complaint": lodged.complaint.public_id,
                    "for_worker": for_worker,
                }
                return redirect("complaints:thanks")
    return render(request, "protection/complaints/lodge.html", context)


@never_cache
@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return tracking.show_code_once(
        request, session_key=NEW_CODE, template="protection/complaints/thanks.html"
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    return tracking.open_with_code(
        request,
        form=TrackForm(request.POST if request.method == "POST" else None),
        find=lambda code, client: selectors.complaint_by_code(code=code, client=client),
        too_many=selectors.TooManyTries,
        window_seconds=selectors.TRACK_WINDOW_SECONDS,
        session_key=TRACKING,
        template="protection/complaints/track.html",
        tracked_url="complaints:tracked",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def tracked(request: HttpRequest) -> HttpResponse:
    public_id = request.session.get(TRACKING)
    if not isinstance(public_id, str):
        return redirect("complaints:track")
    try:
        complaint = selectors.tracked_complaint(public_id=public_id)
    except NotFound:
        request.session.pop(TRACKING, None)
        return redirect("complaints:track")
    form = InformationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_add_information(
                complaint=complaint,
                text=form.cleaned_data["text"],
                files=[
                    services.Upload(name=f.name or "", file=f, content_type=f.content_type or "")
                    for f in form.cleaned_data["attachments"]
                ],
            )
        except Conflict as error:
            conflict = error.message
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            flash.success(request, _("Thank you. What you added was sent to the handlers."))
            return redirect("complaints:tracked")
    return render(
        request,
        "protection/complaints/tracked.html",
        {"view": selectors.tracked_view(complaint=complaint), "form": form, "conflict": conflict},
    )


@require_POST
def track_end(request: HttpRequest) -> HttpResponse:
    """Forgets the complaint in this browser (a shared phone, say)."""
    request.session.pop(TRACKING, None)
    flash.info(request, _("The complaint is closed in this browser. Your code still works."))
    return redirect(reverse("complaints:track"))
