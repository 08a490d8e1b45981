"""Demo programmes, an assessment questionnaire and integration plans.

Four programmes as four countries run them (Moldova's voluntary programme, the
Czech State Integration Programme, Norway's introduction programme and
Austria's integration declaration), the rules the alerts count on in five
countries, and Moldova's initial assessment published twice, so that old
assessments show the questions they were given.

Some twenty people of the Chișinău centre with international protection or
statelessness are then assessed and planned in Moldova's programme, at every
stage a caseworker meets: assessed only, drafted, agreed with measures under
way, done (with evidence) or overdue, reviewed, and closed with an outcome.
Everything goes through the services, dated as it would have happened, so the
audit trail, the caseload and the alerts read as they would in real use.

Choices are fixed or drawn from a seeded generator; each part is skipped once
it exists, so loading again adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pycountry
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integra.core.access import Actor, actor_for
from integra.core.domains import Domain
from integra.core.models import Organisation, Todo, User
from integra.people.models import (
    HouseholdMember,
    Language,
    LegalStatus,
    Person,
    Qualification,
    Recognition,
    Relationship,
    Responsibility,
    StatusCategory,
    WorkExperience,
)
from integra.plans.models import (
    ALERT_KINDS,
    AgreedHow,
    Assessment,
    CountryRules,
    Measure,
    MeasureKind,
    MeasureStatus,
    Participation,
    Plan,
    PlanOutcome,
    PlanStatus,
    Programme,
    Questionnaire,
)
from integra.plans.services import alerts, assessments, plans, programmes

D = Domain
K = MeasureKind
S = StatusCategory

COORDINATOR = "coordinator"  # integra.core.demo.USERS: Ion Ceban at the bureau
CASEWORKER = "caseworker"  # Maria Lungu at the Chișinău centre
CENTRE = "ic-chisinau"
SCHOOLS = "mun-chisinau"  # the municipality's education directorate enrols children
MOLDOVA = "md-voluntary"
QUESTIONNAIRE = "initial-assessment"
SEED = 2026

# Dated back from today, so the demo always looks current.
PROGRAMMES_CREATED = 600  # days ago
VERSION_1_PUBLISHED = 540
VERSION_2_PUBLISHED = 190

# ---------------------------------------------------------------------------
# Country rules: compulsory school age, and how soon screening and a plan are due
# ---------------------------------------------------------------------------

# country, school from age, school until age (not included), health screening
# within days, plan agreed within days, a newcomer for days
COUNTRY_RULES: tuple[tuple[str, int, int, int, int, int], ...] = (
    ("MD", 7, 16, 30, 60, 365),
    ("RO", 6, 18, 30, 60, 365),
    ("CZ", 6, 15, 30, 60, 365),
    ("NO", 6, 16, 30, 60, 365),
    ("AT", 6, 15, 30, 60, 365),
)

# ---------------------------------------------------------------------------
# Programmes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IncentiveSpec:
    name: str
    condition: str
    on_completion_of: str = ""  # a measure's code


@dataclass(frozen=True)
class ProgrammeSpec:
    data: programmes.ProgrammeData
    measures: tuple[programmes.ProgrammeMeasureData, ...]
    incentives: tuple[IncentiveSpec, ...] = ()


M = programmes.ProgrammeMeasureData

PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(
        data=programmes.ProgrammeData(
            code=MOLDOVA,
            country="MD",
            name="Integration programme for beneficiaries of international protection "
            "and stateless persons",
            description=(
                "Voluntary programme of the Bureau for Migration and Asylum (Law no. 274/2011 "
                "on the integration of foreigners): Romanian language courses, cultural "
                "accommodation sessions and counselling, with help to find housing and work, "
                "to have diplomas recognised and to reach health care and legal aid. The "
                "person agrees an individual integration plan with an integration centre; it "
                "lasts twelve months and may be extended for vulnerable persons."
            ),
            participation=Participation.VOLUNTARY,
            eligible_statuses=(S.INTERNATIONAL_PROTECTION, S.STATELESS),
            min_months=12,
            max_months=24,
            review_every_days=90,
            domains=(
                D.HOUSING,
                D.EMPLOYMENT,
                D.EDUCATION,
                D.LANGUAGE,
                D.HEALTH,
                D.LEGAL,
                D.SOCIAL,
                D.CULTURE,
            ),
        ),
        measures=(
            M("romanian", D.LANGUAGE, K.LANGUAGE_COURSE, "Romanian language course", 270),
            M("culture", D.CULTURE, K.CIVIC_ORIENTATION, "Cultural accommodation sessions", 120),
            M("counselling", D.SOCIAL, K.GENERAL, "Social counselling", 90),
            M("health-check", D.HEALTH, K.HEALTH_SCREENING, "Medical check-up", 30),
            M("psychologist", D.HEALTH, K.PSYCHOSOCIAL, "Psychological counselling", 120),
            M(
                "employment",
                D.EMPLOYMENT,
                K.JOB_SEARCH,
                "Registration with the employment agency and job search",
                60,
            ),
            M("housing", D.HOUSING, K.HOUSING_SEARCH, "Help to find housing", 90),
            M("recognition", D.EDUCATION, K.RECOGNITION, "Recognition of diplomas", 180),
            M("digital", D.EDUCATION, K.EDUCATION, "Digital skills course", 180),
            M("school", D.EDUCATION, K.SCHOOL_ENROLMENT, "School enrolment of children", 30),
            M("legal", D.LEGAL, K.LEGAL_AID, "Legal counselling", 60),
        ),
        incentives=(
            IncentiveSpec(
                "Monthly integration allowance",
                "Paid each month while the person takes part in the Romanian language course "
                "and the counselling sessions of the plan.",
            ),
        ),
    ),
    ProgrammeSpec(
        data=programmes.ProgrammeData(
            code="cz-sip",
            country="CZ",
            name="State Integration Programme",
            description=(
                "Voluntary programme for people granted asylum or subsidiary protection "
                "(Act no. 325/1999 on asylum): an individual integration plan with help to "
                "find housing, work or education, a free Czech language course and social "
                "counselling, for at least twelve months."
            ),
            participation=Participation.VOLUNTARY,
            eligible_statuses=(S.INTERNATIONAL_PROTECTION,),
            min_months=12,
            max_months=36,
            review_every_days=90,
            domains=(D.HOUSING, D.EMPLOYMENT, D.EDUCATION, D.LANGUAGE, D.SOCIAL),
        ),
        measures=(
            M("czech", D.LANGUAGE, K.LANGUAGE_COURSE, "Czech language course", 365, True),
            M("housing", D.HOUSING, K.HOUSING_SEARCH, "Find housing", 180, True),
            M(
                "labour-office",
                D.EMPLOYMENT,
                K.JOB_SEARCH,
                "Register with the labour office",
                30,
                True,
            ),
            M("school", D.EDUCATION, K.SCHOOL_ENROLMENT, "School enrolment", 60),
            M("recognition", D.EDUCATION, K.RECOGNITION, "Recognition of education", 240),
        ),
        incentives=(
            IncentiveSpec(
                "Integration flat or contribution to the rent",
                "While the person follows the individual integration plan.",
            ),
        ),
    ),
    ProgrammeSpec(
        data=programmes.ProgrammeData(
            code="no-introduction",
            country="NO",
            name="Introduction programme",
            description=(
                "Full-time, all-year programme of the municipality under the Integration Act: "
                "a right and a duty for refugees and their family members aged 18 to 55. "
                "Norwegian language training, social studies and work practice or education, "
                "for two years as a rule."
            ),
            participation=Participation.MANDATORY,
            eligible_statuses=(S.INTERNATIONAL_PROTECTION, S.FAMILY_MEMBER),
            min_age=18,
            max_age=55,
            min_months=24,
            max_months=36,
            hours_per_week=37,
            review_every_days=180,
            domains=(D.LANGUAGE, D.EMPLOYMENT, D.EDUCATION, D.CULTURE, D.COMMUNITY, D.SOCIAL),
        ),
        measures=(
            M("norwegian", D.LANGUAGE, K.LANGUAGE_COURSE, "Norwegian language training", 720, True),
            M("social-studies", D.COMMUNITY, K.CIVIC_ORIENTATION, "Social studies", 365, True),
            M(
                "work-practice",
                D.EMPLOYMENT,
                K.VOCATIONAL_TRAINING,
                "Work practice or vocational training",
                540,
                True,
            ),
            M("career", D.EMPLOYMENT, K.JOB_SEARCH, "Career guidance", 90),
            M("school", D.EDUCATION, K.SCHOOL_ENROLMENT, "School enrolment", 30),
        ),
        incentives=(
            IncentiveSpec(
                "Introduction benefit",
                "Paid while the person attends the programme full-time; reduced for every "
                "hour of absence without a valid reason.",
            ),
        ),
    ),
    ProgrammeSpec(
        data=programmes.ProgrammeData(
            code="at-integration-declaration",
            country="AT",
            name="Integration declaration",
            description=(
                "People granted asylum or subsidiary protection from the age of 15 sign an "
                "integration declaration (Integration Act 2017): they attend the values and "
                "orientation course and German courses, and sit the integration exam."
            ),
            participation=Participation.MANDATORY,
            eligible_statuses=(S.INTERNATIONAL_PROTECTION,),
            min_age=15,
            min_months=12,
            max_months=36,
            review_every_days=180,
            domains=(D.LANGUAGE, D.CULTURE, D.EDUCATION, D.EMPLOYMENT, D.SOCIAL),
        ),
        measures=(
            M(
                "values-course",
                D.CULTURE,
                K.CIVIC_ORIENTATION,
                "Values and orientation course",
                90,
                True,
            ),
            M("german", D.LANGUAGE, K.LANGUAGE_COURSE, "German course to A2/B1", 540, True),
            M("exam", D.LANGUAGE, K.EXAM, "Integration exam", 700, True),
            M("school", D.EDUCATION, K.SCHOOL_ENROLMENT, "School enrolment", 30),
        ),
        incentives=(
            IncentiveSpec(
                "Social assistance in full",
                "Kept while the person keeps the integration declaration (attends the courses "
                "and sits the exam); otherwise social assistance can be reduced.",
            ),
            IncentiveSpec(
                "Module 1 of the Integration Agreement",
                "Exam fulfils Module 1 of the Integration Agreement.",
                on_completion_of="exam",
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------
# The assessment questionnaire (format: integra.plans.questionnaire)
# ---------------------------------------------------------------------------

Texts = dict[str, str]
Definition = dict[str, object]


def _t(en: str, ro: str, ru: str) -> Texts:
    return {"en": en, "ro": ro, "ru": ru}


def _suggest(when: Definition, domain: str, kind: str, title: Texts) -> Definition:
    return {"when": when, "measure": {"domain": domain, "kind": kind, "title": title}}


def _question(
    code: str,
    qtype: str,
    label: Texts,
    *,
    required: bool = False,
    options: Sequence[tuple[str, Texts]] = (),
    suggest: Sequence[Definition] = (),
    **extra: object,
) -> Definition:
    question: Definition = {"code": code, "type": qtype, "required": required, "label": label}
    if options:
        question["options"] = [{"value": value, "label": text} for value, text in options]
    if suggest:
        question["suggest"] = list(suggest)
    return {**question, **extra}


def _section(
    code: str, title: Texts, questions: Sequence[Definition], *, sensitive: bool = False
) -> Definition:
    return {"code": code, "title": title, "sensitive": sensitive, "questions": list(questions)}


LEVELS: tuple[tuple[str, Texts], ...] = (
    ("none", _t("None", "Deloc", "Не владеет")),
    ("A1", _t("A1 (beginner)", "A1 (începător)", "A1 (начальный)")),
    ("A2", _t("A2 (elementary)", "A2 (elementar)", "A2 (элементарный)")),
    ("B1", _t("B1 (intermediate)", "B1 (intermediar)", "B1 (средний)")),
    ("B2", _t("B2 (upper intermediate)", "B2 (intermediar avansat)", "B2 (выше среднего)")),
    ("C1", _t("C1 (advanced)", "C1 (avansat)", "C1 (продвинутый)")),
    ("C2", _t("C2 (proficient)", "C2 (experimentat)", "C2 (в совершенстве)")),
)
EDUCATION: tuple[tuple[str, Texts], ...] = (
    ("none", _t("No formal education", "Fără studii formale", "Без формального образования")),
    ("primary", _t("Primary", "Primare", "Начальное")),
    ("lower_secondary", _t("Lower secondary", "Gimnaziale", "Неполное среднее")),
    ("upper_secondary", _t("Upper secondary", "Liceale", "Среднее общее")),
    ("vocational", _t("Vocational", "Profesionale", "Профессионально-техническое")),
    (
        "higher",
        _t(
            "Higher (bachelor or more)",
            "Superioare (licență sau mai mult)",
            "Высшее (бакалавр и выше)",
        ),
    ),
)
HOUSING: tuple[tuple[str, Texts], ...] = (
    ("own", _t("Own home", "Locuință proprie", "Собственное жильё")),
    ("rented", _t("Rented", "Locuință închiriată", "Съёмное жильё")),
    (
        "shelter",
        _t(
            "Temporary accommodation centre",
            "Centru de cazare temporară",
            "Центр временного размещения",
        ),
    ),
    ("homeless", _t("Homeless", "Fără adăpost", "Без жилья")),
)
DIGITAL: tuple[tuple[str, Texts], ...] = (
    ("none", _t("None", "Deloc", "Нет")),
    ("basic", _t("Basic", "De bază", "Базовые")),
    ("good", _t("Good", "Bune", "Хорошие")),
)


def _language_section() -> Definition:
    return _section(
        "language",
        _t("Language", "Limba", "Язык"),
        [
            _question(
                "local_level",
                "choice",
                _t(
                    "Level of Romanian",
                    "Nivelul de cunoaștere a limbii române",
                    "Уровень владения румынским языком",
                ),
                required=True,
                options=LEVELS,
                suggest=[
                    _suggest(
                        {"in": ["none", "A1", "A2"]},
                        D.LANGUAGE,
                        K.LANGUAGE_COURSE,
                        _t(
                            "Romanian language course",
                            "Curs de limba română",
                            "Курс румынского языка",
                        ),
                    )
                ],
            ),
            _question(
                "other_languages",
                "text",
                _t(
                    "Other languages spoken, and how well",
                    "Alte limbi vorbite și nivelul",
                    "Другие языки и уровень владения",
                ),
                max_length=200,
            ),
        ],
    )


def _education_section(version: int) -> Definition:
    questions = [
        _question(
            "highest_level",
            "choice",
            _t(
                "Highest level of education completed",
                "Cel mai înalt nivel de studii absolvit",
                "Самый высокий уровень законченного образования",
            ),
            required=True,
            options=EDUCATION,
        ),
        _question(
            "qualifications_to_recognise",
            "yes_no",
            _t(
                "Has diplomas or qualifications to be recognised",
                "Are diplome sau calificări de recunoscut",
                "Есть дипломы или квалификации для признания",
            ),
            required=True,
            suggest=[
                _suggest(
                    {"equals": True},
                    D.EDUCATION,
                    K.RECOGNITION,
                    _t(
                        "Recognition of diplomas",
                        "Recunoașterea actelor de studii",
                        "Признание дипломов",
                    ),
                )
            ],
        ),
    ]
    if version >= 2:  # added in version 2: public services went online
        questions.append(
            _question(
                "digital_skills",
                "choice",
                _t(
                    "Digital skills (e-mail, online public services)",
                    "Competențe digitale (e-mail, servicii publice online)",
                    "Цифровые навыки (электронная почта, госуслуги онлайн)",
                ),
                options=DIGITAL,
                suggest=[
                    _suggest(
                        {"equals": "none"},
                        D.EDUCATION,
                        K.EDUCATION,
                        _t(
                            "Digital skills course",
                            "Curs de competențe digitale",
                            "Курс цифровой грамотности",
                        ),
                    )
                ],
            )
        )
    return _section("education", _t("Education", "Educație", "Образование"), questions)


def _work_section() -> Definition:
    return _section(
        "work",
        _t("Work", "Muncă", "Работа"),
        [
            _question(
                "experience_years",
                "number",
                _t("Years of work experience", "Ani de experiență de muncă", "Стаж работы (лет)"),
                required=True,
                min=0,
                max=60,
            ),
            _question(
                "working",
                "yes_no",
                _t("Currently working", "Lucrează în prezent", "Работает в настоящее время"),
                required=True,
                suggest=[
                    _suggest(
                        {"equals": False},
                        D.EMPLOYMENT,
                        K.JOB_SEARCH,
                        _t(
                            "Job search and placement",
                            "Căutarea unui loc de muncă",
                            "Поиск работы и трудоустройство",
                        ),
                    )
                ],
            ),
        ],
    )


def _housing_section() -> Definition:
    return _section(
        "housing",
        _t("Housing", "Locuință", "Жильё"),
        [
            _question(
                "housing_situation",
                "choice",
                _t("Where the person lives now", "Unde locuiește acum", "Где живёт сейчас"),
                required=True,
                options=HOUSING,
                suggest=[
                    _suggest(
                        {"in": ["shelter", "homeless"]},
                        D.HOUSING,
                        K.HOUSING_SEARCH,
                        _t(
                            "Help to find housing",
                            "Sprijin în găsirea unei locuințe",
                            "Помощь в поиске жилья",
                        ),
                    )
                ],
            )
        ],
    )


def _health_section() -> Definition:
    return _section(
        "health",
        _t("Health", "Sănătate", "Здоровье"),
        [
            _question(
                "screening_needed",
                "yes_no",
                _t(
                    "Physical health screening needed",
                    "Are nevoie de un control medical",
                    "Нужен медицинский осмотр",
                ),
                suggest=[
                    _suggest(
                        {"equals": True},
                        D.HEALTH,
                        K.HEALTH_SCREENING,
                        _t("Medical check-up", "Control medical", "Медицинский осмотр"),
                    )
                ],
            ),
            _question(
                "mental_health_support",
                "yes_no",
                _t(
                    "Wants mental health support",
                    "Dorește sprijin psihologic",
                    "Хочет получить психологическую поддержку",
                ),
                suggest=[
                    _suggest(
                        {"equals": True},
                        D.HEALTH,
                        K.PSYCHOSOCIAL,
                        _t(
                            "Psychosocial support",
                            "Sprijin psihosocial",
                            "Психосоциальная поддержка",
                        ),
                    )
                ],
            ),
        ],
        sensitive=True,
    )


def _children_section() -> Definition:
    return _section(
        "children",
        _t("Children", "Copii", "Дети"),
        [
            _question(
                "children_out_of_school",
                "number",
                _t(
                    "School-age children not in school",
                    "Copii de vârstă școlară care nu merg la școală",
                    "Дети школьного возраста, не посещающие школу",
                ),
                required=True,
                min=0,
                max=10,
                suggest=[
                    _suggest(
                        {"at_least": 1},
                        D.EDUCATION,
                        K.SCHOOL_ENROLMENT,
                        _t("School enrolment", "Înscrierea la școală", "Зачисление в школу"),
                    )
                ],
            )
        ],
    )


def _legal_section() -> Definition:
    return _section(
        "legal",
        _t("Legal matters", "Chestiuni juridice", "Правовые вопросы"),
        [
            _question(
                "legal_help",
                "yes_no",
                _t(
                    "Needs legal help (documents, family reunification…)",
                    "Are nevoie de asistență juridică (acte, reîntregirea familiei…)",
                    "Нужна юридическая помощь (документы, воссоединение семьи…)",
                ),
                required=True,
                suggest=[
                    _suggest(
                        {"equals": True},
                        D.LEGAL,
                        K.LEGAL_AID,
                        _t("Legal aid", "Asistență juridică", "Юридическая помощь"),
                    )
                ],
            )
        ],
    )


def questionnaire_definition(version: int) -> Definition:
    """Moldova's initial assessment; version 2 adds the digital skills question."""
    return {
        "sections": [
            _language_section(),
            _education_section(version),
            _work_section(),
            _housing_section(),
            _health_section(),
            _children_section(),
            _legal_section(),
        ]
    }


