from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def integra(request: HttpRequest) -> dict[str, object]:
    return {
        "INTEGRA_LANGUAGES": settings.LANGUAGES,
        "actor": getattr(request, "actor", None),
        "request_id": request.META.get("HTTP_X_REQUEST_ID", ""),
    }
