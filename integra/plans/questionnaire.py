"""Assessment questionnaires as data: checking a definition, checking answers
against it, and the measures the answers suggest.

Pure: plain dictionaries in, plain data out; no Django. A definition looks like::

    {"sections": [
        {"code": "language", "title": {"en": "Language"}, "sensitive": false,
         "questions": [
            {"code": "local_level", "type": "choice", "required": true,
             "label": {"en": "Level in the local language", "ro": "..."},
             "options": [{"value": "none", "label": {"en": "None"}}, ...],
             "suggest": [{"when": {"in": ["none", "A1"]},
                          "measure": {"domain": "language", "kind": "language_course",
                                      "title": {"en": "Language course"}}}]}]}]}

Question types: ``choice`` (one option), ``multi`` (several), ``yes_no``,
``number`` (``min``, ``max``), ``date`` (ISO) and ``text`` (``max_length``).
Conditions: ``equals``, ``in``, ``any_of`` (for ``multi``), ``below`` and
``at_least`` (for ``number``). Texts are dictionaries by language code; a reader
gets their language, else English, else whichever there is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

TYPES = ("choice", "multi", "yes_no", "number", "date", "text")
CONDITIONS = ("equals", "in", "any_of", "below", "at_least")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
TEXT_LIMIT = 2000

Texts = Mapping[str, str]


class DefinitionError(ValueError):
    """The definition itself is wrong; the message says where."""


@dataclass(frozen=True)
class Option:
    value: str
    label: Texts


@dataclass(frozen=True)
class Rule:
    condition: str
    operand: object
    domain: str
    kind: str
    title: Texts


@dataclass(frozen=True)
class Question:
    code: str
    type: str
    label: Texts
    required: bool
    options: tuple[Option, ...]
    minimum: float | None
    maximum: float | None
    max_length: int
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Section:
    code: str
    title: Texts
    sensitive: bool
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Suggestion:
    """A measure the answers call for; ``because`` names the question."""

    domain: str
    kind: str
    title: Texts
    because: str


def text(texts: Texts, language: str) -> str:
    """The text in ``language`` (or its base language), else English, else any."""
    if not texts:
        return ""
    for code in (language, language.split("-")[0], "en"):
        if texts.get(code):
            return texts[code]
    return next(iter(texts.values()))


def _texts(raw: object, where: str) -> Texts:
    if not isinstance(raw, Mapping) or not raw:
        raise DefinitionError(f"{where}: give the text as {{language: text}}.")
    if not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in raw.items()):
        raise DefinitionError(f"{where}: every text must be a non-empty string.")
    return dict(raw)


def _code(raw: object, where: str) -> str:
    if not isinstance(raw, str) or not _CODE.match(raw):
        raise DefinitionError(f"{where}: a code is lower-case letters, digits and _.")
    return raw


def _number(raw: object, where: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise DefinitionError(f"{where}: must be a number.")
    return float(raw)


def _rule(
    raw: object, question: str, qtype: str, values: set[str], domains: set[str], kinds: set[str]
) -> Rule:
    where = f"question {question}: suggestion"
    if not isinstance(raw, Mapping):
        raise DefinitionError(f"{where} must be an object.")
    when, measure = raw.get("when"), raw.get("measure")
    if not isinstance(when, Mapping) or len(when) != 1:
        raise DefinitionError(f"{where}: 'when' holds exactly one condition.")
    condition, operand = next(iter(when.items()))
    if condition not in CONDITIONS:
        raise DefinitionError(f"{where}: unknown condition {condition!r}.")
    if condition in ("below", "at_least"):
        if qtype != "number":
            raise DefinitionError(f"{where}: {condition} applies to numbers only.")
        _number(operand, where)
    elif condition in ("in", "any_of"):
        if not isinstance(operand, list) or not operand:
            raise DefinitionError(f"{where}: {condition} takes a list.")
        if values and not set(map(str, operand)) <= values:
            raise DefinitionError(f"{where}: {condition} names an option that does not exist.")
    elif qtype == "yes_no" and not isinstance(operand, bool):
        raise DefinitionError(f"{where}: equals takes true or false for a yes/no question.")
    elif values and str(operand) not in values:
        raise DefinitionError(f"{where}: equals names an option that does not exist.")
    if not isinstance(measure, Mapping):
        raise DefinitionError(f"{where}: 'measure' says which measure to suggest.")
    domain, kind = measure.get("domain"), measure.get("kind")
    if domain not in domains:
        raise DefinitionError(f"{where}: unknown domain {domain!r}.")
    if kind not in kinds:
        raise DefinitionError(f"{where}: unknown measure kind {kind!r}.")
    return Rule(
        condition, operand, str(domain), str(kind), _texts(measure.get("title"), f"{where} title")
    )


def _question(raw: object, domains: set[str], kinds: set[str]) -> Question:
    if not isinstance(raw, Mapping):
        raise DefinitionError("Every question must be an object.")
    code = _code(raw.get("code"), "question")
    qtype = raw.get("type")
    if qtype not in TYPES:
        raise DefinitionError(f"question {code}: type must be one of {', '.join(TYPES)}.")
    options: list[Option] = []
    if qtype in ("choice", "multi"):
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            raise DefinitionError(f"question {code}: give at least two options.")
        for item in raw_options:
            if not isinstance(item, Mapping) or not isinstance(item.get("value"), str):
                raise DefinitionError(f"question {code}: every option has a value and a label.")
            options.append(Option(item["value"], _texts(item.get("label"), f"question {code}")))
        if len({o.value for o in options}) != len(options):
            raise DefinitionError(f"question {code}: option values repeat.")
    minimum = _number(raw.get("min"), f"question {code}: min")
    maximum = _number(raw.get("max"), f"question {code}: max")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise DefinitionError(f"question {code}: min is above max.")
    max_length = raw.get("max_length", 500)
    if not isinstance(max_length, int) or not 1 <= max_length <= TEXT_LIMIT:
        raise DefinitionError(f"question {code}: max_length is 1 to {TEXT_LIMIT}.")
    values = {o.value for o in options}
    rules = raw.get("suggest", [])
    if not isinstance(rules, list):
        raise DefinitionError(f"question {code}: 'suggest' is a list.")
    return Question(
        code=code,
        type=str(qtype),
        label=_texts(raw.get("label"), f"question {code}: label"),
        required=bool(raw.get("required", False)),
        options=tuple(options),
        minimum=minimum,
        maximum=maximum,
        max_length=max_length,
        rules=tuple(_rule(r, code, str(qtype), values, domains, kinds) for r in rules),
    )


def parse(
    definition: object, *, domains: Sequence[str], kinds: Sequence[str]
) -> tuple[Section, ...]:
    """Checks a definition; raises DefinitionError saying what is wrong, and where."""
    if not isinstance(definition, Mapping):
        raise DefinitionError("A questionnaire is an object with 'sections'.")
    raw_sections = definition.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise DefinitionError("A questionnaire has at least one section.")
    sections: list[Section] = []
    seen: set[str] = set()
    for raw in raw_sections:
        if not isinstance(raw, Mapping):
            raise DefinitionError("Every section must be an object.")
        code = _code(raw.get("code"), "section")
        questions = raw.get("questions")
        if not isinstance(questions, list) or not questions:
            raise DefinitionError(f"section {code}: give at least one question.")
        parsed = tuple(_question(q, set(domains), set(kinds)) for q in questions)
        for question in parsed:
            if question.code in seen:
                raise DefinitionError(f"question {question.code} appears twice.")
            seen.add(question.code)
        sections.append(
            Section(
                code=code,
                title=_texts(raw.get("title"), f"section {code}: title"),
                sensitive=bool(raw.get("sensitive", False)),
                questions=parsed,
            )
        )
    return tuple(sections)


# --- Answers ------------------------------------------------------------------------


def _clean(question: Question, value: object) -> tuple[object, str | None]:
    """The answer in its stored form, or an error code."""
    if question.type == "choice":
        return (value, None) if value in {o.value for o in question.options} else (None, "option")
    if question.type == "multi":
        allowed = {o.value for o in question.options}
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, "options"
        if not set(value) <= allowed:
            return None, "options"
        return sorted(set(value)), None
    if question.type == "yes_no":
        return (value, None) if isinstance(value, bool) else (None, "yes_no")
    if question.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, "number"
        if question.minimum is not None and value < question.minimum:
            return None, "range"
        if question.maximum is not None and value > question.maximum:
            return None, "range"
        return value, None
    if question.type == "date":
        try:
            return date.fromisoformat(str(value)).isoformat(), None
        except ValueError:
            return None, "date"
    if not isinstance(value, str) or "\x00" in value:
        return None, "text"
    if len(value) > question.max_length:
        return None, "length"
    return value.strip(), None


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def check(
    sections: Sequence[Section], answers: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, str]]:
    """Answers in stored form and errors by question code. An error is one of:
    ``required``, ``unknown``, ``option``, ``options``, ``yes_no``, ``number``,
    ``range``, ``date``, ``text``, ``length``."""
    questions = {q.code: q for s in sections for q in s.questions}
    clean: dict[str, object] = {}
    errors: dict[str, str] = {code: "unknown" for code in answers if code not in questions}
    for code, question in questions.items():
        value = answers.get(code)
        if _empty(value):
            if question.required:
                errors[code] = "required"
            continue
        stored, error = _clean(question, value)
        if error:
            errors[code] = error
        elif not _empty(stored):
            clean[code] = stored
    return clean, errors


def _holds(rule: Rule, value: object) -> bool:
    if rule.condition == "equals":
        return value == rule.operand
    if rule.condition == "in":
        return isinstance(rule.operand, list) and value in rule.operand
    if rule.condition == "any_of":
        return (
            isinstance(value, list)
            and isinstance(rule.operand, list)
            and (bool(set(value) & set(rule.operand)))
        )
    if not isinstance(value, int | float) or not isinstance(rule.operand, int | float):
        return False
    if rule.condition == "below":
        return value < rule.operand
    return value >= rule.operand


def suggestions(sections: Sequence[Section], answers: Mapping[str, object]) -> list[Suggestion]:
    """The measures the answers call for, each (domain, kind) once, in the
    questionnaire's order."""
    found: list[Suggestion] = []
    seen: set[tuple[str, str]] = set()
    for section in sections:
        for question in section.questions:
            if question.code not in answers:
                continue
            for rule in question.rules:
                key = (rule.domain, rule.kind)
                if key not in seen and _holds(rule, answers[question.code]):
                    seen.add(key)
                    found.append(Suggestion(rule.domain, rule.kind, rule.title, question.code))
    return found


def sensitive_codes(sections: Sequence[Section]) -> frozenset[str]:
    """Questions of sensitive sections (health): stored apart, behind the firewall."""
    return frozenset(q.code for s in sections if s.sensitive for q in s.questions)


def display(question: Question, value: object, language: str) -> str:
    """An answer as a reader sees it, in their language."""
    labels = {o.value: text(o.label, language) for o in question.options}
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"  # the caller translates (see plans.selectors)
    return labels.get(str(value), str(value))
