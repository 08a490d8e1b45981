"""Signing in to the portal: by a one-time code sent to one's e-mail or phone, by
an invitation link or code, or with a password (and an authenticator, for those
who turned it on). No page says whether an address belongs to anyone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from integra.core import ratelimit
from integra.core import selectors as core_selectors
from integra.core import services as core_services
from integra.core.errors import ValidationFailed
from integra.core.forms import CodeForm as TotpForm
from integra.core.forms import add_service_errors
from integra.core.middleware import LOGIN_AT, client_ip
from integra.core.views.base import remember_language, safe_next
from integra.portal.forms import AddressForm, CodeForm, PasswordSignInForm, WelcomeForm
from integra.portal.services import accounts

if TYPE_CHECKING:
    from integra.core.models import User

ADDRESS = "integra_portal_address"
PENDING = "integra_portal_pending"
BACKEND = "django.contrib.auth.backends.ModelBackend"
# Per address of the client, in a window of WINDOW seconds.
SEND_LIMIT = 10
TRY_LIMIT = 20
WINDOW = 15 * 60


def _too_many(request: HttpRequest, what: str, limit: int) -> bool:
    return ratelimit.hit(
        f"portal:{what}:{client_ip(request) or 'unknown'}", limit=limit, window_seconds=WINDOW
    )


def _slow_down(request: HttpRequest, template: str, form: object) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, "throttled": True, "minutes": WINDOW // 60},
        status=429,
    )


def _complete(request: HttpRequest, user: User, method: str, device: object = None) -> HttpResponse:
    target = safe_next(request, reverse("portal:home"))
    request.session.pop(PENDING, None)
    request.session.pop(ADDRESS, None)
    login(request, user, backend=BACKEND)  # rotates the session key
    if device is not None:
        otp_login(request, device)
    request.session[LOGIN_AT] = timezone.now().isoformat()
    core_services.login_record(user=user, method=method)
    return remember_language(redirect(target), user.preferred_language)


def _then_second_factor(request: HttpRequest, user: User, method: str) -> HttpResponse:
    """Those who turned on an authenticator confirm with it; others are in."""
    if core_selectors.totp_confirmed_device(user=user) is None:
        return _complete(request, user, method)
    request.session.cycle_key()
    request.session[PENDING] = {"user": user.pk, "method": method}
    target = safe_next(request, reverse("portal:home"))
    return redirect(f"{reverse('portal:sign_in_verify')}?{urlencode({'next': target})}")


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.portal_only:
        return redirect("portal:home")
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _too_many(request, "send", SEND_LIMIT):
            return _slow_down(request, "portal/sign_in.html", form)
        try:
            accounts.send_sign_in_code(address=form.cleaned_data["address"])
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            request.session[ADDRESS] = form.cleaned_data["address"]
            target = safe_next(request, "")
            code_url = reverse("portal:sign_in_code")
            return redirect(f"{code_url}?{urlencode({'next': target})}" if target else code_url)
    return render(request, "portal/sign_in.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    address = request.session.get(ADDRESS)
    if not isinstance(address, str):
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    context = {"form": form, "address": address, "minutes": settings.INTEGRA_PORTAL_CODE_MINUTES}
    if request.method == "POST" and form.is_valid():
        if _too_many(request, "try", TRY_LIMIT):
            return _slow_down(request, "portal/sign_in_code.html", form)
        try:
            account = accounts.redeem_code(
                address=address, code=form.cleaned_data["code"], purpose=accounts.SIGN_IN
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            return _then_second_factor(request, account.user, "sign-in code")
    return render(request, "portal/sign_in_code.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_password(request: HttpRequest) -> HttpResponse:
    form = PasswordSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = accounts.account_for_password(address=form.cleaned_data["address"])
        user = None
        if account is None:
            make_password(form.cleaned_data["password"])  # the same time, known or not
        else:
            user = authenticate(
                request,
                username=account.user.get_username(),
                password=form.cleaned_data["password"],
            )
        if getattr(request, "axes_locked_out", False):
            minutes = round(settings.AXES_COOLOFF_TIME * 60)
            return render(request, "core/lockout.html", {"minutes": minutes}, status=429)
        if user is None:
            form.add_error(None, _("That address or password is not right."))
        else:
            return _then_second_factor(request, user, "password")
    return render(request, "portal/sign_in_password.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    user_id = pending.get("user") if isinstance(pending, dict) else None
    user = core_selectors.user_get_active(user_id=user_id) if isinstance(user_id, int) else None
    device = core_selectors.totp_confirmed_device(user=user) if user else None
    if user is None or device is None or not isinstance(pending, dict):
        return redirect("portal:sign_in")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _("Too many wrong codes. Wait a minute and try again."))
        elif device.verify_token(form.cleaned_data["code"].strip()):
            return _complete(request, user, f"{pending.get('method')}+totp", device=device)
        else:
            form.add_error("code", _("That code is not right. Check the time on your phone."))
    return render(request, "portal/sign_in_verify.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest) -> HttpResponse:
    """The invitation code, typed with the address it was sent to."""
    form = WelcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _too_many(request, "try", TRY_LIMIT):
            return _slow_down(request, "portal/welcome.html", form)
        try:
            account = accounts.redeem_code(
                address=form.cleaned_data["address"],
                code=form.cleaned_data["code"],
                purpose=accounts.INVITATION,
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Welcome. These are your own pages."))
            return _then_second_factor(request, account.user, "invitation code")
    return render(request, "portal/welcome.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def welcome_link(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link. Opening it shows a button; only pressing it uses the
    link, so a mail program that opens links to check them uses nothing."""
    if request.method == "POST":
        if _too_many(request, "try", TRY_LIMIT):
            return _slow_down(request, "portal/welcome_link.html", None)
        try:
            account = accounts.redeem_link(token=token[:100])
        except ValidationFailed as error:
            return render(request, "portal/welcome_link.html", {"error": error.message}, status=400)
        messages.success(request, _("Welcome. These are your own pages."))
        return _then_second_factor(request, account.user, "invitation link")
    return render(request, "portal/welcome_link.html", {})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated:
        core_services.logout_record(user=user)
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("portal:sign_in")
