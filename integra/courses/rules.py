"""The rules of courses and tests on plain data: quality criteria, waitlist order,
scoring against CEFR pass marks, attendance rates and certificate codes.

Pure: no Django. The services feed these functions what they read and write what
they return, so every rule is tested on its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# --- Reference data --------------------------------------------------------------------

CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
SECTIONS: tuple[str, ...] = ("reading", "listening", "writing", "speaking")

# Teachers' qualifications, from least to most: a rule names the least it accepts.
QUALIFICATIONS: tuple[str, ...] = ("assistant", "trainer", "teacher", "specialist")


def cefr_rank(level: str) -> int:
    """A1 = 1 … C2 = 6; anything else (no level, or a first language) = 0 or 7."""
    if level == "native":
        return len(CEFR_LEVELS) + 1
    return CEFR_LEVELS.index(level) + 1 if level in CEFR_LEVELS else 0


def qualification_rank(code: str) -> int:
    return QUALIFICATIONS.index(code) + 1 if code in QUALIFICATIONS else 0


# --- Quality criteria ------------------------------------------------------------------


@dataclass(frozen=True)
class Standard:
    """A programme's quality criteria for one type of course; ``None`` = no rule."""

    max_group_size: int | None = None
    min_teacher_qualification: str = ""
    min_hours: int | None = None
    max_wait_days: int | None = None


@dataclass(frozen=True)
class Breach:
    """One quality criterion a plan or an enrolment would break."""

    rule: str  # max_group_size | min_teacher_qualification | min_hours | max_wait_days | equipment
    field: str  # the input field it is about
    limit: object
    actual: object


def course_breaches(
    standard: Standard, *, capacity: int, teacher_qualification: str, hours: int
) -> list[Breach]:
    """What a course as planned breaks: too many places, a teacher below the
    minimum qualification, too few hours."""
    found: list[Breach] = []
    if standard.max_group_size is not None and capacity > standard.max_group_size:
        found.append(Breach("max_group_size", "capacity", standard.max_group_size, capacity))
    needed = standard.min_teacher_qualification
    if needed and qualification_rank(teacher_qualification) < qualification_rank(needed):
        found.append(Breach("min_teacher_qualification", "teacher", needed, teacher_qualification))
    if standard.min_hours is not None and hours < standard.min_hours:
        found.append(Breach("min_hours", "curriculum", standard.min_hours, hours))
    return found


def enrolment_breaches(
    standard: Standard,
    *,
    enrolled: int,
    capacity: int,
    waiting_since: date,
    starts_on: date,
    online: bool,
    has_equipment: bool | None,
) -> list[Breach]:
    """What enrolling one more learner breaks: a full group (the smaller of the
    course's places and the programme's group size), a start later than the
    longest wait allowed, an online course without the equipment to follow it."""
    found: list[Breach] = []
    limit = capacity
    if standard.max_group_size is not None:
        limit = min(limit, standard.max_group_size)
    if enrolled + 1 > limit:
        found.append(Breach("max_group_size", "course", limit, enrolled + 1))
    if standard.max_wait_days is not None:
        wait = (starts_on - waiting_since).days
        if wait > standard.max_wait_days:
            found.append(Breach("max_wait_days", "course", standard.max_wait_days, wait))
    if online and has_equipment is not True:
        found.append(Breach("equipment", "has_equipment", True, has_equipment))
    return found


# --- Waitlist --------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """A learner on a course's waitlist, as the priority rules see them."""

    key: int
    mandatory: bool  # the measure is mandatory under the programme
    due_on: date | None  # when the plan needs the course done
    requested_on: date


def waitlist_order(waiting: Iterable[Waiting]) -> list[int]:
    """Who gets the next place: a mandatory measure before a voluntary one, then
    the measure due soonest (none: last), then the longest wait, then first come."""
    return [
        w.key
        for w in sorted(
            waiting,
            key=lambda w: (
                not w.mandatory,
                w.due_on is None,
                w.due_on or date.max,
                w.requested_on,
                w.key,
            ),
        )
    ]


