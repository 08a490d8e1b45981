"""Registry pages: search first, register with a duplicate check, the profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core import services as core_services
from integra.core import spreadsheets
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.forms import BreakGlassForm, add_service_errors
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.people import selectors, services
from integra.people.forms import (
    ConsentForm,
    DocumentForm,
    ExperienceForm,
    HouseholdJoinForm,
    HouseholdMergeForm,
    HouseholdSplitForm,
    LanguageForm,
    OtherNameForm,
    PersonForm,
    QualificationForm,
    RegisterForm,
    SearchForm,
    StatusForm,
    VulnerabilityForm,
    identity_fingerprint,
)
from integra.people.services import households
from integra.people.views import steps

if TYPE_CHECKING:
    from integra.people.models import Household


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "403.html", {"message": message}, status=403)


@actor_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.can_search(actor=actor):
        return _forbidden(request, _("Your role does not give access to the registry."))
    form = SearchForm(request.GET or None)
    page = None
    searched = False
    if form.is_valid() and any(form.cleaned_data.values()):
        searched = True
        page = page_of(
            request,
            selectors.person_search(
                actor=actor,
                query=form.cleaned_data["q"],
                birth_date=form.cleaned_data["birth_date"],
                citizenship=form.cleaned_data["citizenship"],
            ),
        )
    template = "people/_results.html" if request.htmx else "people/person_list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "searched": searched,
            "querystring": query_without_page(request),
            "can_register": selectors.can_register(actor=actor),
        },
    )


EXPORT_TYPES = spreadsheets.CONTENT_TYPES


@actor_required
@require_GET
def person_export(request: HttpRequest, file_type: str) -> HttpResponse:
    """The current search as a CSV or XLSX file: exactly what the actor may see."""
    actor = current_actor(request)
    if not selectors.can_search(actor=actor):
        return _forbidden(request, _("Your role does not give access to the registry."))
    form = SearchForm(request.GET or None)
    if file_type not in EXPORT_TYPES or not form.is_valid() or not any(form.cleaned_data.values()):
        messages.error(request, _("Search first, then download what you found."))
        return redirect("people:person_list")
    rows = selectors.person_export_rows(
        actor=actor,
        query=form.cleaned_data["q"],
        birth_date=form.cleaned_data["birth_date"],
        citizenship=form.cleaned_data["citizenship"],
    )
    header = selectors.EXPORT_HEADER
    body = (
        spreadsheets.to_csv(header, rows)
        if file_type == "csv"
        else spreadsheets.to_xlsx(header, rows, title="people")
    )
    response = HttpResponse(body, content_type=EXPORT_TYPES[file_type])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="integra-people-{stamp}.{file_type}"'
    return response


@actor_required
@require_http_methods(["GET", "POST"])
def person_register(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.can_register(actor=actor):
        return _forbidden(
            request, _("Only caseworkers register people, for the organisation they act for.")
        )
    form = RegisterForm(request.POST or None)
    candidates = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_register(
                actor=actor,
                data=services.PersonData(**form.person_values()),
                confirm_new=form.confirmed_new(),
            )
        except services.PossibleDuplicate as duplicate:
            candidates = duplicate.candidates
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered. Add what you know now, or skip any step.")
                % {"name": person.name_latin},
            )
            return steps.first_after_identity(person.public_id)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "candidates": candidates,
            "hidden_matches": sum(1 for c in candidates or [] if not c.visible),
            "visible_matches": [c for c in candidates or [] if c.visible],
            "fingerprint": identity_fingerprint(form.cleaned_data) if candidates else "",
        },
    )


@actor_required
@require_GET
def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    try:
        person = selectors.person_get(actor=actor, public_id=public_id)
    except PermissionDenied as refused:
        return render(
            request,
            "people/outside_scope.html",
            {"message": refused.message, "public_id": public_id, "form": BreakGlassForm()},
            status=403,
        )
    except selectors.MergedRecord as merged:
        messages.info(request, merged.message)
        return redirect("people:person_detail", public_id=merged.kept)
    statuses = (
        list(selectors.status_history(actor=actor, person=person))
        if selectors.can_see_status(actor=actor)
        else None
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "statuses": statuses,
            "documents": selectors.documents(actor=actor, person=person),
            "today": timezone.localdate(),
            "current_status": selectors.current_status(
                statuses=statuses or [], today=timezone.localdate()
            ),
            "citizenships": sorted(c.country for c in person.citizenships.all()),
            "other_names": person.other_names.order_by("kind", "id"),
            "languages": person.languages.order_by("code"),
            "qualifications": person.qualifications.order_by("-isced_level", "id"),
            "experience": person.work_experience.order_by("-years", "id"),
            "vulnerability": selectors.vulnerability(actor=actor, person=person),
            "household": selectors.current_household(person=person),
            "consents": selectors.consents(person=person),
            "responsible": selectors.responsible_organisations(person=person),
            "viewers": page_of(request, selectors.person_viewers(actor=actor, person=person)),
            "can_change": selectors.can_change(actor=actor, person=person),
            "merged_records": selectors.merged_records(person=person),
            "person_requests": list(selectors.request_list(actor=actor, person=person))
            if selectors.can_see_requests(actor=actor, person=person)
            else None,
        },
    )


@actor_required
@require_GET
def person_timeline(request: HttpRequest, public_id: str) -> HttpResponse:
    """Everything that happened to the case, newest first, in plain words."""
    actor = current_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id)
    page = page_of(request, selectors.timeline(actor=actor, person=person))
    return render(
        request,
        "people/timeline.html",
        {"person": person, "page": page, "entries": selectors.timeline_entries(page.object_list)},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id)
    if not selectors.can_change(actor=actor, person=person):
        return _forbidden(request, _("You may not change this person's record."))
    initial = selectors.person_data(person=person)
    initial["citizenships"] = ", ".join(initial["citizenships"])  # type: ignore[arg-type]
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=actor, person=person, data=services.PersonData(**form.person_values())
            )
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The record has been saved."))
            return redirect("people:person_detail", public_id=person.public_id)
    return render(request, "people/person_edit.html", {"form": form, "person": person})


def _add_to_record(
    request: HttpRequest,
    public_id: str,
    *,
    form: forms.Form,
    service: Callable[..., object],
    template: str,
    anchor: str,
    done: str,
) -> HttpResponse:
    """The shape every "add something to a person's record" page shares: the
    person is read (audited), the change is the record-keepers' to make, errors
    show beside their fields, success returns to the section of the profile."""
    actor = current_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id)
    if not selectors.can_change(actor=actor, person=person):
        return _forbidden(request, _("You may not change this person's record."))
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=actor, person=person, **form.cleaned_data)
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            step = steps.current(request)
            if step is not None:
                return redirect(steps.next_url(step, public_id))
            return redirect(f"{reverse('people:person_detail', args=[public_id])}#{anchor}")
    return render(
        request, template, {"form": form, "person": person, **steps.context(request, public_id)}
    )


@actor_required
@require_http_methods(["GET", "POST"])
def status_record(request: HttpRequest, public_id: str) -> HttpResponse:
    if not selectors.can_see_status(actor=current_actor(request)):
        return render(request, "404.html", status=404)  # the firewall: not even a 403
    return _add_to_record(
        request,
        public_id,
        form=StatusForm(request.POST or None),
        service=services.status_record,
        template="people/status_form.html",
        anchor="status",
        done=_("The legal status has been recorded."),
    )


@actor_required
@require_http_methods(["GET", "POST"])
def document_record(request: HttpRequest, public_id: str) -> HttpResponse:
    return _add_to_record(
        request,
        public_id,
        form=DocumentForm(request.POST or None),
        service=services.document_record,
        template="people/document_form.html",
        anchor="documents",
        done=_("The document has been recorded."),
    )


@actor_required
@require_http_methods(["GET", "POST"])
def other_name_add(request: HttpRequest, public_id: str) -> HttpResponse:
    return _add_to_record(
        request,
        public_id,
        form=OtherNameForm(request.POST or None),
        service=services.other_name_add,
        template="people/other_name_form.html",
        anchor="overview",
        done=_("The name has been added."),
    )


@actor_required
@require_http_methods(["GET", "POST"])
def consent_give(request: HttpRequest, public_id: str) -> HttpResponse:
    return _add_to_record(
        request,
        public_id,
        form=ConsentForm(request.POST or None, initial={"given_on": timezone.localdate()}),
        service=services.consent_give,
        template="people/consent_form.html",
        anchor="consents",
        done=_("The consent has been recorded."),
    )


@actor_required
@require_http_methods(["GET", "POST"])
def household_join(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id)
    if not selectors.can_change(actor=actor, person=person):
        return _forbidden(request, _("You may not change this person's record."))
    form = HouseholdJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["household"].strip().upper()
        household = selectors.household_by_id(public_id=wanted) if wanted else None
        if wanted and household is None:
            form.add_error("household", _("There is no such household."))
        else:
            try:
                member = services.household_join(
                    actor=actor,
                    person=person,
                    household=household,
                    relationship=form.cleaned_data["relationship"],
                )
            except (ValidationFailed, Conflict) as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The household has been saved."))
                step = steps.current(request)
                if step is not None:
                    return redirect(steps.next_url(step, public_id))
                return redirect("people:household_detail", household_id=member.household.public_id)
    return render(
        request,
        "people/household_form.html",
        {
            "form": form,
            "person": person,
            "current": selectors.current_household(person=person),
            **steps.context(request, public_id),
        },
    )


@actor_required
@require_POST
def household_leave(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id)
    try:
        member = services.household_leave(actor=actor, person=person)
    except Conflict as error:
        messages.error(request, error.message)
        return redirect("people:person_detail", public_id=public_id)
    messages.success(request, _("%(name)s has left the household.") % {"name": person.name_latin})
    return redirect("people:household_detail", household_id=member.household.public_id)


@actor_required
@require_GET
def household_detail(request: HttpRequest, household_id: str) -> HttpResponse:
    actor = current_actor(request)
    household = selectors.household_get(actor=actor, public_id=household_id)
    return _household_page(request, household)


def _household_page(
    request: HttpRequest,
    household: Household,
    *,
    split_form: HouseholdSplitForm | None = None,
    merge_form: HouseholdMergeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = current_actor(request)
    members = list(selectors.household_members(household=household))
    current = [m for m in members if m.left_on is None]
    can_change = selectors.can_change_household(actor=actor, household=household)
    people = [(m.person.public_id, m.person.name_latin) for m in current]
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "current": current,
            "history": [m for m in members if m.left_on is not None],
            "can_change": can_change,
            "split_form": split_form or HouseholdSplitForm(people=people),
            "merge_form": merge_form or HouseholdMergeForm(),
        },
        status=status,
    )


@actor_required
@require_POST
def household_split(request: HttpRequest, household_id: str) -> HttpResponse:
    actor = current_actor(request)
    household = selectors.household_get(actor=actor, public_id=household_id)
    current = [m for m in selectors.household_members(household=household) if m.left_on is None]
    by_id = {m.person.public_id: m.person for m in current}
    form = HouseholdSplitForm(
        request.POST, people=[(pid, person.name_latin) for pid, person in by_id.items()]
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            new = households.household_split(
                actor=actor,
                household=household,
                members=[by_id[pid] for pid in data["members"]],
                head=by_id[data["head"]],
                remaining_head=by_id.get(data["remaining_head"] or ""),
            )
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The new household is %(id)s.") % {"id": new.public_id})
            return redirect("people:household_detail", household_id=new.public_id)
    return _household_page(request, household, split_form=form)


@actor_required
@require_POST
def household_merge(request: HttpRequest, household_id: str) -> HttpResponse:
    actor = current_actor(request)
    household = selectors.household_get(actor=actor, public_id=household_id)
    form = HouseholdMergeForm(request.POST)
    if form.is_valid():
        try:
            other = selectors.household_get(actor=actor, public_id=form.cleaned_data["other"])
            households.household_merge(actor=actor, household=household, other=other)
        except (NotFound, PermissionDenied) as error:
            form.add_error("other", error.message)
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The two households are one now."))
            return redirect("people:household_detail", household_id=household.public_id)
    return _household_page(request, household, merge_form=form)


SKILL_FORMS: dict[str, tuple[type[forms.Form], Callable[..., object]]] = {
    "language": (LanguageForm, services.language_set),
    "qualification": (QualificationForm, services.qualification_add),
    "experience": (ExperienceForm, services.experience_add),
}


@actor_required
@require_http_methods(["GET", "POST"])
def skills(request: HttpRequest, public_id: str) -> HttpResponse:
    """Languages, qualifications and work experience: three small forms on one page,
    each posting on its own (no JavaScript needed)."""
    actor = current_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id)
    if not selectors.can_change(actor=actor, person=person):
        return _forbidden(request, _("You may not change this person's record."))
    forms_ = {name: form_class(prefix=name) for name, (form_class, _service) in SKILL_FORMS.items()}
    posted = request.POST.get("add", "")
    if request.method == "POST" and posted in SKILL_FORMS:
        form_class, service = SKILL_FORMS[posted]
        form = form_class(request.POST, prefix=posted)
        forms_[posted] = form
        if form.is_valid():
            try:
                service(actor=actor, person=person, **form.cleaned_data)
            except (ValidationFailed, Conflict) as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                step = steps.current(request)
                target = reverse("people:skills", args=[public_id])
                return redirect(f"{target}?step={step}" if step else target)
    return render(
        request,
        "people/skills.html",
        {
            "person": person,
            "forms": forms_,
            "languages": person.languages.order_by("code"),
            "qualifications": person.qualifications.order_by("-isced_level", "id"),
            "experience": person.work_experience.order_by("-years", "id"),
            **steps.context(request, public_id),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def vulnerability_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id)
    if not selectors.can_change(actor=actor, person=person):
        return _forbidden(request, _("You may not change this person's record."))
    sensitive = selectors.can_see_sensitive(actor=actor)
    current = selectors.vulnerability(actor=actor, person=person)
    form = VulnerabilityForm(
        request.POST or None,
        initial={name: value for name, value in current.items() if value is not None},
        sensitive=sensitive,
    )
    if request.method == "POST" and form.is_valid():
        services.vulnerability_set(actor=actor, person=person, flags=form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(f"{reverse('people:person_detail', args=[public_id])}#vulnerability")
    return render(
        request,
        "people/vulnerability_form.html",
        {"form": form, "person": person, "sensitive": sensitive},
    )


@actor_required
@require_POST
def consent_withdraw(request: HttpRequest, public_id: str, consent_id: int) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.person_get(actor=actor, public_id=public_id)
    try:
        services.consent_withdraw(actor=actor, person=person, consent_id=consent_id)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The consent has been withdrawn."))
    return redirect(f"{reverse('people:person_detail', args=[public_id])}#consents")


@actor_required
@require_POST
def person_break_glass(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            core_services.break_glass_open(
                actor=actor,
                record_type="person",
                record_id=public_id,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationFailed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.warning(
                request, _("Break-glass access is open for a limited time and is recorded.")
            )
            return redirect("people:person_detail", public_id=public_id)
    return render(
        request,
        "people/outside_scope.html",
        {"public_id": public_id, "form": form},
        status=422,
    )
