"""Forms of the catalogue pages: the course list's filters, planning a course, its
sessions and its end, places and statistics, the providers' teachers. The rules
that matter live in courses.services.

Choices that come from the data (programmes, curricula, providers, teachers,
regions) are handed in by the view, which reads them through the selectors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from integra.core.errors import ApplicationError
from integra.courses.models import CourseStatus, CourseType, Delivery, Qualification
from integra.courses.services.courses import Schedule

Choices = Sequence[tuple[Any, str | Promise]]
# Grouped choices: (group label, choices) as Django's <optgroup>s.
Grouped = Sequence[tuple[str | Promise, Choices]]

LANGUAGE_CODE = r"^[A-Za-z]{2,3}$"


def add_errors(
    form: forms.Form, error: ApplicationError, *, rename: Mapping[str, str] | None = None
) -> None:
    """Shows a service's errors beside the fields they concern, and its message at
    the head of the form: it says what went wrong as a whole (the quality criteria
    broken, say)."""
    rename = rename or {}
    form.add_error(None, error.message)
    for name, messages in error.field_errors.items():
        field = rename.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def _date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def _time(**kwargs: Any) -> forms.TimeField:
    return forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), **kwargs)


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


def _hours(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.5"),
        max_value=Decimal(10),
        max_digits=3,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        **kwargs,
    )


def course_type_labels() -> dict[str, str]:
    return {value: str(label) for value, label in CourseType.choices}


def qualification_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Qualification.choices}


# --- The catalogue --------------------------------------------------------------------


class CourseListForm(forms.Form):
    """The catalogue's filters. "My classes" only for those who teach one."""

    type = forms.ChoiceField(label=_("Type"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    provider = forms.ChoiceField(label=_("Provider"), required=False)
    open = forms.BooleanField(label=_("Still taking learners"), required=False)
    mine = forms.BooleanField(label=_("My classes"), required=False)

    def __init__(
        self,
        *args: Any,
        regions: Sequence[str],
        providers: Choices,
        teaches: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "type", [("", _("All types")), *CourseType.choices])
        _choices(self, "region", [("", _("All regions")), *((r, r) for r in regions)])
        _choices(self, "status", [("", _("Any status")), *CourseStatus.choices])
        _choices(self, "provider", [("", _("All providers")), *providers])
        if not teaches:
            del self.fields["mine"]

    def filters(self) -> dict[str, Any]:
        """Arguments of selectors.CourseFilters (empty when the form is not valid)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {
            "course_type": data["type"],
            "region": data["region"],
            "status": data["status"],
            "provider": data["provider"],
            "mine": bool(data.get("mine")),
            "open_only": data["open"],
        }


class CourseForm(forms.Form):
    """Plans a course. The override reason is asked for only once the programme's
    quality criteria refuse the course (the view shows the field then)."""

    programme = forms.ChoiceField(label=_("Programme"))
    curriculum = forms.ChoiceField(
        label=_("Curriculum"), help_text=_("What the course teaches, with its hours.")
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("As learners and caseworkers will see it, e.g. “Romanian B1, evenings”."),
    )
    provider = forms.ChoiceField(label=_("Provider"))
    teacher = forms.TypedChoiceField(
        label=_("Teacher"),
        coerce=int,
        help_text=_(
            "An active teacher of the provider. The programme may ask for a minimum qualification."
        ),
    )
    test = forms.ChoiceField(
        label=_("Final test"),
        required=False,
        help_text=_("The objective test taken at the end; an exam needs one."),
    )
    delivery = forms.ChoiceField(
        label=_("Delivery"), choices=Delivery.choices, widget=forms.RadioSelect
    )
    region = forms.CharField(
        label=_("Region"),
        max_length=100,
        help_text=_("Where the course is held, or which region an online course serves."),
        # The regions known so far are suggested (courses/course_form.html).
        widget=forms.TextInput(attrs={"list": "course-regions"}),
    )
    venue = forms.CharField(
        label=_("Venue or link"), max_length=300, required=False, help_text=_("Address or URL.")
    )
    starts_on = _date(label=_("First day"))
    ends_on = _date(label=_("Last day"))
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        coerce=int,
        choices=list(WEEKDAYS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Sessions are planned on these days, from the first day until the curriculum's "
            "hours are taught or the last day comes. None chosen: add sessions one by one."
        ),
    )
    at = _time(label=_("Time"), required=False, help_text=_("When each session starts."))
    session_hours = _hours(_("Hours per session"), required=False, initial=Decimal(3))
    override_reason = _text(
        _("Why the quality criteria are overridden"),
        max_length=2000,
        help_text=_(
            "Planned as it is, the course breaks the programme's quality criteria shown "
            "above. Change it, or say why it must run this way: the reason is recorded "
            "with the course."
        ),
    )

    def __init__(
        self,
        *args: Any,
        programmes: Choices,
        curricula: Choices,
        providers: Choices,
        teachers: Grouped | Choices,
        tests: Choices,
        teacher_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "programme", [("", "—"), *programmes])
        _choices(self, "curriculum", [("", "—"), *curricula])
        _choices(self, "provider", [("", "—"), *providers])
        _choices(self, "teacher", [("", "—"), *teachers])
        _choices(self, "test", [("", _("No test")), *tests])
        if teacher_url:
            # With JavaScript, choosing the provider lists its teachers only; without
            # it, every teacher is listed under their provider all the same.
            self.fields["provider"].widget.attrs.update(
                {
                    "hx-get": teacher_url,
                    "hx-trigger": "change",
                    "hx-target": "#teacher-field",
                    "hx-select": "#teacher-field",
                    "hx-swap": "outerHTML",
                }
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("weekdays"):
            if data.get("at") is None and "at" not in self.errors:
                self.add_error("at", _("Say when the sessions start."))
            if data.get("session_hours") is None and "session_hours" not in self.errors:
                self.add_error("session_hours", _("Say how long a session lasts."))
        return data

    def values(self) -> dict[str, Any]:
        """Arguments of services.courses.CourseData."""
        data = self.cleaned_data
        schedule = None
        if data["weekdays"]:
            schedule = Schedule(
                weekdays=tuple(sorted(data["weekdays"])),
                at=data["at"],
                hours=data["session_hours"],
            )
        return {
            "programme": data["programme"],
            "curriculum": data["curriculum"],
            "provider": data["provider"],
            "teacher_id": data["teacher"],
            "title": data["title"].strip(),
            "delivery": data["delivery"],
            "region": data["region"].strip(),
            "venue": data["venue"].strip(),
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "capacity": data["capacity"],
            "test": data["test"],
            "schedule": schedule,
            "override_reason": data["override_reason"].strip(),
        }


# Where the services' errors go in CourseForm.
COURSE_FIELDS = {"schedule": "weekdays"}


class SessionForm(forms.Form):
    day = _date(label=_("Day"))
    at = _time(label=_("Starts at"))
    hours = _hours(_("Hours"), initial=Decimal(3))
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)

    def starts_at(self) -> datetime:
        day: date = self.cleaned_data["day"]
        at: time = self.cleaned_data["at"]
        return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


class FinishForm(forms.Form):
    """Nothing to fill in: the button confirms."""


class CancelForm(forms.Form):
    reason = _text(
        _("Why is the course cancelled?"),
        max_length=2000,
        required=True,
        error_messages={"required": _("Say why the course is cancelled.")},
        help_text=_("The caseworkers of the learners and of those waiting are told."),
    )


# --- Statistics -----------------------------------------------------------------------

BREAKDOWN_CHOICES = [
    ("sex", _("Sex")),
    ("age_band", _("Age band")),
    ("citizenship", _("Citizenship")),
    ("region", _("Region of the course")),
]


class StatisticsForm(forms.Form):
    by = forms.ChoiceField(label=_("Break down by"), choices=BREAKDOWN_CHOICES, initial="sex")
    type = forms.ChoiceField(label=_("Type"), required=False)
    date_from = _date(label=_("Requested from"), required=False)
    date_until = _date(label=_("Requested until"), required=False)

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        if data is not None and not data.get("by"):
            # A link that filters without choosing the breakdown gets the first one
            # (every field here has one value).
            data = {**{name: data.get(name) for name in data}, "by": "sex"}
        super().__init__(data, **kwargs)
        _choices(self, "type", [("", _("All types")), *CourseType.choices])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_until")
        if start and end and end < start:
            self.add_error("date_until", _("The period cannot end before it starts."))
        return data

    def filters(self) -> dict[str, Any]:
        """Arguments of selectors.StatsFilters (the whole picture when not valid)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {
            "by": data["by"],
            "course_type": data["type"],
            "date_from": data["date_from"],
            "date_until": data["date_until"],
        }


# --- Teachers -------------------------------------------------------------------------


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


class TeacherForm(forms.Form):
    provider = forms.ChoiceField(label=_("Provider"))
    name = forms.CharField(label=_("Name"), max_length=200)
    qualification = forms.ChoiceField(
        label=_("Qualification"),
        help_text=_("The programmes' quality criteria check it when a course is planned."),
    )
    qualification_detail = forms.CharField(
        label=_("Diploma or certificate"), max_length=300, required=False
    )
    languages = forms.CharField(
        label=_("Languages taught (ISO 639 codes)"),
        max_length=200,
        required=False,
        help_text=_("Separated by commas, for example: ro, ru, uk."),
    )
    username = forms.CharField(
        label=_("Their account (user name)"),
        max_length=150,
        required=False,
        help_text=_(
            "A teacher's account at this provider: with it they see their own classes, "
            "take attendance and record results."
        ),
    )
    is_examiner = forms.BooleanField(
        label=_("Licensed examiner"),
        required=False,
        help_text=_("Only a licensed examiner records test results."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("An inactive teacher is not offered for new courses."),
    )

    def __init__(
        self, *args: Any, providers: Choices, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "provider", [("", "—"), *providers])
        _choices(self, "qualification", [("", "—"), *Qualification.choices])
        if editing:
            # A teacher's record stays with their provider.
            self.fields["provider"].disabled = True

    def clean_languages(self) -> tuple[str, ...]:
        return language_codes(self.cleaned_data["languages"])

    def values(self) -> dict[str, Any]:
        """Arguments of services.catalogue.TeacherData."""
        data = dict(self.cleaned_data)
        data["name"] = data["name"].strip()
        data["qualification_detail"] = data["qualification_detail"].strip()
        data["username"] = data["username"].strip()
        return data
