"""The rights-and-information API (R22, R17, R23): published articles and their
search, open to everyone without signing in; the editorial workflow (write,
translate, send for review, publish, return to draft) for editors."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.throttling import AnonRateThrottle

from integra.core.api import ERRORS, request_actor
from integra.core.errors import NotFound
from integra.portal.schemas.articles import (
    LANGUAGE,
    SLUG,
    ArticleIn,
    ArticleListQuery,
    ArticleOut,
    ArticleReadQuery,
    ArticleStatusOut,
    ReadingOut,
    ReturnIn,
    SearchOut,
    SearchQuery,
    TextIn,
    TranslationOut,
)
from integra.portal.selectors import articles as selectors
from integra.portal.services import articles as services

router = Router()

Slug = Annotated[str, Path(max_length=80, pattern=SLUG)]
Language = Annotated[str, Path(max_length=3, pattern=LANGUAGE)]

READERS = ["rights information"]
EDITORS = ["rights information: editors"]

# Anyone may read and search, without signing in: per client address.
READ_RATE = "120/m"
# Without sign-in there is nothing to refuse: no 401, 403 or 409.
PUBLIC_ERRORS: dict[int, Any] = {status: ERRORS[status] for status in (400, 404, 422, 429)}


def _language(asked: str) -> str:
    """The language asked for, else the request's (Accept-Language, the cookie)."""
    return selectors.reader_language(asked or get_language())


def _reading(reading: selectors.Reading, **more: object) -> dict[str, object]:
    return {
        "slug": reading.slug,
        "topic": reading.topic,
        "topic_label": reading.topic_label,
        "country": reading.article.country,
        "language": reading.language,
        "requested_language": reading.requested,
        "fallback": reading.fallback,
        "out_of_date": reading.out_of_date,
        "source_language": reading.source_language,
        "available_languages": list(reading.available),
        "title": reading.title,
        "summary": reading.summary,
        "published_at": reading.published_at,
        **more,
    }


def _status(row: selectors.BoardRow) -> dict[str, object]:
    return {
        "slug": row.article.slug,
        "topic": row.article.topic,
        "country": row.article.country,
        "source_language": row.article.source_language,
        "organisation": row.article.organisation.code,
        "translations": [
            {
                "language": cell.language,
                "status": cell.status,
                "is_source": cell.is_source,
                "revision": cell.translation.revision if cell.translation else None,
                "published_revision": (
                    cell.translation.published_revision if cell.translation else None
                ),
                "out_of_date": cell.out_of_date,
                "readers_see_out_of_date": cell.readers_see_out_of_date,
            }
            for cell in row.cells
        ],
    }


def _translation(request: HttpRequest, slug: str, language: str) -> dict[str, object]:
    desk = selectors.desk_get(actor=request_actor(request), slug=slug, language=language)
    translation = desk.translation
    if translation is None:
        raise NotFound(_("This article has no text in this language yet."))
    return {
        "slug": desk.article.slug,
        "language": translation.language,
        "is_source": desk.is_source,
        "status": translation.status,
        "revision": translation.revision,
        "source_revision": translation.source_revision,
        "title": translation.title,
        "summary": translation.summary,
        "body": translation.body,
        "edited_by": translation.edited_by.username,
        "edited_at": translation.edited_at,
        "published_revision": translation.published_revision,
        "published_source_revision": translation.published_source_revision,
        "published_at": translation.published_at,
        "out_of_date": desk.out_of_date,
        "readers_see_out_of_date": desk.readers_see_out_of_date,
        "return_note": desk.return_note,
    }


# --- Readers ------------------------------------------------------------------------------


@router.get(
    "/articles",
    auth=None,
    throttle=[AnonRateThrottle(READ_RATE)],
    response={200: list[ReadingOut], **PUBLIC_ERRORS},
    tags=READERS,
    summary="Published articles of a country, by topic (public: no sign-in)",
    description=(
        "Each article once, in `language` where it is published there, else in its "
        "source language (`fallback: true`). By default the portal's country and the "
        "request's language (`Accept-Language`). Limited to 120 requests a minute per "
        "address."
    ),
)
def article_list(request: HttpRequest, filters: Query[ArticleListQuery]) -> object:
    readings = selectors.article_list(
        language=_language(filters.language),
        country=filters.country or None,
        topic=filters.topic,
    )
    return [_reading(r) for r in readings]


@router.get(
    "/articles/search",
    auth=None,
    throttle=[AnonRateThrottle(READ_RATE)],
    response={200: SearchOut, **PUBLIC_ERRORS},
    tags=READERS,
    summary="Search the published articles (public: no sign-in)",
    description=(
        "Words are matched whatever their inflection (stemming for English, Romanian, "
        "Russian and Arabic; a light suffix stripping for Ukrainian) and with or without "
        "diacritics. Searched in `language` first; if nothing matches there, in the other "
        "languages (`fallback: true`). At most 200 characters (422 naming `q`); at most "
        "50 results, best first."
    ),
)
def article_search(request: HttpRequest, filters: Query[SearchQuery]) -> object:
    results = selectors.article_search(
        query=filters.q, language=_language(filters.language), country=filters.country or None
    )
    return {
        "query": results.query,
        "language": results.language,
        "fallback": results.fallback,
        "results": [
            _reading(hit.reading, matched=hit.matched, score=hit.score) for hit in results.hits
        ],
    }


