"""Every read of the rights-and-information articles (R22, R17, R23).

Readers, signed in or not, see published text only: the last published snapshot
of each translation, in their language where it is published, else in the
article's source language (``Reading.fallback``). Editors see every draft, the
review queue and which translations have fallen behind their source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Organisation
from integra.portal import textsearch
from integra.portal.models import (
    Article,
    ArticleStatus,
    ArticleTerm,
    ArticleTranslation,
    Topic,
)

MAX_QUERY = 200  # characters of a search string
MAX_HITS = 50
AUDIT_TYPE = "article"  # the audit entries of an article (see services.articles)


def languages() -> list[str]:
    """The portal's languages, in the order the settings give them."""
    return [code for code, _name in settings.LANGUAGES]


def reader_language(language: str | None) -> str:
    """A language the portal has (``pt-br`` → ``pt``), else the default."""
    code = (language or "").split("-")[0].lower()
    return code if code in languages() else settings.LANGUAGE_CODE


def current_country() -> str:
    """The country whose articles the portal shows (INTEGRA_PORTAL_COUNTRY)."""
    return str(settings.INTEGRA_PORTAL_COUNTRY).upper()


def default_country(*, actor: Actor) -> str:
    """The country a new article is for unless its editor says otherwise: the acting
    organisation's, else the portal's."""
    if actor.organisation_id is not None:
        country = (
            Organisation.objects.filter(pk=actor.organisation_id)
            .values_list("country", flat=True)
            .first()
        )
        if country:
            return str(country).upper()
    return current_country()


def topic_order() -> list[str]:
    return list(Topic.values)


def topic_label(topic: str) -> str:
    return str(dict(Topic.choices).get(topic, topic))


# --- Out of date -----------------------------------------------------------------------------


def source_of(article: Article, translations: Iterable[ArticleTranslation]) -> ArticleTranslation:
    for translation in translations:
        if translation.language == article.source_language:
            return translation
    raise NotFound(_("This article has no text in its source language."))  # pragma: no cover


def is_out_of_date(translation: ArticleTranslation, source: ArticleTranslation) -> bool:
    """For editors: the current text of a translation was made from a source revision
    older than the source's last published one."""
    if translation.language == source.language or source.published_revision is None:
        return False
    return (translation.source_revision or 0) < source.published_revision


def readers_see_out_of_date(translation: ArticleTranslation, source: ArticleTranslation) -> bool:
    """For readers: the published translation was made from a source revision older
    than the source's last published one."""
    if translation.language == source.language or source.published_revision is None:
        return False
    made_from = translation.published_source_revision
    return made_from is not None and made_from < source.published_revision


# --- Reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """An article as a reader sees it: one published text."""

    article: Article
    language: str  # of the text shown
    requested: str  # the reader's language
    title: str
    summary: str
    body: str
    published_at: datetime | None
    out_of_date: bool
    available: tuple[str, ...]  # languages with a published text, the portal's order

    @property
    def slug(self) -> str:
        return self.article.slug

    @property
    def topic(self) -> str:
        return self.article.topic

    @property
    def topic_label(self) -> str:
        return topic_label(self.article.topic)

    @property
    def source_language(self) -> str:
        return self.article.source_language

    @property
    def fallback(self) -> bool:
        """Shown in another language than the reader's: theirs is not published."""
        return self.language != self.requested


def _published(article: Article) -> dict[str, ArticleTranslation]:
    return {
        t.language: t
        for t in article.translations.all()
        if t.published_revision is not None and t.published_body
    }


def _reading(article: Article, *, requested: str, chosen: str | None = None) -> Reading | None:
    """The text of ``article`` for a reader of ``requested``: the chosen language if
    published, else the reader's, else the source language. None if unpublished."""
    published = _published(article)
    translation = (
        published.get(chosen or "")
        or published.get(requested)
        or published.get(article.source_language)
    )
    if translation is None:
        return None
    source = published.get(article.source_language)
    return Reading(
        article=article,
        language=translation.language,
        requested=requested,
        title=translation.published_title,
        summary=translation.published_summary,
        body=translation.published_body,
        published_at=translation.published_at,
        out_of_date=source is not None and readers_see_out_of_date(translation, source),
        available=tuple(code for code in languages() if code in published),
    )