QUESTIONNAIRE_TITLE = "Initial integration assessment"

# ---------------------------------------------------------------------------
# The cases: who is at which stage
# ---------------------------------------------------------------------------

ASSESSED, DRAFT, AGREED, CLOSED = "assessed", "draft", "agreed", "closed"
START_AFTER = 8  # days from the assessment to the plan's start


@dataclass(frozen=True)
class Case:
    """One person's story: assessed ``assessed`` days ago, the plan starting
    START_AFTER days later and taken as far as ``stage``."""

    stage: str
    assessed: int
    children: bool = False  # a parent whose school-age children are enrolled on the plan
    lagging: bool = False  # some measures late, the last review missed
    outcome: str = ""
    closed_after: int | None = None  # days after the start; None: at the planned end
    health: bool = True  # answered the health questions


CASES: tuple[Case, ...] = (
    Case(ASSESSED, 2),
    Case(ASSESSED, 5, health=False),
    Case(DRAFT, 4),
    Case(DRAFT, 6, children=True),
    Case(DRAFT, 18),
    Case(DRAFT, 48),
    Case(AGREED, 28),
    Case(AGREED, 43, children=True),
    Case(AGREED, 63, health=False),
    Case(AGREED, 78, lagging=True),
    Case(AGREED, 103, children=True),
    Case(AGREED, 128),
    Case(AGREED, 148, lagging=True),
    Case(AGREED, 178),
    Case(AGREED, 208, children=True),
    Case(AGREED, 238, lagging=True),
    Case(AGREED, 308),
    Case(CLOSED, 288, outcome=PlanOutcome.MOVED, closed_after=130),
    Case(CLOSED, 428, outcome=PlanOutcome.COMPLETED),
    Case(CLOSED, 458, outcome=PlanOutcome.PARTLY_COMPLETED, lagging=True),
)

