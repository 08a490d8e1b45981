"""Forms of the registry pages; the rules that matter live in people.services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.roles import OrganisationKind
from integra.people.models import (
    CefrLevel,
    ConsentPurpose,
    DatePrecision,
    DocumentKind,
    ImportMode,
    IscedLevel,
    OtherNameKind,
    Recognition,
    Relationship,
    RequestKind,
    RequestStatus,
    Sex,
    StatusCategory,
)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or public id"),
        required=False,
        max_length=200,
        help_text=_("In any script or spelling: Muratov finds Муратов and Mouratov."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    citizenship = forms.RegexField(
        label=_("Citizenship (ISO code)"),
        required=False,
        regex=r"^[A-Za-z]{2}$",
        max_length=2,
        error_messages={"invalid": _("Use a two-letter ISO code such as UA.")},
    )


class PersonForm(forms.Form):
    given_name = forms.CharField(
        label=_("Given name"), max_length=150, help_text=_("As written in the person's own script.")
    )
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    given_name_latin = forms.CharField(
        label=_("Given name in Latin letters"),
        max_length=150,
        required=False,
        help_text=_("Left empty, a transliteration is suggested."),
    )
    family_name_latin = forms.CharField(
        label=_("Family name in Latin letters"), max_length=150, required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.NOT_STATED)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    birth_date_precision = forms.ChoiceField(
        label=_("How precise is the date of birth?"), choices=DatePrecision.choices
    )
    birth_place = forms.CharField(label=_("Place of birth"), max_length=150, required=False)
    citizenships = forms.CharField(
        label=_("Citizenships"),
        max_length=60,
        required=False,
        help_text=_("Two-letter ISO codes separated by commas, e.g. UA, SY."),
    )
    stateless = forms.BooleanField(label=_("Stateless"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    education_level = forms.TypedChoiceField(
        label=_("Highest education (ISCED 2011)"),
        choices=[("", "—"), *IscedLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    locality = forms.CharField(label=_("Locality"), max_length=100, required=False)

    def person_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["citizenships"] = tuple(
            code.strip() for code in values.get("citizenships", "").split(",") if code.strip()
        )
        values.pop("confirm_new", None)
        return values


IDENTITY = ("given_name", "family_name", "given_name_latin", "family_name_latin", "birth_date")


def identity_fingerprint(values: Mapping[str, Any]) -> str:
    """Binds "this is a new person" to the identity the caseworker checked the
    matches for: change a name or the date and the check runs again."""
    basis = "\x1f".join(str(values.get(name) or "") for name in IDENTITY)
    return salted_hmac("integra.people.confirm_new", basis).hexdigest()[:32]


class RegisterForm(PersonForm):
    confirm_new = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def confirmed_new(self) -> bool:
        sent = self.cleaned_data.get("confirm_new") or ""
        return bool(sent) and constant_time_compare(sent, identity_fingerprint(self.cleaned_data))


class StatusForm(forms.Form):
    category = forms.ChoiceField(
        label=pgettext_lazy("legal", "Status"), choices=StatusCategory.choices
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty if the status has no end date."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decision_reference = forms.CharField(
        label=_("Decision reference"), max_length=100, required=False
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number"), max_length=50)
    issuing_country = forms.CharField(
        label=_("Issuing country (ISO code)"), max_length=2, min_length=2
    )
    issued_on = forms.DateField(
        label=_("Issued on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class OtherNameForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OtherNameKind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=300, help_text=_("As written, in any script.")
    )
    name_latin = forms.CharField(
        label=_("Name in Latin letters"),
        max_length=300,
        required=False,
        help_text=_("Left empty, a transliteration is suggested."),
    )
    until = forms.DateField(
        label=_("Used until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class LanguageForm(forms.Form):
    code = forms.CharField(
        label=_("Language (ISO 639 code)"),
        max_length=3,
        help_text=_("For example uk, ru, ar, fa, tg, ro."),
    )
    declared_level = forms.ChoiceField(label=_("Level (declared)"), choices=CefrLevel.choices)


class QualificationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2, min_length=2)
    isced_level = forms.TypedChoiceField(
        label=_("Level (ISCED 2011)"), choices=IscedLevel.choices, coerce=int
    )
    occupation = forms.CharField(label=_("Occupation (ISCO-08 code)"), max_length=4, required=False)
    recognition = forms.ChoiceField(label=_("Recognition"), choices=Recognition.choices)


class ExperienceForm(forms.Form):
    occupation = forms.CharField(label=_("Occupation (ISCO-08 code)"), max_length=4)
    years = forms.DecimalField(label=_("Years"), min_value=0, max_value=70, decimal_places=1)
    country = forms.CharField(
        label=_("Country (ISO code)"), max_length=2, min_length=2, required=False
    )


class VulnerabilityForm(forms.Form):
    unaccompanied_minor = forms.BooleanField(label=_("Unaccompanied minor"), required=False)
    single_parent = forms.BooleanField(label=_("Single parent"), required=False)
    disability = forms.BooleanField(label=_("Disability"), required=False)
    elderly = forms.BooleanField(label=_("Elderly"), required=False)
    victim_of_trafficking = forms.BooleanField(
        label=_("Victim of trafficking (sensitive)"), required=False
    )
    serious_medical_condition = forms.BooleanField(
        label=_("Serious medical condition (sensitive)"), required=False
    )

    def __init__(self, *args: Any, sensitive: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sensitive:
            del self.fields["victim_of_trafficking"]
            del self.fields["serious_medical_condition"]


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    recipients = forms.MultipleChoiceField(
        label=_("Who may receive the data"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    given_on = forms.DateField(label=_("Given on"), widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class HouseholdJoinForm(forms.Form):
    household = forms.RegexField(
        label=_("Household id"),
        regex=r"^\s*[Hh]-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}\s*$",
        required=False,
        help_text=_("Leave empty to start a new household with this person as its head."),
        error_messages={"invalid": _("A household id looks like H-XXXX-XXXX.")},
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the head of the household"),
        choices=Relationship.choices,
        initial=Relationship.OTHER,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("One person per row, with the columns of the template."),
    )
    mode = forms.ChoiceField(
        label=_("What to import"),
        choices=ImportMode.choices,
        initial=ImportMode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )


class MergeForm(forms.Form):
    duplicate = forms.RegexField(
        label=_("Public id of the duplicate record"),
        regex=r"^\s*[Pp]-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}\s*$",
        max_length=20,
        help_text=_(
            "The other record of the same person, e.g. P-7K2M-Q9XD. It will be found no more."
        ),
        error_messages={"invalid": _("Write the public id as it is shown, e.g. P-7K2M-Q9XD.")},
    )
    reason = forms.CharField(
        label=_("Why these are the same person"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: same passport number, confirmed with the person at the desk."),
    )

    def clean_duplicate(self) -> str:
        return str(self.cleaned_data["duplicate"]).strip().upper()


class UndoMergeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the merge was wrong"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("case", "Request"), choices=RequestKind.choices)
    submitted_on = forms.DateField(
        label=_("Submitted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(value, label) for value, label in RequestStatus.choices if value != "submitted"],
    )
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    decision_reference = forms.CharField(
        label=_("Decision reference"),
        max_length=100,
        required=False,
        help_text=_("Required when the request is granted or refused."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FamilyMemberForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=300, help_text=_("As written, in any script.")
    )
    name_latin = forms.CharField(
        label=_("Name in Latin letters"),
        max_length=300,
        required=False,
        help_text=_("Left empty, a transliteration is suggested."),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the applicant"),
        choices=[(value, label) for value, label in Relationship.choices if value != "head"],
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    country = forms.CharField(
        label=_("Country where they live (ISO code)"), max_length=2, min_length=2
    )


class RequestDocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Document"),
        max_length=200,
        help_text=_("For example: marriage certificate, language certificate."),
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class HouseholdSplitForm(forms.Form):
    """Choices are the household's current members, as (public id, name)."""

    members = forms.MultipleChoiceField(
        label=_("Who moves to the new household"), widget=forms.CheckboxSelectMultiple
    )
    head = forms.ChoiceField(label=_("Head of the new household"))
    remaining_head = forms.ChoiceField(
        label=_("Head of those who stay"),
        required=False,
        help_text=_("Needed only if the current head moves."),
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (
            ("members", people),
            ("head", people),
            ("remaining_head", [("", "—"), *people]),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices


class HouseholdMergeForm(forms.Form):
    other = forms.RegexField(
        label=_("Household that joins this one"),
        regex=r"^\s*[Hh]-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}\s*$",
        max_length=20,
        help_text=_("Its public id, e.g. H-4F7K-2MQX. Everyone living there moves here."),
        error_messages={"invalid": _("Write the household id as it is shown, e.g. H-4F7K-2MQX.")},
    )

    def clean_other(self) -> str:
        return str(self.cleaned_data["other"]).strip().upper()
