"""Health check and error pages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from integra.core import selectors

# --- Health and errors ---------------------------------------------------------------------------


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    health = selectors.health(stale_seconds=settings.INTEGRA_WORKER_STALE_SECONDS)
    body = {
        "status": "ok" if health.ok else "error",
        "database": "ok" if health.database else "error",
        "worker": "ok" if health.workers_alive else "absent",
        "workers_alive": health.workers_alive,
        "tasks_waiting": health.tasks_waiting,
    }
    return JsonResponse(body, status=200 if health.ok else 503)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "403.html",
        {"message": _("Your form expired. Go back, reload the page and try again.")},
        status=403,
    )
