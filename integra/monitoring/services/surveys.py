"""Writing the migrants' surveys (R25): the coordinating authority drafts a survey
in the portal's five languages, adds its questions, opens it and closes it; a
migrant answers an open survey once, in the portal.

Every write is checked against integra.core.access, atomic and audited. A
migrant's answers are never written to the audit log (the entry says that the
survey was answered, in which language, and nothing else), and they are only
ever read as the disclosure-controlled indicators they feed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import audit
from integra.core.access import Actor
from integra.core.errors import Conflict, ValidationFailed
from integra.core.plaintext import CONTROL as _CONTROL
from integra.core.plaintext import MARKUP as _MARKUP
from integra.monitoring.models import (
    Feeds,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from integra.monitoring.selectors import surveys as selectors
from integra.monitoring.selectors.surveys import LANGUAGES

PURPOSE = "surveys"
CODE_MAX = 64
TITLE_MAX = 200
INTRODUCTION_MAX = 2000
QUESTION_MAX = 500
SCALE = range(1, 6)
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class SurveyData:
    code: str
    title: Mapping[str, str] = field(default_factory=dict)  # language -> text
    introduction: Mapping[str, str] = field(default_factory=dict)
    closes_on: date | None = None


@dataclass(frozen=True)
class QuestionData:
    kind: str
    text: Mapping[str, str] = field(default_factory=dict)
    feeds: str = ""


def survey_data(survey: Survey) -> SurveyData:
    return SurveyData(
        code=survey.code,
        title=dict(survey.title or {}),
        introduction=dict(survey.introduction or {}),
        closes_on=survey.closes_on,
    )


def question_data(question: SurveyQuestion) -> QuestionData:
    return QuestionData(kind=question.kind, text=dict(question.text or {}), feeds=question.feeds)


# --- Checking what was typed -----------------------------------------------------------------


def _language_name(code: str) -> str:
    return selectors.language_names().get(code, code)


def _texts(
    errors: Errors,
    name: str,
    values: Mapping[str, str],
    *,
    max_length: int,
    missing: str,
    multiline: bool = False,
) -> dict[str, str]:
    """The text in each of the five languages, trimmed; an error under
    ``<name>_<language>`` for each one missing (``missing`` names the language
    with ``%(language)s``), too long, or holding markup or control characters.
    Languages other than the five are refused under ``name``."""
    clean: dict[str, str] = {}
    unknown = sorted(k for k in values if k not in LANGUAGES)
    if unknown:
        errors.setdefault(name, []).append(
            _("Write the text in the portal's languages only (%(languages)s).")
            % {"languages": ", ".join(LANGUAGES)}
        )
    for language in LANGUAGES:
        raw = values.get(language) or ""
        text = raw.replace("\r\n", "\n").strip() if multiline else " ".join(str(raw).split())
        key = f"{name}_{language}"
        if _CONTROL.search(text):
            errors.setdefault(key, []).append(_("Remove the control characters from the text."))
        elif _MARKUP.search(text):
            errors.setdefault(key, []).append(
                _("Write plain text: markup such as <script> or <b> is not accepted.")
            )
        elif not text:
            errors.setdefault(key, []).append(missing % {"language": _language_name(language)})
        elif len(text) > max_length:
            errors.setdefault(key, []).append(
                _("Say it in at most %(max)s characters.") % {"max": max_length}
            )
        clean[language] = text
    return clean


def _clean_survey(data: SurveyData, *, today: date) -> SurveyData:
    errors: Errors = {}
    code = data.code.strip().lower()
    if not code:
        errors["code"] = [_("Give the survey a short code, e.g. services-2026.")]
    elif len(code) > CODE_MAX or not _CODE.match(code):
        errors["code"] = [
            _(
                "Use at most %(max)s lower-case letters, digits and hyphens, "
                "starting with a letter or a digit."
            )
            % {"max": CODE_MAX}
        ]
    title = _texts(
        errors,
        "title",
        data.title,
        max_length=TITLE_MAX,
        missing=_("Give the title in %(language)s."),
    )
    introduction = _texts(
        errors,
        "introduction",
        data.introduction,
        max_length=INTRODUCTION_MAX,
        missing=_("Write the introduction in %(language)s."),
        multiline=True,
    )
    if data.closes_on is not None and data.closes_on < today:
        errors["closes_on"] = [_("The closing day cannot be in the past.")]
    if errors:
        raise ValidationFailed(_("Check the survey's details."), field_errors=errors)
    return SurveyData(code=code, title=title, introduction=introduction, closes_on=data.closes_on)


def _clean_question(data: QuestionData) -> QuestionData:
    errors: Errors = {}
    kind = data.kind.strip()
    feeds = data.feeds.strip()
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Choose a scale from 1 to 5, or yes or no.")]
    if feeds not in Feeds.values:
        errors["feeds"] = [_("Choose an indicator from the list, or none.")]
    elif kind == QuestionKind.YES_NO and feeds == Feeds.SATISFACTION:
        errors["feeds"] = [
            _(
                "Satisfaction is measured on the scale of 1 to 5: "
                "a yes or no question cannot feed it."
            )
        ]
    elif kind == QuestionKind.SCALE and feeds == Feeds.DISCRIMINATION:
        errors["feeds"] = [
            _("Experienced discrimination is a yes or no question: a scale cannot feed it.")
        ]
    text = _texts(
        errors,
        "text",
        data.text,
        max_length=QUESTION_MAX,
        missing=_("Write the question in %(language)s."),
    )
    if errors:
        raise ValidationFailed(_("Check the question."), field_errors=errors)
    return QuestionData(kind=kind, text=text, feeds=feeds)


def _audit(actor: Actor, action: str, survey: Survey, *, now: datetime, **data: object) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="survey",
        object_id=survey.code,
        purpose=PURPOSE,
        data=data,
        now=now,
    )


def _locked_draft(survey: Survey) -> Survey:
    """The survey, locked for the change; refused unless it is a draft."""
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    if current.status != SurveyStatus.DRAFT:
        raise Conflict(
            _("Once a survey is open its questions and texts cannot change; write a new survey.")
        )
    return current


# --- The coordinating authority --------------------------------------------------------------


def survey_create(*, actor: Actor, data: SurveyData, now: datetime | None = None) -> Survey:
    """A new draft survey."""
    selectors.require_manager(actor)
    now = now or timezone.now()
    clean = _clean_survey(data, today=timezone.localdate(now))
    with transaction.atomic():
        if Survey.objects.filter(code=clean.code).exists():
            raise ValidationFailed(
                _("Check the survey's details."),
                field_errors={"code": [_("Another survey has this code; choose another.")]},
            )
        survey = Survey.objects.create(
            code=clean.code,
            title=dict(clean.title),
            introduction=dict(clean.introduction),
            closes_on=clean.closes_on,
            status=SurveyStatus.DRAFT,
            created_by=actor.user,
            created_at=now,
        )
        _audit(actor, "survey.create", survey, now=now)
    return survey


def survey_update(
    *, actor: Actor, survey: Survey, data: SurveyData, now: datetime | None = None
) -> Survey:
    """Changes a draft's texts and closing day (its code stays)."""
    selectors.require_manager(actor)
    now = now or timezone.now()
    clean = _clean_survey(
        SurveyData(
            code=survey.code,
            title=data.title,
            introduction=data.introduction,
            closes_on=data.closes_on,
        ),
        today=timezone.localdate(now),
    )
    with transaction.atomic():
        current = _locked_draft(survey)
        changed = sorted(
            name
            for name, value in (
                ("title", dict(clean.title)),
                ("introduction", dict(clean.introduction)),
                ("closes_on", clean.closes_on),
            )
            if getattr(current, name) != value
        )
        current.title = dict(clean.title)
        current.introduction = dict(clean.introduction)
        current.closes_on = clean.closes_on
        current.save(update_fields=["title", "introduction", "closes_on"])
        _audit(actor, "survey.update", current, now=now, fields=changed)
    return current


