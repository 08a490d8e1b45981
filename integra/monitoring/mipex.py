"""A MIPEX-style self-assessment of national integration policy, as plain data.

The Migrant Integration Policy Index (MIPEX) scores a country's policies in
eight areas; each question is answered 0 (unfavourable), 50 (halfway) or 100
(the best practice the index takes as its standard). An area scores the mean of
its answered questions, and the country the mean of the areas that are scored;
a self-assessment with an area left unanswered is flagged incomplete rather than
scored as if the area were zero. The questions here are a shortened set in the
spirit of the index, for the coordinating authority's own yearly review: not the
official MIPEX questionnaire.

Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ANSWERS: tuple[int, ...] = (0, 50, 100)
ANSWER_LABELS: dict[int, Promise] = {
    0: _("0: unfavourable"),
    50: _("50: halfway"),
    100: _("100: best practice"),
}


@dataclass(frozen=True)
class Question:
    code: str
    text: Promise


@dataclass(frozen=True)
class Area:
    code: str
    name: Promise
    questions: tuple[Question, ...]


AREAS: tuple[Area, ...] = (
    Area(
        "labour_market",
        _("Labour market mobility"),
        (
            Question(
                "lm_access",
                _("Do foreign residents with a right to work have the same access to "
                  "private-sector jobs as nationals?"),
            ),
            Question(
                "lm_support",
                _("Are employment services (counselling, training, job search) open to "
                  "migrants, with measures aimed at them?"),
            ),
            Question(
                "lm_recognition",
                _("Are foreign qualifications recognised through a clear and affordable "
                  "procedure?"),
            ),
            Question(
                "lm_rights",
                _("Do migrant workers have equal working conditions, social security and "
                  "access to trade unions?"),
            ),
        ),
    ),
    Area(
        "family_reunion",
        _("Family reunion"),
        (
            Question(
                "fr_eligibility",
                _("Can residents with a permit of one year or more apply for their "
                  "family to join them?"),
            ),
            Question(
                "fr_conditions",
                _("Are the income, housing and integration conditions no stricter than "
                  "what nationals are asked?"),
            ),
            Question(
                "fr_security",
                _("Is the procedure short, with reasons given and a right of appeal?"),
            ),
            Question(
                "fr_rights",
                _("Do reunited family members get their own permit and access to work "
                  "and education?"),
            ),
        ),
    ),
    Area(
        "education",
        _("Education"),
        (
            Question(
                "ed_access",
                _("Do migrant children have the same access to school, vocational "
                  "training and higher education?"),
            ),
            Question(
                "ed_needs",
                _("Do newcomer pupils get targeted support (assessment, language "
                  "classes, teachers trained for them)?"),
            ),
            Question(
                "ed_opportunities",
                _("Are immigrant languages and cultures offered in schools?"),
            ),
            Question(
                "ed_intercultural",
                _("Is intercultural education part of the curriculum for every pupil?"),
            ),
        ),
    ),
    Area(
        "health",
        _("Health"),
        (
            Question(
                "he_entitlement",
                _("Are migrants covered by health insurance on the same terms as "
                  "nationals, whatever their status?"),
            ),
            Question(
                "he_access",
                _("Is information on health services given in the migrants' languages?"),
            ),
            Question(
                "he_responsive",
                _("Do health services offer interpreters and culturally competent care?"),
            ),
            Question(
                "he_change",
                _("Is there a policy to improve migrants' health, with data to follow it?"),
            ),
        ),
    ),
    Area(
        "political_participation",
        _("Political participation"),
        (
            Question(
                "pp_vote",
                _("Can foreign residents vote and stand in local elections?"),
            ),
            Question(
                "pp_associations",
                _("Can foreign residents form associations and join political parties?"),
            ),
            Question(
                "pp_consultation",
                _("Is there an independent consultative body of migrants, nationally "
                  "or locally?"),
            ),
            Question(
                "pp_support",
                _("Does the state fund migrant organisations and their civic "
                  "participation?"),
            ),
        ),
    ),
    Area(
        "permanent_residence",
        _("Permanent residence"),
        (
            Question(
                "pr_eligibility",
                _("Can residents apply for permanent residence after at most five years?"),
            ),
            Question(
                "pr_conditions",
                _("Are the conditions (language, tests, fees) reasonable and supported?"),
            ),
            Question(
                "pr_security",
                _("Is the status secure against withdrawal, with a right of appeal?"),
            ),
            Question(
                "pr_rights",
                _("Do permanent residents have equal rights to work, social security "
                  "and housing?"),
            ),
        ),
    ),
    Area(
        "nationality",
        _("Access to nationality"),
        (
            Question(
                "na_eligibility",
                _("Can first-generation immigrants apply for citizenship after at most "
                  "five years?"),
            ),
            Question(
                "na_conditions",
                _("Are language and citizenship tests free or supported, with "
                  "exemptions?"),
            ),
            Question(
                "na_security",
                _("Is there protection against statelessness and arbitrary withdrawal?"),
            ),
            Question("na_dual", _("Is dual nationality allowed?")),
        ),
    ),
    Area(
        "anti_discrimination",
        _("Anti-discrimination"),
        (
            Question(
                "ad_definitions",
                _("Does the law forbid discrimination on grounds of race, ethnicity, "
                  "religion and nationality?"),
            ),
            Question(
                "ad_fields",
                _("Does it apply to employment, education, social protection, housing "
                  "and services?"),
            ),
            Question(
                "ad_enforcement",
                _("Can victims get legal aid, and may organisations bring cases for "
                  "them?"),
            ),
            Question(
                "ad_body",
                _("Is there an independent equality body with powers to investigate?"),
            ),
        ),
    ),
)  # fmt: skip

QUESTIONS: dict[str, Question] = {q.code: q for area in AREAS for q in area.questions}
AREA_OF: dict[str, str] = {q.code: area.code for area in AREAS for q in area.questions}


@dataclass(frozen=True)
class Scores:
    areas: dict[str, float | None]  # area code → mean of its answers; None: unanswered
    overall: float | None  # mean of the scored areas; None: nothing answered
    answered: int  # questions answered
    questions: int  # questions asked

    @property
    def incomplete(self) -> bool:
        """Some area has no answer at all: the overall score leaves it out."""
        return any(score is None for score in self.areas.values())


def score(answers: Mapping[str, int | None]) -> Scores:
    """The area and overall scores of a set of answers (question code → 0, 50 or
    100; unknown codes and other values are ignored: the services refuse them)."""
    areas: dict[str, float | None] = {}
    answered = 0
    for area in AREAS:
        given = [
            answers[q.code]
            for q in area.questions
            if q.code in answers and answers[q.code] in ANSWERS
        ]
        answered += len(given)
        areas[area.code] = (
            round(sum(v for v in given if v is not None) / len(given), 1) if given else None
        )
    scored = [v for v in areas.values() if v is not None]
    overall = round(sum(scored) / len(scored), 1) if scored else None
    return Scores(areas=areas, overall=overall, answered=answered, questions=len(QUESTIONS))