# --- Attendance ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    present: int
    absent: int
    excused: int

    @property
    def counted(self) -> int:
        """Sessions that count: an excused absence neither helps nor hurts."""
        return self.present + self.absent

    @property
    def percent(self) -> int | None:
        """Whole per cent, rounded half up; ``None`` before any counted session."""
        if not self.counted:
            return None
        return int((Decimal(100 * self.present) / self.counted).to_integral_value("ROUND_HALF_UP"))


def attendance_rate(statuses: Iterable[str]) -> Rate:
    counts = {"present": 0, "absent": 0, "excused": 0}
    for status in statuses:
        counts[status] += 1
    return Rate(counts["present"], counts["absent"], counts["excused"])


def incentive_met(rate: Rate, *, min_percent: int | None) -> bool | None:
    """Whether an attendance condition (e.g. an allowance for attending 80 %) is
    met; ``None`` when there is no condition or nothing to judge yet."""
    if min_percent is None or rate.percent is None:
        return None
    return rate.percent >= min_percent


# --- Tests and scoring ------------------------------------------------------------------


class DefinitionError(ValueError):
    """A test definition that cannot be used; the message says why."""


class ScoreError(ValueError):
    """Scores that do not fit the test: ``errors`` maps each section to why, as
    (reason, the section's maximum): reason is ``missing``, ``not_a_number``,
    ``out_of_range`` or ``unknown_section``. The services word them."""

    def __init__(self, errors: Mapping[str, tuple[str, int]]) -> None:
        super().__init__("; ".join(f"{k}: {v[0]}" for k, v in errors.items()))
        self.errors = dict(errors)


@dataclass(frozen=True)
class Section:
    code: str
    max_score: int


# The one pass mark of a test that certifies no language level (civic knowledge).
SINGLE_MARK = "pass"


@dataclass(frozen=True)
class PassMark:
    """What a level needs: a total, and at least ``section_min`` in every section."""

    level: str
    total: int
    section_min: int


@dataclass(frozen=True)
class TestDefinition:
    sections: tuple[Section, ...]
    pass_marks: tuple[PassMark, ...]  # from the lowest level to the highest

    @property
    def max_total(self) -> int:
        return sum(s.max_score for s in self.sections)


def parse_definition(sections: object, pass_marks: object) -> TestDefinition:
    """Reads a stored definition, refusing anything that could not be scored:
    unknown or repeated sections, scales that are not positive, pass marks that
    are unknown levels, above the scale, or not rising with the level."""
    if not isinstance(sections, list) or not sections:
        raise DefinitionError("A test needs at least one section.")
    parsed: list[Section] = []
    for item in sections:
        if not isinstance(item, dict):
            raise DefinitionError("Each section is an object with a code and a maximum score.")
        code, top = item.get("code"), item.get("max_score")
        if code not in SECTIONS:
            raise DefinitionError(f"Unknown section {code!r}; use {', '.join(SECTIONS)}.")
        if any(s.code == code for s in parsed):
            raise DefinitionError(f"The section {code!r} appears twice.")
        if not isinstance(top, int) or isinstance(top, bool) or not 0 < top <= 1000:
            raise DefinitionError(f"The maximum score of {code!r} must be 1 to 1000.")
        parsed.append(Section(code, top))
    definition = TestDefinition(tuple(parsed), ())
    if not isinstance(pass_marks, dict) or not pass_marks:
        raise DefinitionError("A test needs a pass mark for at least one CEFR level.")
    marks: list[PassMark] = []
    if SINGLE_MARK in pass_marks and len(pass_marks) > 1:
        raise DefinitionError(f"A test has pass marks per CEFR level or one {SINGLE_MARK!r} mark.")
    for level in sorted(pass_marks, key=cefr_rank):
        rule = pass_marks[level]
        if level not in CEFR_LEVELS and level != SINGLE_MARK:
            raise DefinitionError(f"Unknown CEFR level {level!r}.")
        if not isinstance(rule, dict):
            raise DefinitionError(f"The pass mark of {level} is an object (total, section_min).")
        total, section_min = rule.get("total"), rule.get("section_min", 0)
        if (
            not isinstance(total, int)
            or isinstance(total, bool)
            or not 0 < total <= definition.max_total
        ):
            raise DefinitionError(
                f"The total pass mark of {level} must be 1 to {definition.max_total}."
            )
        smallest = min(s.max_score for s in parsed)
        if (
            not isinstance(section_min, int)
            or isinstance(section_min, bool)
            or not 0 <= section_min <= smallest
        ):
            raise DefinitionError(
                f"The least score per section for {level} must be 0 to {smallest}."
            )
        if marks and (total < marks[-1].total or section_min < marks[-1].section_min):
            raise DefinitionError(f"The pass mark of {level} is below a lower level's.")
        marks.append(PassMark(level, total, section_min))
    return TestDefinition(tuple(parsed), tuple(marks))


