"""RFC 9457 problem details: one shape for every API error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext, gettext_noop

from integra.core import context

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: gettext_noop("Bad request"),
    401: gettext_noop("Not authenticated"),
    403: gettext_noop("Forbidden"),
    404: gettext_noop("Not found"),
    405: gettext_noop("Method not allowed"),
    409: gettext_noop("Conflict"),
    422: gettext_noop("Validation failed"),
    429: gettext_noop("Too many requests"),
    500: gettext_noop("Server error"),
}
FALLBACK_TITLE = gettext_noop("Error")


def problem_response(
    request: HttpRequest | None,
    *,
    status: int,
    detail: str,
    title: str | None = None,
    slug: str | None = None,
    errors: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, object] | None = None,
) -> JsonResponse:
    body: dict[str, object] = {
        "type": f"urn:integra:problem:{slug or _slugify(TITLES.get(status, FALLBACK_TITLE))}",
        "title": title or gettext(TITLES.get(status, FALLBACK_TITLE)),
        "status": status,
        "detail": detail,
        "instance": request.path if request is not None else "",
        "request_id": context.request_id.get(),
    }
    if errors:
        body["errors"] = [dict(error) for error in errors]
    for name, value in (extensions or {}).items():
        body.setdefault(name, value)
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _slugify(title: str) -> str:
    return title.lower().replace(" ", "-")
