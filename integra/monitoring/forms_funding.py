"""Forms of the funding pages. The rules live in the services
(integra/monitoring/services/funding.py); a form reads what was typed and shows the
services' errors beside the fields they are about."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core.forms import date_field
from integra.monitoring.selectors import funding as selectors
from integra.monitoring.services.funding import EntryData, LineData, SourceData

YEAR_HELP = _("Between 2000 and 2100.")


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def year_or_this(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return int(self.cleaned_data["year"])
        return timezone.localdate().year


# --- Sources ----------------------------------------------------------------------------------


class SourceForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("Lower-case letters, digits and hyphens, e.g. “eu-amif”. It cannot change."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "kind").choices = selectors.kind_choices()
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].required = False

    def values(self, code: str = "") -> SourceData:
        data = self.cleaned_data
        return SourceData(
            code=code or data["code"],
            name=data["name"],
            kind=data["kind"],
            description=data["description"],
            is_active=bool(data["is_active"]),
        )


# --- Budget lines -----------------------------------------------------------------------------


class LineFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "programme").choices = [("", _("Any")), *selectors.programme_choices()]
        _choice(self, "source").choices = [
            ("", _("Any")),
            *selectors.source_choices(active_only=False),
        ]

    def filters(self) -> selectors.LineFilters:
        if not (self.is_bound and self.is_valid()):
            return selectors.LineFilters()
        data = self.cleaned_data
        return selectors.LineFilters(
            year=data["year"], programme=data["programme"], source=data["source"]
        )


class LineForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"))
    programme = forms.ChoiceField(label=_("Programme"))
    measure = forms.ChoiceField(
        label=_("Measure"),
        required=False,
        help_text=_(
            "Empty: the programme as a whole. The measure must be one of the chosen "
            "programme's; * marks a core (mandatory) measure."
        ),
    )
    year = forms.IntegerField(label=_("Year"), help_text=YEAR_HELP)
    amount = forms.CharField(label=_("Amount"), max_length=24, help_text=_("e.g. 150000.00"))
    currency = forms.CharField(
        label=_("Currency"), max_length=3, help_text=_("ISO code, e.g. EUR or MDL.")
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "source").choices = [("", "—"), *selectors.source_choices()]
        _choice(self, "programme").choices = [("", "—"), *selectors.programme_choices()]
        _choice(self, "measure").choices = [
            ("", _("The programme as a whole")),
            *selectors.measure_choices(),
        ]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        measure = data.get("measure") or ""
        programme = data.get("programme") or ""
        if measure and programme and not measure.startswith(f"{programme}/"):
            self.add_error("measure", _("This is not a measure of the chosen programme."))
        return data

    def values(self) -> LineData:
        data = self.cleaned_data
        measure = data["measure"] or ""
        return LineData(
            source=data["source"],
            programme=data["programme"],
            measure=measure.split("/", 1)[1] if "/" in measure else "",
            year=data["year"],
            amount=data["amount"],
            currency=data["currency"],
            note=data["note"],
        )


class LineEditForm(forms.Form):
    amount = forms.CharField(label=_("Amount"), max_length=24)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class EntryForm(forms.Form):
    movement = forms.ChoiceField(label=_("What"), widget=forms.RadioSelect)
    amount = forms.CharField(
        label=_("Amount"), max_length=24, help_text=_("More than zero, in the line's currency.")
    )
    on = date_field(label=_("Date"), help_text=_("At most a year from today."))
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        required=False,
        help_text=_("e.g. the contract or payment order number."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "movement").choices = selectors.movement_choices()

    def values(self) -> EntryData:
        data = self.cleaned_data
        on: date | None = data["on"]
        return EntryData(
            movement=data["movement"], amount=data["amount"], on=on, reference=data["reference"]
        )


def line_initial(amount: Decimal, note: str) -> dict[str, str]:
    return {"amount": str(amount), "note": note}