@dataclass(frozen=True)
class Outcome:
    scores: dict[str, Decimal]
    total: Decimal
    level: str  # the highest level reached; "" when none, or for a "pass" test
    passed: bool  # reached the level the course aims at


def _score(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, (str, float, Decimal)):
        try:
            number = Decimal(str(value).strip())
            doubled = number * 2
            half_points = number.is_finite() and doubled == doubled.to_integral_value()
        except ArithmeticError:
            return None
        if half_points:
            return number
    return None


def score(
    definition: TestDefinition,
    raw: Mapping[str, object],
    *,
    target: str,
    second_speaking: object = None,
) -> Outcome:
    """Scores a result: every section on its scale (whole or half points), the
    speaking score the mean of two examiners' when a second is given, then the
    highest level whose pass mark is met. ``target`` is the level the course
    aims at; an exam without one passes at its lowest level."""
    errors: dict[str, tuple[str, int]] = {}
    scores: dict[str, Decimal] = {}
    for section in definition.sections:
        value = _score(raw.get(section.code))
        if raw.get(section.code) is None or str(raw.get(section.code)).strip() == "":
            errors[section.code] = ("missing", section.max_score)
        elif value is None:
            errors[section.code] = ("not_a_number", section.max_score)
        elif not 0 <= value <= section.max_score:
            errors[section.code] = ("out_of_range", section.max_score)
        else:
            scores[section.code] = value
    if unknown := sorted(set(raw) - {s.code for s in definition.sections}):
        for code in unknown:
            errors[code] = ("unknown_section", 0)
    if second_speaking is not None and "speaking" in scores:
        speaking = next(s for s in definition.sections if s.code == "speaking")
        second = _score(second_speaking)
        if second is None:
            errors["speaking_second"] = ("not_a_number", speaking.max_score)
        elif not 0 <= second <= speaking.max_score:
            errors["speaking_second"] = ("out_of_range", speaking.max_score)
        else:
            scores["speaking"] = (scores["speaking"] + second) / 2
    if errors:
        raise ScoreError(errors)
    total = sum(scores.values(), Decimal(0))
    level = ""
    for mark in definition.pass_marks:
        if total >= mark.total and all(v >= mark.section_min for v in scores.values()):
            level = mark.level
    if definition.pass_marks[0].level == SINGLE_MARK:
        return Outcome(scores, total, "", level == SINGLE_MARK)
    aim = target or definition.pass_marks[0].level
    return Outcome(scores, total, level, bool(level) and cefr_rank(level) >= cefr_rank(aim))


# --- Certificates ----------------------------------------------------------------------

# Crockford's base32: no I, L, O or U, so a code read out or typed is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_GROUPS = 5  # 5 groups of 4 characters: 100 random bits


def certificate_code() -> str:
    """``XXXX-XXXX-XXXX-XXXX-XXXX``: 100 random bits, so a code cannot be guessed."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4 * _CODE_GROUPS))
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def normalise_code(text: str) -> str | None:
    """A code as typed (any case, spaces, dashes, O for 0) in its stored form, or
    ``None`` when it cannot be a certificate code at all."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_READ_AS)
    if len(raw) != 4 * _CODE_GROUPS or any(ch not in CODE_ALPHABET for ch in raw):
        return None
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def levels_at_least(level: str) -> Sequence[str]:
    """The CEFR levels from ``level`` up (for filters such as "B1 or better")."""
    rank = cefr_rank(level)
    return [lv for lv in CEFR_LEVELS if cefr_rank(lv) >= rank]
