"""Volunteers (R12): an organisation keeps its volunteers and records their background
checks; a caseworker finds a cleared volunteer for a measure of a person's plan and
matches them; both sides log the hours given and end the match.

Contact details stay with the volunteer's organisation; the organisation knows the
people its volunteers help by their number only."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core import selectors as core
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.people import selectors as people
from integra.plans import selectors as plans
from integra.services import selectors
from integra.services.forms import (
    HoursForm,
    MatchEndForm,
    MatchForm,
    MatchMeasureForm,
    VettingForm,
    VolunteerForm,
    VolunteerListForm,
    add_errors,
)
from integra.services.services import volunteers as services
from integra.services.views.common import labelled

if TYPE_CHECKING:
    from integra.people.models import Person
    from integra.plans.models import Measure
    from integra.services.models import Volunteer, VolunteerMatch


def _guard_see(actor: Actor) -> None:
    if not selectors.can_see_volunteers(actor=actor):
        raise PermissionDenied(_("Your role does not work with volunteers."))


def _guard_keep(actor: Actor, volunteer: Volunteer) -> None:
    if not selectors.can_manage_volunteers(actor=actor, organisation_id=volunteer.organisation_id):
        raise PermissionDenied(_("You may not manage this organisation's volunteers."))


# --- The volunteers ---------------------------------------------------------------------


@actor_required
@require_GET
def volunteer_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    _guard_see(actor)
    skills = selectors.skill_choices()
    form = VolunteerListForm(
        request.GET or None,
        skills=skills,
        organisations=[(o.code, o.name) for o in core.organisation_list(actor=actor)],
    )
    today = timezone.localdate()
    page = page_of(
        request,
        selectors.volunteer_list(
            actor=actor, filters=selectors.VolunteerFilters(**form.filters()), today=today
        ),
    )
    template = (
        "services/volunteer_results.html"
        if request.htmx  # type: ignore[attr-defined]
        else "services/volunteer_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": [
                (volunteer, labelled(volunteer.skills, skills), volunteer.cleared_on(today))
                for volunteer in page.object_list
            ],
            "querystring": query_without_page(request),
            "can_add": selectors.manageable_organisations(actor=actor).exists(),
        },
    )


def _detail(
    request: HttpRequest,
    actor: Actor,
    volunteer: Volunteer,
    *,
    vetting: VettingForm | None = None,
) -> HttpResponse:
    """The volunteer's page: the profile for everyone who works with volunteers; the
    contact details, the check and the matches for the volunteer's organisation."""
    today = timezone.localdate()
    keeper = selectors.can_manage_volunteers(actor=actor, organisation_id=volunteer.organisation_id)
    matches = list(selectors.volunteer_matches(actor=actor, volunteer=volunteer)) if keeper else []
    return render(
        request,
        "services/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "skills": labelled(volunteer.skills, selectors.skill_choices()),
            "cleared": volunteer.cleared_on(today),
            "sees_contact": selectors.sees_contact(actor=actor, volunteer=volunteer),
            "keeper": keeper,
            "matches": matches,
            "helping": sum(1 for match in matches if match.ended_on is None),
            "vetting_form": vetting
            or VettingForm(outcomes=selectors.vetting_choices(), initial={"vetted_on": today}),
            "today": today,
        },
    )


@actor_required
@require_GET
def volunteer_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    return _detail(request, actor, selectors.volunteer_get(actor=actor, public_id=public_id))


