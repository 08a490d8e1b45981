# texts in five scripts, on purpose
"""Rights and information (R22, R17, R23): writing, review and publication with
four eyes, revisions that leave the published text readable, translations that
fall out of date, what readers see in their language, and search in all five
languages; who may and who may not."""

from __future__ import annotations

import pytest

from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.portal.models import ArticleStatus, ArticleTerm, ArticleTranslation
from integra.portal.selectors import articles as selectors
from integra.portal.services import articles as services
from tests.portal.articles_helpers import FEES, WORK, actor, publish, write


@pytest.fixture
def editor(people):
    return actor(people["caseworker"])  # centre A: an integration centre


@pytest.fixture
def publisher(people):
    return actor(people["coordinator"])


@pytest.fixture
def work(editor, publisher):
    return write(editor, publisher, slug="rights-at-work", texts=WORK)


def _draft(editor, slug="fees", text=FEES, **more):
    return services.article_create(
        actor=editor,
        data=services.ArticleData(slug=slug, topic="recruitment_fees", text=text, **more),
    )


def _source(article):
    return article.translations.get(language=article.source_language)


# --- Who may write and publish ------------------------------------------------------------


@pytest.mark.parametrize("persona", ["caseworker", "partner", "admin", "coordinator"])
def test_the_coordinator_and_counselling_staff_write_articles(people, persona):
    article = _draft(actor(people[persona]), slug=f"fees-{persona}")

    source = _source(article)
    assert (source.status, source.revision, source.language) == ("draft", 1, "en")
    assert source.edited_by == people[persona]


@pytest.mark.parametrize(
    "persona", ["teacher", "inspector", "analyst", "migrant", "dpo", "national_admin", "stranger"]
)
def test_others_may_not_write_articles(people, persona):
    with pytest.raises(PermissionDenied):
        _draft(actor(people[persona]))

    assert not ArticleTranslation.objects.exists()


@pytest.mark.parametrize("persona", ["teacher", "inspector", "analyst", "migrant", "stranger"])
def test_others_see_no_drafts_and_no_board(people, work, persona):
    someone = actor(people[persona])

    with pytest.raises(PermissionDenied):
        selectors.editorial_board(actor=someone)
    with pytest.raises(PermissionDenied):
        selectors.desk_get(actor=someone, slug="rights-at-work", language="en")
    with pytest.raises(PermissionDenied):
        services.translation_submit(actor=someone, translation=_source(work))


def test_an_article_is_for_the_editors_organisation_and_country(editor, orgs):
    article = _draft(editor)

    assert article.organisation == orgs["a"]
    assert article.country == "MD"  # centre A's


# --- Bad input ----------------------------------------------------------------------------


def test_a_text_missing_its_fields_is_refused_field_by_field(editor):
    with pytest.raises(ValidationFailed) as raised:
        _draft(editor, text=services.TextData(" ", "", "\n\n"))

    assert set(raised.value.field_errors) == {"title", "summary", "body"}
    assert raised.value.field_errors["title"] == ["Give the article a title."]
    assert not ArticleTranslation.objects.exists()


def test_html_a_too_long_title_and_a_bad_address_topic_or_country_are_explained(editor):
    with pytest.raises(ValidationFailed) as raised:
        _draft(
            editor,
            slug="not a slug!",
            text=services.TextData("T" * 201, "Fine.", "<b>Bold</b> text"),
            country="XX",
        )

    errors = raised.value.field_errors
    assert "at most 200 characters (this has 201)" in errors["title"][0]
    assert "HTML" in errors["body"][0]
    assert "address" in errors["slug"][0]
    assert "ISO 3166" in errors["country"][0]


def test_plain_text_with_less_than_signs_and_ampersands_is_fine(editor):
    text = services.TextData("Costs < 3 %", "Fees & margins.", "Under 3 % & rising: <3 is fine.")

    article = _draft(editor, text=text)

    assert _source(article).title == "Costs < 3 %"


