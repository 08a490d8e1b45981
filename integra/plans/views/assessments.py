"""A person's assessments and plans, and assessing them with the country's questionnaire."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core.errors import ApplicationError, Conflict, PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor
from integra.plans import questionnaire, selectors
from integra.plans.forms import AssessmentForm, add_errors
from integra.plans.services import assessments as services
from integra.plans.views.common import alerts, language, person_for


@actor_required
@require_GET
def person_plans(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    try:
        person = person_for(actor, public_id)
    except selectors.MergedRecord as merged:
        messages.info(request, merged.message)
        return redirect("plans:person_plans", public_id=merged.kept)
    plans = list(selectors.plans_of(actor=actor, person=person))
    return render(
        request,
        "plans/person_plans.html",
        {
            "person": person,
            "plans": plans,
            "has_open_plan": any(selectors.plan_is_open(plan=plan) for plan in plans),
            "assessments": selectors.assessment_list(actor=actor, person=person),
            "alerts": alerts(actor, person),
            "can_write": selectors.can_write_plan(actor=actor, person=person),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = person_for(actor, public_id)
    if not selectors.can_write_plan(actor=actor, person=person):
        raise PermissionDenied(_("You may not change this person's integration plan."))
    version = selectors.questionnaire_current(country=selectors.acting_country(actor=actor))
    if version is None:
        return render(request, "plans/assess.html", {"person": person, "version": None})
    sensitive = selectors.can_record_health(actor=actor)
    data = request.POST if request.method == "POST" else None
    # Published while the caseworker was answering: the answers are checked
    # against the new version, and shown again to be looked over.
    changed = data is not None and data.get("questionnaire_version") != str(version.pk)
    form = AssessmentForm(
        data,
        sections=selectors.questionnaire_sections(version=version),
        language=language(),
        sensitive=sensitive,
    )
    if changed:  # (adding the error checks the answers too: theirs show beside them)
        form.add_error(
            None,
            _(
                "A new version of the questionnaire was published meanwhile. "
                "Check the answers against it and send them again."
            ),
        )
    elif data is not None and form.is_valid():
        try:
            assessment = services.assessment_record(
                actor=actor,
                person=person,
                questionnaire_id=version.pk,
                answers=form.answers(),
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, _answers_error(error))
        else:
            messages.success(request, _("The assessment has been recorded."))
            return redirect("plans:assessment_detail", assessment_id=assessment.public_id)
    return render(
        request,
        "plans/assess.html",
        {"person": person, "version": version, "form": form, "sensitive": sensitive},
    )


def _answers_error(error: ApplicationError) -> ApplicationError:
    """The service names answers ``answers.<question>``; the form's fields are the
    questions."""
    renamed = ValidationFailed(
        error.message,
        field_errors={
            name.removeprefix("answers."): messages_
            for name, messages_ in error.field_errors.items()
        },
    )
    return renamed


@actor_required
@require_GET
def assessment_detail(request: HttpRequest, assessment_id: str) -> HttpResponse:
    actor = current_actor(request)
    assessment = selectors.assessment_get(actor=actor, public_id=assessment_id)
    lang = language()
    questions = {
        q.code: questionnaire.text(q.label, lang)
        for section in selectors.questionnaire_sections(version=assessment.questionnaire)
        for q in section.questions
    }
    domains, kinds = selectors.domain_labels(), selectors.kind_labels()
    suggestions = [
        {
            **suggestion,
            "domain_label": domains.get(suggestion["domain"], suggestion["domain"]),
            "kind_label": kinds.get(suggestion["kind"], suggestion["kind"]),
            "because_label": questions.get(suggestion["because"], suggestion["because"]),
        }
        for suggestion in selectors.suggestions_for(actor=actor, assessment=assessment)
    ]
    person = assessment.person
    return render(
        request,
        "plans/assessment_detail.html",
        {
            "assessment": assessment,
            "person": person,
            "sections": selectors.assessment_sections(actor=actor, assessment=assessment),
            "suggestions": suggestions,
            "can_see_programmes": selectors.can_see_programmes(actor=actor),
            "can_write": selectors.can_write_plan(actor=actor, person=person),
        },
    )
