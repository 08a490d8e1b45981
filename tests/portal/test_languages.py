"""The portal in five languages: every page answers in the chosen language, right
to left in Arabic, with no English left where a translation exists; the choice is
remembered; and every page stays light."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

LANGUAGES = ("ro", "ru", "uk", "ar")
OWN_PAGES = (
    "/my/",
    "/my/plan/",
    "/my/courses/",
    "/my/referrals/",
    "/my/documents/",
    "/my/messages/",
    "/my/consents/",
    "/my/data/",
    "/my/account/",
    "/my/account/password/",
)
PUBLIC_PAGES = ("/my/sign-in/", "/my/sign-in/password/", "/my/welcome/", "/rights/", "/work/")
LIMIT = 150 * 1024


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "placeholder") and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.texts


@pytest.fixture(scope="module")
def translated() -> dict[str, set[str]]:
    """Per language: the English source of every string it translates differently."""
    found: dict[str, set[str]] = {}
    for language in LANGUAGES:
        path = Path(settings.BASE_DIR) / "integra" / "locale" / language / "LC_MESSAGES"
        with (path / "django.po").open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        found[language] = {
            message.id
            for message in catalogue
            if isinstance(message.id, str)
            and message.string
            and message.string != message.id
            and len(message.id.split()) >= 2
            and "%" not in message.id
        }
    return found


def _get(client, path: str, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_own_pages_leave_nothing_in_english(language, me, translated, omar):
    for path in OWN_PAGES:
        response = _get(me, path, language)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'lang="{language}"' in html
        assert ('dir="rtl"' in html) == (language == "ar")
        english = [text for text in visible_texts(html) if text in translated[language]]
        assert not english, f"{path} in {language}: {english}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_leave_nothing_in_english(language, client, translated):
    for path in PUBLIC_PAGES:
        response = _get(client, path, language)
        assert response.status_code == 200, path
        english = [t for t in visible_texts(response.content.decode()) if t in translated[language]]
        assert not english, f"{path} in {language}: {english}"


def test_the_chosen_language_is_remembered(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/my/sign-in/"})
    assert response.status_code == 302
    page = client.get("/my/sign-in/").content.decode()
    assert 'lang="ru"' in page


def _stylesheets(html: str) -> int:
    total = 0
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        found = finders.find(href.removeprefix(settings.STATIC_URL))
        assert found, href
        total += Path(str(found)).stat().st_size
    return total


@pytest.mark.parametrize("path", OWN_PAGES + PUBLIC_PAGES)
def test_every_portal_page_is_light_and_needs_no_script(path, me, client):
    browser = me if path in OWN_PAGES else client
    html = browser.get(path).content.decode()
    assert "<script" not in html
    assert len(html.encode()) + _stylesheets(html) <= LIMIT
