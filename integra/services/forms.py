"""Forms of the partner directory, partnership, referral and volunteer pages; the rules that
matter live in services.services.

Choices that come from the data (organisations, services, a person's measures,
legal statuses) are handed in by the view, which reads them through the selectors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.errors import ApplicationError
from integra.services.services.directory import LocationData

Choices = Sequence[tuple[Any, str | Promise]]
# Grouped choices: (group label, choices) as Django's <optgroup>s.
Grouped = Sequence[tuple[str | Promise, Choices]]


def add_errors(
    form: forms.Form, error: ApplicationError, *, rename: Mapping[str, str] | None = None
) -> None:
    """Shows a service's errors beside the fields they concern, and its message at
    the head of the form: it often says what to do (record a consent, share less)."""
    rename = rename or {}
    form.add_error(None, error.message)
    for name, messages in error.field_errors.items():
        field = rename.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def _date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def _choices(form: forms.Form, name: str, choices: Sequence[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


def _text(
    label: Any, *, rows: int = 3, max_length: int = 5000, required: bool = False, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


LANGUAGE_CODE = r"^[A-Za-z]{2,3}$"


# --- The directory --------------------------------------------------------------------


class DirectoryForm(forms.Form):
    """The filters of the directory. Staff choose the organisation from a list; the
    public directory keeps it only as a hidden filter (from a link)."""

    q = forms.CharField(label=_("Words"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    language = forms.RegexField(
        label=_("Language (ISO 639 code)"),
        regex=LANGUAGE_CODE,
        max_length=3,
        required=False,
        help_text=_("For example: ro, ru, uk, ar."),
        error_messages={"invalid": _("Write a two- or three-letter code such as ro.")},
    )
    locality = forms.CharField(label=_("Locality"), max_length=100, required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(
        self,
        *args: Any,
        categories: Choices,
        organisations: Choices | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "category", [("", _("All categories")), *categories])
        if organisations is None:
            self.fields["organisation"] = forms.SlugField(
                required=False, max_length=64, widget=forms.HiddenInput
            )
        else:
            _choices(self, "organisation", [("", _("All organisations")), *organisations])

    def filters(self) -> dict[str, Any]:
        """Arguments of selectors.DirectoryFilters (empty when the form is not valid)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"].strip(),
            "category": data["category"],
            "language": data["language"].lower(),
            "locality": data["locality"].strip(),
            "organisation": data["organisation"] or "",
        }


def parse_locations(text: str) -> tuple[list[LocationData], list[str]]:
    """One location per line, ``Locality | address | opening hours`` (the last two
    may be left out); the locations, and one message per bad line."""
    found: list[LocationData] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) > 3:
            problems.append(
                str(
                    _(
                        "Line %(line)d: write at most three parts, separated by “|”: "
                        "locality, address, opening hours."
                    )
                )
                % {"line": number}
            )
            continue
        locality, address, hours = [*parts, "", ""][:3]
        if not locality:
            problems.append(
                str(_("Line %(line)d: the locality comes first, before the first “|”."))
                % {"line": number}
            )
            continue
        if len(locality) > 100 or len(address) > 200 or len(hours) > 200:
            problems.append(
                str(
                    _(
                        "Line %(line)d: too long (at most 100 characters for the locality, "
                        "200 for the address and for the hours)."
                    )
                )
                % {"line": number}
            )
            continue
        found.append(LocationData(locality=locality, address=address, opening_hours=hours))
    return found, problems


def locations_text(locations: Sequence[Any]) -> str:
    """Locations as the form writes them, one per line."""
    lines = []
    for location in locations:
        parts = [location.locality, location.address, location.opening_hours]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def _optional_int(label: Any, *, minimum: int = 0, maximum: int = 32767) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=minimum, max_value=maximum, required=False)


class ServiceForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    code = forms.SlugField(
        label=_("Code"),
        max_length=64,
        help_text=_("Short and unique in the organisation, used in addresses: e.g. legal-advice."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"))
    description = _text(_("Description"), rows=4)
    languages = forms.CharField(
        label=_("Languages (ISO 639 codes)"),
        max_length=200,
        required=False,
        help_text=_("Separated by commas, for example: ro, ru, uk."),
    )
    eligibility = _text(_("Who may use it"))
    eligible_statuses = forms.MultipleChoiceField(
        label=_("Legal statuses that give access"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: open to every status."),
    )
    min_age = _optional_int(_("Minimum age"), maximum=120)
    max_age = _optional_int(_("Maximum age"), maximum=120)
    locations = _text(
        _("Locations"),
        rows=4,
        help_text=_(
            "One location per line: locality | address | opening hours. "
            "For example: Chișinău | Str. Mihai Eminescu 1 | Mon-Fri 9:00-17:00."
        ),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    capacity_per_month = _optional_int(_("New referrals per month"), maximum=1_000_000)
    accept_within_days = forms.IntegerField(
        label=_("Accept referrals within (days)"), min_value=1, max_value=365, initial=5
    )
    complete_within_days = forms.IntegerField(
        label=_("Complete referrals within (days)"), min_value=1, max_value=3650, initial=60
    )
    internal_notes = _text(
        _("Internal notes"), help_text=_("For staff only; never in the public directory.")
    )
    is_public = forms.BooleanField(
        label=_("Show in the public directory"), required=False, initial=True
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        organisations: Choices,
        categories: Choices,
        statuses: Choices,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "organisation", [("", "—"), *organisations])
        _choices(self, "category", [("", "—"), *categories])
        _choices(self, "eligible_statuses", statuses)
        if editing:
            # The organisation and code name the service in addresses: they stay.
            self.fields["organisation"].disabled = True
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code of a service does not change.")

    def clean_languages(self) -> tuple[str, ...]:
        raw = self.cleaned_data["languages"]
        codes = [code.strip().lower() for code in raw.replace(";", ",").split(",")]
        return tuple(dict.fromkeys(code for code in codes if code))

    def clean_locations(self) -> list[LocationData]:
        found, problems = parse_locations(self.cleaned_data["locations"])
        if problems:
            raise forms.ValidationError(problems)
        return found

    def values(self) -> dict[str, Any]:
        """Arguments of services.directory.ServiceData."""
        data = dict(self.cleaned_data)
        data.pop("organisation")
        data["eligible_statuses"] = tuple(data["eligible_statuses"])
        data["locations"] = tuple(data["locations"])
        for name in ("description", "eligibility", "internal_notes", "contact_phone", "website"):
            data[name] = data[name].strip()
        return data


# --- Partnerships ---------------------------------------------------------------------


class PartnershipForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    parties = forms.MultipleChoiceField(
        label=_("Parties"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two. Units below a party work under its partnerships."),
    )
    scope = forms.MultipleChoiceField(
        label=_("Kinds of service covered"), widget=forms.CheckboxSelectMultiple
    )
    shareable = forms.MultipleChoiceField(
        label=_("Data the parties may share"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A referral under this partnership shares at most these."),
    )
    valid_from = _date(label=_("Valid from"))
    valid_until = _date(label=_("Valid until"), required=False, help_text=_("Empty: open-ended."))
    document_reference = forms.CharField(
        label=_("Document reference"),
        max_length=200,
        required=False,
        help_text=_("The number or file of the signed memorandum."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Choices,
        categories: Choices,
        shareable: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "parties", organisations)
        _choices(self, "scope", categories)
        _choices(self, "shareable", shareable)

    def values(self) -> dict[str, Any]:
        """Arguments of services.directory.PartnershipData."""
        data = dict(self.cleaned_data)
        for name in ("parties", "scope", "shareable"):
            data[name] = tuple(data[name])
        return data


class PartnershipListForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        choices=[("current", _("Valid today")), ("all", _("All, also past and terminated"))],
        required=False,
    )


class TerminateForm(forms.Form):
    terminated_on = _date(
        label=_("Ends on"),
        help_text=_("From this day no new referral rests on the partnership."),
    )


# --- Referrals ------------------------------------------------------------------------


class ReferralForm(forms.Form):
    measure = forms.TypedChoiceField(label=_("Measure of the plan"), coerce=int)
    service = forms.TypedChoiceField(
        label=_("Service"),
        coerce=int,
        help_text=_("Services in the measure's category come first."),
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("Data to share with the partner"),
        error_messages={"required": _("Choose what the partner needs to know (at least one).")},
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Share only what the partner needs to deliver the service. A partnership or "
            "the person's consent must allow each item."
        ),
    )
    message = _text(_("Message to the partner"), rows=4)

    def __init__(
        self,
        *args: Any,
        measures: Choices,
        services: Grouped,
        shareable: Choices,
        suggest_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "measure", [("", "—"), *measures])
        _choices(self, "service", [("", "—"), *services])
        _choices(self, "shared_fields", shareable)
        if suggest_url:
            # With JavaScript, choosing a measure puts the services of its category
            # first; without it, they are grouped by category all the same.
            self.fields["measure"].widget.attrs.update(
                {
                    "hx-get": suggest_url,
                    "hx-trigger": "change",
                    "hx-target": "#service-field",
                    "hx-select": "#service-field",
                    "hx-swap": "outerHTML",
                }
            )


class ReferralListForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Late only"), required=False)

    def __init__(self, *args: Any, statuses: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self,
            "status",
            [("", _("Any status")), ("open", _("Open (waiting or accepted)")), *statuses],
        )


class DeclineForm(forms.Form):
    prefix = "decline"  # several forms share the referral's page
    reason = forms.ChoiceField(
        label=_("Reason"), error_messages={"required": _("Say why you decline.")}
    )
    note = _text(_("Note"), help_text=_("Required when the reason is “Other”."))

    def __init__(self, *args: Any, reasons: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "reason", [("", "—"), *reasons])


class CompleteForm(forms.Form):
    prefix = "complete"
    outcome = forms.ChoiceField(
        label=_("Outcome"), error_messages={"required": _("Choose the outcome.")}
    )
    note = _text(
        _("What was delivered"),
        required=True,
        error_messages={"required": _("Say what was delivered (or why not).")},
        help_text=_("It becomes the evidence of the measure in the person's plan."),
    )

    def __init__(self, *args: Any, outcomes: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "outcome", [("", "—"), *outcomes])


class WithdrawForm(forms.Form):
    prefix = "withdraw"
    note = _text(_("Why"), help_text=_("The partner is told that the referral was withdrawn."))


class PerformanceForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))

    def __init__(self, *args: Any, organisations: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "organisation", organisations)


# --- Volunteers -----------------------------------------------------------------------


def language_codes(raw: str) -> tuple[str, ...]:
    """ISO 639 codes written with commas between them, lower-cased, each once; a
    word that is not a code is explained (the service then checks the codes exist)."""
    codes = [code.strip().lower() for code in raw.replace(";", ",").split(",")]
    codes = [code for code in codes if code]
    if wrong := [code for code in codes if not re.fullmatch(LANGUAGE_CODE, code)]:
        raise forms.ValidationError(
            _(
                "Write two- or three-letter ISO 639 codes separated by commas, for "
                "example: ro, ru, uk. Not a code: %(words)s."
            ),
            params={"words": ", ".join(wrong)},
        )
    return tuple(dict.fromkeys(codes))


class VolunteerListForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200, required=False)
    skill = forms.ChoiceField(label=_("Kind of help"), required=False)
    language = forms.RegexField(
        label=_("Language (ISO 639 code)"),
        regex=LANGUAGE_CODE,
        max_length=3,
        required=False,
        help_text=_("For example: ro, ru, uk, ar."),
        error_messages={"invalid": _("Write a two- or three-letter code such as ro.")},
    )
    locality = forms.CharField(label=_("Locality"), max_length=100, required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    cleared = forms.BooleanField(label=_("Cleared to help today only"), required=False)

    def __init__(self, *args: Any, skills: Choices, organisations: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "skill", [("", _("Any kind of help")), *skills])
        _choices(self, "organisation", [("", _("All organisations")), *organisations])

    def filters(self) -> dict[str, Any]:
        """Arguments of selectors.VolunteerFilters (empty when the form is not valid)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"].strip(),
            "skill": data["skill"],
            "language": data["language"].lower(),
            "locality": data["locality"].strip(),
            "organisation": data["organisation"],
            "cleared_only": data["cleared"],
        }


class VolunteerForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Seen only by the volunteer's organisation."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("Seen only by the volunteer's organisation."),
    )
    skills = forms.MultipleChoiceField(
        label=_("Kinds of help"), widget=forms.CheckboxSelectMultiple
    )
    languages = forms.CharField(
        label=_("Languages (ISO 639 codes)"),
        max_length=200,
        required=False,
        help_text=_("Separated by commas, for example: ro, ru, uk."),
    )
    locality = forms.CharField(label=_("Locality"), max_length=100, required=False)
    availability = forms.CharField(
        label=_("Availability"),
        max_length=200,
        required=False,
        help_text=_("For example: weekday evenings, Saturday mornings."),
    )
    hours_per_month = forms.IntegerField(
        label=_("Hours per month"), min_value=1, max_value=200, initial=8
    )
    max_matches = forms.IntegerField(
        label=_("People at a time"),
        min_value=1,
        max_value=20,
        initial=2,
        help_text=_("How many people the volunteer helps at most at the same time."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("An inactive volunteer is not suggested to anyone."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Choices,
        skills: Choices,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "organisation", [("", "—"), *organisations])
        _choices(self, "skills", skills)
        if editing:
            # A volunteer stays with the organisation that vetted them.
            self.fields["organisation"].disabled = True

    def clean_languages(self) -> tuple[str, ...]:
        return language_codes(self.cleaned_data["languages"])

    def values(self) -> dict[str, Any]:
        """Arguments of services.volunteers.VolunteerData."""
        data = dict(self.cleaned_data)
        data.pop("organisation")
        data["skills"] = tuple(data["skills"])
        return data


class VettingForm(forms.Form):
    prefix = "vetting"  # the volunteer's page holds it
    outcome = forms.ChoiceField(label=_("Outcome of the check"))
    vetted_on = _date(label=_("Checked on"))
    valid_until = _date(
        label=_("Valid until"),
        required=False,
        help_text=_("For a cleared volunteer: when the check must be renewed. Empty: no end."),
    )

    def __init__(self, *args: Any, outcomes: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "outcome", [("", "—"), *outcomes])


class MatchMeasureForm(forms.Form):
    """Which measure of the plan to find a volunteer for (a GET form)."""

    measure = forms.TypedChoiceField(label=_("Measure of the plan"), coerce=int)

    def __init__(self, *args: Any, measures: Choices, suggest_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "measure", [("", "—"), *measures])
        if suggest_url:
            # With JavaScript, choosing a measure shows its volunteers at once.
            self.fields["measure"].widget.attrs.update(
                {
                    "hx-get": suggest_url,
                    "hx-trigger": "change",
                    "hx-target": "#suggestions",
                    "hx-select": "#suggestions",
                    "hx-swap": "outerHTML",
                    "hx-push-url": "true",
                }
            )


class MatchForm(forms.Form):
    """The "Match" button of one suggested volunteer: the choice is in hidden fields,
    so every error is shown at the head of the page and in the volunteer's row."""

    measure = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    volunteer = forms.CharField(max_length=11, widget=forms.HiddenInput)


class HoursForm(forms.Form):
    prefix = "hours"
    day = _date(label=_("Day"))
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.1"),
        max_value=Decimal(24),
        max_digits=3,
        decimal_places=1,
        help_text=_("For example: 1.5"),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class MatchEndForm(forms.Form):
    prefix = "end"
    ended_on = _date(label=_("Ended on"))
    note = _text(_("Why"), help_text=_("Added to the match's note."))
