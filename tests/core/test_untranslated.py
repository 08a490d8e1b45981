"""Nothing meant for people is left out of translation.

The catalogue tests (test_translations.py) prove every marked string has its
four translations; these prove nothing is left unmarked: no literal text in a
template, no literal message in an error or a flash message, and no English on
a page rendered in another language.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "integra"
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
BLOCK_TRANSLATE = re.compile(r"{%\s*(blocktranslate|blocktrans)\b.*?{%\s*end\1\s*%}", re.S)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
UNREAD = re.compile(r"<(script|style|code)\b.*?</\1>", re.S | re.I)
ELEMENT = re.compile(r"<[^>]*>", re.S)
SPOKEN_ATTRIBUTES = re.compile(r'\b(alt|title|placeholder|aria-label|aria-description)="([^"]*)"')
WORD = re.compile(r"[A-Za-z]{2,}")
# Names of standards and formats, the same in every language.
PROPER = re.compile(r"\b(ISCO(-08)?|ISCED|CEFR|ISIC|ILO|SMS|PDF|CSV|XLSX|JSON|API|QR|TOTP|SDG)\b")


def _blank(match: re.Match[str]) -> str:
    """Keeps the line numbers while removing what is not literal text."""
    return "§" + "\n" * match.group(0).count("\n")


def literal_text(source: str) -> list[tuple[int, str]]:
    """(line, text) of every piece of literal, untranslated text in a template."""
    text = BLOCK_TRANSLATE.sub(_blank, source)
    text = TEMPLATE_TAG.sub(_blank, text)
    text = HTML_COMMENT.sub(_blank, text)
    text = UNREAD.sub(_blank, text)
    found = []
    for element in ELEMENT.finditer(text):
        for attribute in SPOKEN_ATTRIBUTES.finditer(element.group(0)):
            if WORD.search(PROPER.sub("", attribute.group(2))):
                found.append((text[: element.start()].count("\n") + 1, attribute.group(0)))
    body = ELEMENT.sub(_blank, text)
    for number, line in enumerate(body.splitlines(), 1):
        words = PROPER.sub("", re.sub(r"&[a-z]+;", "", line))
        if WORD.search(words):
            found.append((number, line.strip()))
    return found


def test_the_checker_finds_literal_text():
    found = literal_text('<p>{% translate "Fine" %}</p>\n<p>Not fine</p>\n<img alt="Nor this">')
    assert [line for line, _ in found] == [3, 2]
    assert literal_text("<p>{{ person.name }} · ISCO-08 <code>taken_on</code></p>") == []


TEMPLATES = sorted(ROOT.rglob("templates/**/*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_literal_text(path):
    found = literal_text(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{path}:{line}: {text}" for line, text in found)


# Calls whose first argument is read by a person: errors the services raise, and
# flash messages of the pages.
SPOKEN_CALLS = {
    "ValidationFailed",
    "Conflict",
    "NotFound",
    "PermissionDenied",
    "Unauthorised",
    "ApplicationError",
    "success",
    "error",
    "info",
    "warning",
    "add_error",
}


FLASH = {"success", "error", "info", "warning"}


def _literal_messages(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in SPOKEN_CALLS:
            continue
        if name in FLASH:
            owner = func.value if isinstance(func, ast.Attribute) else None
            if not (isinstance(owner, ast.Name) and owner.id in {"messages", "flash"}):
                continue  # e.g. an import's error(row, column, message): not a flash
        spoken = node.args[1:2] if name in FLASH | {"add_error"} else node.args[:1]
        for argument in spoken:
            literal = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            if literal and WORD.search(str(argument.value)):
                found.append((node.lineno, str(argument.value)))
            if isinstance(argument, ast.JoinedStr):
                found.append((node.lineno, ast.unparse(argument)))
    return found


def test_the_message_checker_finds_literal_messages():
    tree = ast.parse(
        'raise NotFound("There is no such page.")\nraise NotFound(_("Fine"))\n'
        'messages.error(request, "Oops.")\nloaded.error(3, "course", _("No such course."))'
    )
    assert sorted(_literal_messages(tree)) == [(1, "There is no such page."), (3, "Oops.")]


SOURCES = sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_spoken_messages_are_marked_for_translation(path):
    found = _literal_messages(ast.parse(path.read_text(encoding="utf-8")))
    assert not found, "\n".join(f"{path}:{line}: {text}" for line, text in found)