def test_an_address_already_taken_is_a_conflict(editor, work):
    with pytest.raises(Conflict) as raised:
        _draft(editor, slug="rights-at-work")

    assert "slug" in raised.value.field_errors


def test_a_translation_into_a_language_the_portal_lacks_is_refused(editor, work):
    with pytest.raises(ValidationFailed) as raised:
        services.translation_save(actor=editor, article=work, language="de", text=FEES)

    assert "language" in raised.value.field_errors


# --- The workflow ---------------------------------------------------------------------------


def test_draft_to_review_to_published_with_four_eyes(editor, publisher):
    article = _draft(editor)
    source = _source(article)

    with pytest.raises(Conflict):  # not in review yet
        services.translation_publish(actor=publisher, translation=source)
    services.translation_submit(actor=editor, translation=source)
    with pytest.raises(Conflict):  # already in review
        services.translation_submit(actor=editor, translation=source)
    with pytest.raises(PermissionDenied):  # an editor, not a publisher
        services.translation_publish(actor=editor, translation=source)
    published = services.translation_publish(actor=publisher, translation=source)

    assert published.status == ArticleStatus.PUBLISHED
    assert (published.published_revision, published.reviewed_by) == (1, publisher.user)
    assert published.published_title == "Recruitment fees"
    actions = list(
        AuditEntry.objects.filter(object_type="article", object_id=str(article.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["article.create", "article.submit", "article.publish"]


def test_a_publisher_never_publishes_their_own_last_edit(publisher, people):
    article = _draft(publisher)
    services.translation_submit(actor=publisher, translation=_source(article))

    with pytest.raises(PermissionDenied, match="Four eyes"):
        services.translation_publish(actor=publisher, translation=_source(article))
    with pytest.raises(PermissionDenied):
        services.translation_return(actor=publisher, translation=_source(article), note="x")


def test_a_text_in_review_goes_back_to_draft_with_a_note(editor, publisher):
    article = _draft(editor)
    services.translation_submit(actor=editor, translation=_source(article))

    with pytest.raises(ValidationFailed) as raised:
        services.translation_return(actor=publisher, translation=_source(article), note="  ")
    assert "note" in raised.value.field_errors
    services.translation_return(
        actor=publisher, translation=_source(article), note="Cite ILO C181, Article 7."
    )

    desk = selectors.desk_get(actor=editor, slug="fees", language="en")
    assert desk.translation.status == ArticleStatus.DRAFT
    assert desk.return_note == "Cite ILO C181, Article 7."
    assert [e.action for e in desk.history][:2] == ["article.return", "article.submit"]
    services.translation_save(actor=editor, article=article, language="en", text=FEES)
    assert selectors.desk_get(actor=editor, slug="fees", language="en").return_note == ""


def test_a_text_in_review_cannot_change(editor):
    article = _draft(editor)
    services.translation_submit(actor=editor, translation=_source(article))

    with pytest.raises(Conflict):
        services.translation_save(actor=editor, article=article, language="en", text=FEES)


def test_editing_a_published_text_starts_a_draft_revision_and_readers_keep_the_published_one(
    editor, publisher, work
):
    changed = services.TextData("Your rights at work", "New summary.", "Holidays are paid.")

    services.translation_save(actor=editor, article=work, language="en", text=changed)

    source = _source(work)
    assert (source.status, source.revision, source.published_revision) == ("draft", 2, 1)
    reading = selectors.article_read(slug="rights-at-work", language="en")
    assert reading.summary == WORK["en"].summary
    assert selectors.article_search(query="holidays", language="en").hits == []
    publish(publisher, work, "en", editor)
    assert selectors.article_read(slug="rights-at-work", language="en").summary == "New summary."
    assert selectors.article_search(query="holidays", language="en").hits


def test_a_translation_waits_for_its_source_to_be_published(editor, publisher):
    article = _draft(editor)
    services.translation_save(actor=editor, article=article, language="ro", text=WORK["ro"])
    romanian = article.translations.get(language="ro")
    services.translation_submit(actor=editor, translation=romanian)

    with pytest.raises(Conflict, match="source language first"):
        services.translation_publish(actor=publisher, translation=romanian)


# --- Out of date ------------------------------------------------------------------------------


def test_a_translation_is_out_of_date_once_its_source_is_published_again(editor, publisher, work):
    romanian = work.translations.get(language="ro")
    assert (romanian.source_revision, romanian.published_source_revision) == (1, 1)
    assert not selectors.article_read(slug="rights-at-work", language="ro").out_of_date

    services.translation_save(actor=editor, article=work, language="en", text=FEES)
    # A new source draft does not make the translations out of date yet.
    assert not selectors.article_read(slug="rights-at-work", language="ro").out_of_date
    publish(publisher, work, "en", editor)

    reading = selectors.article_read(slug="rights-at-work", language="ro")
    assert (reading.language, reading.out_of_date) == ("ro", True)
    assert not selectors.article_read(slug="rights-at-work", language="en").out_of_date
    desk = selectors.desk_get(actor=editor, slug="rights-at-work", language="ro")
    assert desk.out_of_date
    assert desk.readers_see_out_of_date
    (row,) = selectors.editorial_board(actor=editor)
    markers = {cell.language: cell.out_of_date for cell in row.cells}
    assert markers == {"en": False, "ro": True, "ru": True, "uk": True, "ar": True}

    services.translation_save(actor=editor, article=work, language="ro", text=WORK["ro"])
    desk = selectors.desk_get(actor=editor, slug="rights-at-work", language="ro")
    assert desk.translation.source_revision == 2
    assert not desk.out_of_date  # the new draft is made from the current source
    assert desk.readers_see_out_of_date  # until it is published
    publish(publisher, work, "ro", editor)
    assert not selectors.article_read(slug="rights-at-work", language="ro").out_of_date


# --- Reading ------------------------------------------------------------------------------------


def test_readers_see_nothing_unpublished(editor):
    _draft(editor)

    assert selectors.article_list(language="en") == []
    with pytest.raises(NotFound):
        selectors.article_read(slug="fees", language="en")


def test_readers_get_their_language_else_the_source_language(editor, publisher):
    article = write(editor, publisher, slug="partial", texts={k: WORK[k] for k in ("en", "ro")})

    romanian = selectors.article_read(slug="partial", language="ro")
    russian = selectors.article_read(slug="partial", language="ru")
    chosen = selectors.article_read(slug="partial", language="ro", chosen="en")

    assert (romanian.language, romanian.fallback) == ("ro", False)
    assert romanian.title == "Drepturile tale la locul de muncă"
    assert (russian.language, russian.fallback) == ("en", True)
    assert russian.available == ("en", "ro")
    assert chosen.language == "en"
    assert article.source_language == "en"


def test_a_draft_translation_is_not_shown_to_readers(editor, publisher, work):
    services.translation_save(actor=editor, article=work, language="ro", text=FEES)

    assert selectors.article_read(slug="rights-at-work", language="ro").title == WORK["ro"].title


def test_the_index_lists_every_topic_in_order_with_the_countrys_articles(editor, publisher, work):
    write(editor, publisher, slug="elsewhere", texts={"en": FEES}, country="UA")

    sections = selectors.topic_sections(language="uk")

    assert [s.topic for s in sections][:3] == ["work_rights", "residence", "family_reunification"]
    assert len(sections) == 11
    (reading,) = sections[0].readings
    assert (reading.slug, reading.language) == ("rights-at-work", "uk")
    assert all(not s.readings for s in sections[1:])  # the Ukrainian article is another country's


# --- Search ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("en", "written contracts"),
        ("en", "PASSPORTS"),
        ("ro", "contractul scris"),
        ("ro", "pasaport"),  # no diacritics
        ("ro", "angajatorului"),
        ("ru", "договора"),
        ("ru", "работодателя"),
        ("uk", "письмового договору"),
        ("uk", "роботодавця"),
        ("ar", "العقد"),
        ("ar", "جوازات"),
        ("ar", "الأجور"),
    ],
)
def test_search_finds_an_article_by_its_own_words_in_each_language(work, language, query):
    results = selectors.article_search(query=query, language=language)

    assert [(h.reading.slug, h.reading.language) for h in results.hits] == [
        ("rights-at-work", language)
    ], results.terms
    assert not results.fallback


def test_search_falls_back_to_the_other_languages(editor, publisher):
    write(editor, publisher, slug="partial", texts={k: WORK[k] for k in ("en", "ru")})

    results = selectors.article_search(query="паспорт", language="ro")

    assert results.fallback
    assert [(h.reading.slug, h.reading.language) for h in results.hits] == [("partial", "ru")]


def test_search_ranks_a_title_above_a_mention(editor, publisher, work):
    write(editor, publisher, slug="fees", texts={"en": FEES}, topic="recruitment_fees")
    mention = services.TextData("Agencies", "Licensed agencies.", "An agency charges no fees.")
    write(editor, publisher, slug="agencies", texts={"en": mention}, topic="recruitment_fees")

    results = selectors.article_search(query="fees", language="en")

    assert [h.reading.slug for h in results.hits] == ["fees", "agencies"]
    assert results.hits[0].score > results.hits[1].score


def test_search_prefers_articles_with_more_of_the_words(editor, publisher, work):
    write(editor, publisher, slug="fees", texts={"en": FEES}, topic="recruitment_fees")

    results = selectors.article_search(query="passport fee", language="en")

    assert {h.reading.slug for h in results.hits} == {"fees", "rights-at-work"}
    assert all(h.matched == 1 for h in results.hits)
    both = selectors.article_search(query="job pay", language="en")
    assert both.hits[0].reading.slug == "fees"
    assert both.hits[0].matched == 2


def test_search_keeps_to_the_country_and_to_published_text(editor, publisher, work):
    write(editor, publisher, slug="elsewhere", texts={"en": FEES}, country="UA")
    _draft(editor, slug="draft-fees")

    assert selectors.article_search(query="fee", language="en").hits == []
    elsewhere = selectors.article_search(query="fee", language="en", country="UA").hits
    assert [h.reading.slug for h in elsewhere] == ["elsewhere"]


def test_a_search_of_ten_thousand_characters_is_refused_with_a_clear_message(work):
    with pytest.raises(ValidationFailed) as raised:
        selectors.article_search(query="a" * 10_000, language="en")

    (message,) = raised.value.field_errors["q"]
    assert "at most 200 characters" in message
    assert "10000" in message


def test_a_search_is_trimmed_and_an_empty_one_is_refused(work):
    assert selectors.article_search(query=" " * 300 + "passport" + " " * 300, language="en").hits
    with pytest.raises(ValidationFailed):
        selectors.article_search(query="   ", language="en")


def test_only_published_text_is_indexed(editor, publisher, work):
    source = _source(work)
    indexed = set(ArticleTerm.objects.filter(translation=source).values_list("term", flat=True))

    assert {"right", "work", "contract", "passport"} <= indexed
    assert ArticleTerm.objects.filter(translation=source, term="right").get().weight >= 5
    _draft(editor)
    assert not ArticleTerm.objects.filter(translation__article__slug="fees").exists()


# --- The editors' board --------------------------------------------------------------------------


def test_the_board_shows_each_language_with_its_status(editor, publisher, work):
    draft = _draft(editor)
    services.translation_save(actor=editor, article=draft, language="ar", text=WORK["ar"])

    rows = selectors.editorial_board(actor=editor)

    assert [r.article.slug for r in rows] == ["rights-at-work", "fees"]  # by topic
    statuses = {cell.language: cell.status for cell in rows[1].cells}
    assert statuses == {"en": "draft", "ro": "", "ru": "", "uk": "", "ar": "draft"}
    assert all(cell.status == "published" for cell in rows[0].cells)
    in_review = selectors.editorial_board(
        actor=editor, filters=selectors.BoardFilters(status="draft")
    )
    assert [r.article.slug for r in in_review] == ["fees"]
