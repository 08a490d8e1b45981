"""RFC 9457 problem details: one shape for every API error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from integra.core import context

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Validation failed",
    429: "Too many requests",
    500: "Server error",
}


def problem_response(
    request: HttpRequest | None,
    *,
    status: int,
    detail: str,
    title: str | None = None,
    slug: str | None = None,
    errors: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> JsonResponse:
    body: dict[str, object] = {
        "type": f"urn:integra:problem:{slug or _slugify(TITLES.get(status, 'error'))}",
        "title": title or _(TITLES.get(status, "Error")),
        "status": status,
        "detail": detail,
        "instance": request.path if request is not None else "",
        "request_id": context.request_id.get(),
    }
    if errors:
        body["errors"] = [dict(error) for error in errors]
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _slugify(title: str) -> str:
    return title.lower().replace(" ", "-")
