"""My account: language, sharing with my household, a password, an authenticator."""

from __future__ import annotations

import base64

from django.contrib import messages as flash
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from integra.core import selectors as core_selectors
from integra.core import services as core_services
from integra.core.errors import ApplicationError
from integra.core.forms import CodeForm as TotpForm
from integra.core.forms import add_service_errors
from integra.core.views.base import current_actor, remember_language
from integra.core.views.signin import qr_data_uri
from integra.portal.forms import PasswordForm, SettingsForm
from integra.portal.selectors import mine as selectors
from integra.portal.services import mine as services
from integra.portal.views.common import migrant_required


@require_http_methods(["GET", "POST"])
@migrant_required
def account(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    mine = selectors.own_account(actor=actor)
    initial = {
        "language": actor.user.preferred_language or request.LANGUAGE_CODE,
        "share_with_household": mine.share_with_household,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(
                actor=actor,
                share_with_household=form.cleaned_data["share_with_household"],
                language=form.cleaned_data["language"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            flash.success(request, _("Your settings were saved."))
            return remember_language(redirect("portal:account"), form.cleaned_data["language"])
    return render(
        request,
        "portal/account.html",
        {
            "form": form,
            "account": mine,
            "has_password": actor.user.has_usable_password(),
            "has_authenticator": core_selectors.totp_confirmed_device(user=actor.user) is not None,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@migrant_required
def password(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_set(
                actor=actor,
                password=form.cleaned_data["password"],
                again=form.cleaned_data["again"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            update_session_auth_hash(request, actor.user)
            flash.success(request, _("Your password was set."))
            return redirect("portal:account")
    return render(
        request, "portal/password.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
@require_http_methods(["GET", "POST"])
@migrant_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turns on an authenticator app (optional for migrants)."""
    actor = current_actor(request)
    if core_selectors.totp_confirmed_device(user=actor.user) is not None:
        flash.info(request, _("Your authenticator is already on."))
        return redirect("portal:account")
    device = core_services.totp_device_start(user=actor.user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            core_services.totp_device_confirm(
                user=actor.user, device=device, code=form.cleaned_data["code"]
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            flash.success(request, _("Your authenticator is on: sign-in will ask for its code."))
            return redirect("portal:account")
    return render(
        request,
        "portal/two_factor.html",
        {
            "form": form,
            "secret": base64.b32encode(device.bin_key).decode(),
            "qr": qr_data_uri(device.config_url),
        },
        status=400 if form.errors else 200,
    )
