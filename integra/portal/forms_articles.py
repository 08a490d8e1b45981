"""Forms of the rights-and-information pages: the readers' search, and the editors'
article, translation and review note. The rules that matter live in
integra.portal.services.articles; these only read what was typed.

(integra/portal/forms.py holds the forms of the migrant's own pages.)
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from integra.core.errors import ApplicationError
from integra.portal.models import ArticleStatus, Topic
from integra.portal.services.articles import BODY_MAX, NOTE_MAX, SUMMARY_MAX, TITLE_MAX


def add_errors(form: forms.Form, error: ApplicationError) -> None:
    """A service's errors beside the fields they concern; its message at the head."""
    form.add_error(None, error.message)
    for name, messages in error.field_errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class SearchForm(forms.Form):
    # Its length is checked by the search itself, with the same words as the API.
    q = forms.CharField(
        label=_("Search the articles"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("A few words, in any of the portal's languages."),
    )


class TextForm(forms.Form):
    """An article's text in one language."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences, shown in lists and search results."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Plain text: separate paragraphs with a blank line. HTML is not accepted."),
    )

    def __init__(self, *args: Any, language: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if language:  # the text is typed in its own language and direction
            direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
            for name in ("title", "summary", "body"):
                self.fields[name].widget.attrs.update({"lang": language, "dir": direction})


class ArticleForm(TextForm):
    """A new article: where it lives and its text in the source language."""

    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("Letters, numbers and hyphens, such as work-permit; it cannot change later."),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        help_text=_("ISO 3166 two-letter code, such as MD."),
    )
    source_language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    field_order = ["slug", "topic", "country", "source_language", "title", "summary", "body"]


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What should change"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The editors see this note beside the text."),
    )


class BoardForm(forms.Form):
    """The editors' board's filters."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    status = forms.ChoiceField(label=_("With a text in status"), required=False)

    def __init__(self, *args: Any, countries: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set("country", [("", _("All countries")), *((c, c) for c in countries)])
        self._set("topic", [("", _("All topics")), *Topic.choices])
        self._set("status", [("", _("Any status")), *ArticleStatus.choices])

    def _set(self, name: str, choices: list[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def filters(self) -> dict[str, str]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