def question_add(
    *, actor: Actor, survey: Survey, data: QuestionData, now: datetime | None = None
) -> SurveyQuestion:
    """A question at the end of a draft survey."""
    selectors.require_manager(actor)
    clean = _clean_question(data)
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_draft(survey)
        last = SurveyQuestion.objects.filter(survey=current).aggregate(m=Max("position"))["m"]
        question = SurveyQuestion.objects.create(
            survey=current,
            position=0 if last is None else last + 1,
            kind=clean.kind,
            text=dict(clean.text),
            feeds=clean.feeds,
        )
        _audit(
            actor,
            "survey.question_add",
            current,
            now=now,
            question=question.pk,
            kind=clean.kind,
            feeds=clean.feeds,
        )
    return question


def question_update(
    *,
    actor: Actor,
    survey: Survey,
    question_id: int,
    data: QuestionData,
    now: datetime | None = None,
) -> SurveyQuestion:
    selectors.require_manager(actor)
    question = selectors.question_get(survey=survey, question_id=question_id)
    clean = _clean_question(data)
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_draft(survey)
        question.kind = clean.kind
        question.text = dict(clean.text)
        question.feeds = clean.feeds
        question.save(update_fields=["kind", "text", "feeds"])
        _audit(
            actor,
            "survey.question_update",
            current,
            now=now,
            question=question.pk,
            kind=clean.kind,
            feeds=clean.feeds,
        )
    return question


def question_remove(
    *, actor: Actor, survey: Survey, question_id: int, now: datetime | None = None
) -> None:
    selectors.require_manager(actor)
    question = selectors.question_get(survey=survey, question_id=question_id)
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_draft(survey)
        question.delete()
        _renumber(current)
        _audit(actor, "survey.question_remove", current, now=now, question=question_id)


def _renumber(survey: Survey) -> list[SurveyQuestion]:
    questions = list(selectors.survey_questions(survey=survey))
    for position, question in enumerate(questions):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])
    return questions


