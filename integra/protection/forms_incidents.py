"""Forms of the incident pages. The rules that matter live in the services
(integra.protection.services.incidents); these forms parse what a browser sends,
without JavaScript, and show the services' errors beside the fields. Nothing here
asks for residence status."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.forms import date_field
from integra.protection.models import (
    IncidentGround,
    IncidentKind,
    IncidentStatus,
    PlaceKind,
    ReportedBy,
)
from integra.protection.services import incidents as services

ANONYMOUS = "anonymous"
NAMED = "named"


class IncidentForm(forms.Form):
    """An incident, as the person it happened to, a witness, or an organisation
    reporting for the person writes it."""

    reported_by = forms.ChoiceField(
        label=_("Who is reporting?"),
        choices=[
            (ReportedBy.VICTIM, _("It happened to me")),
            (ReportedBy.WITNESS, _("I saw it happen to someone else")),
        ],
        initial=ReportedBy.VICTIM,
        widget=forms.RadioSelect,
    )
    kinds = forms.MultipleChoiceField(
        label=_("What happened?"),
        choices=IncidentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose everything that applies."),
    )
    grounds = forms.MultipleChoiceField(
        label=_("Why do you think it happened?"),
        choices=IncidentGround.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    happened_on = date_field(
        label=_("When did it happen?"),
        required=False,
        help_text=_("The day, if you know it."),
    )
    place_kind = forms.ChoiceField(label=_("Where did it happen?"), choices=PlaceKind.choices)
    place = forms.CharField(
        label=_("The place"),
        max_length=services.PLACE_MAX,
        required=False,
        help_text=_("A street, a shop, a bus line, a website."),
    )
    region = forms.CharField(
        label=_("Region or town"), max_length=services.REGION_MAX, required=False
    )
    description = forms.CharField(
        label=_("Tell us what happened"),
        max_length=services.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was said or done, by whom. Write in your own language."),
    )
    anonymous = forms.ChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            (ANONYMOUS, _("No: the report stays anonymous")),
            (NAMED, _("Yes: I give my name and how to reach me")),
        ],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
        help_text=_(
            "You can follow an anonymous report with its tracking code. Nobody will ask "
            "about your residence status."
        ),
    )
    name = forms.CharField(label=_("Your name"), max_length=services.SHORT_MAX, required=False)
    contact = forms.CharField(
        label=_("Phone or e-mail"),
        max_length=services.CONTACT_MAX,
        required=False,
        help_text=_("Only if you want to be contacted."),
    )

    def __init__(self, *args: Any, for_someone: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.for_someone = for_someone
        if for_someone:
            del self.fields["reported_by"]
            self.fields["anonymous"].label = _("Does the person want to give their name?")
            self.fields["name"].label = _("The person's name")

    def data_for_service(self, *, language: str) -> services.IncidentData:
        data = self.cleaned_data
        return services.IncidentData(
            reported_by=data.get("reported_by") or ReportedBy.ORGANISATION,
            kinds=tuple(data["kinds"]),
            grounds=tuple(data["grounds"]),
            happened_on=data["happened_on"],
            place_kind=data["place_kind"],
            place=data["place"],
            region=data["region"],
            description=data["description"],
            anonymous=data["anonymous"] != NAMED,
            name=data["name"],
            contact=data["contact"],
            language=language,
        )


class TrackForm(forms.Form):
    # No format check here: a malformed code is answered like an unknown one.
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=100,
        help_text=_("The code you were given when you sent the report, e.g. ABCD-EFGH-…"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class InformationForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to add?"),
        max_length=services.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


# --- The handlers' pages ------------------------------------------------------------------------


class ListForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("open", _("Open")), *IncidentStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("What happened"),
        required=False,
        choices=[("", _("Anything")), *IncidentKind.choices],
    )
    ground = forms.ChoiceField(
        label=_("Ground"),
        required=False,
        choices=[("", _("Any ground")), *IncidentGround.choices],
    )
    region = forms.CharField(label=_("Region"), max_length=services.REGION_MAX, required=False)

    def filters(self) -> dict[str, Any]:
        """Arguments of selectors.IncidentFilters (empty when the form is not valid)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        return dict(self.cleaned_data)


class UpdateForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=services.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    public = forms.BooleanField(
        label=_("Show this to the reporter on the tracking page"), required=False
    )


class ReferForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Equality body"), choices=())
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


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=services.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done: a mediation, a decision of the equality body, a referral."),
    )
    public = forms.BooleanField(
        label=_("Show the outcome to the reporter"), required=False, initial=True
    )
