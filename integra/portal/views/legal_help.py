"""The migrant's legal counselling, under /my/legal-help/ (R22): find a free
time with a legal-aid provider in my language, book it, see and cancel my
appointments.

One page: GET shows my appointments and the free times (in the language my
record says I speak best, unless I choose another); POST books a time
(``slot``) or cancels an appointment (``cancel``). Works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from integra.core.errors import ApplicationError
from integra.core.forms import add_service_errors
from integra.core.views.base import current_actor, page_of, query_without_page
from integra.portal.selectors import mine as own
from integra.portal.views.common import migrant_required
from integra.protection.selectors import counselling as protection
from integra.protection.services import counselling as protection_services


def _topics() -> list[tuple[str, str]]:
    return protection.topic_choices()


class FindForm(forms.Form):
    """The free times, by language, provider and way (GET)."""

    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    provider = forms.ChoiceField(label=gettext_lazy("Organisation"), required=False)
    mode = forms.ChoiceField(label=gettext_lazy("How"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = protection.language_choices()
        self._choices("language", gettext_lazy("Any language"), languages)
        self._choices(
            "provider",
            gettext_lazy("Any organisation"),
            [(o.code, o.name) for o in protection.providers()],
        )
        self._choices("mode", gettext_lazy("Any way"), protection.mode_choices())

    def _choices(self, name: str, blank: Any, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", blank), *choices]

    def filters(self) -> protection.SlotFilters:
        if not self.is_valid():
            return protection.SlotFilters()
        data = self.cleaned_data
        return protection.SlotFilters(
            language=data["language"], provider=data["provider"], mode=data["mode"]
        )


class OwnBookingForm(forms.Form):
    """The person books for themselves in the portal."""

    slot = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    language = forms.ChoiceField(label=gettext_lazy("Language of the appointment"))
    topic = forms.ChoiceField(label=gettext_lazy("What is it about?"), choices=_topics)
    question = forms.CharField(
        label=gettext_lazy("Your question, in a few words"),
        required=False,
        max_length=2_000,  # services.counselling.QUESTION_MAX
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Only the legal-aid provider reads it."),
    )
    contact = forms.CharField(
        label=gettext_lazy("Phone or e-mail"),
        required=False,
        max_length=254,  # services.counselling.CONTACT_MAX
        help_text=gettext_lazy("Blank: the one your centre has."),
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        label = protection.language_label
        language.choices = [(code, label(code)) for code in languages]

    def data_for_service(self) -> protection_services.BookingData:
        data = self.cleaned_data
        return protection_services.BookingData(
            language=data["language"],
            topic=data["topic"],
            question=data["question"],
            contact=data["contact"],
        )


def _row(slot: Any, form: OwnBookingForm) -> dict[str, object]:
    return {
        "slot": slot,
        "mode": protection.mode_label(slot.mode),
        "languages": [protection.language_label(c) for c in slot.languages],
        "form": form,
    }


@require_http_methods(["GET", "POST"])
@migrant_required
def legal_help(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    account = own.own_account(actor=actor)
    person = account.person
    failed: OwnBookingForm | None = None
    failed_slot: Any = None
    if request.method == "POST":
        cancel = request.POST.get("cancel", "").strip()[:20]
        if cancel:
            try:
                protection_services.booking_cancel_own(
                    actor=actor, person=person, account_user_id=account.user_id, public_id=cancel
                )
            except ApplicationError as error:
                flash.error(request, error.message)
            else:
                flash.success(request, _("Your appointment is cancelled."))
            return redirect("portal:legal_help")
        slot_id = request.POST.get("slot", "")
        slot = (
            protection.free_slots(filters=protection.SlotFilters())
            .filter(pk=int(slot_id) if slot_id.isdigit() and len(slot_id) < 19 else 0)
            .first()
        )
        if slot is None:
            flash.error(request, _("This time is no longer free. Choose another one."))
            return redirect("portal:legal_help")
        failed, failed_slot = OwnBookingForm(request.POST, languages=list(slot.languages)), slot
        if failed.is_valid():
            try:
                protection_services.booking_create_own(
                    actor=actor,
                    person=person,
                    account_user_id=account.user_id,
                    slot=slot,
                    data=failed.data_for_service(),
                )
            except ApplicationError as error:
                add_service_errors(failed, error)
            else:
                flash.success(request, _("Your appointment is booked."))
                return redirect("portal:legal_help")
    query = request.GET.copy()
    if "language" not in query:
        query["language"] = protection.proposed_language(
            person=person, fallback=translation.get_language() or ""
        )
    form = FindForm(query)
    page = page_of(request, protection.free_slots(filters=form.filters()))
    proposed = form.filters().language
    rows = []
    if failed is not None and failed_slot is not None:
        # The time being booked comes first, with its errors, whatever the filters.
        rows.append(_row(failed_slot, failed))
    for slot in page.object_list:
        if failed_slot is not None and slot.pk == failed_slot.pk:
            continue
        language = proposed if proposed in slot.languages else slot.languages[0]
        booking_form = OwnBookingForm(
            languages=list(slot.languages), initial={"slot": slot.pk, "language": language}
        )
        rows.append(_row(slot, booking_form))
    appointments = [
        {
            "booking": booking,
            "status": protection.status_label(booking.status),
            "mode": protection.mode_label(booking.slot.mode),
            "language": protection.language_label(booking.language),
            "cancelled_by_provider": booking.slot.cancelled_at is not None,
        }
        for booking in protection.person_bookings(person=person)
    ]
    return render(
        request,
        "portal/legal_help.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "appointments": appointments,
            "querystring": query_without_page(request),
            "failed": failed,
        },
    )
