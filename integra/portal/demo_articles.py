"""Demo rights and information for Moldova: one article per topic, written in
English by the Chișinău integration centre's caseworker, translated by the
refugee NGO's partner and published by the bureau's coordinator (four eyes),
through the services, over the last three months.

Every article is published in English, Romanian and Russian; the articles on
rights at work, how to complain, recruitment fees, sending money home and social
security also in Ukrainian and Arabic, and the one on residence in Ukrainian.
The remittances article was revised after its Ukrainian translation was made
(a paragraph on keeping the receipt): that translation shows as out of date,
to editors and readers. A second revision of the housing article waits in
review. The texts live in integra/portal/demo_rights/, one module per language;
loaded once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models, transaction
from django.utils import timezone

from integra.core.access import Actor, actor_for
from integra.core.models import User
from integra.portal.demo_rights import ar, en, ro, ru, uk
from integra.portal.models import Article, ArticleStatus, ArticleTranslation, Topic
from integra.portal.services import articles as services

EDITOR = "caseworker"  # Maria Lungu, Integration Centre Chișinău
TRANSLATOR = "partner"  # Victor Munteanu, Charity Centre for Refugees
PUBLISHER = "coordinator"  # Ion Ceban, Bureau for Migration and Asylum
COUNTRY = "MD"
TRANSLATIONS = {"ro": ro.TEXTS, "ru": ru.TEXTS, "uk": uk.TEXTS, "ar": ar.TEXTS}
Text = tuple[str, str, str]


def slug_of(topic: str) -> str:
    return "md-" + topic.replace("_", "-")


def _text(text: Text) -> services.TextData:
    """The body's paragraphs, each unwrapped onto one line (the modules wrap them)."""
    title, summary, body = text
    paragraphs = (" ".join(p.split()) for p in body.strip().split("\n\n"))
    return services.TextData(title, summary, "\n\n".join(paragraphs))


class _Loader:
    def __init__(self, editor: Actor, translator: Actor, publisher: Actor, now: datetime):
        self.editor, self.translator, self.publisher = editor, translator, publisher
        self.clock = now - timedelta(days=90)

    def tick(self, hours: int = 3) -> datetime:
        self.clock += timedelta(hours=hours)
        return self.clock

    def review(self, article: Article, language: str, author: Actor, *, publish: bool) -> None:
        translation = ArticleTranslation.objects.get(article=article, language=language)
        services.translation_submit(actor=author, translation=translation, now=self.tick(1))
        if publish:
            services.translation_publish(
                actor=self.publisher, translation=translation, now=self.tick(20)
            )

    def translate(self, article: Article, language: str, text: Text) -> None:
        services.translation_save(
            actor=self.translator,
            article=article,
            language=language,
            text=_text(text),
            now=self.tick(),
        )
        self.review(article, language, self.translator, publish=True)

    def revise(self, article: Article, text: Text, *, publish: bool) -> None:
        services.translation_save(
            actor=self.editor,
            article=article,
            language=article.source_language,
            text=_text(text),
            now=self.tick(),
        )
        self.review(article, article.source_language, self.editor, publish=publish)

    def article(self, topic: str) -> Article:
        article = services.article_create(
            actor=self.editor,
            data=services.ArticleData(
                slug=slug_of(topic), topic=topic, country=COUNTRY, text=_text(en.TEXTS[topic])
            ),
            now=self.tick(),
        )
        self.review(article, "en", self.editor, publish=True)
        languages = [code for code, texts in TRANSLATIONS.items() if topic in texts]
        if topic == Topic.REMITTANCES:
            # Translated into Ukrainian from the first revision, then revised.
            self.translate(article, "uk", TRANSLATIONS["uk"][topic])
            languages.remove("uk")
            self.revise(article, en.REMITTANCES_REVISED, publish=True)
        for language in languages:
            self.translate(article, language, TRANSLATIONS[language][topic])
        if topic == Topic.HOUSING:
            self.revise(article, en.HOUSING_REVISED, publish=False)
        return article


@transaction.atomic
def load() -> str:
    """Writes and publishes the articles (once, when the core demo's users are there)."""
    users = {
        u.username: u for u in User.objects.filter(username__in=[EDITOR, TRANSLATOR, PUBLISHER])
    }
    if len(users) < 3:
        return "Rights articles: no editors to write them (the core demo loads them)."
    if Article.objects.filter(slug=slug_of(Topic.WORK_RIGHTS)).exists():
        return f"Rights articles: already loaded ({_summary()})."
    loader = _Loader(
        actor_for(users[EDITOR]),
        actor_for(users[TRANSLATOR]),
        actor_for(users[PUBLISHER]),
        timezone.now(),
    )
    for topic in Topic.values:
        loader.article(topic)
    return f"Rights articles: {_summary()}."


def _summary() -> str:
    articles = Article.objects.filter(country=COUNTRY, slug__startswith="md-")
    texts = ArticleTranslation.objects.filter(article__in=articles)
    published = texts.filter(published_revision__isnull=False)
    languages = sorted(set(published.values_list("language", flat=True)))
    in_review = texts.filter(status=ArticleStatus.REVIEW).count()
    sources = {
        t.article_id: t.published_revision
        for t in published.filter(language=models.F("article__source_language"))
    }
    behind = sum(
        1
        for t in published
        if t.language != "en"
        and t.published_source_revision is not None
        and t.published_source_revision < (sources.get(t.article_id) or 0)
    )
    return (
        f"{articles.count()} articles for Moldova, {published.count()} texts published in "
        f"{len(languages)} languages ({', '.join(languages)}), {behind} translation out of "
        f"date, {in_review} revision in review"
    )
