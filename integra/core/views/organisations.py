"""Organisations, their members and break-glass access."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core import access, selectors, services
from integra.core.errors import Conflict, ValidationFailed
from integra.core.forms import (
    BreakGlassForm,
    MemberForm,
    OrganisationEditForm,
    OrganisationForm,
    add_service_errors,
)
from integra.core.views.base import actor_required, current_actor, page_of

# --- Organisations --------------------------------------------------------------------------


@actor_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    query = request.GET.get("q", "").strip()
    organisations = selectors.organisation_list(actor=actor, query=query)
    template = "core/_organisation_rows.html" if request.htmx else "core/organisation_list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "page": page_of(request, organisations),
            "query": query,
            "querystring": urlencode({"q": query}) if query else "",
            "can_create": access.can_create_organisation(actor, None)
            or access.can_administer(actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    parent_code = request.GET.get("parent") or request.POST.get("parent") or ""
    parent = selectors.organisation_get(actor=actor, code=parent_code) if parent_code else None
    if not access.can_create_organisation(actor, parent):
        raise_for = _("You may not create an organisation here.")
        return render(request, "403.html", {"message": raise_for}, status=403)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=actor, parent=parent, **form.cleaned_data
            )
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation has been created."))
            return redirect("core:organisation_detail", code=organisation.code)
    return render(request, "core/organisation_form.html", {"form": form, "parent": parent})


@actor_required
@require_GET
def organisation_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    organisation = selectors.organisation_get(actor=actor, code=code)
    now = timezone.now()
    can_manage = access.can_manage_organisation(actor, organisation)
    members = None
    if access.can_see_members(actor, organisation, now=now):
        members = page_of(
            request, selectors.member_list(actor=actor, organisation=organisation, now=now)
        )
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": organisation,
            "children": selectors.organisation_children(actor=actor, organisation=organisation),
            "members": members,
            "manageable_users": selectors.manageable_user_ids(actor=actor, memberships=members)
            if members is not None and can_manage
            else set(),
            "can_manage": can_manage,
            "can_break_glass": members is None and access.can_break_glass(actor),
            "break_glass_form": BreakGlassForm(),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    organisation = selectors.organisation_get(actor=actor, code=code)
    if not access.can_manage_organisation(actor, organisation):
        return render(
            request, "403.html", {"message": _("You may not change this organisation.")}, status=403
        )
    initial = {
        "name": organisation.name,
        "level": organisation.level,
        "region": organisation.region,
        "locality": organisation.locality,
        "is_active": organisation.is_active,
    }
    form = OrganisationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=actor, organisation=organisation, **form.cleaned_data
            )
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation has been saved."))
            return redirect("core:organisation_detail", code=organisation.code)
    return render(
        request, "core/organisation_edit.html", {"form": form, "organisation": organisation}
    )


@actor_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    organisation = selectors.organisation_get(actor=actor, code=code)
    if not access.can_manage_organisation(actor, organisation):
        return render(
            request,
            "403.html",
            {"message": _("You may not manage the members of this organisation.")},
            status=403,
        )
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.member_add(actor=actor, organisation=organisation, **form.cleaned_data)
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "core/member_added.html",
                {"organisation": organisation, "added": added},
            )
    return render(request, "core/member_form.html", {"form": form, "organisation": organisation})


@actor_required
@require_POST
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = current_actor(request)
    membership = selectors.membership_get(actor=actor, membership_id=membership_id)
    code = membership.organisation.code
    try:
        services.member_remove(actor=actor, membership=membership)
    except (ValidationFailed, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The member has been removed."))
    return redirect("core:organisation_detail", code=code)


@actor_required
@require_POST
def member_reset_password(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = current_actor(request)
    membership = selectors.membership_get(actor=actor, membership_id=membership_id)
    password = services.user_reset_password(actor=actor, user=membership.user)
    return render(
        request,
        "core/password_reset_done.html",
        {"membership": membership, "password": password},
    )


@actor_required
@require_POST
def member_reset_two_factor(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = current_actor(request)
    membership = selectors.membership_get(actor=actor, membership_id=membership_id)
    services.user_reset_two_factor(actor=actor, user=membership.user)
    messages.success(
        request,
        _("%(user)s will set up a new authenticator at the next sign-in.")
        % {"user": membership.user.username},
    )
    return redirect("core:organisation_detail", code=membership.organisation.code)


@actor_required
@require_POST
def break_glass(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    organisation = selectors.organisation_get(actor=actor, code=code)
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            services.break_glass_open(
                actor=actor,
                record_type="organisation",
                record_id=organisation.code,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.warning(
                request, _("Break-glass access is open for a limited time and is recorded.")
            )
            return redirect("core:organisation_detail", code=organisation.code)
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": organisation,
            "children": selectors.organisation_children(actor=actor, organisation=organisation),
            "members": None,
            "can_manage": False,
            "can_break_glass": access.can_break_glass(actor),
            "break_glass_form": form,
        },
        status=422,
    )
