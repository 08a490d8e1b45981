"""An individual integration plan: start it, follow it, agree, review and close it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor
from integra.courses import selectors as courses
from integra.plans import selectors
from integra.plans.forms import (
    AgreeForm,
    CloseForm,
    GoalForm,
    MeasureForm,
    MeasureUpdateForm,
    PlanStartForm,
    ReviewForm,
    add_errors,
)
from integra.plans.services import plans as services
from integra.plans.views.common import alerts, person_for
from integra.services import selectors as partners

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from integra.courses.models import Enrolment
    from integra.people.models import Person
    from integra.plans.models import Measure, Plan
    from integra.services.models import Referral, VolunteerMatch


def _refuse_writing() -> PermissionDenied:
    return PermissionDenied(_("You may not change this person's integration plan."))


@actor_required
@require_http_methods(["GET", "POST"])
def plan_start(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = person_for(actor, public_id)
    if not selectors.can_write_plan(actor=actor, person=person):
        raise _refuse_writing()
    assessment = selectors.latest_assessment(person=person)
    kinds = selectors.kind_labels()
    suggestions = (
        [
            (s["kind"], f"{s['title']} ({kinds.get(s['kind'], s['kind'])})")
            for s in selectors.suggestions_for(actor=actor, assessment=assessment)
        ]
        if assessment
        else []
    )
    programmes = [(p.code, p.name) for p in selectors.programmes_open(actor=actor)]
    initial: dict[str, object] = {
        "starts_on": timezone.localdate(),
        "suggested": [kind for kind, _label in suggestions],
    }
    if len(programmes) == 1:
        initial["programme"] = programmes[0][0]
    form = PlanStartForm(
        request.POST or None, programmes=programmes, suggestions=suggestions, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                actor=actor,
                person=person,
                programme=selectors.programme_get(actor=actor, code=data["programme"]),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                assessment=assessment,
                suggested=tuple(data.get("suggested", ())),
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The plan has been drafted. Add goals and measures, then record the agreement."),
            )
            return redirect("plans:plan_detail", plan_id=plan.public_id)
    return render(
        request,
        "plans/plan_start.html",
        {"person": person, "form": form, "assessment": assessment},
    )


@actor_required
@require_GET
def plan_detail(request: HttpRequest, plan_id: str) -> HttpResponse:
    actor = current_actor(request)
    plan = selectors.plan_get(actor=actor, public_id=plan_id)
    person = plan.person
    measures = list(selectors.plan_measures(plan=plan))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "person": person,
            "is_open": selectors.plan_is_open(plan=plan),
            "can_write": selectors.plan_is_open(plan=plan)
            and selectors.can_write_plan(actor=actor, person=person),
            "progress": selectors.plan_progress(plan=plan),
            "incentives": selectors.plan_incentives(plan=plan),
            "alerts": alerts(actor, person),
            "goals": selectors.plan_goals(plan=plan),
            "measures": measures,
            "measure_rows": _measure_rows(actor, person, measures),
            "reviews": selectors.plan_reviews(plan=plan),
            "referrals": _referrals(actor, person),
            "volunteer_kinds": partners.volunteer_kinds(),
            "volunteer_matches": _volunteer_matches(actor, person),
            "sees_volunteers": partners.can_see_volunteers(actor=actor),
            "today": timezone.localdate(),
        },
    )


def _measure_rows(
    actor: Actor, person: Person, measures: list[Measure]
) -> list[tuple[Measure, Enrolment | None, bool]]:
    """Each measure with its course (the current or last enrolment) and whether a
    course could still be found for it: the plan and the course link both ways."""
    enrolments = courses.measure_enrolments(measure_ids=[m.pk for m in measures])
    enrollable = {pk for pk, _title in courses.enrollable_measures(actor=actor, person=person)}
    return [(m, enrolments.get(m.pk), m.pk in enrollable) for m in measures]


def _referrals(actor: Actor, person: Person) -> QuerySet[Referral] | None:
    """The person's referrals, or ``None`` for a reader through break-glass (the
    referrals are for the organisations responsible for the case)."""
    try:
        return partners.referrals_of(actor=actor, person=person)
    except PermissionDenied:
        return None


def _volunteer_matches(actor: Actor, person: Person) -> QuerySet[VolunteerMatch] | None:
    """The person's volunteer matches with their hours, or ``None`` for a reader
    through break-glass (as the referrals)."""
    try:
        return partners.matches_of(actor=actor, person=person)
    except PermissionDenied:
        return None


def _plan_action(
    request: HttpRequest,
    plan_id: str,
    *,
    build: Callable[[Plan, QueryDict | None], forms.Form],
    act: Callable[[Actor, Plan, forms.Form], object],
    title: str,
    done: str,
    anchor: str,
    submit: str,
    context: Callable[[Plan], dict[str, object]] | None = None,
) -> HttpResponse:
    """The shape of every page that changes a plan: read (audited), the writers'
    to change, open plans only; errors beside their fields; back to the plan."""
    actor = current_actor(request)
    plan = selectors.plan_get(actor=actor, public_id=plan_id)
    if not selectors.can_write_plan(actor=actor, person=plan.person):
        raise _refuse_writing()
    target = reverse("plans:plan_detail", args=[plan.public_id])
    if not selectors.plan_is_open(plan=plan):
        messages.error(request, _("This plan is closed; it can no longer be changed."))
        return redirect(target)
    form = build(plan, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            act(actor, plan, form)
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(f"{target}#{anchor}")
    return render(
        request,
        "plans/plan_form.html",
        {
            "plan": plan,
            "person": plan.person,
            "form": form,
            "title": title,
            "submit": submit,
            **(context(plan) if context else {}),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, plan_id: str) -> HttpResponse:
    return _plan_action(
        request,
        plan_id,
        build=lambda plan, data: GoalForm(data, domains=plan.programme.domains),
        act=lambda actor, plan, form: services.goal_add(
            actor=actor, plan=plan, **form.cleaned_data
        ),
        title=_("Add a goal"),
        done=_("The goal has been added."),
        anchor="goals",
        submit=_("Add"),
    )


@actor_required
@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, plan_id: str) -> HttpResponse:
    actor = current_actor(request)

    def build(plan: Plan, data: QueryDict | None) -> forms.Form:
        return MeasureForm(
            data,
            domains=plan.programme.domains,
            organisations=selectors.responsible_choices(actor=actor),
            household=selectors.household_choices(person=plan.person),
            goals=[(str(goal.pk), goal.text) for goal in selectors.plan_goals(plan=plan)],
            initial={"beneficiary": plan.person.public_id},
        )

    def act(actor: Actor, plan: Plan, form: forms.Form) -> object:
        assert isinstance(form, MeasureForm)
        return services.measure_add(
            actor=actor, plan=plan, data=services.MeasureData(**form.values())
        )

    return _plan_action(
        request,
        plan_id,
        build=build,
        act=act,
        title=_("Add a measure"),
        done=_("The measure has been added."),
        anchor="measures",
        submit=_("Add"),
    )


@actor_required
@require_http_methods(["GET", "POST"])
def measure_update(request: HttpRequest, plan_id: str, measure_id: int) -> HttpResponse:
    def build(plan: Plan, data: QueryDict | None) -> forms.Form:
        measure = selectors.plan_measure_get(plan=plan, measure_id=measure_id)
        return MeasureUpdateForm(
            data,
            current=measure.status,
            allowed=sorted(services.MEASURE_TRANSITIONS[measure.status]),
            initial={"status": measure.status, "evidence": measure.evidence},
        )

    return _plan_action(
        request,
        plan_id,
        build=build,
        act=lambda actor, plan, form: services.measure_update(
            actor=actor, plan=plan, measure_id=measure_id, **form.cleaned_data
        ),
        title=_("Update a measure"),
        done=_("The measure has been updated."),
        anchor="measures",
        submit=_("Save"),
        context=lambda plan: {
            "measure": selectors.plan_measure_get(plan=plan, measure_id=measure_id)
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def plan_agree(request: HttpRequest, plan_id: str) -> HttpResponse:
    return _plan_action(
        request,
        plan_id,
        build=lambda plan, data: AgreeForm(data, initial={"agreed_on": timezone.localdate()}),
        act=lambda actor, plan, form: services.plan_agree(
            actor=actor, plan=plan, **form.cleaned_data
        ),
        title=_("Record the agreement"),
        done=_("The plan is agreed. Reviews are due from now on."),
        anchor="overview",
        submit=_("Record"),
    )


@actor_required
@require_http_methods(["GET", "POST"])
def review_record(request: HttpRequest, plan_id: str) -> HttpResponse:
    return _plan_action(
        request,
        plan_id,
        build=lambda plan, data: ReviewForm(data, initial={"reviewed_on": timezone.localdate()}),
        act=lambda actor, plan, form: services.review_record(
            actor=actor, plan=plan, **form.cleaned_data
        ),
        title=_("Record a review"),
        done=_("The review has been recorded."),
        anchor="reviews",
        submit=_("Record"),
    )


@actor_required
@require_http_methods(["GET", "POST"])
def plan_close(request: HttpRequest, plan_id: str) -> HttpResponse:
    return _plan_action(
        request,
        plan_id,
        build=lambda plan, data: CloseForm(data),
        act=lambda actor, plan, form: services.plan_close(
            actor=actor, plan=plan, **form.cleaned_data
        ),
        title=_("Close the plan"),
        done=_("The plan has been closed."),
        anchor="overview",
        submit=_("Close the plan"),
    )
