"""The Romanian, Russian, Ukrainian and Arabic catalogues are complete and sound.

English is the source language. Each of the other four languages has a
``django.po`` under ``integra/locale``; these tests fail when a language leaves
a string (or one of its plural forms) untranslated, keeps a fuzzy guess, breaks
a placeholder, lags behind the others, or when Django does not actually serve
the translations from the compiled catalogues.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

LANGUAGES = ("ro", "ru", "uk", "ar")
LOCALE_DIR = Path(settings.BASE_DIR) / "integra" / "locale"
KNOWN_STRINGS = ("Sign in", "Two-step verification", "Audit log")

# printf-style conversions as Python's %-operator reads them: %(name)s, %(max)d, %s, %.2f …
_FLAGS_WIDTH_PRECISION = r"[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?" + _FLAGS_WIDTH_PRECISION + r"(?P<type>[diouxXeEfFgGcrsa%])"
)
NAMED_PLACEHOLDER = re.compile(r"%\((?P<name>[^)]*)\)" + _FLAGS_WIDTH_PRECISION + r"[a-zA-Z]")


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def load(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.fixture(scope="module")
def catalogues() -> dict[str, Catalog]:
    return {language: load(language) for language in LANGUAGES}


def messages(catalogue: Catalog) -> list[Message]:
    return [message for message in catalogue if message.id]


def singular(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


def sources(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def forms(message: Message) -> tuple[str, ...]:
    if isinstance(message.string, tuple | list):
        return tuple(message.string)
    return (message.string,)


def placeholders(text: str, python_format: bool) -> tuple[frozenset[str], tuple[str, ...]]:
    """Named placeholders as a set; positional ones in order (their order matters)."""
    if not python_format:
        return frozenset(match.group(0) for match in NAMED_PLACEHOLDER.finditer(text)), ()
    named: set[str] = set()
    positional: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        if match.group("type") == "%":
            continue
        if match.group("name") is not None:
            named.add(f"%({match.group('name')}){match.group('type')}")
        else:
            positional.append(match.group(0))
    return frozenset(named), tuple(positional)


def source_placeholders(message: Message) -> tuple[frozenset[str], tuple[str, ...]]:
    python_format = message.python_format
    named: set[str] = set()
    positional: tuple[str, ...] = ()
    for text in sources(message):
        text_named, text_positional = placeholders(text, python_format)
        named |= text_named
        positional = max(positional, text_positional, key=len)
    return frozenset(named), positional


def _compile(language: str) -> None:
    """Compiles one catalogue the way ``make messages`` (pybabel compile) does."""
    catalogue = load(language)
    mo = po_path(language).with_suffix(".mo")
    descriptor, temporary = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write_mo(handle, catalogue, use_fuzzy=False)
        os.replace(temporary, mo)  # atomic: parallel workers never read half a file
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@pytest.fixture(scope="session")
def compiled_catalogues() -> Iterator[None]:
    """Makes sure every language has a ``.mo`` no older than its ``.po``.

    The ``.mo`` files are not committed; a fresh checkout without ``make messages``
    must not make the Django tests below pass or skip silently, so they are
    compiled here when missing or stale, and Django's catalogue cache is reset.
    """
    for language in LANGUAGES:
        po = po_path(language)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            _compile(language)
    trans_real._translations.clear()
    trans_real._default = None
    yield
    trans_real._translations.clear()
    trans_real._default = None


def test_every_language_has_a_catalogue() -> None:
    missing = [language for language in LANGUAGES if not po_path(language).is_file()]
    assert not missing, f"no django.po for {missing}"


def test_every_language_is_offered_in_the_settings() -> None:
    offered = {code for code, _name in settings.LANGUAGES}
    assert set(LANGUAGES) <= offered
    assert settings.LANGUAGE_CODE == "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_language_leaves_a_string_untranslated(
    catalogues: dict[str, Catalog], language: str
) -> None:
    catalogue = catalogues[language]
    untranslated = []
    for message in messages(catalogue):
        strings = forms(message)
        if message.pluralizable and len(strings) != catalogue.num_plurals:
            untranslated.append(
                f"{singular(message)!r}: {len(strings)} of {catalogue.num_plurals} plural forms"
            )
        elif not all(text.strip() for text in strings):
            untranslated.append(repr(singular(message)))
    assert not untranslated, f"{language}: untranslated:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_language_keeps_a_fuzzy_translation(
    catalogues: dict[str, Catalog], language: str
) -> None:
    catalogue = catalogues[language]
    # A fuzzy header makes ``pybabel compile`` skip the whole catalogue.
    assert not catalogue.fuzzy, f"{language}: the catalogue header is marked fuzzy"
    fuzzy = [repr(singular(message)) for message in messages(catalogue) if message.fuzzy]
    assert not fuzzy, f"{language}: fuzzy:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_changes_a_placeholder(
    catalogues: dict[str, Catalog], language: str
) -> None:
    broken = []
    for message in messages(catalogues[language]):
        expected = source_placeholders(message)
        for index, text in enumerate(forms(message)):
            if not text:
                continue  # reported by the untranslated test
            found = placeholders(text, message.python_format)
            if found != expected:
                broken.append(
                    f"{singular(message)!r} [{index}]: expected {sorted(expected[0])} "
                    f"{list(expected[1])}, found {sorted(found[0])} {list(found[1])}"
                )
    assert not broken, f"{language}: placeholders differ:\n" + "\n".join(broken)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_declares_its_language_and_plural_rule(
    catalogues: dict[str, Catalog], language: str
) -> None:
    catalogue = catalogues[language]
    headers = dict(catalogue.mime_headers)
    assert headers.get("Language") == language
    assert catalogue.num_plurals >= 2
    assert "plural=" in headers.get("Plural-Forms", "")


def test_no_language_lags_behind_the_others(catalogues: dict[str, Catalog]) -> None:
    ids = {
        language: {sources(message) for message in messages(catalogue)}
        for language, catalogue in catalogues.items()
    }
    reference = ids[LANGUAGES[0]]
    for language in LANGUAGES[1:]:
        assert ids[language] == reference, (
            f"{language} and {LANGUAGES[0]} differ: "
            f"only in {language}: {sorted(ids[language] - reference)}; "
            f"only in {LANGUAGES[0]}: {sorted(reference - ids[language])}"
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_holds_the_strings_every_page_shows(
    catalogues: dict[str, Catalog], language: str
) -> None:
    present = {singular(message) for message in messages(catalogues[language])}
    for text in (*KNOWN_STRINGS, "English", "Romanian", "Russian", "Ukrainian", "Arabic"):
        assert text in present, f"{language}: {text!r} missing"


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize("language", LANGUAGES)
def test_django_serves_the_translation(language: str) -> None:
    with translation.override(language):
        for text in KNOWN_STRINGS:
            assert translation.gettext(text) != text, f"{language}: {text!r} is not translated"
        assert translation.get_language() == language


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize("language", LANGUAGES)
def test_django_serves_every_string_as_the_catalogue_says(
    catalogues: dict[str, Catalog], language: str
) -> None:
    """The compiled catalogue matches the ``.po``, and ours wins over Django's own."""
    wrong = []
    with translation.override(language):
        for message in messages(catalogues[language]):
            if message.pluralizable:
                continue
            served = (
                translation.pgettext(message.context, message.id)
                if message.context
                else translation.gettext(message.id)
            )
            if served != message.string:
                wrong.append(f"{message.id!r}: served {served!r}, expected {message.string!r}")
    assert not wrong, f"{language}:\n" + "\n".join(wrong)


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_strings_are_translated_for_every_count(
    catalogues: dict[str, Catalog], language: str
) -> None:
    plural_messages = [m for m in messages(catalogues[language]) if m.pluralizable]
    with translation.override(language):
        for message in plural_messages:
            one, other = message.id[0], message.id[1]
            for count in (0, 1, 2, 3, 5, 11, 21, 101, 1000):
                served = translation.ngettext(one, other, count)
                assert served in forms(message), f"{language}: {one!r} for {count} gave {served!r}"


def test_every_string_in_the_source_is_in_the_catalogues(tmp_path: Path) -> None:
    """Extract the strings afresh (as `make translations` does) from a copy of the
    source: a string added to a template or module without a translation fails here."""
    import shutil
    import subprocess
    import sys

    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed to extract strings; run 'make system-test-deps'.")
    source = Path(settings.BASE_DIR) / "integra"
    copy = tmp_path / "integra"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po"))
    env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--locale=ro",
            "--no-location",
            "--no-obsolete",
            "--ignore=*/migrations/*",
            "--settings=tests.settings",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {
        singular(m)
        for m in messages(read_po((copy / "locale/ro/LC_MESSAGES/django.po").open("rb")))
    }
    committed = {singular(m) for m in messages(load("ro"))}
    missing = sorted(extracted - committed)
    assert not missing, f"Not in the catalogues (run 'make translations'): {missing}"