# Measures that run over weeks: in progress soon after the start.
RUNNING_KINDS = frozenset(
    {K.LANGUAGE_COURSE, K.CIVIC_ORIENTATION, K.GENERAL, K.PSYCHOSOCIAL, K.EDUCATION}
)
EVIDENCE: dict[str, str] = {
    K.LANGUAGE_COURSE: "Certificate of the State Language Courses Centre: Romanian, level A2.",
    K.CIVIC_ORIENTATION: "Attended all eight sessions; attendance sheet in the file.",
    K.GENERAL: "Monthly counselling sessions held; notes in the case file.",
    K.HEALTH_SCREENING: "Check-up by the family doctor; medical certificate in the file.",
    K.PSYCHOSOCIAL: "Six sessions with the psychologist of the Charity Centre for Refugees.",
    K.JOB_SEARCH: "Registered with the National Employment Agency; employment contract signed.",
    K.HOUSING_SEARCH: "Rental contract for a flat signed; copy in the file.",
    K.RECOGNITION: "Diploma recognised by the Ministry of Education and Research.",
    K.LEGAL_AID: "Consultation at the Law Center of Advocates; identity card issued.",
    K.SCHOOL_ENROLMENT: "Enrolment certificate from the school; attends since the start of term.",
    K.EDUCATION: "Certificate of the basic digital skills course.",
}
GOALS: dict[str, str] = {
    D.LANGUAGE: "Speak Romanian well enough for work and daily life (A2).",
    D.EMPLOYMENT: "Find a job that uses the person's experience.",
    D.HOUSING: "Move from temporary accommodation into a rented flat.",
    D.EDUCATION: "Have the diploma recognised and the children at school.",
    D.HEALTH: "Be registered with a family doctor and get the care needed.",
    D.LEGAL: "Obtain the documents the status gives, and family reunification if wanted.",
    D.SOCIAL: "Know where to turn for social assistance.",
    D.CULTURE: "Know how public services and daily life work in Moldova.",
}
REVIEW_NOTES = (
    "Attends the Romanian course regularly; next steps agreed.",
    "Progress as planned; the family has settled in well.",
    "Good progress; no new needs.",
    "Measures on track; the person is satisfied with the support.",
)
LATE_NOTE = "Some measures are late: the person was ill for several weeks. New dates agreed."
CLOSING_NOTES: dict[str, str] = {
    PlanOutcome.COMPLETED: "All measures completed; the person manages without the centre now.",
    PlanOutcome.PARTLY_COMPLETED: "Most measures completed; the rest were not finished in time.",
    PlanOutcome.MOVED: "Moved abroad to join relatives; the case is closed.",
}

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _name(person: Person) -> tuple[str, str]:
    return person.given_name_latin, person.family_name_latin


