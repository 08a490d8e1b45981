"""Core pages: sign-in with a second factor, home, organisations, members, tokens, audit."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate as django_authenticate
from django.contrib.auth import login, logout
from django.contrib.auth.views import PasswordChangeView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from integra.core import access, selectors, services
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.forms import (
    AuditFilterForm,
    BreakGlassForm,
    CodeForm,
    LoginForm,
    MemberForm,
    OrganisationEditForm,
    OrganisationForm,
    TokenForm,
    add_service_errors,
)
from integra.core.middleware import LOGIN_AT

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from integra.core.models import User

PENDING_USER = "integra_pending_user"
PENDING_BACKEND = "integra_pending_backend"
ACTIVE_MEMBERSHIP = "integra_membership"
PAGE_SIZE = 25

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def actor_required(view: View) -> View:
    """Signed in, second factor done where the role needs it; sets ``request.actor``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect(
                f"{reverse('core:login')}?{urlencode({'next': request.get_full_path()})}"
            )
        if access.requires_two_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
            logout(request)
            return redirect("core:login")
        request.actor = access.actor_for(  # type: ignore[attr-defined]
            user, active_membership_id=request.session.get(ACTIVE_MEMBERSHIP)
        )
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            return render(request, "404.html", {"message": error.message}, status=404)
        except PermissionDenied as error:
            return render(request, "403.html", {"message": error.message}, status=403)

    return cast(View, wrapper)


def _actor(request: HttpRequest) -> Actor:
    actor = request.actor  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


# --- Sign-in ------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = django_authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return lockout(request)
        if user is None:
            form.add_error(None, _("The user name or password is not right."))
        else:
            if access.requires_two_factor(user):
                request.session.cycle_key()
                request.session[PENDING_USER] = user.pk
                request.session[PENDING_BACKEND] = getattr(user, "backend", "")
                target = _safe_next(request, reverse("core:home"))
                return redirect(f"{reverse('core:login_verify')}?{urlencode({'next': target})}")
            return _complete_login(request, user, getattr(user, "backend", ""), device=None)
    return render(request, "core/login.html", {"form": form, "next": request.GET.get("next", "")})


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING_USER)
    return selectors.user_get_active(user_id=user_id) if isinstance(user_id, int) else None


