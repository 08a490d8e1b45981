"""The API at /api/v1/: authentication, error handling and the routers of every app."""

from __future__ import annotations

import logging
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.throttling import AuthRateThrottle

from integra.core import access, selectors
from integra.core.access import Actor
from integra.core.api import router as core_router
from integra.core.errors import ApplicationError
from integra.core.problems import CONTENT_TYPE, problem_response
from integra.courses.api import router as courses_router
from integra.monitoring.api import router as monitoring_router
from integra.people.api import router as people_router
from integra.placement.api import router as placement_router
from integra.plans.api import router as plans_router
from integra.portal.api import router as portal_router
from integra.protection.api import router as protection_router
from integra.services.api import router as services_router

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """Personal API tokens: ``Authorization: Bearer itg_<prefix>_<secret>``."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        found = selectors.token_authenticate(raw=token)
        if found is None:
            return None
        actor = access.actor_for(found.user, membership_id=found.membership_id, token_id=found.pk)
        request.actor = actor  # type: ignore[attr-defined]  # set for handlers and audit
        return actor


class SessionAuth(APIKeyCookie):
    """The browser's session, once sign-in (with its second factor) is complete."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None  # no session: let the 401 speak, not a CSRF failure
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        user = request.user
        if not user.is_authenticated or user.portal_only:
            return None  # a migrant's account uses the portal's pages, not the API
        # django-otp's middleware adds is_verified() to the user at run time.
        if access.requires_two_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
            return None
        actor = access.actor_for(
            user,
            active_membership_id=request.session.get("integra_membership"),
        )
        request.actor = actor  # type: ignore[attr-defined]
        return actor


class IntegraAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Error answers are problem+json; say so in the schema."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {CONTENT_TYPE: content["application/json"]}
        return schema


api = IntegraAPI(
    title="Integra API",
    version="1",
    description=(
        "Integra's API. Authenticate with a personal token (`Authorization: Bearer …`) "
        "or the browser session. Errors are RFC 9457 problem+json; lists use cursor "
        "pagination; every answer carries an `X-Request-ID` header."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    # Per client after authentication; unauthenticated requests stop at 401 first.
    throttle=[AuthRateThrottle(settings.INTEGRA_API_RATE)],
    docs_url=None,
)
api.add_router("/", core_router)
api.add_router("/", people_router)
api.add_router("/", plans_router)
api.add_router("/", services_router)
api.add_router("/", courses_router)
api.add_router("/", portal_router)
api.add_router("/", placement_router)
api.add_router("/", protection_router)
api.add_router("/", monitoring_router)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    errors = [
        {"field": field, "message": message}
        for field, messages in error.field_errors.items()
        for message in messages
    ]
    return problem_response(
        request,
        status=error.status,
        title=str(error.title),
        slug=error.slug,
        detail=error.message,
        errors=errors,
        extensions=error.extensions,
    )


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = []
    for item in error.errors:
        if "msg" in item:
            location = [str(p) for p in item.get("loc", ())]
            # ("body", "payload", "title") → "title": the source and the parameter's
            # name go; a field that is itself called "body" stays.
            if location[:1] == ["body"]:
                location = location[2:] if location[1:2] == ["payload"] else location[1:]
            errors.append({"field": ".".join(location), "message": str(item["msg"])})
        else:  # ninja's own checks (e.g. a bad cursor) report {field: message}
            errors.extend({"field": str(k), "message": str(v)} for k, v in item.items())
    return problem_response(
        request,
        status=422,
        detail=_("Some values are missing or not valid."),
        slug="validation-failed",
        errors=errors,
    )


@api.exception_handler(AuthenticationError)
def _not_authenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return problem_response(
        request,
        status=401,
        detail=_("Send a valid, unexpired API token or sign in."),
        headers={"WWW-Authenticate": 'Bearer realm="integra"'},
    )


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    wait = max(1, math.ceil(error.wait or 1))
    return problem_response(
        request,
        status=429,
        detail=ngettext(
            "Too many requests. Try again in %(seconds)d second.",
            "Too many requests. Try again in %(seconds)d seconds.",
            wait,
        )
        % {"seconds": wait},
        headers={"Retry-After": str(wait)},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    status = error.status_code
    detail = _("The request was refused.") if status == 403 else str(error)
    return problem_response(request, status=status, detail=detail)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(BadRequest)
@api.exception_handler(SuspiciousOperation)
def _unreadable(request: HttpRequest, error: Exception) -> HttpResponse:
    return problem_response(
        request, status=400, detail=_("The request body could not be read. Send JSON.")
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return problem_response(request, status=404, detail=_("There is no such resource."))


@api.exception_handler(DjangoPermissionDenied)
def _forbidden(request: HttpRequest, error: DjangoPermissionDenied) -> HttpResponse:
    return problem_response(request, status=403, detail=_("You may not do this."))


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.exception("Unhandled API error", exc_info=error)
    return problem_response(
        request,
        status=500,
        detail=_("Something went wrong on our side. Quote the request id if you report it."),
    )
