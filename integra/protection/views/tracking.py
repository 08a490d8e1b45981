"""What the public complaint and incident pages share: who is signed in (if
anyone), the client's address, and the two steps of a tracking code: shown once
after lodging, then posted (never in an address) to open the case, which the
session remembers under a fresh key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound
from integra.core.middleware import client_ip
from integra.core.views.base import ACTIVE_MEMBERSHIP


class Tracked(Protocol):
    public_id: str


def signed_in_actor(request: HttpRequest) -> Actor | None:
    """The staff member or migrant signed in (with their second factor where the
    role needs one), or None: then the form is the public one."""
    user = request.user
    if not user.is_authenticated:
        return None
    if access.requires_two_factor(user) and not user.is_verified():  # type: ignore[attr-defined]  # django-otp adds it
        return None
    return access.actor_for(user, active_membership_id=request.session.get(ACTIVE_MEMBERSHIP))


def client(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def show_code_once(request: HttpRequest, *, session_key: str, template: str) -> HttpResponse:
    """The tracking code, this once: the session forgets it as the page is made
    (the views add Cache-Control: no-store)."""
    shown = request.session.pop(session_key, None)
    return render(request, template, {"shown": shown if isinstance(shown, dict) else None})


def open_with_code(
    request: HttpRequest,
    *,
    form: forms.Form,
    find: Callable[[str, str], Tracked],
    too_many: type[Exception],
    window_seconds: int,
    session_key: str,
    template: str,
    tracked_url: str,
) -> HttpResponse:
    """The "follow it with your code" step: ``find(code, client)`` opens the case
    or refuses (a wrong code and an unknown one alike; ``too_many`` when the
    client guessed too often)."""
    context: dict[str, object] = {"form": form, "open": bool(request.session.get(session_key))}
    if request.method == "POST" and form.is_valid():
        try:
            found = find(form.cleaned_data["code"], client(request))
        except too_many:
            context |= {"throttled": True, "minutes": window_seconds // 60}
            return render(request, template, context, status=429)
        except NotFound as error:
            form.add_error("code", error.message)
        else:
            # A new session key: whoever knew the old one does not inherit the case.
            request.session.cycle_key()
            request.session[session_key] = found.public_id
            return redirect(tracked_url)
    return render(request, template, context)
