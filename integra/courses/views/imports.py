"""Files of results: upload, follow the check, read the errors (row, column, reason)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core import spreadsheets
from integra.core.errors import ValidationFailed
from integra.core.forms import add_service_errors
from integra.core.views.base import actor_required, current_actor, page_of
from integra.courses import selectors, tasks
from integra.courses.forms.imports import ResultImportForm
from integra.courses.services import imports
from integra.courses.views.common import courses_nav

TEMPLATE_TYPES = spreadsheets.CONTENT_TYPES


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "403.html",
        {"message": _("Only the provider's licensed examiners import results.")},
        status=403,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    providers = selectors.import_providers(actor=actor)
    if not providers:
        return _forbidden(request)
    form = ResultImportForm(
        request.POST or None,
        request.FILES or None,
        providers=[(p.code, p.name) for p in providers],
    )
    if request.method == "POST" and form.is_valid():
        upload: UploadedFile = form.cleaned_data["file"]
        provider = next(p for p in providers if p.code == form.cleaned_data["provider"])
        try:
            job = imports.import_create(
                actor=actor,
                provider=provider,
                file=upload,
                file_name=upload.name or "",
                size=upload.size or 0,
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            tasks.import_results.enqueue(job.public_id)
            return redirect("courses:import_detail", public_id=job.public_id)
    return render(
        request,
        "courses/import_start.html",
        {
            "form": form,
            "columns": imports.COLUMNS,
            "max_mb": imports.max_mb(),
            "page": page_of(request, selectors.import_list(actor=actor)),
            "nav": courses_nav(actor),
        },
    )


@actor_required
@require_GET
def import_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    job = selectors.import_get(actor=current_actor(request), public_id=public_id)
    finished = selectors.import_finished(job=job)
    context = {"job": job, "finished": finished, "errors": job.errors if finished else []}
    fragment = request.htmx and not finished  # type: ignore[attr-defined]
    template = "courses/_import_progress.html" if fragment else "courses/import_detail.html"
    response = render(request, template, context)
    if request.htmx and finished:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"  # the whole page, with the errors, once it is done
    return response


@actor_required
@require_GET
def import_template(request: HttpRequest, file_type: str) -> HttpResponse:
    if not selectors.import_providers(actor=current_actor(request)):
        return _forbidden(request)
    if file_type not in TEMPLATE_TYPES:
        return render(request, "404.html", status=404)
    response = HttpResponse(imports.template(file_type), content_type=TEMPLATE_TYPES[file_type])
    response["Content-Disposition"] = f'attachment; filename="integra-results-template.{file_type}"'
    return response
