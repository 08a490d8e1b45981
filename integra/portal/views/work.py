"""Work (R17), open to everyone: the vacancies open to foreign workers, one
vacancy, and the skills demand per region. No script, light pages; every page
says that no one may charge a worker a fee for a job (ILO C181, Art. 7).

Reads go through integra.placement.selectors; nothing here decides what is public.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from integra.core.errors import NotFound
from integra.core.views.base import page_of, query_without_page
from integra.placement import selectors


class VacancyFilterForm(forms.Form):
    """The filters of the list, sent as a GET form (it works without JavaScript)."""

    skill = forms.CharField(
        label=gettext_lazy("Skill or job"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("A word, such as “welding” or “cook”."),
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    group = forms.ChoiceField(label=gettext_lazy("Kind of work"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language at work"), required=False)

    def __init__(
        self,
        *args: Any,
        regions: list[str],
        groups: list[tuple[str, str]],
        languages: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choices("region", [("", _("All regions")), *((r, r) for r in regions)])
        self._choices("group", [("", _("All kinds of work")), *groups])
        self._choices("language", [("", _("Any language")), *languages])

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def filters(self) -> selectors.PublicFilters:
        if not (self.is_bound and self.is_valid()):
            return selectors.PublicFilters()
        data = self.cleaned_data
        return selectors.PublicFilters(
            region=data["region"],
            major_group=data["group"],
            skill=data["skill"],
            language=data["language"],
        )


def _language_needs(needs: list[dict[str, str]]) -> list[dict[str, str]]:
    return [
        {"name": selectors.language_name(need["language"]), "level": need["level"]}
        for need in needs
    ]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = VacancyFilterForm(
        request.GET or None,
        regions=selectors.public_regions(),
        groups=selectors.major_group_choices(),
        languages=selectors.public_languages(),
    )
    page = page_of(request, selectors.public_vacancies(filters=form.filters()))
    rows = [
        {"vacancy": vacancy, "group": selectors.major_group_label(vacancy.major_group)}
        for vacancy in page.object_list
    ]
    return render(
        request,
        "portal/work/index.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": any(request.GET.get(name) for name in form.fields),
            "querystring": query_without_page(request),
        },
    )


@require_GET
def vacancy(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        found = selectors.public_vacancy_get(public_id=public_id)
    except NotFound as error:
        return render(request, "portal/work/not_found.html", {"message": error.message}, status=404)
    return render(
        request,
        "portal/work/vacancy.html",
        {
            "vacancy": found,
            "group": selectors.major_group_label(found.major_group),
            "language_needs": _language_needs(found.languages),
        },
    )


@require_GET
def demand(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/work/demand.html", {"regions": selectors.demand_by_region()})
