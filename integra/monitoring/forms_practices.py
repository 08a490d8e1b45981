"""Forms of the good practices pages. The rules live in the services; a form
reads what was typed and shows the services' errors beside their fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.domains import Domain
from integra.monitoring.selectors.practices import PracticeFilters, country_choices
from integra.monitoring.services.practices import PracticeData


def _no_nul(value: str) -> str:
    return value.replace("\x00", "")


def _text(label: Any, *, rows: int = 6, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _set_countries(form: forms.Form, empty: Any) -> None:
    field = form.fields["country"]
    assert isinstance(field, forms.ChoiceField)
    field.choices = [("", empty), *country_choices()]


class PracticeListForm(forms.Form):
    q = forms.CharField(
        label=_("Words"),
        max_length=200,
        required=False,
        help_text=_("In the title, summary or description; in any script."),
    )
    area = forms.ChoiceField(
        label=_("Area"), required=False, choices=[("", _("Any")), *Domain.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.HiddenInput,
        choices=[
            ("", _("The published library")),
            ("draft", _("Drafts you keep")),
            ("withdrawn", _("Withdrawn practices you keep")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_countries(self, _("Any"))

    def filters(self) -> PracticeFilters:
        if not (self.is_bound and self.is_valid()):
            return PracticeFilters()
        data = self.cleaned_data
        return PracticeFilters(
            query=_no_nul(data["q"]),
            area=data["area"],
            country=data["country"],
            status=data["status"],
        )


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    country = forms.ChoiceField(label=_("Country"))
    area = forms.ChoiceField(label=_("Area"), choices=[("", _("Choose an area")), *Domain.choices])
    summary = _text(
        _("Summary"),
        rows=3,
        max_length=500,
        help_text=_("A few sentences, at most 500 characters: shown in the library's list."),
    )
    description = _text(
        _("Description"),
        rows=10,
        help_text=_("Who runs it, for whom, how it works, what it costs."),
    )
    evidence = _text(
        _("Evidence of results"),
        required=False,
        help_text=_("Evaluations, figures, sources that show it works."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.CharField(label=_("Contact e-mail"), max_length=254, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_countries(self, _("Choose a country"))

    def values(self) -> PracticeData:
        data = self.cleaned_data
        return PracticeData(**{name: _no_nul(data[name] or "") for name in self.fields})


def practice_initial(data: PracticeData) -> dict[str, str]:
    return {name: getattr(data, name) for name in PracticeForm.base_fields}


class WithdrawForm(forms.Form):
    reason = _text(
        _("Why is the practice withdrawn?"),
        rows=3,
        max_length=2000,
        help_text=_("Kept in the audit log; those who keep the practice see it."),
    )
