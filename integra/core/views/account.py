"""Home, acting organisation and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core import access, selectors, services
from integra.core.errors import Conflict, ValidationFailed
from integra.core.forms import (
    TokenForm,
    add_service_errors,
)
from integra.core.views.base import (
    ACTIVE_MEMBERSHIP,
    actor_required,
    current_actor,
    page_of,
    safe_next,
)

# --- Home ----------------------------------------------------------------------------------


@actor_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    context = {
        "memberships": selectors.my_memberships(user=actor.user),
        "uses_directory": access.uses_directory(actor),
        "aggregates_only": access.sees_aggregates_only(actor),
        "is_superuser": actor.is_superuser,
        "can_administer": access.can_administer(actor),
        "can_view_audit": access.can_view_audit(actor),
        "recent": selectors.my_recent_activity(actor=actor),
        "todos": selectors.todo_list(actor=actor),
        "managed": selectors.manageable_organisations(actor=actor)[:10]
        if access.can_administer(actor)
        else [],
    }
    return render(request, "core/home.html", context)


@actor_required
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    wanted = request.POST.get("membership", "")
    if wanted.isdigit() and any(seat.membership_id == int(wanted) for seat in actor.seats):
        request.session[ACTIVE_MEMBERSHIP] = int(wanted)
    return redirect(safe_next(request, reverse("core:home")))


# --- Tokens -----------------------------------------------------------------------------------


@actor_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = TokenForm(request.POST or None)
    memberships = selectors.my_memberships(user=actor.user)
    form.fields["membership"].choices = [("", _("All my memberships"))] + [  # type: ignore[attr-defined]
        (m.pk, str(m)) for m in memberships
    ]
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.token_create(
                actor=actor,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
                membership_id=form.cleaned_data["membership"],
            )
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            form = TokenForm()
            form.fields["membership"].choices = [("", _("All my memberships"))] + [  # type: ignore[attr-defined]
                (m.pk, str(m)) for m in memberships
            ]
    return render(
        request,
        "core/tokens.html",
        {
            "form": form,
            "created": created,
            "page": page_of(request, selectors.token_list(actor=actor)),
            "now": timezone.now(),
        },
    )


@actor_required
@require_POST
def token_revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    try:
        services.token_revoke(actor=current_actor(request), prefix=prefix)
    except (ValidationFailed, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The token has been revoked."))
    return redirect("core:tokens")


@actor_required
@require_POST
def todo_done(request: HttpRequest, todo_id: int) -> HttpResponse:
    actor = current_actor(request)
    todo = selectors.todo_get(actor=actor, todo_id=todo_id)
    try:
        services.todo_done(actor=actor, todo=todo)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The to-do is done."))
    return redirect("core:home")
