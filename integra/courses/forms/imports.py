"""The form that uploads a file of results."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ResultImportForm(forms.Form):
    provider = forms.ChoiceField(label=_("Provider"))
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("One result per row, with the columns of the template."),
    )

    def __init__(self, *args: object, providers: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]
        if len(providers) == 1:
            self.fields["provider"].initial = providers[0][0]
