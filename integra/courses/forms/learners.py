"""Forms of the learner's path: enrolment from a plan measure, withdrawal, the
register, a test result and the public check of a certificate. The rules that
matter live in courses.services; choices that come from the data (courses,
learners, sections of a test, examiners) are handed in by the view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from integra.core.errors import ApplicationError
from integra.courses.models import Presence

Choices = Sequence[tuple[Any, str | Promise]]

YES, NO = "yes", "no"


def add_errors(
    form: forms.Form, error: ApplicationError, *, rename: Mapping[str, str] | None = None
) -> None:
    """Shows a service's errors beside the fields they concern (``rename`` maps the
    service's names to the form's, e.g. ``scores.reading`` to ``score_reading``),
    and its message at the head of the form."""
    rename = rename or {}
    form.add_error(None, error.message)
    for name, messages in error.field_errors.items():
        field = rename.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def _choices(form: forms.Form, name: str, choices: Sequence[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


def _text(label: Any, *, rows: int = 3, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=5000,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


# --- Enrolment from a plan measure --------------------------------------------------------


class EnrolForm(forms.Form):
    course = forms.ChoiceField(
        label=_("Course"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a course.")},
    )
    has_equipment = forms.ChoiceField(
        label=_("Does the learner have a device and internet to follow an online course?"),
        widget=forms.RadioSelect,
        required=False,
        choices=[(YES, _("Yes")), (NO, _("No"))],
        help_text=_("Needed for an online course only."),
    )
    waitlist = forms.BooleanField(
        label=_("Put the learner on the waitlist if the course is full"), required=False
    )
    override_reason = _text(
        _("Why enrol despite the quality criteria"),
        help_text=_(
            "Only when the programme's criteria cannot be met and the learner should not "
            "wait: the reason is recorded with the enrolment."
        ),
    )

    def __init__(self, *args: Any, courses: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "course", courses)

    def equipment(self) -> bool | None:
        """The answer to the equipment question: ``None`` when not given."""
        answer = self.cleaned_data.get("has_equipment", "")
        return {YES: True, NO: False}.get(answer)


class WithdrawForm(forms.Form):
    reason = _text(
        _("Why the learner leaves the course"),
        required=True,
        error_messages={"required": _("Say why the learner leaves the course.")},
        help_text=_("A place that opens goes to the next learner on the waitlist."),
    )


# --- The register ---------------------------------------------------------------------------


class SessionChoiceForm(forms.Form):
    """The session chooser (a GET form): the register of another session."""

    session = forms.TypedChoiceField(label=_("Session"), coerce=int)

    def __init__(self, *args: Any, sessions: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "session", sessions)


class RegisterForm(forms.Form):
    """One mark (present, absent, excused) per learner of the session; present is
    chosen for a learner not marked yet."""

    def __init__(self, *args: Any, learners: Sequence[tuple[int, str, str]], **kwargs: Any) -> None:
        """``learners``: (enrolment id, name, mark recorded so far or "")."""
        super().__init__(*args, **kwargs)
        for enrolment_id, name, mark in learners:
            self.fields[self.field_name(enrolment_id)] = forms.ChoiceField(
                label=name,
                choices=Presence.choices,
                widget=forms.RadioSelect,
                initial=mark or Presence.PRESENT,
                error_messages={"required": _("Mark this learner present, absent or excused.")},
            )

    @staticmethod
    def field_name(enrolment_id: int) -> str:
        return f"mark_{enrolment_id}"

    def marks(self) -> dict[int, str]:
        return {
            int(name.removeprefix("mark_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("mark_")
        }


# --- Results --------------------------------------------------------------------------------


def _score_field(label: Any, top: int) -> forms.CharField:
    # Text, not a number field: the service says what is wrong with a score (out of
    # range, not whole or half points) beside the field, in the user's language.
    return forms.CharField(
        label=label,
        max_length=10,
        help_text=_("From 0 to %(max)s points, whole or half.") % {"max": top},
        error_messages={"required": _("A score is needed.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class ResultForm(forms.Form):
    taken_on = forms.DateField(
        label=_("Taken on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give the day the test was taken.")},
    )

    def __init__(
        self,
        *args: Any,
        sections: Sequence[tuple[str, str | Promise, int]],
        examiners: Choices | None = None,
        **kwargs: Any,
    ) -> None:
        """``sections``: (code, label, maximum score) of the test's sections;
        ``examiners``: the choices of a second examiner, when the programme asks
        for one for speaking."""
        super().__init__(*args, **kwargs)
        for code, label, top in sections:
            self.fields[self.field_name(code)] = _score_field(label, top)
        if examiners is not None:
            speaking = next((top for code, _label, top in sections if code == "speaking"), 0)
            self.fields["second_examiner"] = forms.TypedChoiceField(
                label=_("Second examiner for speaking"),
                coerce=int,
                choices=[("", "—"), *examiners],
                help_text=_("The programme asks two licensed examiners to score speaking."),
                error_messages={"required": _("Choose the second examiner.")},
            )
            self.fields["speaking_second"] = _score_field(
                _("Speaking: the second examiner's score"), speaking
            )

    @staticmethod
    def field_name(section: str) -> str:
        return f"score_{section}"

    def scores(self) -> dict[str, object]:
        return {
            name.removeprefix("score_"): value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("score_")
        }

    def service_names(self) -> dict[str, str]:
        """The service's names of the fields (``scores.reading``) to the form's."""
        return {
            f"scores.{name.removeprefix('score_')}": name
            for name in self.fields
            if name.startswith("score_")
        }


# --- Verification -----------------------------------------------------------------------------


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        help_text=_("As printed on the certificate, for example ABCD-EFGH-JKMN-PQRS-TVWX."),
        error_messages={"required": _("Type the code printed on the certificate.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
