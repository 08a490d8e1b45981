"""Assessment questionnaires: versions read as their questions, and publishing the next."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor
from integra.plans import questionnaire, selectors
from integra.plans.forms import QuestionnaireForm, add_errors
from integra.plans.services import assessments as services
from integra.plans.views.common import language

if TYPE_CHECKING:
    from integra.plans.models import Questionnaire

TYPE_LABELS = {
    "choice": gettext_lazy("One choice"),
    "multi": gettext_lazy("Several choices"),
    "yes_no": gettext_lazy("Yes or no"),
    "number": gettext_lazy("Number"),
    "date": gettext_lazy("Date"),
    "text": gettext_lazy("Text"),
}


@dataclass(frozen=True)
class RuleView:
    when: str
    title: str
    domain: str
    kind: str


@dataclass(frozen=True)
class QuestionView:
    code: str
    label: str
    languages: str
    type: str
    required: bool
    options: list[str]
    limits: str
    rules: list[RuleView]


@dataclass(frozen=True)
class SectionView:
    code: str
    title: str
    sensitive: bool
    questions: list[QuestionView]


def _number(value: object) -> str:
    return f"{int(value)}" if isinstance(value, float) and value.is_integer() else f"{value}"


def _condition(question: questionnaire.Question, rule: questionnaire.Rule, lang: str) -> str:
    """A suggestion rule's condition, as a sentence."""
    labels = {o.value: questionnaire.text(o.label, lang) for o in question.options}

    def name(value: object) -> str:
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return labels.get(str(value), str(value))

    operand = rule.operand
    values = ", ".join(name(v) for v in operand) if isinstance(operand, list) else name(operand)
    if rule.condition == "equals":
        return _("the answer is %(value)s") % {"value": values}
    if rule.condition == "in":
        return _("the answer is one of: %(values)s") % {"values": values}
    if rule.condition == "any_of":
        return _("the answers include any of: %(values)s") % {"values": values}
    if rule.condition == "below":
        return _("the answer is below %(number)s") % {"number": _number(operand)}
    return _("the answer is at least %(number)s") % {"number": _number(operand)}


def _limits(question: questionnaire.Question) -> str:
    if question.type == "number":
        low, high = question.minimum, question.maximum
        if low is not None and high is not None:
            return _("from %(min)s to %(max)s") % {"min": _number(low), "max": _number(high)}
        if low is not None:
            return _("at least %(min)s") % {"min": _number(low)}
        if high is not None:
            return _("at most %(max)s") % {"max": _number(high)}
    if question.type == "text":
        return _("up to %(count)d characters") % {"count": question.max_length}
    return ""


def _sections(version: Questionnaire) -> list[SectionView]:
    lang = language()
    domains, kinds = selectors.domain_labels(), selectors.kind_labels()
    return [
        SectionView(
            section.code,
            questionnaire.text(section.title, lang),
            section.sensitive,
            [
                QuestionView(
                    code=q.code,
                    label=questionnaire.text(q.label, lang),
                    languages=", ".join(sorted(q.label)),
                    type=str(TYPE_LABELS.get(q.type, q.type)),
                    required=q.required,
                    options=[questionnaire.text(o.label, lang) for o in q.options],
                    limits=_limits(q),
                    rules=[
                        RuleView(
                            _condition(q, rule, lang),
                            questionnaire.text(rule.title, lang),
                            domains.get(rule.domain, rule.domain),
                            kinds.get(rule.kind, rule.kind),
                        )
                        for rule in q.rules
                    ],
                )
                for q in section.questions
            ],
        )
        for section in selectors.questionnaire_sections(version=version)
    ]


@actor_required
@require_GET
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return render(
        request,
        "plans/questionnaire_list.html",
        {
            "versions": selectors.questionnaire_list(actor=actor),
            "can_manage": selectors.can_manage_programmes(actor=actor),
        },
    )


@actor_required
@require_GET
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = current_actor(request)
    version = selectors.questionnaire_get(actor=actor, pk=pk)
    return render(
        request,
        "plans/questionnaire_detail.html",
        {
            "version": version,
            "sections": _sections(version),
            "definition": json.dumps(version.definition, indent=2, ensure_ascii=False),
            "can_manage": selectors.can_manage_programmes(actor=actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def questionnaire_publish(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.can_manage_programmes(actor=actor):
        raise PermissionDenied(_("Only the coordinating authority publishes questionnaires."))
    source_id = request.GET.get("from", "")
    source = (
        selectors.questionnaire_get(actor=actor, pk=int(source_id))
        if source_id.isdigit() and len(source_id) <= 18  # a database id fits in a bigint
        else selectors.questionnaire_latest(actor=actor)
    )
    initial = (
        {
            "code": source.code,
            "country": source.country,
            "title": source.title,
            "definition": json.dumps(source.definition, indent=2, ensure_ascii=False),
        }
        if source
        else {"country": selectors.acting_country(actor=actor)}
    )
    form = QuestionnaireForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            published = services.questionnaire_publish(actor=actor, **form.cleaned_data)
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)d of %(title)s has been published.")
                % {"version": published.version, "title": published.title},
            )
            return redirect("plans:questionnaire_detail", pk=published.pk)
    return render(request, "plans/questionnaire_form.html", {"form": form, "source": source})
