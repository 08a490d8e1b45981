"""Import pages: upload a file of people, watch it being checked and saved, read
and download the error report."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core import spreadsheets
from integra.core.errors import ValidationFailed
from integra.core.forms import add_service_errors
from integra.core.views.base import actor_required, current_actor, page_of
from integra.people import selectors, tasks
from integra.people.forms import ImportForm
from integra.people.services import imports

TEMPLATE_TYPES = spreadsheets.CONTENT_TYPES


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "403.html",
        {"message": _("Only caseworkers import people, for their own organisation.")},
        status=403,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not imports.can_import(actor=actor):
        return _forbidden(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload: UploadedFile = form.cleaned_data["file"]
        try:
            job = imports.import_create(
                actor=actor,
                file=upload,
                file_name=upload.name or "",
                size=upload.size or 0,
                mode=form.cleaned_data["mode"],
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            tasks.import_persons.enqueue(job.public_id)
            return redirect("people:import_detail", public_id=job.public_id)
    return render(
        request,
        "people/import_start.html",
        {
            "form": form,
            "columns": imports.COLUMNS,
            "max_mb": imports.max_mb(),
            "page": page_of(request, selectors.import_list(actor=actor)),
        },
    )


@actor_required
@require_GET
def import_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    job = selectors.import_get(actor=current_actor(request), public_id=public_id)
    context = {
        "job": job,
        "errors": selectors.import_errors(job=job) if job.finished else [],
    }
    fragment = request.htmx and not job.finished  # type: ignore[attr-defined]
    template = "people/_import_progress.html" if fragment else "people/import_detail.html"
    response = render(request, template, context)
    if request.htmx and job.finished:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"  # the whole page, with the report, once it is done
    return response


@actor_required
@require_GET
def import_download(request: HttpRequest, public_id: str, which: str) -> FileResponse:
    actor = current_actor(request)
    job = selectors.import_get(actor=actor, public_id=public_id)
    handle = selectors.import_file(actor=actor, job=job, which=which)
    name = f"{job.public_id}-{which}.csv"
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=TEMPLATE_TYPES["csv"]
    )


@actor_required
@require_GET
def import_template(request: HttpRequest, file_type: str) -> HttpResponse:
    if not imports.can_import(actor=current_actor(request)):
        return _forbidden(request)
    if file_type not in TEMPLATE_TYPES:
        return render(request, "404.html", status=404)
    response = HttpResponse(imports.template(file_type), content_type=TEMPLATE_TYPES[file_type])
    response["Content-Disposition"] = f'attachment; filename="integra-persons-template.{file_type}"'
    return response
