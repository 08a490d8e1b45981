"""Forms of the statistics pages. What a breakdown may be is decided by the
selector (`selectors.tables`); these forms only read what was asked."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integra.core.errors import ValidationFailed
from integra.core.forms import add_service_errors
from integra.monitoring import catalogue
from integra.monitoring.selectors.tables import TableQuery

_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


class MonthField(forms.CharField):
    """A month as the browser's month picker sends it (YYYY-MM), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        found = _MONTH.match(text)
        if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
            raise ValidationError(
                _("Give the month as YYYY-MM, for example 2025-03."), code="invalid"
            )
        return date(int(found.group(1)), int(found.group(2)), 1)


def last_day(month: date) -> date:
    """The last day of the month that ``month`` falls in."""
    following = (
        date(month.year + 1, 1, 1)
        if month.month == 12
        else month.replace(month=month.month + 1, day=1)
    )
    return date.fromordinal(following.toordinal() - 1)


class DimensionField(forms.ChoiceField):
    """Offers the indicator's own breakdowns, but lets any known one through, so that
    the selector can say why a breakdown the indicator does not allow is refused."""

    def valid_value(self, value: Any) -> bool:
        return value in catalogue.DIMENSIONS or super().valid_value(value)


class TableForm(forms.Form):
    """The breakdown, period and filters of an indicator's table (a GET form)."""

    rows = DimensionField(label=_("Rows"))
    columns = DimensionField(label=_("Columns"), required=False)
    start = MonthField(label=_("From (month)"), required=False)
    end = MonthField(label=_("Until (month)"), required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        dimensions: Sequence[tuple[str, str]],
        filters: Sequence[tuple[str, str, Sequence[tuple[str, str]] | None]],
    ) -> None:
        """``dimensions``: (name, label) of the allowed breakdowns; ``filters``:
        (dimension, label, choices) of the filters, a free text where choices is None."""
        super().__init__(data)
        choices = list(dimensions)
        self.fields["rows"].choices = choices  # type: ignore[attr-defined]
        self.fields["columns"].choices = [  # type: ignore[attr-defined]
            ("", _("None (one column)")),
            *choices,
        ]
        self.filter_names: list[str] = []
        for name, label, values in filters:
            field: forms.Field
            if values is None:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=2 if name == catalogue.CITIZENSHIP else 100,
                    help_text=_("Two-letter country code, e.g. UA.")
                    if name == catalogue.CITIZENSHIP
                    else _("Leave empty for all."),
                )
            else:
                field = forms.ChoiceField(
                    label=label, required=False, choices=[("", _("All")), *values]
                )
            self.fields[name] = field
            self.filter_names.append(name)

    def clean_citizenship(self) -> str:
        return str(self.cleaned_data.get("citizenship") or "").strip().upper()

    def clean_region(self) -> str:
        return str(self.cleaned_data.get("region") or "").strip()

    def query(self) -> TableQuery:
        data = self.cleaned_data
        end = data.get("end")
        return TableQuery(
            rows=data.get("rows") or "",
            columns=data.get("columns") or "",
            start=data.get("start"),
            end=last_day(end) if end else None,
            filters={name: data[name] for name in self.filter_names if data.get(name)},
        )


class TargetForm(forms.Form):
    target = forms.CharField(
        label=_("Target"),
        required=False,
        max_length=20,
        help_text=_("Leave empty to clear the target."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


def add_validation_errors(form: forms.Form, error: ValidationFailed | ValidationError) -> None:
    """A selector's or service's errors beside the fields they concern, the rest on top."""
    if isinstance(error, ValidationFailed):
        add_service_errors(form, error)
    elif hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class PublicationForm(forms.Form):
    """The period of the whole publication download (a GET form)."""

    start = MonthField(label=_("From (month)"), required=False)
    end = MonthField(label=_("Until (month)"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The period must end after it starts."))
        return cleaned
