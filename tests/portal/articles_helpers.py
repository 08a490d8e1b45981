# ruff: noqa: RUF001  # texts in five scripts, on purpose
"""Articles for the rights-and-information tests: a short text on rights at work in
the portal's five languages, written by centre A's caseworker and published by
the coordinator (four eyes), and helpers to write and publish others."""

from __future__ import annotations

from integra.core.access import Actor, actor_for
from integra.core.models import User
from integra.portal.models import Article
from integra.portal.services import articles as services

WORK = {
    "en": services.TextData(
        "Your rights at work",
        "Every worker has a written contract and is paid at least the minimum wage.",
        "Before you start, your employer signs a written employment contract with you.\n\n"
        "Overtime is paid extra. Your employer may not keep your passport.",
    ),
    "ro": services.TextData(
        "Drepturile tale la locul de muncă",
        "Fiecare lucrător are un contract scris și primește cel puțin salariul minim.",
        "Înainte să începi, angajatorul semnează cu tine un contract individual de muncă "
        "în scris.\n\nOrele suplimentare se plătesc în plus. Angajatorul nu are voie să-ți "
        "păstreze pașaportul.",
    ),
    "ru": services.TextData(
        "Ваши права на работе",
        "У каждого работника есть письменный договор и зарплата не ниже минимальной.",
        "До начала работы работодатель подписывает с вами письменный трудовой договор.\n\n"
        "Сверхурочная работа оплачивается дополнительно. Работодатель не может забирать "
        "ваш паспорт.",
    ),
    "uk": services.TextData(
        "Ваші права на роботі",
        "Кожен працівник має письмовий договір і зарплату не нижче мінімальної.",
        "Перед початком роботи роботодавець підписує з вами письмовий трудовий договір.\n\n"
        "Понаднормова робота оплачується додатково. Роботодавець не може забирати ваш "
        "паспорт.",
    ),
    "ar": services.TextData(
        "حقوقك في العمل",
        "لكل عامل عقد مكتوب وأجر لا يقل عن الحد الأدنى للأجور.",
        "قبل أن تبدأ العمل، يوقّع صاحب العمل معك عقد عمل مكتوبًا.\n\n"
        "يُدفع أجر إضافي عن ساعات العمل الإضافية. لا يحق لصاحب العمل الاحتفاظ بجواز سفرك.",
    ),
}

FEES = services.TextData(
    "Recruitment fees",
    "You never pay to get a job.",
    "No agency may charge workers a fee for a job. If someone asks you to pay, do not pay.",
)


def actor(user: User) -> Actor:
    return actor_for(user)


def publish(publisher: Actor, article: Article, language: str, editor: Actor) -> None:
    translation = article.translations.get(language=language)
    services.translation_submit(actor=editor, translation=translation)
    services.translation_publish(actor=publisher, translation=translation)


def write(
    editor: Actor,
    publisher: Actor,
    *,
    slug: str,
    texts: dict[str, services.TextData],
    topic: str = "work_rights",
    country: str = "MD",
    source: str = "en",
    published: bool = True,
) -> Article:
    """An article in ``source`` then each other language of ``texts``, each sent for
    review and (if ``published``) published."""
    article = services.article_create(
        actor=editor,
        data=services.ArticleData(
            slug=slug, topic=topic, country=country, source_language=source, text=texts[source]
        ),
    )
    if published:
        publish(publisher, article, source, editor)
    for language, text in texts.items():
        if language == source:
            continue
        services.translation_save(actor=editor, article=article, language=language, text=text)
        if published:
            publish(publisher, article, language, editor)
    return article