def _language_name(code: str) -> str:
    found = pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code})
    return str(found.name) if found is not None else code


@dataclass(frozen=True)
class Candidate:
    """An adult of the centre who may join Moldova's programme, and their family."""

    person: Person
    household_id: int
    recognised_on: date
    registered_on: date
    children: tuple[Person, ...]  # of compulsory school age, living with them


@dataclass(frozen=True)
class Event:
    """Something done on a plan on ``day``; ``rank`` orders a day's work."""

    day: date
    rank: int
    act: Callable[[datetime], object]


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def _country_rules() -> int:
    created = 0
    for country, school_from, school_until, screening, agreement, newcomer in COUNTRY_RULES:
        _, new = CountryRules.objects.get_or_create(
            country=country,
            defaults={
                "school_age_from": school_from,
                "school_age_until": school_until,
                "health_screening_days": screening,
                "plan_agreement_days": agreement,
                "newcomer_days": newcomer,
            },
        )
        created += new
    return created


def _programmes(actor: Actor, now: datetime) -> int:
    """Each programme once, with its measures and incentives."""
    created = 0
    for spec in PROGRAMMES:
        if Programme.objects.filter(code=spec.data.code).exists():
            continue
        programme = programmes.programme_save(actor=actor, data=spec.data, now=now)
        for measure in spec.measures:
            programmes.programme_measure_add(actor=actor, programme=programme, data=measure)
        for incentive in spec.incentives:
            programmes.incentive_add(
                actor=actor,
                programme=programme,
                name=incentive.name,
                condition=incentive.condition,
                on_completion_of=incentive.on_completion_of,
            )
        created += 1
    return created


