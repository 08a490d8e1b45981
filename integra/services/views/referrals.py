"""Referrals: a caseworker refers a person to a partner's service for a measure of
their plan; the partner's workspace lists what it received and answers each one
(accept, decline with a reason, complete with an outcome); the sender follows
the referral and may withdraw it. The partner sees only what the referral shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.people import selectors as people
from integra.plans import selectors as plans
from integra.services import selectors
from integra.services.forms import (
    CompleteForm,
    DeclineForm,
    Grouped,
    PerformanceForm,
    ReferralForm,
    ReferralListForm,
    WithdrawForm,
    add_errors,
)
from integra.services.services import referrals as services

if TYPE_CHECKING:
    from integra.plans.models import Measure
    from integra.services.models import Referral, Service


def _guard_lists(actor: Actor) -> None:
    if not selectors.can_search_directory(actor=actor):
        raise PermissionDenied(_("Your role does not work with referrals."))


def _target(referral: Referral, anchor: str = "") -> str:
    url = reverse("services:referral", args=[referral.public_id])
    return f"{url}#{anchor}" if anchor else url


# --- Lists ------------------------------------------------------------------------------


def _referral_list(request: HttpRequest, *, direction: str) -> HttpResponse:
    actor = current_actor(request)
    _guard_lists(actor)
    form = ReferralListForm(request.GET or None, statuses=selectors.status_choices())
    status, overdue = "", False
    if form.is_bound and form.is_valid():
        status, overdue = form.cleaned_data["status"], form.cleaned_data["overdue"]
    today = timezone.localdate()
    referrals = selectors.referral_list(
        actor=actor,
        filters=selectors.ReferralFilters(direction=direction, status=status, overdue=overdue),
        today=today,
    )
    page = page_of(request, referrals)
    template = (
        "services/_referral_rows.html"
        if request.htmx  # type: ignore[attr-defined]
        else "services/referral_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": [(r, selectors.timing(referral=r, today=today)) for r in page.object_list],
            "direction": direction,
            "today": today,
            "querystring": query_without_page(request),
        },
    )


@actor_required
@require_GET
def referral_inbox(request: HttpRequest) -> HttpResponse:
    """What the actor's organisations received: the partner's workspace."""
    return _referral_list(request, direction="received")


@actor_required
@require_GET
def referral_sent(request: HttpRequest) -> HttpResponse:
    """What the organisations whose cases the actor sees sent."""
    return _referral_list(request, direction="sent")


@actor_required
@require_GET
def person_referrals(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = people.person_get(actor=actor, public_id=public_id, purpose="referral")
    today = timezone.localdate()
    return render(
        request,
        "services/person_referrals.html",
        {
            "person": person,
            "rows": [
                (r, selectors.timing(referral=r, today=today))
                for r in selectors.referrals_of(actor=actor, person=person)
            ],
            "can_refer": plans.can_write_plan(actor=actor, person=person),
        },
    )


@actor_required
@require_GET
def performance(request: HttpRequest) -> HttpResponse:
    """How an organisation answers the referrals it receives, against the targets:
    coordinators choose any organisation, receiving staff their own."""
    actor = current_actor(request)
    _guard_lists(actor)
    choices = [(o.code, o.name) for o in selectors.manageable_organisations(actor=actor)]
    wanted = request.GET.get("organisation", "")
    explicit = bool(wanted)
    if not wanted and choices:
        acting = next(
            (
                seat.organisation_code
                for seat in actor.seats
                if seat.organisation_id == actor.organisation_id
            ),
            "",
        )
        wanted = acting if acting in dict(choices) else choices[0][0]
    organisation = figures = None
    if wanted:
        organisation = selectors.organisation_get(code=wanted)
        try:
            figures = selectors.performance(actor=actor, organisation=organisation)
        except PermissionDenied:
            if explicit:
                raise
            organisation = None  # an organisation the actor describes but does not answer for
    return render(
        request,
        "services/performance.html",
        {
            "form": PerformanceForm(initial={"organisation": wanted}, organisations=choices),
            "organisation": organisation,
            "figures": figures,
        },
    )


# --- One referral -------------------------------------------------------------------------


def _detail(
    request: HttpRequest,
    actor: Actor,
    referral: Referral,
    *,
    decline: DeclineForm | None = None,
    complete: CompleteForm | None = None,
    withdraw: WithdrawForm | None = None,
) -> HttpResponse:
    """The referral's page. The receiving organisation reads what the referral
    shares and nothing else of the person; the sending side reads the person's
    name and follows the referral."""
    receiver = selectors.is_receiver(actor=actor, referral=referral)
    next_statuses = services.REFERRAL_TRANSITIONS[referral.status]
    reasons = selectors.decline_reason_choices()
    outcomes = selectors.outcome_choices()
    measure = referral.measure
    return render(
        request,
        "services/referral_detail.html",
        {
            "referral": referral,
            "receiver": receiver,
            "shared": selectors.shared_items(referral=referral),
            "timing": selectors.timing(referral=referral),
            "measure": measure,
            "plan_id": None if receiver else measure.plan.public_id,
            "decline_reason": dict(reasons).get(referral.decline_reason, ""),
            "outcome": dict(outcomes).get(referral.outcome, ""),
            "can_accept": receiver and "accepted" in next_statuses,
            "can_decline": receiver and "declined" in next_statuses,
            "can_complete": receiver and "completed" in next_statuses,
            "can_withdraw": selectors.can_withdraw(actor=actor, referral=referral),
            "decline_form": decline or DeclineForm(reasons=reasons),
            "complete_form": complete or CompleteForm(outcomes=outcomes),
            "withdraw_form": withdraw or WithdrawForm(),
        },
    )


@actor_required
@require_GET
def referral_detail(request: HttpRequest, referral_id: str) -> HttpResponse:
    actor = current_actor(request)
    return _detail(request, actor, selectors.referral_get(actor=actor, public_id=referral_id))


def _guard_receiver(actor: Actor, referral: Referral) -> None:
    if not selectors.is_receiver(actor=actor, referral=referral):
        raise PermissionDenied(_("Only the receiving organisation can answer this referral."))


@actor_required
@require_POST
def referral_accept(request: HttpRequest, referral_id: str) -> HttpResponse:
    actor = current_actor(request)
    referral = selectors.referral_get(actor=actor, public_id=referral_id)
    _guard_receiver(actor, referral)
    try:
        services.referral_accept(actor=actor, referral=referral)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("You accepted the referral. The person's measure is now in progress.")
        )
    return redirect(_target(referral))


@actor_required
@require_POST
def referral_decline(request: HttpRequest, referral_id: str) -> HttpResponse:
    actor = current_actor(request)
    referral = selectors.referral_get(actor=actor, public_id=referral_id)
    _guard_receiver(actor, referral)
    form = DeclineForm(request.POST, reasons=selectors.decline_reason_choices())
    if form.is_valid():
        try:
            services.referral_decline(
                actor=actor,
                referral=referral,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as error:
            add_errors(form, error)
        except Conflict as error:
            messages.error(request, error.message)
            return redirect(_target(referral))
        else:
            messages.success(request, _("You declined the referral; the sender has been told."))
            return redirect(_target(referral))
    return _detail(request, actor, referral, decline=form)


@actor_required
@require_POST
def referral_complete(request: HttpRequest, referral_id: str) -> HttpResponse:
    actor = current_actor(request)
    referral = selectors.referral_get(actor=actor, public_id=referral_id)
    _guard_receiver(actor, referral)
    form = CompleteForm(request.POST, outcomes=selectors.outcome_choices())
    if form.is_valid():
        try:
            services.referral_complete(
                actor=actor,
                referral=referral,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as error:
            add_errors(form, error)
        except Conflict as error:
            messages.error(request, error.message)
            return redirect(_target(referral))
        else:
            messages.success(
                request, _("You completed the referral; the person's plan shows the outcome.")
            )
            return redirect(_target(referral))
    return _detail(request, actor, referral, complete=form)


@actor_required
@require_POST
def referral_withdraw(request: HttpRequest, referral_id: str) -> HttpResponse:
    actor = current_actor(request)
    referral = selectors.referral_get(actor=actor, public_id=referral_id)
    if not selectors.can_withdraw(actor=actor, referral=referral):
        if "withdrawn" in services.REFERRAL_TRANSITIONS[referral.status]:
            raise PermissionDenied(_("Only the referring organisation can withdraw this referral."))
        messages.error(request, _("This referral is closed; it can no longer be withdrawn."))
        return redirect(_target(referral))
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.referral_withdraw(actor=actor, referral=referral, **form.cleaned_data)
        except (ValidationFailed, Conflict) as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The referral has been withdrawn; the partner is told."))
        return redirect(_target(referral))
    return _detail(request, actor, referral, withdraw=form)


# --- Referring a person -----------------------------------------------------------------


def _measure_label(measure: Measure, domains: dict[str, str]) -> str:
    return _("%(title)s (%(domain)s), due %(due)s") % {
        "title": measure.title,
        "domain": domains.get(measure.domain, measure.domain),
        "due": date_format(measure.due_on, "SHORT_DATE_FORMAT"),
    }


def _service_choices(services_found: list[Service], domain: str | None) -> Grouped:
    """Services by category; those in the measure's domain first, as suggestions."""
    categories = selectors.category_choices()
    labels = dict(categories)

    def option(service: Service) -> tuple[int, str]:
        return service.pk, f"{service.name} — {service.organisation.name}"

    groups: list[tuple[str, list[tuple[int, str]]]] = []
    if domain:
        suggested = [option(s) for s in services_found if s.category == domain]
        if suggested:
            groups.append(
                (_("Suggested: %(category)s") % {"category": labels.get(domain, domain)}, suggested)
            )
    for value, label in categories:
        if value == domain:
            continue
        found = [option(s) for s in services_found if s.category == value]
        if found:
            groups.append((label, found))
    return groups


