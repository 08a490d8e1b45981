"""Forms of the implementation report pages. The rules live in the services
(`services.reports`); a form reads what was typed and shows the services' errors
beside their fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from integra.monitoring import mipex
from integra.monitoring.forms import MonthField
from integra.monitoring.models import RatificationStatus


class ReportRequestForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for “Implementation report” and the period."),
    )
    start = MonthField(label=_("From (month)"))
    end = MonthField(label=_("To (month)"), help_text=_("At most five years after the first."))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class RatificationForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RatificationStatus.choices)
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When it was signed, ratified or denounced."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class _AnswerField(forms.ChoiceField):
    """Offers 0, 50 and 100 but lets any value through, so that the service says
    why it is refused, beside the question."""

    def valid_value(self, value: Any) -> bool:
        return True


class SelfAssessmentForm(forms.Form):
    """One field per question of the eight areas, named by the question's code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("Not answered")),
            *((str(v), label) for v, label in mipex.ANSWER_LABELS.items()),
        ]
        for area in mipex.AREAS:
            for question in area.questions:
                self.fields[question.code] = _AnswerField(
                    label=str(question.text), choices=choices, required=False
                )

    def areas(self) -> list[tuple[mipex.Area, list[forms.BoundField]]]:
        """The questions' fields grouped by area, for the page."""
        return [(area, [self[q.code] for q in area.questions]) for area in mipex.AREAS]

    def answers(self) -> dict[str, str]:
        return {code: str(self.cleaned_data.get(code) or "") for code in mipex.QUESTIONS}
