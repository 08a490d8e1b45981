# texts in five scripts, on purpose
"""The rights-and-information API: published articles and search for anyone
without signing in, in the reader's language; the editorial workflow for editors
with problem+json answers to bad input, conflicts and refusals."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from integra.portal.models import ArticleStatus, ArticleTranslation
from integra.portal.services import articles as services
from tests.portal.articles_helpers import FEES, WORK, actor, publish, write

JSON = "application/json"
PROBLEM = "application/problem+json"


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
def cw_api(people, api_for):
    return api_for(people["caseworker"])


@pytest.fixture
def coord_api(people, api_for):
    return api_for(people["coordinator"])


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def _put(client, path, body):
    return client.put(path, json.dumps(body), content_type=JSON)


def _post(client, path, body=None):
    return client.post(path, json.dumps(body or {}), content_type=JSON)


# --- Readers --------------------------------------------------------------------------------


def test_anyone_lists_the_published_articles_in_their_language(work, editor):
    services.article_create(
        actor=editor,
        data=services.ArticleData(slug="draft", topic="recruitment_fees", text=FEES),
    )

    response = Client().get("/api/v1/articles", {"language": "uk"})

    assert response.status_code == 200
    (row,) = response.json()
    assert row["slug"] == "rights-at-work"
    assert (row["language"], row["fallback"], row["out_of_date"]) == ("uk", False, False)
    assert row["title"] == "Ваші права на роботі"
    assert row["available_languages"] == ["en", "ro", "ru", "uk", "ar"]
    assert "body" not in row


def test_the_language_comes_from_the_request_when_not_asked(work):
    response = Client().get("/api/v1/articles/rights-at-work", HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 200
    assert response.json()["language"] == "ar"
    assert response.json()["body"].startswith("قبل أن تبدأ العمل")


def test_an_article_in_the_source_language_when_not_in_the_readers(editor, publisher):
    write(editor, publisher, slug="partial", texts={"en": WORK["en"], "ro": WORK["ro"]})

    article = Client().get("/api/v1/articles/partial", {"language": "ru"}).json()

    assert (article["language"], article["requested_language"], article["fallback"]) == (
        "en",
        "ru",
        True,
    )


def test_an_out_of_date_translation_says_so(editor, publisher, work):
    services.translation_save(actor=editor, article=work, language="en", text=FEES)
    publish(publisher, work, "en", editor)

    article = Client().get("/api/v1/articles/rights-at-work", {"language": "ro"}).json()

    assert (article["language"], article["out_of_date"]) == ("ro", True)


def test_a_draft_or_unknown_article_is_not_found(editor):
    services.article_create(
        actor=editor,
        data=services.ArticleData(slug="draft", topic="recruitment_fees", text=FEES),
    )

    for slug in ("draft", "nothing"):
        response = Client().get(f"/api/v1/articles/{slug}")
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("en", "contract"),
        ("ro", "contracte"),
        ("ru", "работодателем"),
        ("uk", "роботодавцю"),
        ("ar", "للأجور"),
    ],
)
def test_anyone_searches_in_their_language(work, language, query):
    response = Client().get("/api/v1/articles/search", {"q": query, "language": language})

    assert response.status_code == 200
    body = response.json()
    assert body["fallback"] is False
    (hit,) = body["results"]
    assert (hit["slug"], hit["language"]) == ("rights-at-work", language)
    assert hit["matched"] == 1
    assert hit["score"] >= 1


def test_a_search_of_ten_thousand_characters_is_a_422_naming_q(work):
    response = Client().get("/api/v1/articles/search", {"q": "ж" * 10_000})

    errors = _errors(response)
    assert "at most 200 characters" in errors["q"]


def test_a_search_without_words_is_a_422(work):
    assert "q" in _errors(Client().get("/api/v1/articles/search", {"q": "   "}))
    assert "q" in _errors(Client().get("/api/v1/articles/search"))


# --- Editors --------------------------------------------------------------------------------


ARTICLE = {
    "slug": "fees",
    "topic": "recruitment_fees",
    "title": FEES.title,
    "summary": FEES.summary,
    "body": FEES.body,
}


def test_an_editor_writes_an_article(cw_api):
    response = _post(cw_api, "/api/v1/articles", ARTICLE)

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["slug"], body["country"], body["organisation"]) == ("fees", "MD", "centre-a")
    assert body["translations"][0] == {
        "language": "en",
        "status": "draft",
        "is_source": True,
        "revision": 1,
        "published_revision": None,
        "out_of_date": False,
        "readers_see_out_of_date": False,
    }
    assert [t["status"] for t in body["translations"][1:]] == ["", "", "", ""]


def test_an_article_missing_its_fields_is_a_422_naming_them(cw_api):
    missing = _errors(_post(cw_api, "/api/v1/articles", {"slug": "fees", "topic": "x"}))
    assert missing["topic"] == "Choose the topic the article belongs to."
    empty = _errors(
        _post(cw_api, "/api/v1/articles", {**ARTICLE, "title": "", "summary": " ", "body": ""})
    )

    assert {"title", "summary", "body"} <= set(missing)
    assert empty == {
        "title": "Give the article a title.",
        "summary": "Sum the article up in a sentence or two.",
        "body": "Write the text of the article.",
    }


def test_an_address_taken_is_a_409(cw_api, work):
    response = _post(cw_api, "/api/v1/articles", {**ARTICLE, "slug": "rights-at-work"})

    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("persona", ["teacher", "inspector", "analyst", "migrant"])
def test_others_may_not_write_or_see_drafts(people, api_for, work, persona):
    client = api_for(people[persona])

    assert _post(client, "/api/v1/articles", ARTICLE).status_code == 403
    assert client.get("/api/v1/editorial/articles").status_code == 403
    assert client.get("/api/v1/articles/rights-at-work/translations/en").status_code == 403
    assert client.get("/api/v1/articles/rights-at-work").status_code == 200  # public


def test_the_anonymous_are_asked_to_sign_in_for_the_editorial_api(work):
    assert Client().get("/api/v1/editorial/articles").status_code == 401
    assert _post(Client(), "/api/v1/articles", ARTICLE).status_code == 401


def test_the_workflow_through_the_api_with_four_eyes(cw_api, coord_api):
    _post(cw_api, "/api/v1/articles", ARTICLE)
    base = "/api/v1/articles/fees/translations/en"

    assert _post(coord_api, f"{base}/publish").status_code == 409  # a draft
    assert _post(cw_api, f"{base}/submit").json()["status"] == "review"
    assert _put(cw_api, base, ARTICLE).status_code == 409  # in review
    assert _post(cw_api, f"{base}/publish").status_code == 403  # not a publisher
    assert "note" in _errors(_post(coord_api, f"{base}/return", {"note": ""}))
    returned = _post(coord_api, f"{base}/return", {"note": "Cite ILO C181."}).json()
    assert (returned["status"], returned["return_note"]) == ("draft", "Cite ILO C181.")
    _post(cw_api, f"{base}/submit")
    published = _post(coord_api, f"{base}/publish").json()

    assert (published["status"], published["published_revision"]) == ("published", 1)
    assert Client().get("/api/v1/articles/fees").status_code == 200


def test_a_coordinator_never_publishes_their_own_edit(coord_api):
    _post(coord_api, "/api/v1/articles", ARTICLE)
    _post(coord_api, "/api/v1/articles/fees/translations/en/submit")

    response = _post(coord_api, "/api/v1/articles/fees/translations/en/publish")

    assert response.status_code == 403
    assert "Four eyes" in response.json()["detail"]


def test_a_translation_records_its_source_revision_and_goes_out_of_date(cw_api, coord_api, work):
    base = "/api/v1/articles/rights-at-work/translations"
    _put(cw_api, f"{base}/en", {"title": "Rights", "summary": "New.", "body": "Changed."})
    _post(cw_api, f"{base}/en/submit")
    _post(coord_api, f"{base}/en/publish")

    romanian = cw_api.get(f"{base}/ro").json()
    assert (romanian["source_revision"], romanian["out_of_date"]) == (1, True)
    assert romanian["readers_see_out_of_date"] is True
    saved = _put(cw_api, f"{base}/ro", {"title": "Drepturi", "summary": "Nou.", "body": "Nou."})
    assert saved.status_code == 200
    assert (saved.json()["source_revision"], saved.json()["out_of_date"]) == (2, False)
    board = {row["slug"]: row for row in cw_api.get("/api/v1/editorial/articles").json()}
    markers = {t["language"]: t["out_of_date"] for t in board["rights-at-work"]["translations"]}
    assert markers == {"en": False, "ro": False, "ru": True, "uk": True, "ar": True}


def test_a_translation_missing_fields_or_in_html_is_a_422(cw_api, work):
    base = "/api/v1/articles/rights-at-work/translations/ru"

    missing = _errors(_put(cw_api, base, {"title": "Права"}))
    html = _errors(_put(cw_api, base, {"title": "Права", "summary": "Да.", "body": "<p>Нет</p>"}))

    assert {"summary", "body"} <= set(missing)
    assert "HTML" in html["body"]
    assert ArticleTranslation.objects.get(language="ru").status == ArticleStatus.PUBLISHED


def test_an_unknown_article_or_language_is_not_found(cw_api, work):
    assert cw_api.get("/api/v1/articles/nothing/translations/en").status_code == 404
    assert cw_api.get("/api/v1/articles/rights-at-work/translations/de").status_code == 404
    assert _put(cw_api, "/api/v1/articles/rights-at-work/translations/de", ARTICLE).status_code in (
        404,
        422,
    )
