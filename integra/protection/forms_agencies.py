"""Forms of the agencies' pages. The rules that matter live in the services (and
the pure licensing rules); a form reads what was typed and shows the services'
errors beside the fields they are about."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from integra.core.forms import date_field
from integra.protection import isic
from integra.protection.licensing import Decision
from integra.protection.models import AgencyViolationKind
from integra.protection.selectors.agencies import CHECK_MIN_LENGTH, standing_choices
from integra.protection.services.agencies import (
    AgencyData,
    ApplicationData,
    ContractData,
    DecisionData,
    ViolationData,
)


def _text(label: Any, *, rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


# --- Public ------------------------------------------------------------------------------


class CheckForm(forms.Form):
    q = forms.CharField(
        label=_("Agency name or company registration number"),
        min_length=CHECK_MIN_LENGTH,
        max_length=100,
        help_text=_("A part of the name is enough, e.g. “Euro Job”; or the 13-digit IDNO."),
        error_messages={
            "required": _("Type the agency's name or its registration number."),
            "min_length": _("Type at least %(limit_value)d letters of the name."),
        },
    )

    def clean_q(self) -> str:
        value: str = self.cleaned_data["q"]
        if "\x00" in value:
            raise forms.ValidationError(_("Type the agency's name or its registration number."))
        return value


# --- The register ------------------------------------------------------------------------


class AgencyListForm(forms.Form):
    q = forms.CharField(label=_("Name, registration number or id"), max_length=100, required=False)
    standing = forms.ChoiceField(label=_("Licence"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standing"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any")), *standing_choices()]

    def filters(self) -> dict[str, str]:
        """Arguments of selectors.agencies.Filters (empty when not valid)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        query = self.cleaned_data["q"].replace("\x00", "")
        return {"query": query, "standing": self.cleaned_data["standing"]}


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    registration_number = forms.CharField(
        label=_("Company registration number"),
        max_length=64,
        help_text=_("For a Moldovan company, its state identification number (IDNO), 13 digits."),
    )
    country = forms.CharField(
        label=_("Country of registration"),
        max_length=2,
        initial="MD",
        help_text=_("Its ISO code, e.g. MD."),
    )
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)

    def values(self) -> AgencyData:
        return AgencyData(**{name: self.cleaned_data[name] for name in self.fields})


def agency_initial(data: AgencyData) -> dict[str, object]:
    return {
        "name": data.name,
        "registration_number": data.registration_number,
        "country": data.country,
        "address": data.address,
        "region": data.region,
        "email": data.email,
        "phone": data.phone,
        "website": data.website,
    }


# --- Licences ----------------------------------------------------------------------------


class ApplicationForm(forms.Form):
    applied_on = date_field(
        label=_("Applied on"), required=False, help_text=_("Today if left empty.")
    )
    destinations = forms.CharField(
        label=_("Countries it places workers in"),
        max_length=500,
        help_text=_("ISO country codes, separated by commas or spaces, e.g. “DE, IL, MD”."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors it recruits for (ISIC)"),
        choices=isic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Name at least one sector the agency recruits for.")},
    )

    def values(self) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            applied_on=data["applied_on"],
            destinations=tuple(c for c in re.split(r"[\s,;]+", data["destinations"]) if c),
            sectors=tuple(data["sectors"]),
        )


class DecisionForm(forms.Form):
    """A decision on a licence; granting asks for its number and dates, refusing,
    suspending and revoking for the reason."""

    number = forms.CharField(label=_("Licence number"), max_length=64)
    valid_from = date_field(label=_("Valid from"))
    valid_until = date_field(label=_("Valid until (last day)"))
    reason = _text(
        _("Reason"),
        max_length=2000,
        help_text=_("Kept in the licence's history; not shown on the public page."),
    )

    def __init__(self, *args: Any, decision: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decision = decision
        if decision != Decision.GRANT:
            for name in ("number", "valid_from", "valid_until"):
                del self.fields[name]
        if decision in {Decision.GRANT, Decision.REINSTATE}:
            self.fields["reason"].required = False

    def values(self) -> DecisionData:
        data = self.cleaned_data
        return DecisionData(
            decision=self.decision,
            reason=data.get("reason", ""),
            number=data.get("number", ""),
            valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"),
        )


# --- Violations and contracts ---------------------------------------------------------------


class ViolationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the agency did"),
        choices=AgencyViolationKind.choices,
        help_text=_("Any fee or cost charged to a worker is a violation (ILO C181, art. 7)."),
    )
    found_on = date_field(label=_("Found on"))
    description = _text(_("What happened"), rows=5, max_length=5000)
    amount = forms.DecimalField(
        label=_("Amount charged or lost"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("Its ISO 4217 code, e.g. MDL or EUR; with an amount."),
    )
    source = forms.CharField(
        label=_("Found by"),
        max_length=64,
        required=False,
        help_text=_("An inspection, a complaint, the licensing file …"),
    )

    def values(self) -> ViolationData:
        data = self.cleaned_data
        amount = data["amount"]
        return ViolationData(
            kind=data["kind"],
            found_on=data["found_on"],
            description=data["description"],
            amount=amount,
            currency=data["currency"] if amount is not None else "",
            source=data["source"],
        )


class ContractForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.CharField(
        label=_("Language of the contract"),
        max_length=8,
        initial="ro",
        help_text=_("Its ISO 639 code, e.g. ro, ru or en."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX or ODT, 10 MB at most."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.odt,application/pdf,application/"
                "vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.oasis.opendocument.text"
            }
        ),
    )

    def upload(self) -> tuple[ContractData, UploadedFile]:
        data = self.cleaned_data
        upload: UploadedFile = data["file"]
        return (
            ContractData(
                title=data["title"],
                language=data["language"],
                file_name=upload.name or "",
                size=upload.size or 0,
                content_type=upload.content_type or "",
            ),
            upload,
        )
