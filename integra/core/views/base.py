"""What every page shares: who is acting, paging, safe redirects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied

ACTIVE_MEMBERSHIP = "integra_membership"
PAGE_SIZE = 25

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def actor_required(view: View) -> View:
    """Signed in, second factor done where the role needs it; sets ``request.actor``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            target = f"{reverse('core:login')}?{urlencode({'next': request.get_full_path()})}"
            if request.headers.get("HX-Request"):
                # A fragment swapped in place would put the sign-in page inside the
                # page; htmx sends the whole window there instead.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        if user.portal_only:
            # A migrant's account opens the portal, never the staff's pages.
            return redirect("portal:home")
        if access.requires_two_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
            logout(request)
            return redirect("core:login")
        request.actor = access.actor_for(  # type: ignore[attr-defined]
            user, active_membership_id=request.session.get(ACTIVE_MEMBERSHIP)
        )
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            return render(request, "404.html", {"message": error.message}, status=404)
        except PermissionDenied as error:
            return render(request, "403.html", {"message": error.message}, status=403)

    return cast(View, wrapper)


def current_actor(request: HttpRequest) -> Actor:
    actor = request.actor  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


def page_of(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


Response = TypeVar("Response", bound=HttpResponseBase)


def remember_language(response: Response, language: str) -> Response:
    """Sets the language cookie, as Django's language form does, when the
    language is one Integra speaks (a user's saved choice, at sign-in)."""
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite="Lax",
            httponly=True,
        )
    return response