def _volunteer_form(
    data: QueryDict | None,
    *,
    organisations: list[tuple[str, str]],
    initial: dict[str, object],
    editing: bool = False,
) -> VolunteerForm:
    return VolunteerForm(
        data,
        organisations=organisations,
        skills=selectors.skill_choices(),
        editing=editing,
        initial=initial,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def volunteer_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    _guard_see(actor)
    organisations = [(o.code, o.name) for o in selectors.manageable_organisations(actor=actor)]
    if not organisations:
        raise PermissionDenied(_("You may not add volunteers to any organisation."))
    wanted = request.GET.get("organisation", "")
    if wanted not in {code for code, _name in organisations}:
        wanted = organisations[0][0] if len(organisations) == 1 else ""
    form = _volunteer_form(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": wanted, "is_active": True},
    )
    if request.method == "POST" and form.is_valid():
        organisation = selectors.organisation_get(code=form.cleaned_data["organisation"])
        try:
            volunteer = services.volunteer_save(
                actor=actor,
                organisation=organisation,
                data=services.VolunteerData(**form.values()),
            )
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The volunteer has been added. Record their background check before matching."),
            )
            return redirect("services:volunteer_detail", public_id=volunteer.public_id)
    return render(
        request,
        "services/volunteer_form.html",
        {"form": form, "title": _("Add a volunteer"), "volunteer": None},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def volunteer_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    volunteer = selectors.volunteer_get(actor=actor, public_id=public_id)
    _guard_keep(actor, volunteer)
    initial = {
        name: getattr(volunteer, name)
        for name in VolunteerForm.base_fields
        if name not in {"organisation", "languages"}
    }
    initial["organisation"] = volunteer.organisation.code
    initial["languages"] = ", ".join(volunteer.languages)
    form = _volunteer_form(
        request.POST or None,
        organisations=[(volunteer.organisation.code, volunteer.organisation.name)],
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_save(
                actor=actor,
                organisation=volunteer.organisation,
                data=services.VolunteerData(**form.values()),
                volunteer=volunteer,
            )
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The volunteer's profile has been saved."))
            return redirect("services:volunteer_detail", public_id=volunteer.public_id)
    return render(
        request,
        "services/volunteer_form.html",
        {"form": form, "title": _("Change the volunteer's profile"), "volunteer": volunteer},
    )


@actor_required
@require_POST
def volunteer_vet(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    volunteer = selectors.volunteer_get(actor=actor, public_id=public_id)
    _guard_keep(actor, volunteer)
    form = VettingForm(request.POST, outcomes=selectors.vetting_choices())
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.volunteer_vet(
                actor=actor,
                volunteer=volunteer,
                outcome=data["outcome"],
                on=data["vetted_on"],
                expires_on=data["valid_until"],
            )
        except ValidationFailed as error:
            add_errors(form, error, rename={"on": "vetted_on", "expires_on": "valid_until"})
        else:
            messages.success(request, _("The background check has been recorded."))
            url = reverse("services:volunteer_detail", args=[volunteer.public_id])
            return redirect(f"{url}#vetting")
    return _detail(request, actor, volunteer, vetting=form)


# --- Matching from a plan ---------------------------------------------------------------


def _measure_label(measure: Measure, kinds: dict[str, str]) -> str:
    return _("%(title)s (%(kind)s), due %(due)s") % {
        "title": measure.title,
        "kind": kinds.get(measure.kind, measure.kind),
        "due": date_format(measure.due_on, "SHORT_DATE_FORMAT"),
    }


def _plan_target(measure: Measure) -> str:
    return reverse("plans:plan_detail", args=[measure.plan.public_id]) + "#volunteers"


@actor_required
@require_http_methods(["GET", "POST"])
def match_create(request: HttpRequest, public_id: str) -> HttpResponse:
    """The cleared volunteers who could help with a measure of the person's plan, best
    suited first (a shared language, the same locality, room left), each with a
    button that matches them."""
    actor = current_actor(request)
    person: Person = people.person_get(actor=actor, public_id=public_id, purpose="volunteers")
    if not plans.can_write_plan(actor=actor, person=person):
        raise PermissionDenied(_("You may not match a volunteer to this person."))
    _guard_see(actor)
    kinds = selectors.volunteer_kinds()
    measures = [m for m in plans.referable_measures(person=person) if m.kind in kinds]
    wanted = request.POST.get("measure") or request.GET.get("measure") or ""
    measure = next((m for m in measures if str(m.pk) == wanted), None)
    if measure is None and len(measures) == 1:
        measure = measures[0]
    form = MatchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            match = services.match_create(
                actor=actor,
                person=person,
                measure_id=form.cleaned_data["measure"],
                volunteer_id=form.cleaned_data["volunteer"],
            )
        except (ValidationFailed, Conflict) as error:
            # The choice is in hidden fields: every reason goes to the head of the page.
            form.add_error(None, error.message)
            for problems in error.field_errors.values():
                for problem in problems:
                    form.add_error(None, problem)
        else:
            messages.success(
                request,
                _("%(volunteer)s now helps with “%(measure)s”; their organisation has been told.")
                % {"volunteer": match.volunteer, "measure": match.measure.title},
            )
            return redirect(_plan_target(match.measure))
    labels = plans.kind_labels()
    skills = selectors.skill_choices()
    suggestions = (
        selectors.match_suggestions(actor=actor, person=person, measure_id=measure.pk)
        if measure
        else []
    )
    return render(
        request,
        "services/volunteer_match_create.html",
        {
            "person": person,
            "measures": measures,
            "measure": measure,
            "chooser": MatchMeasureForm(
                initial={"measure": measure.pk if measure else None},
                measures=[(m.pk, _measure_label(m, labels)) for m in measures],
                suggest_url=request.path,
            ),
            "form": form,
            "failed": form.data.get("volunteer", "") if form.errors else "",
            "suggestions": [
                (suggestion, labelled(suggestion.volunteer.skills, skills))
                for suggestion in suggestions
            ],
            "plan_url": _plan_target(measure) if measure else "",
        },
    )


# --- One match: hours, the end ------------------------------------------------------------


def _may_change(actor: Actor, match: VolunteerMatch) -> bool:
    """The person's caseworkers, or the volunteer's organisation."""
    return plans.can_write_plan(actor=actor, person=match.person) or (
        selectors.can_manage_volunteers(
            actor=actor, organisation_id=match.volunteer.organisation_id
        )
    )


def _match_page(
    request: HttpRequest,
    actor: Actor,
    match: VolunteerMatch,
    *,
    hours: HoursForm | None = None,
    end: MatchEndForm | None = None,
) -> HttpResponse:
    """A match as each side knows it: the person's caseworkers read whom the volunteer
    helps and with what; the volunteer's organisation, the person's number only."""
    today = timezone.localdate()
    logged = sorted(match.hours.all(), key=lambda h: (h.day, h.pk), reverse=True)
    case_side = plans.can_write_plan(actor=actor, person=match.person)
    return render(
        request,
        "services/volunteer_match.html",
        {
            "match": match,
            "volunteer": match.volunteer,
            "case_side": case_side,
            "measure": match.measure if case_side else None,
            "sees_volunteer": selectors.can_see_volunteers(actor=actor),
            "logged": logged,
            "total": sum((h.hours for h in logged), Decimal(0)),
            "may_change": _may_change(actor, match),
            "hours_form": hours or HoursForm(initial={"day": today}),
            "end_form": end or MatchEndForm(initial={"ended_on": today}),
        },
    )


def _match_target(match: VolunteerMatch, anchor: str = "") -> str:
    url = reverse("services:match_detail", args=[match.pk])
    return f"{url}#{anchor}" if anchor else url


def _changeable_match(actor: Actor, match_id: int) -> VolunteerMatch:
    match = selectors.match_get(actor=actor, match_id=match_id)
    if not _may_change(actor, match):
        raise PermissionDenied(_("You may not change this volunteer match."))
    return match


@actor_required
@require_GET
def match_detail(request: HttpRequest, match_id: int) -> HttpResponse:
    actor = current_actor(request)
    return _match_page(request, actor, selectors.match_get(actor=actor, match_id=match_id))


@actor_required
@require_POST
def hours_log(request: HttpRequest, match_id: int) -> HttpResponse:
    actor = current_actor(request)
    match = _changeable_match(actor, match_id)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.hours_log(actor=actor, match=match, **form.cleaned_data)
        except ValidationFailed as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The hours have been logged."))
            return redirect(_match_target(match, "hours"))
    return _match_page(request, actor, match, hours=form)


@actor_required
@require_POST
def match_end(request: HttpRequest, match_id: int) -> HttpResponse:
    actor = current_actor(request)
    match = _changeable_match(actor, match_id)
    form = MatchEndForm(request.POST)
    if form.is_valid():
        try:
            services.match_end(
                actor=actor,
                match=match,
                on=form.cleaned_data["ended_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as error:
            add_errors(form, error, rename={"on": "ended_on"})
        except Conflict as error:
            messages.error(request, error.message)
            return redirect(_match_target(match))
        else:
            messages.success(
                request,
                _("The match has ended. The caseworker settles the measure in the plan."),
            )
            return redirect(_match_target(match))
    return _match_page(request, actor, match, end=form)
