"""Merging a duplicate record into the one kept, and (administrators) undoing it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.forms import add_service_errors
from integra.core.views.base import actor_required, current_actor, page_of
from integra.people import selectors
from integra.people.forms import MergeForm, UndoMergeForm
from integra.people.services import merges


@actor_required
@require_http_methods(["GET", "POST"])
def person_merge(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    kept = selectors.person_get(actor=actor, public_id=public_id)
    if not selectors.can_change(actor=actor, person=kept):
        raise PermissionDenied(_("You may not change this person's record."))
    form = MergeForm(request.POST or None, initial={"duplicate": request.GET.get("duplicate", "")})
    if request.method == "POST" and form.is_valid():
        try:
            duplicate = selectors.person_get(
                actor=actor, public_id=form.cleaned_data["duplicate"], purpose="merge"
            )
            merge = merges.person_merge(
                actor=actor, kept=kept, duplicate=duplicate, reason=form.cleaned_data["reason"]
            )
        except (NotFound, PermissionDenied) as error:
            form.add_error("duplicate", error.message)
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(duplicate)s was merged into this record (%(merge)s).")
                % {"duplicate": merge.duplicate.public_id, "merge": merge.public_id},
            )
            return redirect("people:person_detail", public_id=kept.public_id)
    return render(request, "people/merge_form.html", {"person": kept, "form": form})


@actor_required
@require_GET
def merge_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    page = page_of(request, selectors.merge_list(actor=actor))
    undoable = {
        merge.pk for merge in page.object_list if selectors.can_undo_merge(actor=actor, merge=merge)
    }
    return render(request, "people/merge_list.html", {"page": page, "undoable": undoable})


@actor_required
@require_http_methods(["GET", "POST"])
def merge_undo(request: HttpRequest, merge_id: str) -> HttpResponse:
    actor = current_actor(request)
    merge = selectors.merge_get(actor=actor, public_id=merge_id)
    if not selectors.can_undo_merge(actor=actor, merge=merge):
        raise PermissionDenied(
            _("Only an administrator of an organisation responsible for the record undoes a merge.")
        )
    form = UndoMergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            merges.merge_undo(actor=actor, merge=merge, reason=form.cleaned_data["reason"])
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The merge was undone: %(duplicate)s is a record of its own again.")
                % {"duplicate": merge.duplicate.public_id},
            )
            return redirect("people:merge_list")
    return render(request, "people/merge_undo.html", {"merge": merge, "form": form})
