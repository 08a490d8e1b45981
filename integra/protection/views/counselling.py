"""Legal counselling pages (R22), under /legal-help/.

The providers' staff: the agenda, publishing slots (one or a weekly series), a
slot with its booking, cancelling it, and a booking with how it went and the
counsellor's notes. Bookers (caseworkers for their person, NGOs, the providers):
finding a free slot in a language and booking it for a person of the registry or
for someone without a record (name and contact). A booker sees the time, place,
mode, language and status of what they booked, never the notes.

Thin, like the API: parse, call one service or selector, render. Every action
is a POST; a refused one shows the page again with the errors beside the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core.access import Actor
from integra.core.errors import ApplicationError
from integra.core.forms import add_service_errors
from integra.core.views.base import actor_required, current_actor, page_of, query_without_page
from integra.protection.forms_counselling import BookingForm, FindForm, OutcomeForm, SlotForm
from integra.protection.selectors import counselling as selectors
from integra.protection.services import counselling as services


def _slot_rows(slots: list[Any]) -> list[dict[str, Any]]:
    bookings = selectors.live_bookings_of(slots=slots)
    return [
        {
            "slot": slot,
            "booking": bookings.get(slot.pk),
            "mode": selectors.mode_label(slot.mode),
            "languages": [selectors.language_label(c) for c in slot.languages],
        }
        for slot in slots
    ]


# --- The providers' staff -----------------------------------------------------------------------


@actor_required
@require_GET
def agenda(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    page = page_of(request, selectors.agenda(actor=actor))
    return render(
        request,
        "protection/counselling/agenda.html",
        {"page": page, "rows": _slot_rows(list(page.object_list))},
    )


def _slot_form(actor: Actor, data: Any = None) -> SlotForm:
    own = list(selectors.own_providers(actor=actor))
    counsellors: list[tuple[str, str]] = []
    for provider in own:
        for user in selectors.counsellors(organisation=provider):
            label = user.get_full_name() or user.username
            if len(own) > 1:
                label = f"{label} ({provider.name})"
            if (user.username, label) not in counsellors:
                counsellors.append((user.username, label))
    initial = {"counsellor": actor.user.username, "languages": "ro, ru, en"}
    return SlotForm(
        data,
        providers=[(o.code, o.name) for o in own],
        counsellors=counsellors,
        initial=initial,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def slot_new(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_provider(actor)
    form = _slot_form(actor, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            slots = services.slot_publish(actor=actor, data=form.data_for_service())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)s slot(s) published.") % {"count": len(slots)},
            )
            return redirect("counselling:agenda")
    return render(request, "protection/counselling/slot_new.html", {"form": form})


@actor_required
@require_GET
def slot(request: HttpRequest, slot_id: int) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.slot_managed(actor=actor, slot_id=slot_id)
    return render(
        request,
        "protection/counselling/slot.html",
        {
            "slot": found,
            "row": _slot_rows([found])[0],
            "bookings": selectors.slot_bookings(slot=found),
        },
    )


@actor_required
@require_POST
def slot_cancel(request: HttpRequest, slot_id: int) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.slot_managed(actor=actor, slot_id=slot_id)
    try:
        services.slot_cancel(actor=actor, slot=found)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The slot is cancelled. Call the person who had booked it, if anyone had."),
        )
    return redirect("counselling:slot", slot_id=slot_id)


# --- A booking ----------------------------------------------------------------------------------


def _booking_page(
    request: HttpRequest, public_id: str, *, form: OutcomeForm | None = None, status: int = 200
) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.booking_get(actor=actor, public_id=public_id)
    view = selectors.booking_view(actor=actor, booking=found)
    if form is None and view.managed:
        form = OutcomeForm(
            prefix="outcome",
            initial={
                "status": found.status if found.status in services.OUTCOMES else "",
                "notes": view.notes,
            },
        )
    return render(
        request,
        "protection/counselling/booking.html",
        {
            "view": view,
            "booking": found,
            "slot": found.slot,
            "mode": selectors.mode_label(found.slot.mode),
            "topic": selectors.topic_label(found.topic),
            "status": selectors.status_label(found.status),
            "language": selectors.language_label(found.language),
            "outcome_form": form if view.managed else None,
        },
        status=status,
    )


@actor_required
@require_GET
def booking(request: HttpRequest, public_id: str) -> HttpResponse:
    return _booking_page(request, public_id)


@actor_required
@require_POST
def booking_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.booking_get(actor=actor, public_id=public_id)
    try:
        services.booking_cancel(actor=actor, booking=found)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The appointment is cancelled; the time is free again."))
    return redirect("counselling:booking", public_id=public_id)


@actor_required
@require_POST
def outcome(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.booking_managed(actor=actor, public_id=public_id)
    form = OutcomeForm(request.POST, prefix="outcome")
    if form.is_valid():
        try:
            services.booking_outcome(
                actor=actor,
                booking=found,
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["notes"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("counselling:booking", public_id=public_id)
    return _booking_page(request, public_id, form=form)


# --- Bookers: finding a free slot and booking it --------------------------------------------------


@actor_required
@require_GET
def find(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_booker(actor)
    person_id = request.GET.get("person", "").strip()[:20]
    person = selectors.person_for_booking(actor=actor, public_id=person_id) if person_id else None
    query = request.GET.copy()
    if person is not None and "language" not in query:
        query["language"] = selectors.proposed_language(person=person)
    form = FindForm(query if query else None)
    page = page_of(request, selectors.free_slots(filters=form.filters()))
    return render(
        request,
        "protection/counselling/find.html",
        {
            "form": form,
            "page": page,
            "rows": _slot_rows(list(page.object_list)),
            "querystring": query_without_page(request),
            "person": person,
            "appointments": (
                selectors.person_bookings(person=person)  # read (and audited) just above
                if person is not None
                else selectors.bookings_mine(actor=actor)[:20]
            ),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, slot_id: int) -> HttpResponse:
    actor = current_actor(request)
    selectors.guard_booker(actor)
    person_id = (request.POST.get("person") or request.GET.get("person") or "").strip()[:20]
    person = selectors.person_for_booking(actor=actor, public_id=person_id) if person_id else None
    found = selectors.free_slot(slot_id=slot_id)
    proposed = selectors.proposed_language(person=person)
    form = BookingForm(
        request.POST if request.method == "POST" else None,
        languages=list(found.languages),
        for_record=person is not None,
        initial={"language": proposed if proposed in found.languages else found.languages[0]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.booking_create(
                actor=actor,
                slot=found,
                data=form.data_for_service(person=person.public_id if person else ""),
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The appointment is booked."))
            return redirect("counselling:booking", public_id=created.public_id)
    return render(
        request,
        "protection/counselling/book.html",
        {"form": form, "slot": found, "row": _slot_rows([found])[0], "person": person},
    )