@router.get(
    "/articles/{slug}",
    auth=None,
    throttle=[AnonRateThrottle(READ_RATE)],
    response={200: ArticleOut, **PUBLIC_ERRORS},
    tags=READERS,
    summary="One published article, in the reader's language (public: no sign-in)",
    description=(
        "In `language` if published there, else in the article's source language "
        "(`fallback: true`). `out_of_date: true`: the translation was made from an older "
        "version of the source text; the source language's text is current. Never a draft: "
        "an article with nothing published is 404."
    ),
)
def article_read(request: HttpRequest, slug: Slug, filters: Query[ArticleReadQuery]) -> object:
    reading = selectors.article_read(slug=slug, language=_language(filters.language))
    return _reading(reading, body=reading.body)


# --- Editors ------------------------------------------------------------------------------


@router.get(
    "/editorial/articles",
    response={200: list[ArticleStatusOut], **ERRORS},
    tags=EDITORS,
    summary="Every article in every language: status and out-of-date markers (editors)",
)
def editorial_board(request: HttpRequest) -> object:
    return [_status(row) for row in selectors.editorial_board(actor=request_actor(request))]


@router.post(
    "/articles",
    response={201: ArticleStatusOut, **ERRORS},
    tags=EDITORS,
    summary="Write a new article, in its source language (editors)",
    description=(
        "The text is saved as a draft (revision 1). A missing title, summary or text, "
        "or HTML, is 422 naming the field; an address already taken is 409."
    ),
)
def article_create(request: HttpRequest, payload: ArticleIn) -> Status[object]:
    actor = request_actor(request)
    article = services.article_create(
        actor=actor,
        data=services.ArticleData(
            slug=payload.slug,
            topic=payload.topic,
            country=payload.country,
            source_language=payload.source_language,
            text=services.TextData(payload.title, payload.summary, payload.body),
        ),
    )
    return Status(201, _status(selectors.article_board_row(actor=actor, slug=article.slug)))


@router.get(
    "/articles/{slug}/translations/{language}",
    response={200: TranslationOut, **ERRORS},
    tags=EDITORS,
    summary="An article's current text in one language, draft or not (editors)",
)
def translation_get(request: HttpRequest, slug: Slug, language: Language) -> object:
    return _translation(request, slug, language)


@router.put(
    "/articles/{slug}/translations/{language}",
    response={200: TranslationOut, **ERRORS},
    tags=EDITORS,
    summary="Write the article in one language: a translation or a new revision (editors)",
    description=(
        "Saved as a draft, as the next revision; a translation records the source revision "
        "it was made from. A published text stays readable until the new revision is "
        "published. A text in review cannot change (409)."
    ),
)
def translation_put(
    request: HttpRequest, slug: Slug, language: Language, payload: TextIn
) -> object:
    actor = request_actor(request)
    services.translation_save(
        actor=actor,
        article=selectors.article_get(actor=actor, slug=slug),
        language=language,
        text=services.TextData(payload.title, payload.summary, payload.body),
    )
    return _translation(request, slug, language)


@router.post(
    "/articles/{slug}/translations/{language}/submit",
    response={200: TranslationOut, **ERRORS},
    tags=EDITORS,
    summary="Send a draft for review (editors)",
)
def translation_submit(request: HttpRequest, slug: Slug, language: Language) -> object:
    actor = request_actor(request)
    services.translation_submit(
        actor=actor,
        translation=selectors.translation_get(actor=actor, slug=slug, language=language),
    )
    return _translation(request, slug, language)


@router.post(
    "/articles/{slug}/translations/{language}/publish",
    response={200: TranslationOut, **ERRORS},
    tags=EDITORS,
    summary="Publish a text in review (the coordinating authority; never its last editor)",
    description=(
        "Readers see it and search finds it from now on. A translation waits for its "
        "source text to be published (409)."
    ),
)
def translation_publish(request: HttpRequest, slug: Slug, language: Language) -> object:
    actor = request_actor(request)
    services.translation_publish(
        actor=actor,
        translation=selectors.translation_get(actor=actor, slug=slug, language=language),
    )
    return _translation(request, slug, language)


@router.post(
    "/articles/{slug}/translations/{language}/return",
    response={200: TranslationOut, **ERRORS},
    tags=EDITORS,
    summary="Return a text in review to draft, with a note (the coordinating authority)",
)
def translation_return(
    request: HttpRequest, slug: Slug, language: Language, payload: ReturnIn
) -> object:
    actor = request_actor(request)
    services.translation_return(
        actor=actor,
        translation=selectors.translation_get(actor=actor, slug=slug, language=language),
        note=payload.note,
    )
    return _translation(request, slug, language)
