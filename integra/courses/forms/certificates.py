"""The form that revokes a certificate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the certificate is revoked"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the certificate is revoked.")},
        help_text=_("Recorded in the audit log; the public check shows only that it was revoked."),
    )