def _questionnaires(actor: Actor, now: datetime) -> int:
    """Versions 1 and 2, published when they would have been."""
    today = timezone.localdate(now)
    published = Questionnaire.objects.filter(code=QUESTIONNAIRE).count()
    created = 0
    for version, days_ago in ((1, VERSION_1_PUBLISHED), (2, VERSION_2_PUBLISHED)):
        if version <= published:
            continue
        assessments.questionnaire_publish(
            actor=actor,
            code=QUESTIONNAIRE,
            country="MD",
            title=QUESTIONNAIRE_TITLE,
            definition=questionnaire_definition(version),
            now=_at(today - timedelta(days=days_ago), 0, now),
        )
        created += 1
    return created


def _at(day: date, step: int, now: datetime) -> datetime:
    """A moment in office hours on ``day`` (later for later steps), never after now."""
    moment = timezone.make_aware(datetime.combine(day, time(9, 10)))
    return min(moment + timedelta(minutes=25 * step), now)


@transaction.atomic
def load() -> str:
    """Loads what is missing: country rules, programmes, the questionnaire, and
    (the first time) the Chișinău centre's assessments and plans."""
    now = timezone.now()
    today = timezone.localdate(now)
    coordinator = actor_for(User.objects.get(username=COORDINATOR))
    rules = _country_rules()
    made = _programmes(coordinator, _at(today - timedelta(days=PROGRAMMES_CREATED), 0, now))
    versions = _questionnaires(coordinator, now)
    if Assessment.objects.filter(questionnaire__code=QUESTIONNAIRE).exists():
        if not (rules or made or versions):
            return f"Plans: already loaded ({Plan.objects.count():,} plans)."
        return _summary(now)
    caseworker = actor_for(User.objects.get(username=CASEWORKER))
    _Cases(caseworker, now).load()
    alerts.plan_alerts_sync(today=today, now=now)
    return _summary(now)


