"""Forms of the plan pages; the rules that matter live in plans.services.

Choices that come from other apps (legal statuses, organisations, household
members) or from the object at hand (a programme's domains) are handed in by the
view, which reads them through the selectors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.domains import Domain
from integra.core.errors import ApplicationError
from integra.plans import questionnaire
from integra.plans.models import (
    AgreedHow,
    MeasureKind,
    MeasureStatus,
    Participation,
    PlanOutcome,
    PlanStatus,
)

Choices = Sequence[tuple[str, str | Promise]]


def add_errors(
    form: forms.Form, error: ApplicationError, *, rename: Mapping[str, str] | None = None
) -> None:
    """Shows a service's errors beside the fields they concern; an error about
    something the form has no field for (a plan's measures, say) heads the form,
    so that no message is lost."""
    rename = rename or {}
    placed = False
    for name, messages in error.field_errors.items():
        field = rename.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


def _date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def _choices(form: forms.Form, name: str, choices: Choices) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


def domain_choices(domains: Sequence[str]) -> list[tuple[str, str | Promise]]:
    """The domains given, in the canonical order, with their labels."""
    return [(value, label) for value, label in Domain.choices if value in domains]


# --- Caseload -----------------------------------------------------------------------------


class CaseloadForm(forms.Form):
    whose = forms.ChoiceField(
        label=_("Plans"),
        choices=[("mine", _("Mine")), ("all", _("All of my organisations"))],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Open (draft or agreed)")), *PlanStatus.choices],
        required=False,
    )
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    due = forms.ChoiceField(
        label=_("Due"),
        choices=[
            ("", _("Any time")),
            ("overdue", _("Overdue")),
            ("week", _("Due within a week")),
            ("review", _("Review due")),
        ],
        required=False,
    )
    q = forms.RegexField(
        label=_("Person's public id"),
        regex=r"^\s*[Pp]-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}\s*$",
        max_length=20,
        required=False,
        error_messages={"invalid": _("Write the public id as it is shown, e.g. P-7K2M-Q9XD.")},
    )

    caseworker = forms.ChoiceField(label=_("Caseworker"), required=False)

    def __init__(
        self, *args: Any, programmes: Choices, caseworkers: Choices = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "programme", [("", _("All programmes")), *programmes])
        if caseworkers:
            _choices(self, "caseworker", [("", _("Any caseworker")), *caseworkers])
        else:
            del self.fields["caseworker"]


class PlanIdsField(forms.MultipleChoiceField):
    """Plan public ids ticked in a list; the service checks that each can move."""

    def valid_value(self, value: str) -> bool:
        return bool(re.fullmatch(r"L-[0-9A-Z]{4}-[0-9A-Z]{4}", value))


class ReassignForm(forms.Form):
    plans = PlanIdsField(
        label=_("Plans"),
        error_messages={"required": _("Tick the plans to reassign.")},
    )
    caseworker = forms.ChoiceField(label=_("Give the ticked plans to"))

    def __init__(self, *args: Any, caseworkers: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "caseworker", [("", _("Choose a caseworker")), *caseworkers])


# --- Programmes ---------------------------------------------------------------------------


def _optional_int(label: str | Any, *, minimum: int, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=minimum, max_value=maximum, required=False)


class ProgrammeForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=64,
        help_text=_("Short and unique, used in addresses: e.g. md-voluntary."),
    )
    country = forms.RegexField(
        label=_("Country (ISO code)"),
        regex=r"^[A-Za-z]{2}$",
        max_length=2,
        error_messages={"invalid": _("Use a two-letter ISO code such as MD.")},
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    participation = forms.ChoiceField(
        label=_("Participation"), choices=Participation.choices, widget=forms.RadioSelect
    )
    eligible_statuses = forms.MultipleChoiceField(
        label=_("Legal statuses that give access"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: open to every status."),
    )
    min_age = _optional_int(_("Minimum age"), minimum=0, maximum=120)
    max_age = _optional_int(_("Maximum age"), minimum=0, maximum=120)
    min_months = forms.IntegerField(label=_("Minimum duration (months)"), min_value=1)
    max_months = forms.IntegerField(label=_("Maximum duration (months)"), min_value=1)
    hours_per_week = _optional_int(_("Hours per week"), minimum=1, maximum=60)
    domains = forms.MultipleChoiceField(
        label=_("Domains the programme covers"),
        choices=Domain.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    review_every_days = forms.IntegerField(
        label=_("Review plans every (days)"), min_value=7, max_value=366, initial=90
    )
    is_active = forms.BooleanField(label=_("Open to new plans"), required=False, initial=True)

    def __init__(self, *args: Any, statuses: Choices, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "eligible_statuses", statuses)
        if editing:
            # The code names the programme in addresses and plans: it stays.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code of a programme does not change.")

    def values(self) -> dict[str, Any]:
        """Arguments of services.programmes.ProgrammeData."""
        data = dict(self.cleaned_data)
        data["country"] = data["country"].upper()
        data["domains"] = tuple(data["domains"])
        data["eligible_statuses"] = tuple(data["eligible_statuses"])
        return data


class ProgrammeMeasureForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=64)
    title = forms.CharField(label=_("Title"), max_length=200)
    domain = forms.ChoiceField(label=_("Domain"))
    kind = forms.ChoiceField(label=_("Kind"), choices=MeasureKind.choices)
    due_within_days = forms.IntegerField(
        label=_("Due within (days of the start of the plan)"), min_value=0, max_value=32767
    )
    mandatory = forms.BooleanField(label=_("Mandatory"), required=False)

    def __init__(self, *args: Any, domains: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "domain", domain_choices(domains))


class IncentiveForm(forms.Form):
    name = forms.CharField(
        label=_("Incentive"),
        max_length=200,
        help_text=_("What the participant receives, e.g. a monthly allowance."),
    )
    condition = forms.CharField(
        label=_("Condition"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("On which condition it is given, in words."),
    )
    on_completion_of = forms.ChoiceField(
        label=_("Earned on completing"),
        required=False,
        help_text=_("Leave empty if staff judge the condition."),
    )

    def __init__(self, *args: Any, measures: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "on_completion_of", [("", "—"), *measures])


# --- Questionnaires -----------------------------------------------------------------------


class QuestionnaireForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=64,
        help_text=_("The same code as an existing questionnaire publishes its next version."),
    )
    country = forms.RegexField(
        label=_("Country (ISO code)"),
        regex=r"^[A-Za-z]{2}$",
        max_length=2,
        error_messages={"invalid": _("Use a two-letter ISO code such as MD.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    definition = forms.CharField(
        label=_("Definition (JSON)"),
        max_length=200_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "dir": "ltr"}),
        help_text=_(
            "Sections, their questions, options and suggestion rules, as described in the "
            "documentation. A published version never changes."
        ),
    )

    def clean_definition(self) -> object:
        raw = self.cleaned_data["definition"]
        try:
            return json.loads(raw)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("This is not valid JSON: %(problem)s (line %(line)d, column %(column)d)."),
                params={"problem": error.msg, "line": error.lineno, "column": error.colno},
                code="json",
            ) from error


# --- Assessments --------------------------------------------------------------------------

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
RADIO_LIMIT = 5  # a choice of more options is a drop-down list


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


class AssessmentForm(forms.Form):
    """One field per question of the questionnaire version, by section; the
    sensitive (health) sections only for those who may record them."""

    def __init__(
        self,
        *args: Any,
        sections: Sequence[questionnaire.Section],
        language: str,
        sensitive: bool,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "answers")
        super().__init__(*args, **kwargs)
        self.questions: dict[str, questionnaire.Question] = {}
        self.groups: list[tuple[str, bool, list[str]]] = []
        self.hidden_sections: list[str] = []
        for section in sections:
            title = questionnaire.text(section.title, language)
            if section.sensitive and not sensitive:
                self.hidden_sections.append(title)
                continue
            codes = []
            for question in section.questions:
                self.fields[question.code] = _question_field(question, language)
                self.questions[question.code] = question
                codes.append(question.code)
            self.groups.append((title, section.sensitive, codes))

    def sections(self) -> list[tuple[str, bool, list[forms.BoundField]]]:
        return [
            (title, sensitive, [self[c] for c in codes]) for title, sensitive, codes in self.groups
        ]

    def answers(self) -> dict[str, object]:
        """The answers in the form the service checks (unanswered ones left out)."""
        found: dict[str, object] = {}
        for code, question in self.questions.items():
            value = self.cleaned_data.get(code)
            if value in (None, "", []):
                continue
            if question.type == "yes_no":
                found[code] = value == "yes"
            elif question.type == "number" and isinstance(value, int | float):
                found[code] = _number(float(value))
            elif isinstance(value, date):
                found[code] = value.isoformat()
            else:
                found[code] = value
        return found


def _question_field(question: questionnaire.Question, language: str) -> forms.Field:
    label = questionnaire.text(question.label, language)
    required = question.required
    options = [(o.value, questionnaire.text(o.label, language)) for o in question.options]
    if question.type == "choice":
        if len(options) <= RADIO_LIMIT:
            return forms.ChoiceField(
                label=label, required=required, choices=options, widget=forms.RadioSelect
            )
        return forms.ChoiceField(label=label, required=required, choices=[("", "—"), *options])
    if question.type == "multi":
        return forms.MultipleChoiceField(
            label=label, required=required, choices=options, widget=forms.CheckboxSelectMultiple
        )
    if question.type == "yes_no":
        return forms.ChoiceField(
            label=label, required=required, choices=YES_NO, widget=forms.RadioSelect
        )
    if question.type == "number":
        # Whole bounds are written as such (min="0", not min="0.0").
        low, high = question.minimum, question.maximum
        return forms.FloatField(
            label=label,
            required=required,
            min_value=None if low is None else _number(low),
            max_value=None if high is None else _number(high),
        )
    if question.type == "date":
        return _date(label=label, required=required)
    return forms.CharField(
        label=label,
        required=required,
        max_length=question.max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Plans --------------------------------------------------------------------------------


class PlanStartForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"))
    starts_on = _date(label=_("Starts on"))
    ends_on = _date(
        label=_("Ends on"),
        required=False,
        help_text=_("Left empty, the plan lasts the programme's minimum duration."),
    )
    suggested = forms.MultipleChoiceField(
        label=_("Measures the assessment suggested"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Those in a domain the programme does not cover are left out."),
    )

    def __init__(
        self, *args: Any, programmes: Choices, suggestions: Choices, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "programme", [("", "—"), *programmes])
        if suggestions:
            _choices(self, "suggested", suggestions)
        else:
            del self.fields["suggested"]


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"))
    text = forms.CharField(
        label=_("Goal"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, domains: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "domain", domain_choices(domains))


class MeasureForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"))
    kind = forms.ChoiceField(label=_("Kind"), choices=MeasureKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    due_on = _date(label=_("Due on"))
    responsible = forms.ChoiceField(label=_("Responsible organisation"), required=False)
    beneficiary = forms.ChoiceField(
        label=pgettext_lazy("measure", "For"),
        required=False,
        help_text=_("The person, or someone in their household (a child's school, say)."),
    )
    goal_id = forms.TypedChoiceField(label=_("Goal"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        domains: Sequence[str],
        organisations: Choices,
        household: Choices,
        goals: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "domain", domain_choices(domains))
        _choices(self, "responsible", [("", _("The plan's organisation")), *organisations])
        _choices(self, "beneficiary", household)
        _choices(self, "goal_id", [("", "—"), *goals])

    def values(self) -> dict[str, Any]:
        """Arguments of services.plans.MeasureData."""
        return {**self.cleaned_data, "responsible": self.cleaned_data["responsible"] or ""}


class MeasureUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How you know it was done: a certificate, a contract, an enrolment letter…"),
    )
    done_on = _date(label=_("Done on"), required=False, help_text=_("Left empty when done: today."))

    def __init__(self, *args: Any, current: str, allowed: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self,
            "status",
            [(v, label) for v, label in MeasureStatus.choices if v == current or v in allowed],
        )


class AgreeForm(forms.Form):
    agreed_on = _date(label=_("Agreed on"))
    how = forms.ChoiceField(
        label=_("How the person agreed"), choices=AgreedHow.choices, widget=forms.RadioSelect
    )


class ReviewForm(forms.Form):
    reviewed_on = _date(label=_("Reviewed on"))
    note = forms.CharField(
        label=_("How the plan goes"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_review_on = _date(
        label=_("Next review"),
        required=False,
        help_text=_("Left empty: after the programme's review interval."),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *PlanOutcome.choices])
    closed_on = _date(label=_("Closed on"), required=False, help_text=_("Left empty: today."))
    note = forms.CharField(
        label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
