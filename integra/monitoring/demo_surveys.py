"""Demo survey (R25): "Your experience of our services", written by the demo
coordinator through the services in the portal's five languages and opened
six months ago, with four questions (two on satisfaction, one on experienced
discrimination, one that feeds no indicator), and the answers of some 600
people of the registry spread over the six months since (written in bulk, in
their languages, with plausible answers).

The portal's demo migrant ("migrant") is never among those who answered, so she
can answer it herself in the portal: the persons who could become her (the
women with an agreed plan at the Chișinău centre, whom the portal's demo picks
from, and anyone with a portal account) are left out.

Idempotent: the survey is written once; the answers are added only while it
has none.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from integra.core import audit
from integra.core.access import actor_for
from integra.core.models import User
from integra.monitoring.models import Survey, SurveyAnswer, SurveyResponse
from integra.monitoring.services import surveys as services
from integra.monitoring.services.surveys import QuestionData, SurveyData

CODE = "your-experience"
RESPONDENTS = 600
DAYS = 182
SEED = 25
# The centre whose women with an agreed plan the portal's demo picks its migrant from.
MIGRANT_CENTRE = "ic-chisinau"

SURVEY = SurveyData(
    code=CODE,
    title={
        "en": "Your experience of our services",
        "ro": "Experiența dumneavoastră cu serviciile noastre",
        "ru": "Ваш опыт получения наших услуг",
        "uk": "Ваш досвід отримання наших послуг",
        "ar": "تجربتك مع خدماتنا",
    },
    introduction={
        "en": (
            "Four short questions about the help you received. Every question is "
            "optional. Your answers are only used in statistics that never show "
            "anyone's answers."
        ),
        "ro": (
            "Patru întrebări scurte despre ajutorul pe care l-ați primit. Fiecare "
            "întrebare este opțională. Răspunsurile dumneavoastră sunt folosite doar în "
            "statistici care nu arată niciodată răspunsurile cuiva."
        ),
        "ru": (
            "Четыре коротких вопроса о помощи, которую вы получили. На любой вопрос "
            "можно не отвечать. Ваши ответы используются только в статистике, которая "
            "никогда не показывает ничьих ответов."
        ),
        "uk": (
            "Чотири короткі запитання про допомогу, яку ви отримали. На будь-яке "
            "запитання можна не відповідати. Ваші відповіді використовуються лише в "
            "статистиці, яка ніколи не показує нічиїх відповідей."
        ),
        "ar": (
            "أربعة أسئلة قصيرة عن المساعدة التي تلقيتها. كل سؤال اختياري. تُستخدم "
            "إجاباتك فقط في إحصاءات لا تُظهر أبدًا إجابات أي شخص."
        ),
    },
)

QUESTIONS = [
    QuestionData(
        kind="scale",
        feeds="satisfaction",
        text={
            "en": "How satisfied are you with the help you received at the integration centre?",
            "ro": "Cât de mulțumit(ă) sunteți de ajutorul primit la centrul de integrare?",
            "ru": "Насколько вы довольны помощью, которую получили в центре интеграции?",
            "uk": "Наскільки ви задоволені допомогою, яку отримали в центрі інтеграції?",
            "ar": "ما مدى رضاك عن المساعدة التي تلقيتها في مركز الاندماج؟",
        },
    ),
    QuestionData(
        kind="scale",
        feeds="satisfaction",
        text={
            "en": "How satisfied are you with the information you received in your language?",
            "ro": "Cât de mulțumit(ă) sunteți de informațiile primite în limba dumneavoastră?",
            "ru": "Насколько вы довольны информацией, полученной на вашем языке?",
            "uk": "Наскільки ви задоволені інформацією, отриманою вашою мовою?",
            "ar": "ما مدى رضاك عن المعلومات التي تلقيتها بلغتك؟",
        },
    ),
    QuestionData(
        kind="yes_no",
        feeds="discrimination",
        text={
            "en": (
                "In the last 12 months, were you treated unfairly or discriminated "
                "against because you are a migrant?"
            ),
            "ro": (
                "În ultimele 12 luni, ați fost tratat(ă) nedrept sau discriminat(ă) "
                "pentru că sunteți migrant(ă)?"
            ),
            "ru": (
                "За последние 12 месяцев относились ли к вам несправедливо или "
                "дискриминировали ли вас из-за того, что вы мигрант?"
            ),
            "uk": (
                "Чи протягом останніх 12 місяців до вас ставилися несправедливо або "
                "дискримінували вас через те, що ви мігрант?"
            ),
            "ar": (
                "خلال الأشهر الاثني عشر الماضية، هل عوملت معاملة غير عادلة أو تعرضت "
                "للتمييز لأنك مهاجر؟"
            ),
        },
    ),
    QuestionData(
        kind="scale",
        feeds="",
        text={
            "en": "How satisfied are you with the opening hours and the waiting times?",
            "ro": "Cât de mulțumit(ă) sunteți de programul de lucru și de timpul de așteptare?",
            "ru": "Насколько вы довольны часами работы и временем ожидания?",
            "uk": "Наскільки ви задоволені графіком роботи та часом очікування?",
            "ar": "ما مدى رضاك عن ساعات العمل وأوقات الانتظار؟",
        },
    ),
]

# How people answer (weights of 1..5 on a scale; the share saying yes).
SCALES = {
    0: (5, 9, 20, 41, 25),
    1: (7, 13, 24, 36, 20),
    3: (12, 20, 30, 26, 12),
}
DISCRIMINATION_YES = 0.18
SKIP = 0.06  # the share of questions left unanswered
LANGUAGES = ("uk", "ru", "ro", "ar", "en")
LANGUAGE_WEIGHTS = (30, 25, 20, 15, 10)


def _survey() -> tuple[Survey | None, str]:
    survey = Survey.objects.filter(code=CODE).first()
    if survey is not None:
        return survey, ""
    user = User.objects.filter(username="coordinator").first()
    if user is None:
        return None, "Surveys: skipped (no demo user 'coordinator')."
    coordinator = actor_for(user)
    opened = timezone.now() - timedelta(days=DAYS + 3)
    survey = services.survey_create(actor=coordinator, data=SURVEY, now=opened)
    for question in QUESTIONS:
        services.question_add(actor=coordinator, survey=survey, data=question, now=opened)
    return services.survey_open(actor=coordinator, survey=survey, now=opened), ""


def _respondents(rng: random.Random) -> list[int]:
    """About 600 people of the registry, never one who has (or, as the portal's
    demo migrant, may get) a portal account."""
    person = apps.get_model("people", "Person")  # the registry's table, by name
    plan = apps.get_model("plans", "Plan")
    candidates = plan.objects.filter(
        organisation__code=MIGRANT_CENTRE, status="agreed", person__sex="female"
    ).values("person_id")
    ids = list(
        person.objects.filter(merged_into__isnull=True, portal_account__isnull=True)
        .exclude(pk__in=candidates)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sorted(rng.sample(ids, min(RESPONDENTS, len(ids))))


def _answer(rng: random.Random, position: int) -> int | None:
    if rng.random() < SKIP:
        return None
    if position == 2:
        return 1 if rng.random() < DISCRIMINATION_YES else 0
    return rng.choices(range(1, 6), weights=SCALES[position])[0]


def load() -> str:
    with transaction.atomic():
        survey, skipped = _survey()
        if survey is None:
            return skipped
        if SurveyResponse.objects.filter(survey=survey).exists():
            return (
                "Surveys: already loaded "
                f"({SurveyResponse.objects.filter(survey=survey).count()} responses)."
            )
        rng = random.Random(SEED)
        people = _respondents(rng)
        if not people:
            return "Surveys: the survey is open; no registry to answer it yet."
        now = timezone.now()
        SurveyResponse.objects.bulk_create(
            (
                SurveyResponse(
                    survey=survey,
                    person_id=person_id,
                    language=rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0],
                    submitted_at=now - timedelta(minutes=rng.randrange(DAYS * 24 * 60)),
                )
                for person_id in people
            ),
            batch_size=500,
        )
        questions = list(survey.questions.order_by("position", "id"))
        answers: list[SurveyAnswer] = []
        responses = SurveyResponse.objects.filter(survey=survey).order_by("pk")
        for response_id in responses.values_list("pk", flat=True):
            values = [(q, _answer(rng, i)) for i, q in enumerate(questions)]
            if all(v is None for _, v in values):
                values[0] = (questions[0], 4)  # everyone answered at least one
            answers.extend(
                SurveyAnswer(response_id=response_id, question=q, value=v)
                for q, v in values
                if v is not None
            )
        SurveyAnswer.objects.bulk_create(answers, batch_size=2000)
        audit.record(
            actor=None,
            actor_label="integra demo",
            action="survey.demo_answers",
            object_type="survey",
            object_id=CODE,
            purpose="demonstration",
            data={"responses": len(people)},
        )
    return f"Surveys: '{CODE}' open, with {len(people)} responses over six months."
