"""Sign-in with a second factor, sign-out, password change, lockout."""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING, Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate as django_authenticate
from django.contrib.auth import login, logout
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from integra.core import access, selectors, services
from integra.core.errors import Conflict, ValidationFailed
from integra.core.forms import (
    CodeForm,
    LoginForm,
    add_service_errors,
)
from integra.core.middleware import LOGIN_AT
from integra.core.views.base import actor_required, remember_language, safe_next

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from integra.core.models import User

PENDING_USER = "integra_pending_user"
PENDING_BACKEND = "integra_pending_backend"


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
                target = safe_next(request, reverse("core:home"))
                return redirect(f"{reverse('core:login_verify')}?{urlencode({'next': target})}")
            return _complete_login(request, user, getattr(user, "backend", ""), device=None)
    return render(request, "core/login.html", {"form": form, "next": request.GET.get("next", "")})


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING_USER)
    return selectors.user_get_active(user_id=user_id) if isinstance(user_id, int) else None


def _complete_login(
    request: HttpRequest, user: User, backend: str, device: TOTPDevice | None
) -> HttpResponse:
    target = safe_next(request, reverse("core:home"))
    request.session.pop(PENDING_USER, None)
    request.session.pop(PENDING_BACKEND, None)
    login(request, user, backend=backend or None)  # rotates the session key
    if device is not None:
        otp_login(request, device)
    request.session[LOGIN_AT] = timezone.now().isoformat()
    services.login_record(user=user, method="password+totp" if device else "password")
    return remember_language(redirect(target), user.preferred_language)


def qr_data_uri(url: str) -> str:
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
            "qr": qr_data_uri(device.config_url),
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


def lockout(
    request: HttpRequest, credentials: object = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown after too many wrong passwords (django-axes calls this too)."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "core/lockout.html", {"minutes": minutes}, status=429)
