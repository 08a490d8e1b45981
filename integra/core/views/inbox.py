"""The inbox: the actor's own notifications, newest first; marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from integra.core import selectors, services
from integra.core.views.base import (
    actor_required,
    current_actor,
    page_of,
    query_without_page,
    safe_next,
)


@actor_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    unread_only = request.GET.get("show") == "unread"
    page = page_of(request, selectors.inbox(actor=actor, unread_only=unread_only))
    return render(
        request,
        "core/inbox.html",
        {
            "page": page,
            "items": selectors.notification_views(page.object_list),
            "unread_only": unread_only,
            "querystring": query_without_page(request),
        },
    )


@actor_required
@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    """Marks one notification read (``notification`` given), or all of them."""
    actor = current_actor(request)
    wanted = request.POST.get("notification", "")
    if wanted:
        # A database id: digits that fit in a bigint, or nothing to mark.
        ids = [int(wanted)] if wanted.isdigit() and len(wanted) <= 18 else []
        services.notifications_read(actor=actor, ids=ids)
    else:
        count = services.notifications_read(actor=actor)
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count}
            if count
            else _("Nothing was unread."),
        )
    return redirect(safe_next(request, reverse("core:inbox")))