def question_move(
    *,
    actor: Actor,
    survey: Survey,
    question_id: int,
    direction: str,
    now: datetime | None = None,
) -> None:
    """Moves a question one place ``up`` or ``down``; at either end nothing changes."""
    selectors.require_manager(actor)
    selectors.question_get(survey=survey, question_id=question_id)
    if direction not in ("up", "down"):
        raise ValidationFailed(
            _("Move a question up or down."), field_errors={"direction": [_("Up or down.")]}
        )
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_draft(survey)
        questions = _renumber(current)
        index = next(i for i, q in enumerate(questions) if q.pk == question_id)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(questions):
            a, b = questions[index], questions[other]
            a.position, b.position = b.position, a.position
            a.save(update_fields=["position"])
            b.save(update_fields=["position"])
            _audit(
                actor,
                "survey.question_move",
                current,
                now=now,
                question=question_id,
                direction=direction,
            )


def survey_open(*, actor: Actor, survey: Survey, now: datetime | None = None) -> Survey:
    """Opens a draft in the portal: it needs at least one question, and a closing
    day (if any) not yet past."""
    selectors.require_manager(actor)
    now = now or timezone.now()
    with transaction.atomic():
        current = Survey.objects.select_for_update().get(pk=survey.pk)
        if current.status != SurveyStatus.DRAFT:
            raise Conflict(_("Only a draft survey can be opened."))
        if not SurveyQuestion.objects.filter(survey=current).exists():
            raise Conflict(_("Add at least one question before opening the survey."))
        if current.closes_on is not None and current.closes_on < timezone.localdate(now):
            raise Conflict(_("The closing day has passed: change it before opening the survey."))
        current.status = SurveyStatus.OPEN
        current.save(update_fields=["status"])
        _audit(actor, "survey.open", current, now=now)
    return current


def survey_close(*, actor: Actor, survey: Survey, now: datetime | None = None) -> Survey:
    """Closes an open survey: the portal takes no more answers; those given stay
    counted in the indicators."""
    selectors.require_manager(actor)
    now = now or timezone.now()
    with transaction.atomic():
        current = Survey.objects.select_for_update().get(pk=survey.pk)
        if current.status != SurveyStatus.OPEN:
            raise Conflict(_("Only an open survey can be closed."))
        current.status = SurveyStatus.CLOSED
        current.save(update_fields=["status"])
        _audit(actor, "survey.close", current, now=now)
    return current


# --- A migrant answers -----------------------------------------------------------------------


def answer_field(question_id: int) -> str:
    """The name under which a question's answer is sent and its error comes back."""
    return f"q{question_id}"


def _value(kind: str, raw: str) -> int | None:
    """The stored value of an answer, or None when it is not one the question allows."""
    raw = raw.strip().lower()
    if kind == QuestionKind.YES_NO:
        return {"1": 1, "yes": 1, "0": 0, "no": 0}.get(raw)
    if raw.isdigit() and len(raw) == 1 and int(raw) in SCALE:
        return int(raw)
    return None


def survey_answer(
    *,
    actor: Actor,
    code: str,
    answers: Mapping[str, str],
    language: str,
    now: datetime | None = None,
) -> SurveyResponse:
    """The migrant's one response to an open survey. ``answers`` maps
    ``q<question id>`` to the value sent (1 to 5 on a scale; 1/0 or yes/no); a
    question left blank is not answered, but at least one must be. Names that
    are no question of the survey are ignored. The audit entry holds no answer."""
    person_id = selectors.respondent_person_id(actor)
    survey = selectors.open_survey_get(actor=actor, code=code)
    if SurveyResponse.objects.filter(survey=survey, person_id=person_id).exists():
        raise Conflict(_("You have answered this survey already. Thank you!"))
    errors: Errors = {}
    values: list[tuple[SurveyQuestion, int]] = []
    for question in selectors.survey_questions(survey=survey):
        name = answer_field(question.pk)
        raw = str(answers.get(name) or "")
        if not raw.strip():
            continue
        value = _value(question.kind, raw)
        if value is None:
            errors[name] = [
                _("Choose yes or no.")
                if question.kind == QuestionKind.YES_NO
                else _("Choose a number from 1 to 5.")
            ]
        else:
            values.append((question, value))
    if errors:
        raise ValidationFailed(_("Check the answers marked below."), field_errors=errors)
    if not values:
        raise ValidationFailed(_("Answer at least one question."))
    language = language.split("-")[0] if language else "en"
    if language not in LANGUAGES:
        language = "en"
    now = now or timezone.now()
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, person_id=person_id, language=language, submitted_at=now
            )
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(response=response, question=question, value=value)
                for question, value in values
            )
            # That the survey was answered, and in which language: never the answers.
            _audit(actor, "survey.answered", survey, now=now, language=language)
    except IntegrityError:
        # Two submissions at once: the database keeps one response per person.
        raise Conflict(_("You have answered this survey already. Thank you!")) from None
    return response
