"""The rights-and-information demo: eleven articles for Moldova written, reviewed
and published through the workflow, in up to five languages, one translation out
of date and one revision in review, found by search in every language; loaded
once."""

from __future__ import annotations

import pytest

from integra.core import demo as core_demo
from integra.core.access import actor_for
from integra.core.models import User
from integra.portal import demo_articles
from integra.portal.models import Article, ArticleStatus, ArticleTranslation, Topic
from integra.portal.selectors import articles as selectors


@pytest.fixture
def message(db) -> str:
    core_demo.load()  # the editors and the publisher
    return demo_articles.load()


def test_one_article_per_topic_for_moldova_published_in_english(message):
    articles = Article.objects.filter(country="MD")

    assert sorted(articles.values_list("topic", flat=True)) == sorted(Topic.values)
    for article in articles:
        source = article.translations.get(language="en")
        assert source.published_revision is not None
        assert source.reviewed_by.username == "coordinator"
        assert "\n\n" in source.published_body  # paragraphs
        assert "\n" not in source.published_body.replace("\n\n", "")  # unwrapped


@pytest.mark.parametrize(
    "topic",
    ["work_rights", "recruitment_fees", "complaints", "remittances", "social_security"],
)
def test_the_key_articles_are_in_all_five_languages(message, topic):
    languages = set(
        ArticleTranslation.objects.filter(
            article__topic=topic, published_revision__isnull=False
        ).values_list("language", flat=True)
    )

    assert languages == {"en", "ro", "ru", "uk", "ar"}


def test_every_article_is_at_least_in_english_romanian_and_russian(message):
    for article in Article.objects.filter(country="MD"):
        published = {
            t.language for t in article.translations.all() if t.published_revision is not None
        }
        assert {"en", "ro", "ru"} <= published, article.slug


def test_the_ukrainian_remittances_translation_is_out_of_date_and_says_so(message):
    reading = selectors.article_read(slug="md-remittances", language="uk")
    current = selectors.article_read(slug="md-remittances", language="ro")

    assert (reading.language, reading.out_of_date) == ("uk", True)
    assert "remittanceprices.worldbank.org" in reading.body
    assert not current.out_of_date
    editor = actor_for(User.objects.get(username="caseworker"))
    (row,) = [
        r for r in selectors.editorial_board(actor=editor) if r.article.slug == "md-remittances"
    ]
    assert [c.language for c in row.cells if c.out_of_date] == ["uk"]


def test_a_housing_revision_waits_in_review_while_readers_see_the_first(message):
    source = ArticleTranslation.objects.get(article__slug="md-housing", language="en")

    assert (source.status, source.revision, source.published_revision) == (
        ArticleStatus.REVIEW,
        2,
        1,
    )
    assert "deposit will be returned" in source.body
    assert "deposit will be returned" not in source.published_body


def test_the_content_cites_the_standards(message):
    def body(slug: str) -> str:
        return selectors.article_read(slug=slug, language="en").body

    assert "(No. 181), Article 7" in body("md-recruitment-fees")
    assert "fair recruitment" in body("md-recruitment-fees")
    assert "3 %" in body("md-remittances")
    assert "10.c" in body("md-remittances")
    assert "exchange-rate margin" in body("md-remittances")
    assert "totalisation" in body("md-social-security")


@pytest.mark.parametrize(
    ("language", "query", "slug"),
    [
        ("en", "pension", "md-social-security"),
        ("ro", "comision de recrutare", "md-recruitment-fees"),
        ("ru", "пенсии", "md-social-security"),
        ("uk", "скаргу", "md-complaints"),
        ("ar", "التحويلات", "md-remittances"),
    ],
)
def test_the_demo_articles_are_found_in_each_language(message, language, query, slug):
    results = selectors.article_search(query=query, language=language, country="MD")

    assert results.hits[0].reading.slug == slug, [h.reading.slug for h in results.hits]
    assert results.hits[0].reading.language == language


def test_it_loads_once(message):
    count = ArticleTranslation.objects.count()

    again = demo_articles.load()

    assert "already loaded" in again
    assert ArticleTranslation.objects.count() == count
    assert "11 articles for Moldova" in message
    assert "1 translation out of date" in message
