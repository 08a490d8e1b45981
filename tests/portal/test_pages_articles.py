# texts in five scripts, on purpose
"""The rights-and-information pages: readers (no sign-in) by topic, an article in
their language or the source language with a notice, the out-of-date notice,
search with its errors beside the field; the editors' board, writing, review and
publication; who may open what."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from integra.portal.models import Article, ArticleStatus, ArticleTranslation
from integra.portal.services import articles as services
from tests.portal.articles_helpers import FEES, WORK, actor, publish, write


def html_of(response) -> str:
    return response.content.decode()


def error_beside(html: str, field_id: str) -> str:
    match = re.search(rf'<div id="{re.escape(field_id)}_error">(.*?)</div>', html, re.S)
    assert match, f"no error beside #{field_id}"
    return match.group(1)


def reader(language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def editor(people):
    return actor(people["caseworker"])


@pytest.fixture
def publisher(people):
    return actor(people["coordinator"])


@pytest.fixture
def work(editor, publisher):
    return write(editor, publisher, slug="rights-at-work", texts=WORK)


@pytest.fixture
def cw(people, client_for):
    return client_for(people["caseworker"])


@pytest.fixture
def coord(people, client_for):
    return client_for(people["coordinator"])


# --- Readers --------------------------------------------------------------------------------


def test_anyone_reads_the_topics_with_the_articles_in_their_language(work):
    response = reader("ru").get("/rights/")

    assert response.status_code == 200
    html = html_of(response)
    assert "Ваши права на работе" in html
    assert 'href="/rights/articles/rights-at-work/"' in html
    assert 'href="/rights/topics/recruitment_fees/"' in html  # every topic, even an empty one


def test_a_topic_lists_its_articles_and_an_unknown_topic_is_not_found(work):
    assert "Your rights at work" in html_of(reader().get("/rights/topics/work_rights/"))
    assert reader().get("/rights/topics/no_such_topic/").status_code == 404


def test_an_article_in_the_readers_language_marked_with_its_language(work):
    response = reader("ar").get("/rights/articles/rights-at-work/")

    html = html_of(response)
    assert response.status_code == 200
    assert '<article lang="ar" dir="rtl">' in html
    assert "حقوقك في العمل" in html
    assert "<p>قبل أن تبدأ العمل" in html  # paragraphs from blank lines


def test_an_article_not_in_the_readers_language_is_shown_in_its_source_with_a_notice(
    editor, publisher
):
    write(editor, publisher, slug="partial", texts={"en": WORK["en"]})

    html = html_of(reader("uk").get("/rights/articles/partial/"))

    assert '<article lang="en" dir="ltr">' in html
    assert "Your rights at work" in html
    assert 'class="notice"' in html


def test_an_out_of_date_translation_says_so_and_links_to_the_source(editor, publisher, work):
    changed = services.TextData("Your rights at work", "Changed.", "Annual leave is paid.")
    services.translation_save(actor=editor, article=work, language="en", text=changed)
    publish(publisher, work, "en", editor)

    html = html_of(reader("ro").get("/rights/articles/rights-at-work/"))

    assert "Drepturile tale la locul de muncă" in html
    with translation.override("ro"):
        assert gettext("This translation may be out of date.") in html
    assert 'href="/rights/articles/rights-at-work/?language=en"' in html
    source = html_of(reader("ro").get("/rights/articles/rights-at-work/?language=en"))
    assert "Annual leave is paid." in source
    assert "may be out of date" not in source


def test_drafts_are_not_found_by_readers(editor):
    services.article_create(
        actor=editor,
        data=services.ArticleData(slug="fees", topic="recruitment_fees", text=FEES),
    )

    response = reader().get("/rights/articles/fees/")

    assert response.status_code == 404
    assert "There is no published article at this address." in html_of(response)


def test_plain_text_is_escaped(editor, publisher):
    text = services.TextData("Costs < 3 %", "Fees & margins.", "Under 3 % & rising.\nNext line.")
    write(editor, publisher, slug="costs", texts={"en": text}, topic="remittances")

    html = html_of(reader().get("/rights/articles/costs/"))

    assert "Costs &lt; 3 %" in html
    assert "Under 3 % &amp; rising.<br>Next line." in html


@pytest.mark.parametrize(
    ("language", "query", "title"),
    [
        ("en", "contracts", "Your rights at work"),
        ("ro", "contractului", "Drepturile tale la locul de muncă"),
        ("ru", "договоры", "Ваши права на работе"),
        ("uk", "паспорти", "Ваші права на роботі"),
        ("ar", "جواز", "حقوقك في العمل"),
    ],
)
def test_search_finds_articles_in_the_readers_language(work, language, query, title):
    response = reader(language).get("/rights/search/", {"q": query})

    assert response.status_code == 200
    assert title in html_of(response)


def test_search_says_when_it_found_articles_in_another_language(editor, publisher):
    write(editor, publisher, slug="partial", texts={"en": WORK["en"]})

    html = html_of(reader("ru").get("/rights/search/", {"q": "passport"}))

    with translation.override("ru"):
        notice = gettext(
            "Nothing matched in your language; these articles matched in other languages."
        )
    assert not notice.startswith("Nothing matched")  # the reader's language, not English
    assert notice in html
    assert "Your rights at work" in html


def test_a_search_of_ten_thousand_characters_is_explained_beside_the_field(work):
    response = reader().get("/rights/search/", {"q": "x" * 10_000})

    assert response.status_code == 200
    assert "at most 200 characters" in error_beside(html_of(response), "id_q")


def test_an_empty_search_asks_for_words_and_no_match_says_so(work):
    assert "Type one or more words" in error_beside(
        html_of(reader().get("/rights/search/", {"q": "  "})), "id_q"
    )
    assert "No article matches" in html_of(reader().get("/rights/search/", {"q": "zebra"}))
    assert reader().get("/rights/search/").status_code == 200  # just the form


# --- Editors ----------------------------------------------------------------------------------


def test_the_board_shows_every_article_in_every_language(cw, work, editor):
    services.translation_save(actor=editor, article=work, language="ro", text=FEES)

    response = cw.get("/rights/editor/")

    html = html_of(response)
    assert response.status_code == 200
    assert "rights-at-work" in html
    assert html.count("Published") >= 4
    assert "Draft" in html
    assert "published version online" in html


@pytest.mark.parametrize("persona", ["teacher", "inspector", "analyst", "migrant", "stranger"])
def test_the_editors_pages_are_refused_to_others(people, client_for, work, persona):
    client = client_for(people[persona])

    assert client.get("/rights/editor/").status_code == 403
    assert client.get("/rights/editor/new/").status_code == 403
    assert client.get("/rights/editor/rights-at-work/en/").status_code == 403


def test_the_editors_pages_send_the_anonymous_to_sign_in(work):
    response = Client().get("/rights/editor/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_new_article_missing_its_text_is_explained_beside_each_field(cw):
    response = cw.post(
        "/rights/editor/new/",
        {"slug": "fees", "topic": "recruitment_fees", "country": "MD", "source_language": "en"},
    )

    html = html_of(response)
    assert response.status_code == 200
    for field in ("id_title", "id_summary", "id_body"):
        assert "This field is required." in error_beside(html, field)
    assert not Article.objects.exists()


def test_html_in_a_new_article_is_explained_beside_the_text(cw):
    response = cw.post(
        "/rights/editor/new/",
        {
            "slug": "fees",
            "topic": "recruitment_fees",
            "country": "MD",
            "source_language": "en",
            "title": "Fees",
            "summary": "Never pay.",
            "body": "<script>alert(1)</script>",
        },
    )

    assert "HTML" in error_beside(html_of(response), "id_body")
    assert not Article.objects.exists()


def test_an_editor_writes_an_article_and_sends_it_for_review(cw):
    response = cw.post(
        "/rights/editor/new/",
        {
            "slug": "fees",
            "topic": "recruitment_fees",
            "country": "MD",
            "source_language": "en",
            "title": FEES.title,
            "summary": FEES.summary,
            "body": FEES.body,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/rights/editor/fees/en/"

    desk = html_of(cw.get("/rights/editor/fees/en/"))
    assert "Send for review" in desk
    assert "Publish" not in desk
    cw.post("/rights/editor/fees/en/submit/")

    translation = ArticleTranslation.objects.get(article__slug="fees")
    assert translation.status == ArticleStatus.REVIEW
    assert "a publisher other than its last editor" in html_of(cw.get("/rights/editor/fees/en/"))


def test_the_coordinator_publishes_or_returns_with_a_note(cw, coord, editor):
    article = services.article_create(
        actor=editor,
        data=services.ArticleData(slug="fees", topic="recruitment_fees", text=FEES),
    )
    services.translation_submit(actor=editor, translation=article.translations.get())

    assert "Publish" in html_of(coord.get("/rights/editor/fees/en/"))
    assert cw.get("/rights/editor/fees/en/return/").status_code == 403
    empty = coord.post("/rights/editor/fees/en/return/", {"note": ""})
    assert "This field is required." in error_beside(html_of(empty), "id_note")
    coord.post("/rights/editor/fees/en/return/", {"note": "Cite ILO Convention 181."})

    desk = html_of(cw.get("/rights/editor/fees/en/"))
    assert "Returned to draft by the reviewer" in desk
    assert "Cite ILO Convention 181." in desk
    cw.post("/rights/editor/fees/en/submit/")
    coord.post("/rights/editor/fees/en/publish/")
    assert reader().get("/rights/articles/fees/").status_code == 200


def test_a_publisher_may_not_publish_their_own_edit(coord, publisher):
    article = services.article_create(
        actor=publisher,
        data=services.ArticleData(slug="fees", topic="recruitment_fees", text=FEES),
    )
    services.translation_submit(actor=publisher, translation=article.translations.get())

    assert coord.post("/rights/editor/fees/en/publish/").status_code == 403
    assert article.translations.get().status == ArticleStatus.REVIEW


def test_translating_shows_the_source_and_records_its_revision(cw, work):
    page = html_of(cw.get("/rights/editor/rights-at-work/de/edit/"))
    assert "Page not found" in page  # not a portal language

    form = html_of(cw.get("/rights/editor/rights-at-work/ro/edit/"))
    assert "The source text (English, revision 1)" in form
    assert 'lang="ro"' in form
    missing = cw.post("/rights/editor/rights-at-work/ro/edit/", {"title": "Drepturi"})
    assert "This field is required." in error_beside(html_of(missing), "id_summary")

    saved = cw.post(
        "/rights/editor/rights-at-work/ro/edit/",
        {"title": "Drepturi", "summary": "Pe scurt.", "body": "Textul nou."},
    )
    assert saved.status_code == 302
    romanian = work.translations.get(language="ro")
    assert (romanian.status, romanian.revision, romanian.source_revision) == ("draft", 2, 1)
    # Readers still see the published text.
    assert "Drepturile tale la locul de muncă" in html_of(
        reader("ro").get("/rights/articles/rights-at-work/")
    )


def test_the_board_marks_translations_out_of_date(cw, editor, publisher, work):
    services.translation_save(actor=editor, article=work, language="en", text=FEES)
    publish(publisher, work, "en", editor)

    html = html_of(cw.get("/rights/editor/"))
    desk = html_of(cw.get("/rights/editor/rights-at-work/uk/"))

    assert html.count("out of date") >= 4  # ro, ru, uk, ar
    assert "Out of date:" in desk
