"""Request ids on every answer, and the absolute session timeout."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import context, problems

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
LOGIN_AT = "integra_login_at"


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, trusting exactly INTEGRA_PROXY_COUNT proxies in front.

    Only the addresses our own proxies appended are believed; anything a client
    put in X-Forwarded-For itself sits further left and is ignored.
    """
    count = settings.INTEGRA_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= count:
            return str(hops[-count])
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


class RequestIdMiddleware:
    """Accepts a well-formed ``X-Request-ID`` from a proxy or makes one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = context.request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SessionTimeoutMiddleware:
    """Ends a session a fixed time after sign-in, however active it has been.

    The idle timeout is the session cookie's age, renewed on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            limit = settings.SESSION_ABSOLUTE_HOURS * 3600
            if (
                started is None
                or (timezone.now() - datetime.fromisoformat(started)).total_seconds() > limit
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
        return self.get_response(request)


class ApiProblemMiddleware:
    """Every error answer under /api/ is problem+json, even those Django makes
    before the API sees the request (unknown path, wrong method)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(problems.CONTENT_TYPE)
        ):
            details = {
                404: _("There is no such resource."),
                405: _("This method is not allowed here."),
            }
            problem = problems.problem_response(
                request,
                status=response.status_code,
                detail=str(details.get(response.status_code, _("The request was refused."))),
            )
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    problem[header] = response[header]
            return problem
        return response