def _complete_login(
    request: HttpRequest, user: User, backend: str, device: TOTPDevice | None
) -> HttpResponse:
    target = _safe_next(request, reverse("core:home"))
    request.session.pop(PENDING_USER, None)
    request.session.pop(PENDING_BACKEND, None)
    login(request, user, backend=backend or None)  # rotates the session key
    if device is not None:
        otp_login(request, device)
    request.session[LOGIN_AT] = timezone.now().isoformat()
    services.login_record(user=user, method="password+totp" if device else "password")
    response = redirect(target)
    if user.preferred_language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite="Lax",
            httponly=True,
        )
    return response


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@never_cache
@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("core:login")
    backend = str(request.session.get(PENDING_BACKEND, ""))
    confirmed = selectors.totp_confirmed_device(user=user)
    form = CodeForm(request.POST or None)
    if confirmed is not None:
        if request.method == "POST" and form.is_valid():
            allowed, _info = confirmed.verify_is_allowed()
            if not allowed:
                form.add_error("code", _("Too many wrong codes. Wait a minute and try again."))
            elif confirmed.verify_token(form.cleaned_data["code"].strip()):
                return _complete_login(request, user, backend, device=confirmed)
            else:
                form.add_error("code", _("That code is not right. Check the time on your phone."))
        return render(
            request, "core/login_verify.html", {"form": form, "next": request.GET.get("next", "")}
        )

    device = services.totp_device_start(user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_device_confirm(user=user, device=device, code=form.cleaned_data["code"])
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            device.refresh_from_db()
            return _complete_login(request, user, backend, device=device)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "core/login_enrol.html",
        {
            "form": form,
            "secret": secret,
            "qr": _qr_data_uri(device.config_url),
            "next": request.GET.get("next", ""),
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated:
        services.logout_record(user=user)
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("core:login")


class PasswordChange(PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_change_record(user=self.request.user)  # type: ignore[arg-type]
        messages.success(self.request, _("Your password has been changed."))
        return response


password_change = actor_required(PasswordChange.as_view())


# --- Home ----------------------------------------------------------------------------------


@actor_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    context = {
        "memberships": selectors.my_memberships(user=actor.user),
        "uses_directory": access.uses_directory(actor),
        "aggregates_only": access.sees_aggregates_only(actor),
        "is_superuser": actor.is_superuser,
        "can_administer": access.can_administer(actor),
        "can_view_audit": access.can_view_audit(actor),
        "recent": selectors.my_recent_activity(actor=actor),
        "managed": selectors.manageable_organisations(actor=actor)[:10]
        if access.can_administer(actor)
        else [],
    }
    return render(request, "core/home.html", context)


@actor_required
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    wanted = request.POST.get("membership", "")
    if wanted.isdigit() and any(seat.membership_id == int(wanted) for seat in actor.seats):
        request.session[ACTIVE_MEMBERSHIP] = int(wanted)
    return redirect(_safe_next(request, reverse("core:home")))


# --- Organisations --------------------------------------------------------------------------


@actor_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    query = request.GET.get("q", "").strip()
    organisations = selectors.organisation_list(actor=actor, query=query)
    template = "core/_organisation_rows.html" if request.htmx else "core/organisation_list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "page": _page(request, organisations),
            "query": query,
            "querystring": urlencode({"q": query}) if query else "",
            "can_create": access.can_create_organisation(actor, None)
            or access.can_administer(actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
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
    actor = _actor(request)
    organisation = selectors.organisation_get(actor=actor, code=code)
    now = timezone.now()
    can_manage = access.can_manage_organisation(actor, organisation)
    members = None
    if access.can_see_members(actor, organisation, now=now):
        members = _page(
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
    actor = _actor(request)
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
    actor = _actor(request)
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
    actor = _actor(request)
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
    actor = _actor(request)
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
    actor = _actor(request)
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
    actor = _actor(request)
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


# --- Tokens -----------------------------------------------------------------------------------


@actor_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = TokenForm(request.POST or None)
    memberships = selectors.my_memberships(user=actor.user)
    form.fields["membership"].choices = [("", _("All my memberships"))] + [  # type: ignore[attr-defined]
        (m.pk, str(m)) for m in memberships
    ]
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.token_create(
                actor=actor,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
                membership_id=form.cleaned_data["membership"],
            )
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            form = TokenForm()
            form.fields["membership"].choices = [("", _("All my memberships"))] + [  # type: ignore[attr-defined]
                (m.pk, str(m)) for m in memberships
            ]
    return render(
        request,
        "core/tokens.html",
        {
            "form": form,
            "created": created,
            "page": _page(request, selectors.token_list(actor=actor)),
            "now": timezone.now(),
        },
    )


@actor_required
@require_POST
def token_revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    try:
        services.token_revoke(actor=_actor(request), prefix=prefix)
    except (ValidationFailed, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The token has been revoked."))
    return redirect("core:tokens")


# --- Audit (data-protection officer) ----------------------------------------------


@actor_required
@require_GET
def audit_search(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not access.can_view_audit(actor):
        return render(
            request,
            "403.html",
            {"message": _("Only data-protection officers may search the audit log.")},
            status=403,
        )
    form = AuditFilterForm(request.GET or None)
    filters = selectors.AuditFilters()
    if form.is_valid():
        filters = selectors.AuditFilters(**form.cleaned_data)
    entries = selectors.audit_search(actor=actor, filters=filters)
    template = "core/_audit_rows.html" if request.htmx else "core/audit.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "form": form,
            "page": _page(request, entries),
            "grants": selectors.break_glass_list(actor=actor)[:20],
            "now": timezone.now(),
            "querystring": _without_page(request),
        },
    )


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


def lockout(
    request: HttpRequest, credentials: object = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown after too many wrong passwords (django-axes calls this too)."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "core/lockout.html", {"minutes": minutes}, status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "403.html",
        {"message": _("Your form expired. Go back, reload the page and try again.")},
        status=403,
    )


def redirect_home(request: HttpRequest) -> HttpResponseRedirect:
    return redirect("core:home")
