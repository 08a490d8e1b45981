"""Input and output of the rights-and-information API: published articles and
search for everyone; the editorial workflow for editors."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from integra.core.schemas import NO_NUL

SLUG = r"^[-a-zA-Z0-9_]+$"
LANGUAGE = r"^[a-z]{2,3}$"
# Generous bounds that keep a request's size sane; the service says what is too long
# for an article, with the same words the pages use.
TEXT_BOUND = 200_000


class ReadingOut(Schema):
    """An article as readers see it: one published text."""

    slug: str
    topic: str
    topic_label: str
    country: str
    language: str = Field(description="The language of the text given.")
    requested_language: str = Field(description="The reader's language asked for.")
    fallback: bool = Field(
        description="True: not published in the reader's language; the text is in another."
    )
    out_of_date: bool = Field(
        description="True: a translation made from an older version of the source text."
    )
    source_language: str
    available_languages: list[str]
    title: str
    summary: str
    published_at: datetime | None


class ArticleOut(ReadingOut):
    body: str = Field(description="Plain text; paragraphs are separated by a blank line.")


class SearchHitOut(ReadingOut):
    matched: int = Field(description="How many of the search's words the article has.")
    score: int = Field(description="Their summed weight: a word in the title counts more.")


class SearchOut(Schema):
    query: str
    language: str = Field(description="The reader's language, searched first.")
    fallback: bool = Field(
        description="True: nothing matched in the reader's language; these matched in others."
    )
    results: list[SearchHitOut]


class ArticleListQuery(Schema):
    language: str = Field(default="", max_length=8, pattern=r"^[a-zA-Z-]*$")
    country: str = Field(default="", max_length=2, pattern=r"^[a-zA-Z]{0,2}$")
    topic: str = Field(default="", max_length=32, pattern=r"^[a-z_]*$")


class ArticleReadQuery(Schema):
    language: str = Field(
        default="",
        max_length=8,
        pattern=r"^[a-zA-Z-]*$",
        description="The reader's language; by default the request's (Accept-Language).",
    )


class SearchQuery(Schema):
    # The length is checked by the search (422 naming ``q``, the pages' words).
    q: str = Field(default="", max_length=TEXT_BOUND, pattern=NO_NUL)
    language: str = Field(default="", max_length=8, pattern=r"^[a-zA-Z-]*$")
    country: str = Field(default="", max_length=2, pattern=r"^[a-zA-Z]{0,2}$")


# --- Editors -----------------------------------------------------------------------------


# Required fields default to "": the service names each missing one in its own words.


class TextIn(Schema):
    title: str = Field(default="", max_length=TEXT_BOUND, pattern=NO_NUL)
    summary: str = Field(default="", max_length=TEXT_BOUND, pattern=NO_NUL)
    body: str = Field(
        default="",
        max_length=TEXT_BOUND,
        pattern=NO_NUL,
        description="Plain text, paragraphs separated by a blank line; no HTML.",
    )


class ArticleIn(TextIn):
    slug: str = Field(default="", max_length=200, pattern=NO_NUL)
    topic: str = Field(default="", max_length=64, pattern=NO_NUL)
    country: str = Field(
        default="",
        max_length=8,
        pattern=NO_NUL,
        description="ISO 3166 alpha-2; by default the acting organisation's country.",
    )
    source_language: str = Field(default="en", max_length=8, pattern=NO_NUL)


class ReturnIn(Schema):
    note: str = Field(default="", max_length=TEXT_BOUND, pattern=NO_NUL)


class TranslationStatusOut(Schema):
    language: str
    status: str = Field(description="draft, review, published; empty: not translated.")
    is_source: bool
    revision: int | None
    published_revision: int | None
    out_of_date: bool = Field(
        description="The current text was made from an older published source revision."
    )
    readers_see_out_of_date: bool


class ArticleStatusOut(Schema):
    slug: str
    topic: str
    country: str
    source_language: str
    organisation: str
    translations: list[TranslationStatusOut]


class TranslationOut(Schema):
    slug: str
    language: str
    is_source: bool
    status: str
    revision: int
    source_revision: int | None = Field(
        description="For a translation: the source revision it was made from."
    )
    title: str
    summary: str
    body: str
    edited_by: str
    edited_at: datetime
    published_revision: int | None
    published_source_revision: int | None
    published_at: datetime | None
    out_of_date: bool
    readers_see_out_of_date: bool
    return_note: str = Field(description="The reviewer's note while returned to draft.")
