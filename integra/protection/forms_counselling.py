"""Forms of the legal-counselling pages (R22). The rules live in
integra.protection.services.counselling; these forms parse what a browser sends,
without JavaScript, and show the services' errors beside the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.protection.models import BookingStatus, CounsellingMode, CounsellingTopic
from integra.protection.selectors import counselling as selectors
from integra.protection.services import counselling as services


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class FindForm(forms.Form):
    """Filters of the free slots (GET)."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    provider = forms.ChoiceField(label=_("Provider"), required=False)
    mode = forms.ChoiceField(
        label=_("How"),
        required=False,
        choices=_blank(_("Any way")) + list(CounsellingMode.choices),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = _blank(_("Any language")) + selectors.language_choices()
        provider = self.fields["provider"]
        assert isinstance(provider, forms.ChoiceField)
        provider.choices = _blank(_("Any provider")) + [
            (o.code, o.name) for o in selectors.providers()
        ]

    def filters(self) -> selectors.SlotFilters:
        if not self.is_bound or not self.is_valid():
            return selectors.SlotFilters()
        data = self.cleaned_data
        return selectors.SlotFilters(
            language=data["language"],
            provider=data["provider"],
            mode=data["mode"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


class SlotForm(forms.Form):
    """A slot, or a weekly series of them."""

    provider = forms.ChoiceField(label=_("Provider"))
    counsellor = forms.ChoiceField(label=_("Counsellor"))
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Day and time, in local time."),
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        initial=45,
        min_value=services.MIN_MINUTES,
        max_value=services.MAX_MINUTES,
    )
    mode = forms.ChoiceField(label=_("How"), choices=CounsellingMode.choices)
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=services.PLACE_MAX,
        help_text=_("Required in person: the address and the room."),
    )
    languages = forms.CharField(
        label=_("Languages"),
        max_length=100,
        help_text=_(
            "ISO 639-1 codes, separated by commas: the languages the counsellor (or the "
            "interpreter present) speaks, such as ro, ru, uk, ar, en."
        ),
    )
    weeks = forms.IntegerField(
        label=_("Repeat weekly over"),
        initial=1,
        min_value=1,
        max_value=services.MAX_WEEKS,
        help_text=_("Weeks; 1 publishes this one slot."),
    )

    def __init__(
        self,
        *args: Any,
        providers: list[tuple[str, str]],
        counsellors: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        assert isinstance(provider, forms.ChoiceField)
        provider.choices = providers
        counsellor = self.fields["counsellor"]
        assert isinstance(counsellor, forms.ChoiceField)
        counsellor.choices = counsellors

    def data_for_service(self) -> services.SlotData:
        data = self.cleaned_data
        return services.SlotData(
            provider=data["provider"],
            counsellor=data["counsellor"],
            starts_at=data["starts_at"],
            minutes=data["minutes"],
            mode=data["mode"],
            place=data["place"],
            languages=tuple(p for p in data["languages"].replace(";", ",").split(",") if p.strip()),
            weeks=data["weeks"],
        )


class BookingForm(forms.Form):
    """Booking a slot for someone: a person of the registry, or a name and a contact."""

    language = forms.ChoiceField(label=_("Language of the appointment"))
    topic = forms.ChoiceField(label=_("What is it about?"), choices=CounsellingTopic.choices)
    question = forms.CharField(
        label=_("The question, in a few words"),
        required=False,
        max_length=services.QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the provider reads it."),
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=services.NAME_MAX)
    contact = forms.CharField(
        label=_("Phone or e-mail"), required=False, max_length=services.CONTACT_MAX
    )

    def __init__(
        self, *args: Any, languages: list[str], for_record: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(code, selectors.language_label(code)) for code in languages]
        if for_record:
            self.fields["name"].help_text = _("Blank: the name in the registry.")
            self.fields["contact"].help_text = _("Blank: the phone or e-mail in the registry.")
        else:
            self.fields["name"].required = True
            self.fields["contact"].required = True

    def data_for_service(self, *, person: str = "") -> services.BookingData:
        data = self.cleaned_data
        return services.BookingData(
            language=data["language"],
            topic=data["topic"],
            question=data["question"],
            name=data["name"],
            contact=data["contact"],
            person=person,
        )


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[(s.value, s.label) for s in services.OUTCOMES],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Counsellor's notes"),
        required=False,
        max_length=services.NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Private: seen by the provider's staff only, never by the booker."),
    )


def outcome_initial(status: str, notes: str) -> dict[str, object]:
    return {"status": status if status in BookingStatus.values else "", "notes": notes}
