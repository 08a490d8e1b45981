"""Forms of the migrant's pages and of the caseworkers' portal pages. The rules
that matter live in the services; these only read what was typed."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from integra.portal.models import Channel

ADDRESS_HELP = _("The e-mail address or phone number (with +373) your caseworker has.")


class AddressForm(forms.Form):
    address = forms.CharField(
        label=_("E-mail or phone number"),
        max_length=254,
        help_text=ADDRESS_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class WelcomeForm(AddressForm, CodeForm):
    field_order = ["address", "code"]


class PasswordSignInForm(AddressForm):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("What for"), choices=())
    recipients = forms.MultipleChoiceField(
        label=_("To whom"), choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: object,
        purposes: list[tuple[str, str]],
        recipients: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["purpose"].choices = purposes  # type: ignore[attr-defined]
        self.fields["recipients"].choices = recipients  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of my pages"), choices=settings.LANGUAGES)
    share_with_household = forms.BooleanField(
        label=_("The adults of my household may see my plan and my courses"), required=False
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    again = forms.CharField(
        label=_("The same password again"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class InviteForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Send the invitation by"), choices=Channel.choices, widget=forms.RadioSelect
    )


class AppointmentForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=5, max_value=480, initial=30
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", "—"), *settings.LANGUAGES], required=False
    )
    interpreter = forms.BooleanField(label=_("An interpreter will be there"), required=False)
