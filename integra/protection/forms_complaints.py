"""Forms of the complaint pages. The rules that matter live in the services
(integra.protection.services.complaints, complaint_handling); these forms parse
what a browser sends, without JavaScript, and show the services' errors beside
the fields. Nothing here asks for residence status."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from integra.protection import isic
from integra.protection.models import (
    ComplaintCategory,
    ComplaintStatus,
    ForcedLabourIndicator,
    Remedy,
)
from integra.protection.services import complaint_handling as handling
from integra.protection.services import complaints as services

ANONYMOUS = "anonymous"
NAMED = "named"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (``<input type=file multiple>``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.docx,.odt"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def uploads_of(files: Sequence[UploadedFile]) -> list[services.Upload]:
    return [
        services.Upload(name=f.name or "", file=f, content_type=f.content_type or "") for f in files
    ]


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_(
            "Photos, payslips, a contract, messages: JPEG, PNG, PDF, DOCX or ODT, each at "
            "most 10 MB, together at most 25 MB."
        ),
    )


class ComplaintForm(forms.Form):
    """A complaint, as the worker (or someone lodging it for them) writes it."""

    categories = forms.MultipleChoiceField(
        label=_("What happened?"),
        choices=ComplaintCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose everything that applies."),
    )
    description = forms.CharField(
        label=_("Tell us what happened"),
        max_length=services.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("When, where, who. Write in your own language."),
    )
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    workplace = forms.CharField(
        label=_("Workplace"),
        max_length=250,
        required=False,
        help_text=_("The address or the place: a farm, a building site, a house."),
    )
    sector = forms.ChoiceField(label=_("Kind of work"), required=False, choices=())
    region = forms.CharField(label=_("Region or town"), max_length=100, required=False)
    agency_name = forms.CharField(
        label=_("Recruitment agency"),
        max_length=200,
        required=False,
        help_text=_("If an agency found you this job: its name."),
    )
    anonymous = forms.ChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            (ANONYMOUS, _("No: the complaint stays anonymous")),
            (NAMED, _("Yes: I give my name and how to reach me")),
        ],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
        help_text=_(
            "You can follow an anonymous complaint with its tracking code. Nobody will "
            "ask about your residence status."
        ),
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    contact = forms.CharField(
        label=_("Phone or e-mail"),
        max_length=254,
        required=False,
        help_text=_("Only if you want to be contacted."),
    )
    person = forms.RegexField(
        label=_("The worker's record (optional)"),
        regex=r"^\s*[Pp]-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}\s*$",
        max_length=20,
        required=False,
        help_text=_(
            "Only if the worker asks for it: the public id of their record, e.g. P-7K2M-Q9XD. "
            "Nothing in the record is read or changed."
        ),
        error_messages={"invalid": _("Write the public id as it is shown, e.g. P-7K2M-Q9XD.")},
    )
    attachments = _attachments_field()

    def __init__(self, *args: Any, for_worker: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        assert isinstance(sector, forms.ChoiceField)
        sector.choices = [("", _("I do not know")), *isic.choices()]
        if not for_worker:
            del self.fields["person"]
        else:
            self.fields["anonymous"].label = _("Does the worker want to give their name?")
            self.fields["name"].label = _("The worker's name")

    def data_for_service(self, *, language: str) -> services.ComplaintData:
        data = self.cleaned_data
        return services.ComplaintData(
            categories=tuple(data["categories"]),
            description=data["description"],
            anonymous=data["anonymous"] != NAMED,
            name=data["name"],
            contact=data["contact"],
            employer=data["employer"],
            workplace=data["workplace"],
            sector=data["sector"],
            region=data["region"],
            agency_name=data["agency_name"],
            language=language,
            person=(data.get("person") or "").strip().upper(),
        )

    def files_for_service(self) -> list[services.Upload]:
        return uploads_of(self.cleaned_data["attachments"])


class TrackForm(forms.Form):
    # No format check here: a malformed code is answered like an unknown one.
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=100,
        help_text=_("The code you were given when you lodged the complaint, e.g. ABCD-EFGH-…"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class InformationForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to add?"),
        max_length=services.DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = _attachments_field()


# --- The handlers' pages ------------------------------------------------------------------------


class TriageForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("open", _("Open")), *ComplaintStatus.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *ComplaintCategory.choices],
    )
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)
    mine = forms.BooleanField(label=_("Only those I handle"), required=False)

    def filters(self) -> dict[str, Any]:
        """Arguments of selectors.ComplaintFilters (empty when the form is not valid)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "category": data["category"],
            "urgent": True if data["urgent"] else None,
            "mine": data["mine"],
        }


class UpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        required=False,
        choices=[
            ("", _("Keep the status")),
            *((s.value, s.label) for s in map(ComplaintStatus, handling.SETTABLE_STATUSES)),
        ],
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=services.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    public = forms.BooleanField(
        label=_("Show this to the complainant on the tracking page"), required=False
    )


class RouteForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Send to"), choices=())
    note = forms.CharField(
        label=_("Internal note"),
        max_length=services.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = organisations


class IndicatorForm(forms.Form):
    indicator = forms.ChoiceField(
        label=_("Indicator of forced labour (ILO)"), choices=ForcedLabourIndicator.choices
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=services.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What in the complaint or the evidence shows it."),
    )


class ForcedLabourForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Is this forced labour?"),
        choices=[("yes", _("Yes: forced labour")), ("no", _("No: not forced labour"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        max_length=services.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    remedies = forms.MultipleChoiceField(
        label=_("What the worker obtained"),
        choices=Remedy.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    wages_recovered = forms.DecimalField(
        label=_("Wages recovered"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        initial="MDL",
        help_text=_("ISO 4217 code, such as MDL or EUR."),
    )
    note = forms.CharField(
        label=_("Closing note"),
        max_length=services.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    public = forms.BooleanField(
        label=_("Show the closing note to the complainant"), required=False, initial=True
    )

    def closing(self) -> handling.Closing:
        data = self.cleaned_data
        amount = data["wages_recovered"]
        return handling.Closing(
            remedies=tuple(data["remedies"]),
            wages_recovered=amount,
            currency=data["currency"] if amount is not None else "",
            note=data["note"],
            public=data["public"],
        )


class RoutingRuleForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *ComplaintCategory.choices],
    )
    region = forms.CharField(
        label=_("Region"), max_length=100, required=False, help_text=_("Empty: any region.")
    )
    organisation = forms.ChoiceField(label=_("Goes to"), choices=())

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = organisations