@actor_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = people.person_get(actor=actor, public_id=public_id, purpose="referral")
    if not plans.can_write_plan(actor=actor, person=person):
        raise PermissionDenied(_("You may not refer this person."))
    measures = list(plans.referable_measures(person=person))
    wanted = request.POST.get("measure") or request.GET.get("measure") or ""
    measure = next((m for m in measures if str(m.pk) == wanted), None)
    if measure is None and len(measures) == 1:
        measure = measures[0]
    domains = plans.domain_labels()
    # A service of one's own organisation needs no referral.
    offered = [
        service
        for service in selectors.directory(actor=actor, filters=selectors.DirectoryFilters())
        if service.organisation_id != actor.organisation_id
    ]
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        measures=[(m.pk, _measure_label(m, domains)) for m in measures],
        services=_service_choices(offered, measure.domain if measure else None),
        shareable=selectors.shared_field_choices(),
        suggest_url=request.path,
        initial={"measure": measure.pk if measure else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                actor=actor,
                person=person,
                data=services.ReferralData(
                    measure_id=data["measure"],
                    service_id=data["service"],
                    shared_fields=tuple(data["shared_fields"]),
                    message=data["message"],
                ),
            )
        except ValidationFailed as error:
            add_errors(form, error)
        except Conflict as error:
            form.add_error("measure", error.message)
        else:
            messages.success(
                request,
                _("The referral has been sent to %(partner)s.")
                % {"partner": referral.to_organisation.name},
            )
            return redirect(_target(referral))
    return render(
        request,
        "services/referral_form.html",
        {"form": form, "person": person, "measures": measures, "measure": measure},
    )
