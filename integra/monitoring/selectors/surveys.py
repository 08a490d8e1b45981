"""Reads of the migrants' surveys (R25): the coordinating authority's list of
surveys and their questions, and the open surveys a migrant may answer in the
portal.

Nobody reads an answer one by one: the answers are counted only into the
disclosure-controlled indicators "satisfaction" and "discrimination_experienced"
(integra.monitoring.services.refresh). Even the number of responses to a survey
is shown only when it reaches the statistics threshold.

Who may do what is decided in integra.core.access; here it is applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.monitoring.models import (
    Feeds,
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from integra.portal.selectors.mine import own_account

# The portal's languages, in the order the pages ask for them.
LANGUAGES = ("en", "ro", "ru", "uk", "ar")
# The indicators the answers feed (integra/monitoring/catalogue.py).
INDICATORS = ("satisfaction", "discrimination_experienced")


def threshold() -> int:
    return int(settings.STATISTICS_THRESHOLD)


def language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def text_in(texts: object, language: str | None = None) -> str:
    """A text in ``language`` (the page's by default), else in English, else in any."""
    if not isinstance(texts, dict) or not texts:
        return ""
    language = (language or get_language() or "en").split("-")[0]
    for code in (language, "en", *LANGUAGES):
        value = texts.get(code)
        if isinstance(value, str) and value:
            return value
    return ""


def kind_label(code: str) -> str:
    return str(QuestionKind(code).label) if code in QuestionKind.values else code


def feeds_label(code: str) -> str:
    return str(Feeds(code).label) if code in Feeds.values else code


def status_label(code: str) -> str:
    return str(SurveyStatus(code).label) if code in SurveyStatus.values else code


# --- Access ----------------------------------------------------------------------------------


def require_manager(actor: Actor) -> None:
    if not access.can_manage_surveys(actor):
        raise PermissionDenied(_("The coordinating authority writes and runs the surveys."))


def require_respondent(actor: Actor) -> None:
    if not access.can_answer_surveys(actor):
        raise PermissionDenied(_("Surveys are answered by migrants, in the portal."))


def respondent_person_id(actor: Actor) -> int:
    """The person the signed-in migrant's account belongs to; anyone else is refused."""
    require_respondent(actor)
    return int(own_account(actor=actor).person_id)


# --- The coordinating authority's pages -------------------------------------------------------


def _counted(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    return surveys.annotate(
        n_questions=Count("questions", distinct=True),
        n_responses=Count("responses", distinct=True),
    )


def survey_list(*, actor: Actor, status: str = "") -> QuerySet[Survey]:
    """Every survey, newest first, with how many questions and responses it has
    (``n_questions``, ``n_responses``: show the latter through ``responses_shown``)."""
    require_manager(actor)
    surveys = Survey.objects.all()
    if status:
        surveys = surveys.filter(status=status)
    return _counted(surveys).order_by("-created_at", "-id")


def survey_get(*, actor: Actor, code: str) -> Survey:
    require_manager(actor)
    survey = _counted(Survey.objects.filter(code=code)).first()
    if survey is None:
        raise NotFound(_("There is no such survey."))
    return survey


def survey_by_code(*, code: str) -> Survey | None:
    return Survey.objects.filter(code=code).first()


def survey_questions(*, survey: Survey) -> QuerySet[SurveyQuestion]:
    return SurveyQuestion.objects.filter(survey=survey).order_by("position", "id")


def question_get(*, survey: Survey, question_id: int) -> SurveyQuestion:
    question = SurveyQuestion.objects.filter(survey=survey, pk=question_id).first()
    if question is None:
        raise NotFound(_("The survey has no such question."))
    return question


def responses_shown(count: int) -> int | None:
    """The number of responses, or None when it is below the statistics threshold
    (shown as "fewer than T", like every published number)."""
    return count if count >= threshold() else None


def response_count(*, survey: Survey) -> int:
    return SurveyResponse.objects.filter(survey=survey).count()


@dataclass(frozen=True)
class SurveyRow:
    survey: Survey
    title: str
    status: str
    questions: int
    responses: int | None  # None: fewer than the threshold


def survey_rows(surveys: list[Survey]) -> list[SurveyRow]:
    return [
        SurveyRow(
            survey=s,
            title=text_in(s.title),
            status=status_label(s.status),
            questions=int(getattr(s, "n_questions", 0)),
            responses=responses_shown(int(getattr(s, "n_responses", 0))),
        )
        for s in surveys
    ]


@dataclass(frozen=True)
class QuestionRow:
    question: SurveyQuestion
    text: str
    kind: str
    feeds: str
    missing: list[str]  # languages without a text


@dataclass(frozen=True)
class SurveyDetail:
    survey: Survey
    title: str
    introduction: str
    status: str
    questions: list[QuestionRow]
    responses: int | None
    threshold: int
    can_change: bool
    can_open: bool
    can_close: bool
    indicators: tuple[str, ...]


def survey_detail(*, actor: Actor, code: str) -> SurveyDetail:
    survey = survey_get(actor=actor, code=code)
    rows = [
        QuestionRow(
            question=q,
            text=text_in(q.text),
            kind=kind_label(q.kind),
            feeds=feeds_label(q.feeds),
            missing=[lang for lang in LANGUAGES if not (q.text or {}).get(lang)],
        )
        for q in survey_questions(survey=survey)
    ]
    draft = survey.status == SurveyStatus.DRAFT
    return SurveyDetail(
        survey=survey,
        title=text_in(survey.title),
        introduction=text_in(survey.introduction),
        status=status_label(survey.status),
        questions=rows,
        responses=responses_shown(int(getattr(survey, "n_responses", 0))),
        threshold=threshold(),
        can_change=draft,
        can_open=draft,
        can_close=survey.status == SurveyStatus.OPEN,
        indicators=INDICATORS,
    )


# --- The portal ------------------------------------------------------------------------------


def _open_now() -> Q:
    today = timezone.localdate()
    return Q(status=SurveyStatus.OPEN) & (Q(closes_on__isnull=True) | Q(closes_on__gte=today))


@dataclass(frozen=True)
class PortalSurvey:
    code: str
    title: str
    introduction: str
    closes_on: object
    answered: bool


def open_surveys_for(*, actor: Actor) -> list[PortalSurvey]:
    """The open surveys, those the migrant has not answered first, in the page's language."""
    person_id = respondent_person_id(actor)
    answered = set(
        SurveyResponse.objects.filter(person_id=person_id).values_list("survey_id", flat=True)
    )
    surveys = Survey.objects.filter(_open_now()).order_by("-created_at", "-id")
    rows = [
        PortalSurvey(
            code=s.code,
            title=text_in(s.title),
            introduction=text_in(s.introduction),
            closes_on=s.closes_on,
            answered=s.pk in answered,
        )
        for s in surveys
    ]
    return sorted(rows, key=lambda row: row.answered)


def open_survey_get(*, actor: Actor, code: str) -> Survey:
    """An open survey the migrant may answer (or has answered); NotFound otherwise."""
    require_respondent(actor)
    survey = Survey.objects.filter(_open_now(), code=code).first()
    if survey is None:
        raise NotFound(_("This survey is not open, or there is no such survey."))
    return survey


def has_answered(*, actor: Actor, survey: Survey) -> bool:
    person_id = respondent_person_id(actor)
    return SurveyResponse.objects.filter(survey=survey, person_id=person_id).exists()


@dataclass(frozen=True)
class PortalQuestion:
    id: int
    kind: str
    text: str


def portal_questions(*, survey: Survey) -> list[PortalQuestion]:
    return [
        PortalQuestion(id=q.pk, kind=q.kind, text=text_in(q.text))
        for q in survey_questions(survey=survey)
    ]