def _summary(now: datetime) -> str:
    by_status = {status: Plan.objects.filter(status=status).count() for status in PlanStatus.values}
    overdue = Measure.objects.filter(
        status__in=(MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS),
        due_on__lt=timezone.localdate(now),
        plan__status__in=(PlanStatus.DRAFT, PlanStatus.AGREED),
    ).count()
    todos = Todo.objects.filter(kind__in=ALERT_KINDS, done_at__isnull=True).count()
    return (
        f"Plans: {Programme.objects.count()} programmes, "
        f"{Questionnaire.objects.filter(code=QUESTIONNAIRE).count()} questionnaire versions, "
        f"{Assessment.objects.count():,} assessments and {sum(by_status.values()):,} plans "
        f"({by_status[PlanStatus.DRAFT]} drafts, {by_status[PlanStatus.AGREED]} agreed, "
        f"{by_status[PlanStatus.CLOSED]} closed; {overdue} measures overdue), "
        f"{todos:,} plan to-dos open."
    )


class _Cases:
    """Plays CASES through the services, each on its own person, in time order."""

    def __init__(self, actor: Actor, now: datetime) -> None:
        self.actor = actor
        self.now = now
        self.today = timezone.localdate(now)
        self.rng = random.Random(SEED)
        self.programme = Programme.objects.get(code=MOLDOVA)
        self.versions = list(Questionnaire.objects.filter(code=QUESTIONNAIRE).order_by("version"))
        self.rules = alerts.rules_for("MD")
        self.centre = Organisation.objects.get(code=CENTRE)
        self.used: set[int] = set()  # households already given a case
        self.names: set[tuple[str, str]] = set()  # no two namesakes, not to confuse

    def load(self) -> None:
        candidates = self._candidates()
        for case in sorted(CASES, key=lambda c: c.assessed):
            assessed_on = self.today - timedelta(days=case.assessed)
            chosen = self._choose(candidates, case, assessed_on)
            if chosen is not None:
                self.used.add(chosen.household_id)
                self.names.add(_name(chosen.person))
                self._play(case, chosen, assessed_on)

    # -- who ------------------------------------------------------------------

    def _candidates(self) -> list[Candidate]:
        """Adults of the centre, head or spouse of their household, whose current
        status is international protection or statelessness; the most recently
        recognised first (they are the ones a programme takes in)."""
        current = (
            LegalStatus.objects.filter(
                category__in=self.programme.eligible_statuses,
                valid_from__lte=self.today,
                person__registered_by=self.centre,
                person__merged_into__isnull=True,
                person__birth_date__lte=_years_before(self.today, 18),
                person__birth_date__gt=_years_before(self.today, 65),
            )
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.today))
            .select_related("person")
            .order_by("-valid_from", "person_id")
        )
        found = []
        for status in current:
            candidate = self._candidate(status)
            if candidate is not None:
                found.append(candidate)
        return found

    def _candidate(self, status: LegalStatus) -> Candidate | None:
        person = status.person
        newer = person.statuses.filter(valid_from__gt=status.valid_from).exists()
        member = HouseholdMember.objects.filter(person=person, left_on__isnull=True).first()
        since = Responsibility.objects.filter(person=person, organisation=self.centre).first()
        if newer or member is None or since is None:
            return None
        if member.relationship not in (Relationship.HEAD, Relationship.SPOUSE):
            return None
        children = Person.objects.filter(
            household_memberships__household_id=member.household_id,
            household_memberships__left_on__isnull=True,
            household_memberships__relationship=Relationship.CHILD,
            birth_date__gt=_years_before(self.today, self.rules.school_age_until),
            birth_date__lte=_years_before(self.today, self.rules.school_age_from),
        ).order_by("birth_date", "pk")
        return Candidate(
            person=person,
            household_id=member.household_id,
            recognised_on=status.valid_from,
            registered_on=timezone.localdate(since.since),
            children=tuple(children),
        )

    def _choose(
        self, candidates: Sequence[Candidate], case: Case, assessed_on: date
    ) -> Candidate | None:
        starts_on = assessed_on + timedelta(days=START_AFTER)
        for candidate in candidates:
            if candidate.household_id in self.used or _name(candidate.person) in self.names:
                continue
            if max(candidate.recognised_on, candidate.registered_on) > assessed_on:
                continue
            if case.children != bool(candidate.children):
                continue
            if programmes.eligibility_errors(
                programme=self.programme, person=candidate.person, day=starts_on
            ):
                continue
            return candidate
        return None

    # -- the story ------------------------------------------------------------

    def _play(self, case: Case, candidate: Candidate, assessed_on: date) -> None:
        assessment = self._assess(case, candidate, assessed_on)
        if case.stage == ASSESSED:
            return
        starts_on = assessed_on + timedelta(days=START_AFTER)
        drafted_on = min(assessed_on + timedelta(days=2), self.today)
        plan = plans.plan_create(
            actor=self.actor,
            person=candidate.person,
            programme=self.programme,
            starts_on=starts_on,
            assessment=assessment,
            suggested=tuple(
                s["kind"] for s in assessment.suggested if s["kind"] != K.SCHOOL_ENROLMENT
            ),
            now=self._at(drafted_on, 0),
        )
        self._add_measures(plan, candidate, drafted_on)
        if case.stage == DRAFT:
            return
        self._goals(plan, assessment, drafted_on)
        events = self._agreement(plan, starts_on)
        last_day = self.today
        if case.stage == CLOSED:
            last_day = self._closing_day(case, plan)
        lagging = self._lagging(case, plan) if case.lagging else set()
        events += self._measure_events(plan, last_day, lagging)
        events += self._reviews(case, plan, starts_on, last_day)
        if case.stage == CLOSED:
            events += self._closing(case, plan, last_day, lagging)
        events.sort(key=lambda e: (e.day, e.rank))
        steps: dict[date, int] = {}
        for event in events:
            steps[event.day] = steps.get(event.day, 0) + 1
            event.act(self._at(event.day, steps[event.day]))

    def _at(self, day: date, step: int) -> datetime:
        return _at(day, step, self.now)

    def _assess(self, case: Case, candidate: Candidate, assessed_on: date) -> Assessment:
        moment = self._at(assessed_on, 0)
        # The version in use that day (the latest, if all came later).
        version = [v for v in self.versions if v.published_at <= moment or v.version == 1][-1]
        return assessments.assessment_record(
            actor=self.actor,
            person=candidate.person,
            questionnaire_id=version.pk,
            answers=self._answers(case, candidate, version.version),
            now=moment,
        )

    def _answers(self, case: Case, candidate: Candidate, version: int) -> dict[str, object]:
        """What the person would answer, from what the registry knows of them."""
        rng, person = self.rng, candidate.person
        languages = {row.code: row.declared_level for row in Language.objects.filter(person=person)}
        romanian = languages.pop("ro", "none")
        years = sum(w.years for w in WorkExperience.objects.filter(person=person))
        answers: dict[str, object] = {
            "local_level": "C2" if romanian == "native" else romanian,
            "other_languages": ", ".join(
                f"{_language_name(code)} ({'native' if level == 'native' else level})"
                for code, level in sorted(languages.items())
            ),
            "highest_level": self._education(person.education_level),
            "qualifications_to_recognise": Qualification.objects.filter(
                person=person, recognition=Recognition.NOT_REQUESTED
            ).exists(),
            "experience_years": min(round(years), 60),
            "working": bool(years) and rng.random() < 0.3,
            "housing_situation": rng.choices(
                ("rented", "shelter", "own", "homeless"), (60, 30, 5, 5)
            )[0],
            "children_out_of_school": len(candidate.children) if case.children else 0,
            "legal_help": rng.random() < 0.35,
        }
        if case.health:
            answers["screening_needed"] = rng.random() < 0.6
            answers["mental_health_support"] = rng.random() < 0.25
        if version >= 2:
            answers["digital_skills"] = rng.choices(("none", "basic", "good"), (30, 50, 20))[0]
        return answers

    def _education(self, isced: int | None) -> str:
        if isced is None:
            return self.rng.choice(("lower_secondary", "upper_secondary"))
        levels = ("none", "primary", "lower_secondary", "upper_secondary", "vocational")
        return levels[isced] if isced < len(levels) else "higher"

    def _add_measures(self, plan: Plan, candidate: Candidate, drafted_on: date) -> None:
        """What every plan in the programme holds besides the suggestions (the
        allowance asks for counselling), and a school place for each child."""
        moment = self._at(drafted_on, 1)
        start = plan.starts_on
        added = [
            plans.MeasureData(D.SOCIAL, K.GENERAL, "Social counselling", start + timedelta(90)),
            plans.MeasureData(
                D.CULTURE,
                K.CIVIC_ORIENTATION,
                "Cultural accommodation sessions",
                start + timedelta(120),
            ),
        ]
        added += [
            plans.MeasureData(
                D.EDUCATION,
                K.SCHOOL_ENROLMENT,
                f"School enrolment: {child.given_name_latin}",
                start + timedelta(30),
                responsible=SCHOOLS,
                beneficiary=child.public_id,
            )
            for child in candidate.children
        ]
        for data in added:
            plans.measure_add(actor=self.actor, plan=plan, data=data, now=moment)

    def _goals(self, plan: Plan, assessment: Assessment, drafted_on: date) -> None:
        domains = [s["domain"] for s in assessment.suggested] + [D.SOCIAL]
        for domain in list(dict.fromkeys(domains))[:2]:
            plans.goal_add(
                actor=self.actor,
                plan=plan,
                domain=domain,
                text=GOALS[domain],
                now=self._at(drafted_on, 2),
            )

    def _agreement(self, plan: Plan, starts_on: date) -> list[Event]:
        how = self.rng.choice((AgreedHow.SIGNED, AgreedHow.SIGNED, AgreedHow.IN_PERSON))

        def agree(moment: datetime) -> None:
            plans.plan_agree(actor=self.actor, plan=plan, agreed_on=starts_on, how=how, now=moment)

        return [Event(starts_on, 0, agree)]

    def _closing_day(self, case: Case, plan: Plan) -> date:
        if case.closed_after is not None:
            return plan.starts_on + timedelta(days=case.closed_after)
        return min(plan.ends_on, self.today)

    def _lagging(self, case: Case, plan: Plan) -> set[int]:
        """One or two measures already due that the person has not done."""
        due = list(
            plan.measures.filter(due_on__lt=self.today)
            .exclude(kind=K.SCHOOL_ENROLMENT)
            .order_by("due_on", "pk")
            .values_list("pk", flat=True)
        )
        return set(due[: self.rng.randint(1, 2)])

    def _measure_events(self, plan: Plan, last_day: date, lagging: set[int]) -> list[Event]:
        events: list[Event] = []
        for measure in plan.measures.order_by("due_on", "pk"):
            events += self._measure_story(plan, measure, last_day, measure.pk in lagging)
        return events

    def _measure_story(
        self, plan: Plan, measure: Measure, last_day: date, late: bool
    ) -> list[Event]:
        """Running measures start soon after the plan, others near their date;
        a measure is done a little before it is due, unless it is late."""
        rng, start = self.rng, plan.starts_on
        events: list[Event] = []
        running = measure.kind in RUNNING_KINDS
        begun = start + timedelta(days=rng.randint(3, 14))
        if not running:
            begun = max(measure.due_on - timedelta(days=rng.randint(10, 25)), start)
        if begun <= last_day and (running or late or measure.due_on - self.today < timedelta(30)):
            events.append(self._move(plan, measure, begun, MeasureStatus.IN_PROGRESS))
        if late:
            return events
        finished = max(measure.due_on - timedelta(days=rng.randint(0, 20)), begun)
        if finished <= last_day and measure.due_on < self.today:
            events.append(self._move(plan, measure, finished, MeasureStatus.DONE))
        return events

    def _move(self, plan: Plan, measure: Measure, day: date, status: str) -> Event:
        evidence = EVIDENCE.get(measure.kind, "") if status == MeasureStatus.DONE else ""

        def move(moment: datetime) -> None:
            plans.measure_update(
                actor=self.actor,
                plan=plan,
                measure_id=measure.pk,
                status=status,
                evidence=evidence,
                done_on=day if status == MeasureStatus.DONE else None,
                now=moment,
            )

        return Event(day, 1 if status == MeasureStatus.IN_PROGRESS else 2, move)

    def _reviews(self, case: Case, plan: Plan, agreed_on: date, last_day: date) -> list[Event]:
        """Every review the programme asks for, but the last of a lagging case."""
        every = timedelta(days=self.programme.review_every_days)
        days = []
        day = agreed_on + every
        while day <= last_day:
            days.append(day)
            day += every
        if case.lagging and case.stage != CLOSED and days:
            days.pop()
        events = []
        for index, day in enumerate(days):
            late = case.lagging and index == len(days) - 1
            note = LATE_NOTE if late else REVIEW_NOTES[self.rng.randrange(len(REVIEW_NOTES))]
            events.append(Event(day, 3, self._review(plan, day, note)))
        return events

    def _review(self, plan: Plan, day: date, note: str) -> Callable[[datetime], object]:
        def review(moment: datetime) -> None:
            plans.review_record(actor=self.actor, plan=plan, reviewed_on=day, note=note, now=moment)

        return review

    def _closing(self, case: Case, plan: Plan, day: date, lagging: set[int]) -> list[Event]:
        """Late measures are marked not done, then the plan is closed."""

        def close(moment: datetime) -> None:
            for measure_id in sorted(lagging):
                plans.measure_update(
                    actor=self.actor,
                    plan=plan,
                    measure_id=measure_id,
                    status=MeasureStatus.NOT_DONE,
                    evidence="Stopped attending; not finished within the programme.",
                    now=moment,
                )
            plans.plan_close(
                actor=self.actor,
                plan=plan,
                outcome=case.outcome,
                note=CLOSING_NOTES[case.outcome],
                closed_on=day,
                now=moment,
            )

        return [Event(day, 4, close)]
