"""Forms of the survey pages (staff). The rules live in the services; a form reads
what was typed (every text in the portal's five languages) and shows the
services' errors beside their fields: a missing language is a message beside
its own field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from integra.core.forms import date_field
from integra.monitoring.selectors.surveys import LANGUAGES
from integra.monitoring.services.surveys import (
    INTRODUCTION_MAX,
    QUESTION_MAX,
    TITLE_MAX,
    QuestionData,
    SurveyData,
)

_NAMES = dict(settings.LANGUAGES)
KINDS = [
    ("scale", _("A scale from 1 (very dissatisfied) to 5 (very satisfied)")),
    ("yes_no", _("Yes or no")),
]
FEEDS = [
    ("", _("No indicator")),
    ("satisfaction", _("Satisfaction with services")),
    ("discrimination", _("Experienced discrimination")),
]


def _no_nul(value: str) -> str:
    return value.replace("\x00", "")


def _attrs(language: str) -> dict[str, str]:
    return {"lang": language, "dir": "rtl" if language == "ar" else "ltr"}


def _per_language(
    form: forms.Form, name: str, label: Any, *, max_length: int, rows: int = 0
) -> None:
    """One optional text field per language (``<name>_<language>``); the service
    names the missing ones."""
    for language in LANGUAGES:
        widget: forms.Widget = (
            forms.Textarea(attrs={"rows": rows, **_attrs(language)})
            if rows
            else forms.TextInput(attrs=_attrs(language))
        )
        form.fields[f"{name}_{language}"] = forms.CharField(
            label=format_lazy("{} ({})", label, _NAMES[language]),
            max_length=max_length,
            required=False,
            widget=widget,
        )


def _texts(data: dict[str, Any], name: str) -> dict[str, str]:
    return {lang: _no_nul(data.get(f"{name}_{lang}") or "") for lang in LANGUAGES}


class SurveyForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        required=False,
        help_text=_(
            "Lower-case letters, digits and hyphens, e.g. services-2026. It cannot change."
        ),
    )
    closes_on = date_field(
        label=_("Closes on"),
        required=False,
        help_text=_("Optional: the last day the portal takes answers."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        _per_language(self, "title", _("Title"), max_length=TITLE_MAX)
        _per_language(self, "introduction", _("Introduction"), max_length=INTRODUCTION_MAX, rows=3)

    def values(self, *, code: str = "") -> SurveyData:
        data = self.cleaned_data
        return SurveyData(
            code=code or _no_nul(data.get("code") or ""),
            title=_texts(data, "title"),
            introduction=_texts(data, "introduction"),
            closes_on=data.get("closes_on"),
        )


def survey_initial(data: SurveyData) -> dict[str, object]:
    initial: dict[str, object] = {"code": data.code, "closes_on": data.closes_on}
    for language in LANGUAGES:
        initial[f"title_{language}"] = data.title.get(language, "")
        initial[f"introduction_{language}"] = data.introduction.get(language, "")
    return initial


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=KINDS)
    feeds = forms.ChoiceField(
        label=_("Counts towards"),
        choices=FEEDS,
        required=False,
        help_text=_(
            "Satisfaction takes a scale (4 and 5 count as satisfied); "
            "discrimination takes a yes or no question."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "text", _("Question"), max_length=QUESTION_MAX, rows=2)

    def values(self) -> QuestionData:
        data = self.cleaned_data
        return QuestionData(
            kind=data["kind"], text=_texts(data, "text"), feeds=data.get("feeds") or ""
        )


def question_initial(data: QuestionData) -> dict[str, object]:
    initial: dict[str, object] = {"kind": data.kind, "feeds": data.feeds}
    for language in LANGUAGES:
        initial[f"text_{language}"] = data.text.get(language, "")
    return initial


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
