"""What the migrant's pages share: who may open them, and how a page is answered."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from integra.core import access
from integra.core.errors import NotFound, PermissionDenied

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def migrant_required(view: View) -> View:
    """Signed in with a portal account; sets ``request.actor``. Staff who open a
    migrant's page are sent to their own pages; anyone else signs in first."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            target = reverse("portal:sign_in")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        if not user.portal_only:
            return redirect("core:home")
        actor = access.actor_for(user)
        if not access.is_migrant(actor):
            logout(request)
            return redirect("portal:sign_in")
        request.actor = actor  # type: ignore[attr-defined]
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            return render(request, "portal/problem.html", {"message": error.message}, status=404)
        except PermissionDenied as error:
            return render(request, "portal/problem.html", {"message": error.message}, status=403)

    return cast(View, wrapper)


def problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "portal/problem.html", {"message": message}, status=status)
