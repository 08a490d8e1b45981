"""The survey pages, under /statistics/surveys/ (R25): the coordinating
authority's list of surveys, drafting one in the portal's five languages, its
questions (added, changed, removed, moved), opening and closing it.

The answers are never shown here: they are counted into the indicators
"satisfaction" and "discrimination_experienced", with the statistics'
disclosure control; even a survey's number of responses is shown only from
the threshold up.

Thin, like the API: parse, call one service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core.errors import Conflict, ValidationFailed
from integra.core.forms import add_errors
from integra.core.views.base import actor_required, current_actor, page_of
from integra.monitoring.forms_surveys import (
    MoveForm,
    QuestionForm,
    SurveyForm,
    question_initial,
    survey_initial,
)
from integra.monitoring.selectors import surveys as selectors
from integra.monitoring.services import surveys as services


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _detail_url(code: str) -> str:
    return reverse("surveys:detail", args=[code])


@actor_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    page = page_of(request, selectors.survey_list(actor=actor))
    return render(
        request,
        "monitoring/surveys/list.html",
        {
            "page": page,
            "rows": selectors.survey_rows(list(page.object_list)),
            "threshold": selectors.threshold(),
            "indicators": selectors.INDICATORS,
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    selectors.require_manager(actor)
    form = SurveyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=actor, data=form.values())
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The draft survey has been saved. Now add its questions."))
            return redirect(_detail_url(survey.code))
    return render(request, "monitoring/surveys/form.html", {"form": form, "survey": None})


@actor_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    if survey.status != "draft":
        messages.error(
            request,
            _("Once a survey is open its questions and texts cannot change; write a new survey."),
        )
        return redirect(_detail_url(code))
    form = SurveyForm(
        _posted(request), editing=True, initial=survey_initial(services.survey_data(survey))
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=actor, survey=survey, data=form.values(code=code))
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The survey has been changed."))
            return redirect(_detail_url(code))
    return render(request, "monitoring/surveys/form.html", {"form": form, "survey": survey})


@actor_required
@require_GET
def survey_detail(request: HttpRequest, code: str) -> HttpResponse:
    detail = selectors.survey_detail(actor=current_actor(request), code=code)
    return render(request, "monitoring/surveys/detail.html", {"detail": detail})


@actor_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    if survey.status != "draft":
        messages.error(
            request,
            _("Once a survey is open its questions and texts cannot change; write a new survey."),
        )
        return redirect(_detail_url(code))
    form = QuestionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(actor=actor, survey=survey, data=form.values())
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The question has been added."))
            return redirect(_detail_url(code))
    return render(
        request,
        "monitoring/surveys/question_form.html",
        {"form": form, "survey": survey, "question": None},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, code: str, question_id: int) -> HttpResponse:
    actor = current_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    question = selectors.question_get(survey=survey, question_id=question_id)
    if survey.status != "draft":
        messages.error(
            request,
            _("Once a survey is open its questions and texts cannot change; write a new survey."),
        )
        return redirect(_detail_url(code))
    form = QuestionForm(
        _posted(request), initial=question_initial(services.question_data(question))
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(
                actor=actor, survey=survey, question_id=question_id, data=form.values()
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The question has been changed."))
            return redirect(_detail_url(code))
    return render(
        request,
        "monitoring/surveys/question_form.html",
        {"form": form, "survey": survey, "question": question},
    )


@actor_required
@require_POST
def question_remove(request: HttpRequest, code: str, question_id: int) -> HttpResponse:
    actor = current_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    try:
        services.question_remove(actor=actor, survey=survey, question_id=question_id)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The question has been removed."))
    return redirect(_detail_url(code))


@actor_required
@require_POST
def question_move(request: HttpRequest, code: str, question_id: int) -> HttpResponse:
    actor = current_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Move a question up or down."))
        return redirect(_detail_url(code))
    try:
        services.question_move(
            actor=actor,
            survey=survey,
            question_id=question_id,
            direction=form.cleaned_data["direction"],
        )
    except Conflict as error:
        messages.error(request, error.message)
    return redirect(_detail_url(code))


@actor_required
@require_POST
def survey_open(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    try:
        services.survey_open(actor=actor, survey=survey)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The survey is open: migrants find it in the portal."))
    return redirect(_detail_url(code))


@actor_required
@require_POST
def survey_close(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    survey = selectors.survey_get(actor=actor, code=code)
    try:
        services.survey_close(actor=actor, survey=survey)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The survey is closed. Its answers stay counted in the indicators.")
        )
    return redirect(_detail_url(code))
