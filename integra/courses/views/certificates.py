"""Revoking a certificate: the coordinating authority, with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from integra.core.errors import NotFound, PermissionDenied, ValidationFailed
from integra.core.forms import add_service_errors
from integra.core.views.base import actor_required, current_actor
from integra.courses import selectors
from integra.courses.forms.certificates import RevokeForm
from integra.courses.services import results


@actor_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.can_revoke_certificates(actor=actor):
        raise PermissionDenied(_("Only the coordinating authority revokes certificates."))
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        raise NotFound(_("There is no certificate with this code."))
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and certificate.revoked_on is None:
        try:
            results.certificate_revoke(
                actor=actor, code=certificate.code, reason=form.cleaned_data["reason"]
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The certificate is revoked."))
            verify = reverse("courses:verify") + "?" + urlencode({"code": certificate.code})
            return redirect(verify)
    return render(
        request, "courses/certificate_revoke.html", {"certificate": certificate, "form": form}
    )
