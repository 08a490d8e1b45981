"""Every write of the rights-and-information articles: writing, translating, review
and publication (R22, R17, R23).

A translation moves draft → review → published. Its editors write and submit it;
a publisher who is not its last editor (four eyes, integra.core.access) publishes
it or returns it to draft with a note. Every save is a new revision. Editing a
published text starts a new draft revision while readers keep the published
snapshot. A translation records the source revision it was made from, so it shows
as out of date once the source is published at a later revision. Publishing
rebuilds the translation's search terms (integra.portal.textsearch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pycountry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.portal import textsearch
from integra.portal.models import (
    Article,
    ArticleStatus,
    ArticleTerm,
    ArticleTranslation,
    Topic,
)
from integra.portal.selectors import articles as selectors

TITLE_MAX = 200
SUMMARY_MAX = 400
BODY_MAX = 50_000
NOTE_MAX = 2000
SLUG_MAX = 80
# Something that reads as an HTML tag or entity: <b>, </p>, <a href=…>, <!-- …, &amp;
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&[a-zA-Z]+;|&#\d+;")


@dataclass(frozen=True)
class TextData:
    """The text of an article in one language: plain text, paragraphs separated by
    a blank line."""

    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class ArticleData:
    slug: str
    topic: str
    text: TextData
    country: str = ""  # the acting organisation's, else the portal's
    source_language: str = "en"


def _guard_edit(actor: Actor) -> None:
    if not access.can_edit_articles(actor):
        raise PermissionDenied(
            _("Rights information is written by the coordinating authority and counselling staff.")
        )


def _guard_publish(actor: Actor, translation: ArticleTranslation) -> None:
    if not access.can_publish_articles(actor, last_editor_id=translation.edited_by_id):
        if translation.edited_by_id == actor.user.pk and access.can_edit_articles(actor):
            raise PermissionDenied(
                _("Four eyes: someone other than its last editor reviews this text.")
            )
        raise PermissionDenied(_("Articles are published by the coordinating authority."))


def _audit(
    actor: Actor,
    action: str,
    article: Article,
    *,
    language: str,
    now: datetime,
    **data: object,
) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type=selectors.AUDIT_TYPE,
        object_id=str(article.pk),
        purpose="rights information",
        data={"slug": article.slug, "language": language, **data},
        now=now,
    )


# --- Checking the text --------------------------------------------------------------------


def _plain(value: str, *, multiline: bool) -> str:
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = " ".join(text.split())
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def _text_problems(value: str, *, limit: int, missing: str) -> list[str]:
    if not value:
        return [missing]
    problems = []
    if len(value) > limit:
        problems.append(
            _("Write at most %(limit)s characters (this has %(count)s).")
            % {"limit": f"{limit:,}", "count": f"{len(value):,}"}
        )
    if "\x00" in value:
        problems.append(_("Remove the invisible control character."))
    if _MARKUP.search(value):
        problems.append(
            _("Write plain text: HTML such as <b> or &amp; is not accepted. Separate "
              "paragraphs with a blank line.")
        )  # fmt: skip
    return problems


def clean_text(text: TextData) -> TextData:
    """The text trimmed, or a ValidationFailed naming each field that is missing,
    too long or not plain text."""
    cleaned = TextData(
        title=_plain(text.title, multiline=False),
        summary=_plain(text.summary, multiline=False),
        body=_plain(text.body, multiline=True),
    )
    errors: dict[str, list[str]] = {}
    for name, value, limit, missing in (
        ("title", cleaned.title, TITLE_MAX, _("Give the article a title.")),
        ("summary", cleaned.summary, SUMMARY_MAX, _("Sum the article up in a sentence or two.")),
        ("body", cleaned.body, BODY_MAX, _("Write the text of the article.")),
    ):
        if problems := _text_problems(value, limit=limit, missing=missing):
            errors[name] = problems
    if errors:
        raise ValidationFailed(_("The article's text has errors."), field_errors=errors)
    return cleaned


def _language_problems(language: str) -> list[str]:
    if language not in selectors.languages():
        names = ", ".join(selectors.languages())
        return [_("Choose one of the portal's languages: %(names)s.") % {"names": names}]
    return []


# --- Writing ------------------------------------------------------------------------------


@transaction.atomic
def article_create(*, actor: Actor, data: ArticleData, now: datetime | None = None) -> Article:
    """A new article with its source-language text, in draft."""
    _guard_edit(actor)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    slug = data.slug.strip().lower()
    try:
        validate_slug(slug)
    except DjangoValidationError:
        errors["slug"] = [
            _("Give the article an address of letters, numbers and hyphens, such as work-permit.")
        ]
    if len(slug) > SLUG_MAX:
        errors.setdefault("slug", []).append(
            _("Keep the address to %(limit)s characters.") % {"limit": SLUG_MAX}
        )
    if data.topic not in Topic.values:
        errors["topic"] = [_("Choose the topic the article belongs to.")]
    country = data.country.strip().upper() or selectors.default_country(actor=actor)
    if len(country) != 2 or pycountry.countries.get(alpha_2=country) is None:
        errors["country"] = [_("Give the country as its ISO 3166 two-letter code, such as MD.")]
    if problems := _language_problems(data.source_language):
        errors["source_language"] = problems
    organisation_id = actor.organisation_id
    if organisation_id is None:
        errors.setdefault("__all__", []).append(
            _("Act for an organisation to write articles: choose one in your account.")
        )
    try:
        text = clean_text(data.text)
    except ValidationFailed as error:
        errors.update(error.field_errors)
        text = data.text
    if errors or organisation_id is None:
        raise ValidationFailed(_("The article has errors."), field_errors=errors)
    if Article.objects.filter(slug=slug).exists():
        raise Conflict(
            _("Another article has this address."),
            field_errors={"slug": [_("This address is taken: choose another.")]},
        )
    article = Article.objects.create(
        slug=slug,
        topic=data.topic,
        country=country,
        source_language=data.source_language,
        organisation_id=organisation_id,
        created_at=now,
    )
    ArticleTranslation.objects.create(
        article=article,
        language=data.source_language,
        title=text.title,
        summary=text.summary,
        body=text.body,
        status=ArticleStatus.DRAFT,
        revision=1,
        edited_by=actor.user,
        edited_at=now,
    )
    _audit(actor, "article.create", article, language=data.source_language, now=now, revision=1)
    return article


@transaction.atomic
def translation_save(
    *,
    actor: Actor,
    article: Article,
    language: str,
    text: TextData,
    now: datetime | None = None,
) -> ArticleTranslation:
    """Writes the article's text in one language: a new translation, or a new
    revision of an existing one (in draft; a published text stays readable until
    the new revision is published). A translation records the source revision it
    was made from. A text in review is not changed: it is returned to draft first."""
    _guard_edit(actor)
    now = now or timezone.now()
    if problems := _language_problems(language):
        raise ValidationFailed(
            _("The portal has no such language."), field_errors={"language": problems}
        )
    cleaned = clean_text(text)
    translations = {
        t.language: t
        for t in ArticleTranslation.objects.select_for_update()
        .filter(article=article)
        .order_by("id")
    }
    source = translations.get(article.source_language)
    source_revision = (
        None if language == article.source_language or source is None else source.revision
    )
    translation = translations.get(language)
    if translation is None:
        translation = ArticleTranslation.objects.create(
            article=article,
            language=language,
            title=cleaned.title,
            summary=cleaned.summary,
            body=cleaned.body,
            status=ArticleStatus.DRAFT,
            revision=1,
            source_revision=source_revision,
            edited_by=actor.user,
            edited_at=now,
        )
        action = "article.translation.create"
    else:
        if translation.status == ArticleStatus.REVIEW:
            raise Conflict(
                _("This text is in review. It can be changed once the reviewer returns it to "
                  "draft."),
            )  # fmt: skip
        translation.title = cleaned.title
        translation.summary = cleaned.summary
        translation.body = cleaned.body
        translation.status = ArticleStatus.DRAFT
        translation.revision += 1
        translation.source_revision = source_revision
        translation.edited_by = actor.user
        translation.edited_at = now
        translation.save(
            update_fields=[
                "title",
                "summary",
                "body",
                "status",
                "revision",
                "source_revision",
                "edited_by",
                "edited_at",
            ]
        )
        action = "article.translation.edit"
    _audit(
        actor,
        action,
        article,
        language=language,
        now=now,
        revision=translation.revision,
        source_revision=source_revision,
    )
    return translation


def _locked(translation: ArticleTranslation) -> ArticleTranslation:
    return (
        ArticleTranslation.objects.select_for_update()
        .select_related("article")
        .get(pk=translation.pk)
    )


@transaction.atomic
def translation_submit(
    *, actor: Actor, translation: ArticleTranslation, now: datetime | None = None
) -> ArticleTranslation:
    """Sends a draft for review."""
    _guard_edit(actor)
    now = now or timezone.now()
    translation = _locked(translation)
    if translation.status != ArticleStatus.DRAFT:
        raise Conflict(_("Only a draft can be sent for review."))
    translation.status = ArticleStatus.REVIEW
    translation.save(update_fields=["status"])
    _audit(
        actor,
        "article.submit",
        translation.article,
        language=translation.language,
        now=now,
        revision=translation.revision,
    )
    return translation


def _index(translation: ArticleTranslation) -> None:
    """The search terms of the published text (portal.textsearch)."""
    ArticleTerm.objects.filter(translation=translation).delete()
    weights = textsearch.weigh(
        title=translation.published_title,
        summary=translation.published_summary,
        body=translation.published_body,
        language=translation.language,
    )
    ArticleTerm.objects.bulk_create(
        ArticleTerm(translation=translation, language=translation.language, term=t, weight=w)
        for t, w in weights.items()
    )


@transaction.atomic
def translation_publish(
    *, actor: Actor, translation: ArticleTranslation, now: datetime | None = None
) -> ArticleTranslation:
    """Publishes a text in review: readers see it from now on, and search finds it.
    A translation is published only once its source text has been."""
    translation = _locked(translation)
    _guard_publish(actor, translation)
    now = now or timezone.now()
    if translation.status != ArticleStatus.REVIEW:
        raise Conflict(_("Only a text in review can be published: send it for review first."))
    article = translation.article
    if translation.language != article.source_language:
        source = ArticleTranslation.objects.filter(
            article=article, language=article.source_language
        ).first()
        if source is None or source.published_revision is None:
            raise Conflict(_("Publish the article in its source language first."))
    translation.status = ArticleStatus.PUBLISHED
    translation.reviewed_by = actor.user
    translation.published_title = translation.title
    translation.published_summary = translation.summary
    translation.published_body = translation.body
    translation.published_revision = translation.revision
    translation.published_source_revision = translation.source_revision
    translation.published_at = now
    translation.save()
    _index(translation)
    _audit(
        actor,
        "article.publish",
        article,
        language=translation.language,
        now=now,
        revision=translation.revision,
        source_revision=translation.source_revision,
    )
    return translation


@transaction.atomic
def translation_return(
    *, actor: Actor, translation: ArticleTranslation, note: str, now: datetime | None = None
) -> ArticleTranslation:
    """Returns a text in review to its editors, with a note saying what to change."""
    translation = _locked(translation)
    _guard_publish(actor, translation)
    now = now or timezone.now()
    note = note.strip()
    problems = []
    if not note:
        problems.append(_("Say what the editors should change."))
    elif len(note) > NOTE_MAX:
        problems.append(
            _("Write at most %(limit)s characters (this has %(count)s).")
            % {"limit": f"{NOTE_MAX:,}", "count": f"{len(note):,}"}
        )
    if "\x00" in note:
        problems.append(_("Remove the invisible control character."))
    if problems:
        raise ValidationFailed(_("The note is not right."), field_errors={"note": problems})
    if translation.status != ArticleStatus.REVIEW:
        raise Conflict(_("Only a text in review can be returned to draft."))
    translation.status = ArticleStatus.DRAFT
    translation.reviewed_by = actor.user
    translation.save(update_fields=["status", "reviewed_by"])
    _audit(
        actor,
        "article.return",
        translation.article,
        language=translation.language,
        now=now,
        revision=translation.revision,
        note=note,
    )
    return translation
