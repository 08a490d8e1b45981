"""The migrant's surveys (R25), under /my/surveys/: the open surveys, answered
once, in the portal's language, without JavaScript.

The answers go to the monitoring app's service, which keeps them for the
statistics only (never shown one by one, never written to the audit log).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core.errors import Conflict, NotFound, ValidationFailed
from integra.core.forms import add_errors
from integra.core.views.base import current_actor
from integra.monitoring.selectors import surveys as selectors
from integra.monitoring.services import surveys as services
from integra.portal.views.common import migrant_required

SCALE = [
    ("1", gettext_lazy("1 — Very dissatisfied")),
    ("2", gettext_lazy("2 — Dissatisfied")),
    ("3", gettext_lazy("3 — Neither satisfied nor dissatisfied")),
    ("4", gettext_lazy("4 — Satisfied")),
    ("5", gettext_lazy("5 — Very satisfied")),
]
YES_NO = [("1", gettext_lazy("Yes")), ("0", gettext_lazy("No"))]


class AnswerForm(forms.Form):
    """One optional group of radio buttons per question (``q<id>``). The values are
    taken as sent: the service checks them, so a tampered value gets a message
    beside its question rather than a generic one."""

    def __init__(self, *args: Any, questions: list[selectors.PortalQuestion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for question in questions:
            choices = YES_NO if question.kind == "yes_no" else SCALE
            self.fields[services.answer_field(question.id)] = forms.CharField(
                label=question.text,
                required=False,
                widget=forms.RadioSelect(choices=choices),
            )

    def answers(self) -> dict[str, str]:
        return {name: str(self.data.get(name) or "") for name in self.fields}


@require_GET
@migrant_required
def survey_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.open_surveys_for(actor=current_actor(request))
    return render(request, "portal/surveys/list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@migrant_required
def survey(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    try:
        found = selectors.open_survey_get(actor=actor, code=code)
    except NotFound as error:
        flash.error(request, error.message)
        return redirect("portal:surveys")
    context: dict[str, object] = {
        "survey": found,
        "title": selectors.text_in(found.title),
        "introduction": selectors.text_in(found.introduction),
    }
    if selectors.has_answered(actor=actor, survey=found):
        if request.method == "POST":
            context["refused"] = _("You have answered this survey already. Thank you!")
            return render(request, "portal/surveys/answered.html", context, status=409)
        return render(request, "portal/surveys/answered.html", context)
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=selectors.portal_questions(survey=found),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(
                actor=actor,
                code=code,
                answers=form.answers(),
                language=get_language() or "en",
            )
        except ValidationFailed as error:
            add_errors(form, error)
        except Conflict as error:
            context["refused"] = error.message
            return render(request, "portal/surveys/answered.html", context, status=409)
        else:
            flash.success(request, _("Thank you: your answers have been saved."))
            return redirect("portal:survey", code=code)
    context["form"] = form
    return render(
        request, "portal/surveys/survey.html", context, status=400 if form.errors else 200
    )
