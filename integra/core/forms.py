"""Forms of the core pages. Validation that matters lives in the services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.errors import ApplicationError
from integra.core.roles import Level, OrganisationKind, Role


def add_service_errors(form: forms.Form, error: ApplicationError) -> None:
    """Shows a service's errors beside the fields they concern."""
    placed = False
    for field, messages in error.field_errors.items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
                placed = True
    if not placed:
        form.add_error(None, error.message)


def add_errors(
    form: forms.Form, error: ApplicationError, *, rename: Mapping[str, str] | None = None
) -> None:
    """Shows a service's errors beside the fields they concern, its message on top;
    ``rename`` maps a service's field names to the form's."""
    rename = rename or {}
    form.add_error(None, error.message)
    for name, messages in error.field_errors.items():
        field = rename.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def date_field(**kwargs: Any) -> forms.DateField:
    """A date with the browser's own date picker."""
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your authenticator app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class OrganisationForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=64,
        help_text=_("Short, unique, used in addresses: e.g. ic-chisinau."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    country = forms.CharField(
        label=_("Country (ISO code)"), max_length=2, min_length=2, initial="MD"
    )
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    locality = forms.CharField(label=_("Locality"), max_length=100, required=False)


class OrganisationEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    locality = forms.CharField(label=_("Locality"), max_length=100, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)


class MemberForm(forms.Form):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use this token?")
    )
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=3650, initial=90
    )
    membership = forms.TypedChoiceField(
        label=_("Limit to"), coerce=int, required=False, empty_value=None
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need this record?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Your reason is recorded and shown to the data-protection officer."),
    )


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=64)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    organisation = forms.CharField(label=_("Organisation code"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    break_glass_only = forms.BooleanField(label=_("Break-glass only"), required=False)
