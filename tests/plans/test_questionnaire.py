"""Questionnaires as data: a definition is checked, answers are checked against
it, and the answers suggest measures (pure code, no database)."""

from __future__ import annotations

import copy

import pytest

from integra.core.domains import Domain
from integra.plans import questionnaire
from integra.plans.models import MeasureKind
from tests.plans.conftest import DEFINITION


def _parse(definition):
    return questionnaire.parse(definition, domains=Domain.values, kinds=MeasureKind.values)


def _broken(path_and_value):
    definition = copy.deepcopy(DEFINITION)
    path, value = path_and_value
    target = definition
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return definition


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ((("sections",), []), "at least one section"),
        ((("sections", 0, "code"), "Language!"), "lower-case"),
        ((("sections", 0, "questions", 0, "type"), "slider"), "type must be one of"),
        (
            (("sections", 0, "questions", 0, "options"), [{"value": "x", "label": {"en": "X"}}]),
            "two options",
        ),
        ((("sections", 0, "questions", 0, "label"), {"en": " "}), "non-empty"),
        ((("sections", 0, "questions", 0, "suggest", 0, "when"), {"in": ["C9"]}), "does not exist"),
        ((("sections", 0, "questions", 0, "suggest", 0, "when"), {"below": 3}), "numbers only"),
        (
            (("sections", 0, "questions", 0, "suggest", 0, "measure", "kind"), "magic"),
            "unknown measure kind",
        ),
        ((("sections", 1, "questions", 0, "min"), 70), "min is above max"),
        ((("sections", 1, "questions", 1, "code"), "years"), "appears twice"),
    ],
)
def test_a_wrong_definition_says_what_and_where(change, message):
    with pytest.raises(questionnaire.DefinitionError, match=message):
        _parse(_broken(change))


def test_answers_are_checked_against_their_questions():
    sections = _parse(DEFINITION)

    clean, errors = questionnaire.check(
        sections,
        {"local_level": "A1", "years": "ten", "working": "no", "extra": 1},
    )

    assert clean == {"local_level": "A1"}
    assert errors == {"years": "number", "working": "yes_no", "extra": "unknown"}
    assert questionnaire.check(sections, {})[1] == {"local_level": "required"}


def test_answers_suggest_each_measure_once_in_order():
    sections = _parse(DEFINITION)
    answers = {"local_level": "none", "working": False, "screening_needed": True}

    found = questionnaire.suggestions(sections, answers)

    assert [(s.kind, s.because) for s in found] == [
        ("language_course", "local_level"),
        ("job_search", "working"),
        ("health_screening", "screening_needed"),
    ]
    assert questionnaire.suggestions(sections, {"local_level": "B1", "working": True}) == []


def test_health_questions_are_sensitive_and_texts_fall_back_to_english():
    sections = _parse(DEFINITION)

    assert questionnaire.sensitive_codes(sections) == {"screening_needed"}
    assert questionnaire.text(sections[0].title, "ro") == "Limba"
    assert questionnaire.text(sections[1].title, "ar") == "Work"
    assert questionnaire.text(sections[0].title, "ro-md") == "Limba"