def _with_translations(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.prefetch_related(
        Prefetch("translations", queryset=ArticleTranslation.objects.order_by("language", "id"))
    )


def _sort_key(reading: Reading) -> tuple[int, str, str]:
    order = topic_order()
    position = order.index(reading.topic) if reading.topic in order else len(order)
    return (position, reading.title.casefold(), reading.slug)


def article_list(*, language: str, country: str | None = None, topic: str = "") -> list[Reading]:
    """The published articles of a country (the portal's by default), in the
    reader's language where they can, by topic then title."""
    requested = reader_language(language)
    articles = Article.objects.filter(country=(country or current_country()).upper())
    if topic:
        articles = articles.filter(topic=topic)
    readings = [_reading(article, requested=requested) for article in _with_translations(articles)]
    return sorted((r for r in readings if r is not None), key=_sort_key)


@dataclass(frozen=True)
class TopicSection:
    topic: str
    label: str
    readings: list[Reading]


def topic_sections(*, language: str, country: str | None = None) -> list[TopicSection]:
    """Every topic, with its published articles (possibly none), in the topics' order."""
    readings = article_list(language=language, country=country)
    return [
        TopicSection(topic, str(label), [r for r in readings if r.topic == topic])
        for topic, label in Topic.choices
    ]


def topic_get(*, topic: str) -> str:
    if topic not in Topic.values:
        raise NotFound(_("There is no such topic."))
    return topic


def article_read(*, slug: str, language: str, chosen: str | None = None) -> Reading:
    """A published article for a reader of ``language``; ``chosen`` asks for the text
    in one language (a link to the source language's version, say)."""
    article = _with_translations(Article.objects.filter(slug=slug)).first()
    reading = None
    if article is not None:
        wanted = chosen if chosen in languages() else None
        reading = _reading(article, requested=reader_language(language), chosen=wanted)
    if reading is None:
        raise NotFound(_("There is no published article at this address."))
    return reading


# --- Search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    reading: Reading
    matched: int  # how many of the query's terms the text has
    score: int  # their summed weight


@dataclass(frozen=True)
class SearchResults:
    query: str
    language: str  # the reader's
    terms: list[str]  # the query's terms in the reader's language
    hits: list[Hit] = field(default_factory=list)
    fallback: bool = False  # nothing in the reader's language: found in the others


def _clean_query(query: str) -> str:
    text = query.strip()
    if "\x00" in text:
        raise ValidationFailed(
            _("The search contains a character that cannot be searched for."),
            field_errors={"q": [_("Remove the invisible control character.")]},
        )
    if len(text) > MAX_QUERY:
        message = _(
            "Search for at most %(limit)s characters: a few words work best (this has %(count)s)."
        ) % {"limit": MAX_QUERY, "count": len(text)}
        raise ValidationFailed(_("The search is too long."), field_errors={"q": [message]})
    if not text:
        raise ValidationFailed(
            _("Nothing to search for."),
            field_errors={"q": [_("Type one or more words to search for.")]},
        )
    return text


def _matches(
    text: str, search_languages: Iterable[str], country: str
) -> list[tuple[int, int, int]]:
    rows: list[tuple[int, str, int]] = []
    for language in search_languages:
        terms = textsearch.query_terms(text, language)
        if not terms:
            continue
        rows.extend(
            ArticleTerm.objects.filter(
                language=language,
                term__in=terms,
                translation__published_revision__isnull=False,
                translation__article__country=country,
            )
            .order_by("translation_id", "term")
            .values_list("translation_id", "term", "weight")
        )
    return textsearch.rank(rows)


def _hits(ranked: list[tuple[int, int, int]], *, requested: str) -> list[Hit]:
    # One hit per article, and an article has one text per language at most.
    ranked = ranked[: MAX_HITS * len(languages())]
    found = {
        pk: (language, article_id)
        for pk, language, article_id in ArticleTranslation.objects.filter(
            pk__in=[pk for pk, _matched, _score in ranked]
        ).values_list("pk", "language", "article_id")
    }
    wanted = Article.objects.filter(pk__in={article for _language, article in found.values()})
    articles = {a.pk: a for a in _with_translations(wanted)}
    hits: list[Hit] = []
    seen: set[int] = set()
    for pk, matched, score in ranked:
        if pk not in found or found[pk][1] in seen:
            continue  # one hit per article: its best-matching language
        language, article_id = found[pk]
        seen.add(article_id)
        reading = _reading(articles[article_id], requested=requested, chosen=language)
        if reading is not None and reading.language == language:
            hits.append(Hit(reading, matched, score))
        if len(hits) == MAX_HITS:
            break
    return hits


def article_search(*, query: str, language: str, country: str | None = None) -> SearchResults:
    """Published articles whose words match the query's, ranked by how many of the
    query's words they have, then by their weight (a title counts more). Searched in
    the reader's language first; if nothing matches there, in the other languages."""
    text = _clean_query(query)
    requested = reader_language(language)
    country = (country or current_country()).upper()
    terms = textsearch.query_terms(text, requested)
    hits = _hits(_matches(text, [requested], country), requested=requested)
    if hits:
        return SearchResults(text, requested, terms, hits)
    others = [code for code in languages() if code != requested]
    hits = _hits(_matches(text, others, country), requested=requested)
    return SearchResults(text, requested, terms, hits, fallback=bool(hits))


# --- Editors ----------------------------------------------------------------------------------


def can_edit(*, actor: Actor) -> bool:
    return access.can_edit_articles(actor)


def can_see_drafts(*, actor: Actor) -> bool:
    return access.can_see_article_drafts(actor)


def may_publish(*, actor: Actor, translation: ArticleTranslation) -> bool:
    """Publishing and returning to draft: four eyes (integra.core.access)."""
    return access.can_publish_articles(actor, last_editor_id=translation.edited_by_id)


def guard_drafts(actor: Actor) -> None:
    if not can_see_drafts(actor=actor):
        raise PermissionDenied(
            _("Rights information is written by the coordinating authority and counselling staff.")
        )


@dataclass(frozen=True)
class Cell:
    """One language of an article on the editors' board."""

    language: str
    translation: ArticleTranslation | None
    is_source: bool
    out_of_date: bool  # the current text lags behind the published source
    readers_see_out_of_date: bool  # the published text does

    @property
    def status(self) -> str:
        return self.translation.status if self.translation else ""

    @property
    def status_label(self) -> str:
        if self.translation is None:
            return _("Not translated")
        return str(dict(ArticleStatus.choices)[self.translation.status])

    @property
    def has_published(self) -> bool:
        return self.translation is not None and self.translation.published_revision is not None


@dataclass(frozen=True)
class BoardRow:
    article: Article
    cells: list[Cell]

    @property
    def topic_label(self) -> str:
        return topic_label(self.article.topic)


def _cells(article: Article) -> list[Cell]:
    by_language = {t.language: t for t in article.translations.all()}
    source = by_language.get(article.source_language)
    cells = []
    for language in languages():
        translation = by_language.get(language)
        behind = seen_behind = False
        if translation is not None and source is not None:
            behind = is_out_of_date(translation, source)
            seen_behind = readers_see_out_of_date(translation, source)
        cells.append(
            Cell(language, translation, language == article.source_language, behind, seen_behind)
        )
    return cells


@dataclass(frozen=True)
class BoardFilters:
    country: str = ""
    status: str = ""  # rows with a translation in this status
    topic: str = ""


def editorial_board(*, actor: Actor, filters: BoardFilters | None = None) -> list[BoardRow]:
    """Every article in every language: status, and out-of-date markers."""
    guard_drafts(actor)
    filters = filters or BoardFilters()
    articles = Article.objects.select_related("organisation").prefetch_related("translations")
    if filters.country:
        articles = articles.filter(country=filters.country.upper())
    if filters.topic:
        articles = articles.filter(topic=filters.topic)
    if filters.status:
        articles = articles.filter(translations__status=filters.status).distinct()
    rows = [
        BoardRow(article, _cells(article))
        for article in articles.order_by("country", "topic", "slug", "id")
    ]
    order = topic_order()
    return sorted(
        rows,
        key=lambda r: (
            r.article.country,
            order.index(r.article.topic) if r.article.topic in order else len(order),
            r.article.slug,
        ),
    )


def board_countries() -> list[str]:
    return sorted(set(Article.objects.values_list("country", flat=True)))


def article_get(*, actor: Actor, slug: str) -> Article:
    guard_drafts(actor)
    article = (
        Article.objects.select_related("organisation")
        .prefetch_related("translations")
        .filter(slug=slug)
        .first()
    )
    if article is None:
        raise NotFound(_("There is no article at this address."))
    return article


def article_board_row(*, actor: Actor, slug: str) -> BoardRow:
    article = article_get(actor=actor, slug=slug)
    return BoardRow(article, _cells(article))


@dataclass(frozen=True)
class Event:
    """A step in a translation's editorial history (from the audit log)."""

    at: datetime
    action: str
    who: str
    revision: int | None
    note: str

    @property
    def label(self) -> str:
        return {
            "article.create": _("Created"),
            "article.translation.create": _("Translated"),
            "article.translation.edit": _("Edited"),
            "article.submit": _("Submitted for review"),
            "article.publish": _("Published"),
            "article.return": _("Returned to draft"),
        }.get(self.action, self.action)


@dataclass(frozen=True)
class Desk:
    """One translation on an editor's desk, or the place for one not yet written."""

    article: Article
    language: str
    translation: ArticleTranslation | None
    source: ArticleTranslation
    out_of_date: bool
    readers_see_out_of_date: bool
    history: list[Event]

    @property
    def is_source(self) -> bool:
        return self.language == self.article.source_language

    @property
    def return_note(self) -> str:
        """The reviewer's note, while the text is back in draft because of it."""
        if self.translation is None or self.translation.status != ArticleStatus.DRAFT:
            return ""
        for event in self.history:  # newest first
            if event.action == "article.return":
                return event.note
            if event.action in {"article.translation.edit", "article.submit"}:
                return ""
        return ""


def _history(article: Article, language: str) -> list[Event]:
    entries = AuditEntry.objects.filter(object_type=AUDIT_TYPE, object_id=str(article.pk)).order_by(
        "-at", "-id"
    )
    events = []
    for entry in entries:
        data = entry.data if isinstance(entry.data, dict) else {}
        if data.get("language") != language:
            continue
        revision = data.get("revision")
        events.append(
            Event(
                at=entry.at,
                action=entry.action,
                who=entry.actor_label,
                revision=revision if isinstance(revision, int) else None,
                note=str(data.get("note", "")),
            )
        )
    return events


def desk_get(*, actor: Actor, slug: str, language: str) -> Desk:
    """A translation with its source, status and history, for its editors."""
    article = article_get(actor=actor, slug=slug)
    if language not in languages():
        raise NotFound(_("The portal has no such language."))
    translations = list(article.translations.all())
    source = source_of(article, translations)
    translation = next((t for t in translations if t.language == language), None)
    return Desk(
        article=article,
        language=language,
        translation=translation,
        source=source,
        out_of_date=translation is not None and is_out_of_date(translation, source),
        readers_see_out_of_date=translation is not None
        and readers_see_out_of_date(translation, source),
        history=_history(article, language),
    )


def translation_get(*, actor: Actor, slug: str, language: str) -> ArticleTranslation:
    desk = desk_get(actor=actor, slug=slug, language=language)
    if desk.translation is None:
        raise NotFound(_("This article has no text in this language yet."))
    return desk.translation
