"""Forms of the labour inspection pages. The rules live in the services; a form
reads what was typed and shows the services' errors beside their fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.forms import date_field
from integra.protection import isic
from integra.protection.models import InspectionStatus, SanctionKind, ViolationKind
from integra.protection.services.inspections import (
    PlanData,
    SanctionData,
    ViolationData,
    VisitData,
    WorkplaceData,
)

PLAN_REASONS = [
    ("risk", _("Planned from the risk list")),
    ("complaint", _("A complaint")),
    ("other", _("Other information")),
]


def _text(label: Any, *, rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _sectors(empty: Any) -> list[tuple[str, Any]]:
    return [("", empty), *isic.choices()]


def _no_nul(value: str) -> str:
    return value.replace("\x00", "")


# --- Lists --------------------------------------------------------------------------------


class RiskFilterForm(forms.Form):
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sector"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _sectors(_("Any"))

    def filters(self) -> dict[str, str]:
        if not (self.is_bound and self.is_valid()):
            return {}
        return {
            "region": _no_nul(self.cleaned_data["region"]).strip(),
            "sector": self.cleaned_data["sector"],
        }


class WorkplaceListForm(RiskFilterForm):
    q = forms.CharField(label=_("Employer"), max_length=100, required=False)
    field_order = ["q", "region", "sector"]

    def filters(self) -> dict[str, str]:
        found = super().filters()
        if found:
            found["query"] = _no_nul(self.cleaned_data["q"])
        return found


class InspectionListForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *InspectionStatus.choices]
    )
    planned_from = date_field(label=_("Planned from"), required=False)
    planned_to = date_field(label=_("Planned until"), required=False)
    due_follow_ups = forms.BooleanField(
        label=_("Only follow-ups due"),
        required=False,
        help_text=_("Violations past their deadline, not remedied, with no follow-up planned."),
    )

    def filters(self) -> dict[str, Any]:
        if not (self.is_bound and self.is_valid()):
            return {}
        return dict(self.cleaned_data)


# --- Workplaces ----------------------------------------------------------------------------


class WorkplaceForm(forms.Form):
    employer = forms.CharField(label=_("Employer"), max_length=200)
    registration_number = forms.CharField(
        label=_("Company registration number"), max_length=64, required=False
    )
    name = forms.CharField(
        label=_("Site"),
        max_length=200,
        required=False,
        help_text=_("When the employer has several, e.g. “Vineyard no. 3”."),
    )
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    sector = forms.ChoiceField(label=_("Sector (ISIC section)"), required=False)
    workers = forms.IntegerField(
        label=_("Workers (estimate)"), required=False, min_value=0, max_value=1_000_000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sector"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _sectors(_("Not known"))

    def values(self) -> WorkplaceData:
        data = self.cleaned_data
        return WorkplaceData(
            employer=data["employer"],
            registration_number=data["registration_number"],
            name=data["name"],
            address=data["address"],
            region=data["region"],
            sector=data["sector"],
            workers=data["workers"],
        )


def workplace_initial(data: WorkplaceData) -> dict[str, object]:
    return {
        "employer": data.employer,
        "registration_number": data.registration_number,
        "name": data.name,
        "address": data.address,
        "region": data.region,
        "sector": data.sector,
        "workers": data.workers,
    }


class AgencyLinkForm(forms.Form):
    agency = forms.ChoiceField(label=_("Recruitment agency"))

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose an agency")), *agencies]


class ComplaintLinkForm(forms.Form):
    """The workplace by its id in the register: the register is national (hundreds
    of thousands of workplaces), so it is found in the register's search, not in a
    list on the complaint's page."""

    workplace = forms.CharField(
        label=_("Workplace id"),
        max_length=20,
        required=False,
        help_text=_("For example W-7K2M-9QXA. Leave it empty to remove the link."),
    )

    def clean_workplace(self) -> str:
        return str(self.cleaned_data["workplace"]).strip().upper()


# --- Inspections ---------------------------------------------------------------------------


class PlanForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why"), choices=PLAN_REASONS)
    planned_for = date_field(label=_("Planned for"))
    inspector = forms.ChoiceField(label=_("Inspector"), required=False)
    complaints = forms.MultipleChoiceField(
        label=_("Complaints it answers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Complaints linked to this workplace that you handle."),
    )

    def __init__(
        self,
        *args: Any,
        inspectors: list[tuple[str, str]],
        complaints: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        inspector = self.fields["inspector"]
        assert isinstance(inspector, forms.ChoiceField)
        inspector.choices = [("", _("Myself")), *inspectors]
        linked = self.fields["complaints"]
        assert isinstance(linked, forms.MultipleChoiceField)
        linked.choices = complaints
        if not complaints:
            del self.fields["complaints"]

    def values(self) -> PlanData:
        data = self.cleaned_data
        return PlanData(
            reason=data["reason"],
            planned_for=data["planned_for"],
            inspector=data.get("inspector", ""),
            complaints=tuple(data.get("complaints", ())),
        )


class VisitForm(forms.Form):
    visited_on = date_field(label=_("Visited on"))
    findings = _text(_("Findings"), rows=6, max_length=10_000)
    workers_interviewed = forms.IntegerField(
        label=_("Workers interviewed"), required=False, min_value=0, max_value=1_000_000
    )

    def values(self) -> VisitData:
        data = self.cleaned_data
        return VisitData(
            visited_on=data["visited_on"],
            findings=data["findings"],
            workers_interviewed=data["workers_interviewed"],
        )


class CancelForm(forms.Form):
    reason = _text(_("Why it is cancelled"), rows=3, max_length=5_000)


class ViolationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Violation"), choices=ViolationKind.choices)
    description = _text(_("What was found"), rows=4, max_length=5_000)
    workers_affected = forms.IntegerField(
        label=_("Workers affected"), min_value=1, max_value=1_000_000, initial=1
    )
    remedy_by = date_field(label=_("To be remedied by"), required=False)

    def values(self) -> ViolationData:
        data = self.cleaned_data
        return ViolationData(
            kind=data["kind"],
            description=data["description"],
            workers_affected=data["workers_affected"],
            remedy_by=data["remedy_by"],
        )


class SanctionForm(forms.Form):
    violation = forms.TypedChoiceField(label=_("For the violation"), coerce=int)
    kind = forms.ChoiceField(label=_("Sanction"), choices=SanctionKind.choices)
    imposed_on = date_field(label=_("Imposed on"))
    amount = forms.DecimalField(
        label=_("Amount"),
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
        help_text=_("Its ISO 4217 code, e.g. MDL; with a fine."),
    )
    note = _text(_("Note"), rows=2, max_length=5_000, required=False)

    def __init__(self, *args: Any, violations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["violation"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = violations

    def values(self) -> SanctionData:
        data = self.cleaned_data
        return SanctionData(
            kind=data["kind"],
            imposed_on=data["imposed_on"],
            amount=data["amount"],
            currency=data["currency"],
            note=data["note"],
        )


class PaidForm(forms.Form):
    paid_on = date_field(label=_("Paid on"))


class FollowUpForm(forms.Form):
    planned_for = date_field(label=_("Follow-up planned for"))
    inspector = forms.ChoiceField(label=_("Inspector"), required=False)

    def __init__(self, *args: Any, inspectors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["inspector"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Myself")), *inspectors]


class RemediesForm(forms.Form):
    violations = forms.TypedMultipleChoiceField(
        label=_("Remedied"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    remedied_on = date_field(label=_("Remedied on"))

    def __init__(self, *args: Any, violations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["violations"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = violations
