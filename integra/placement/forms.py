"""Forms of the vacancy pages. The rules that matter live in placement.services;
choices that come from the data (the organisations one posts for) are handed in by
the view, which reads them through the selectors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from integra.core.forms import date_field
from integra.placement.models import ContractKind, VacancyStatus, WagePeriod
from integra.placement.services import LanguageNeed, VacancyData

Choices = Sequence[tuple[Any, str | Promise]]

LANGUAGE_LINE = re.compile(r"^([A-Za-z]{2,3})\s*[:,;]?\s*([A-Ca-c][12])$")


def _wage(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class VacancyListForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *VacancyStatus.choices],
    )
    q = forms.CharField(
        label=_("Title, employer or skill"), max_length=100, required=False, strip=True
    )

    def filters(self) -> dict[str, str]:
        """Arguments of selectors.StaffFilters (empty when the form is not valid)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        return {"status": self.cleaned_data["status"], "query": self.cleaned_data["q"]}


class VacancyForm(forms.Form):
    """Posts or changes a vacancy. The organisation is asked for only when posting,
    and only when the user posts for more than one."""

    organisation = forms.ChoiceField(
        label=_("Posted by"),
        help_text=_("The employer, or the employment office that posts for an employer."),
    )
    employer_name = forms.CharField(
        label=_("Employer"),
        max_length=200,
        required=False,
        help_text=_("For an employment office: the employer it posts this vacancy for."),
    )
    title = forms.CharField(
        label=_("Job title"),
        max_length=200,
        help_text=_("As workers will see it, e.g. “Bricklayer” or “Care worker, nights”."),
    )
    occupation = forms.RegexField(
        label=_("Occupation (ISCO-08 code)"),
        regex=r"^\s*\d{1,4}\s*$",
        max_length=4,
        error_messages={"invalid": _("Give an ISCO-08 code of 1 to 4 digits, such as 7112.")},
        help_text=_("The unit group if you know it (7112 bricklayer), or its first digits."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The work, the place, housing or transport if offered, how to apply."),
    )
    skills = forms.CharField(
        label=_("Skills needed"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, or separated by commas: short words, e.g. “welding”."),
    )
    languages = forms.CharField(
        label=_("Languages needed"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: the ISO 639 code and the CEFR level (A1 to C2), e.g. “ro B1”."),
    )
    region = forms.CharField(
        label=_("Region"),
        max_length=100,
        # The regions known so far are suggested (placement/vacancy_form.html).
        widget=forms.TextInput(attrs={"list": "vacancy-regions"}),
    )
    locality = forms.CharField(label=_("Locality"), max_length=100, required=False)
    positions = forms.IntegerField(label=_("Positions"), min_value=1, max_value=1000, initial=1)
    wage_min = _wage(_("Lowest wage"))
    wage_max = _wage(_("Highest wage"))
    currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Za-z]{3}$",
        max_length=3,
        initial="MDL",
        error_messages={"invalid": _("Give the ISO 4217 code, such as MDL or EUR.")},
    )
    wage_period = forms.ChoiceField(
        label=_("Wage per"), choices=WagePeriod.choices, initial=WagePeriod.MONTH
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"), min_value=1, max_value=60, initial=40
    )
    contract_kind = forms.ChoiceField(label=_("Contract"), choices=ContractKind.choices)
    open_to_foreign_workers = forms.BooleanField(
        label=_("Open to foreign workers (shown on the public work pages)"),
        required=False,
        initial=True,
    )
    opens_on = date_field(label=_("Published from"), required=False)
    closes_on = date_field(label=_("Applications until"))

    def __init__(self, *args: Any, organisations: Choices | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None or len(organisations) <= 1:
            del self.fields["organisation"]
        else:
            field = self.fields["organisation"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "—"), *organisations]

    def clean_skills(self) -> tuple[str, ...]:
        text: str = self.cleaned_data["skills"]
        return tuple(s.strip() for s in re.split(r"[,\n]", text) if s.strip())

    def clean_languages(self) -> tuple[LanguageNeed, ...]:
        needs: list[LanguageNeed] = []
        for line in self.cleaned_data["languages"].splitlines():
            if not line.strip():
                continue
            match = LANGUAGE_LINE.match(line.strip())
            if match is None:
                raise forms.ValidationError(
                    _("Write “%(line)s” as a code and a level, e.g. “ro B1”."),
                    params={"line": line.strip()[:30]},
                )
            needs.append(LanguageNeed(match.group(1).lower(), match.group(2).upper()))
        return tuple(needs)

    def values(self) -> VacancyData:
        data = self.cleaned_data
        opens_on: date | None = data["opens_on"]
        return VacancyData(
            organisation=data.get("organisation", ""),
            employer_name=data["employer_name"],
            title=data["title"],
            occupation=data["occupation"].strip(),
            description=data["description"],
            skills=data["skills"],
            languages=data["languages"],
            region=data["region"],
            locality=data["locality"],
            positions=data["positions"],
            wage_min=data["wage_min"],
            wage_max=data["wage_max"],
            currency=data["currency"].upper(),
            wage_period=data["wage_period"],
            hours_per_week=data["hours_per_week"],
            contract_kind=data["contract_kind"],
            open_to_foreign_workers=data["open_to_foreign_workers"],
            opens_on=opens_on,
            closes_on=data["closes_on"],
        )


def initial_of(data: VacancyData) -> dict[str, object]:
    """A vacancy's values as the form shows them."""
    return {
        "employer_name": data.employer_name,
        "title": data.title,
        "occupation": data.occupation,
        "description": data.description,
        "skills": "\n".join(data.skills),
        "languages": "\n".join(f"{n.language} {n.level}" for n in data.languages),
        "region": data.region,
        "locality": data.locality,
        "positions": data.positions,
        "wage_min": data.wage_min,
        "wage_max": data.wage_max,
        "currency": data.currency,
        "wage_period": data.wage_period,
        "hours_per_week": data.hours_per_week,
        "contract_kind": data.contract_kind,
        "open_to_foreign_workers": data.open_to_foreign_workers,
        "opens_on": data.opens_on,
        "closes_on": data.closes_on,
    }


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Why does the vacancy close?"),
        choices=[
            (VacancyStatus.FILLED, _("Filled: the positions are taken")),
            (VacancyStatus.WITHDRAWN, _("Withdrawn: the job is no longer offered")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the vacancy was filled or withdrawn.")},
    )
