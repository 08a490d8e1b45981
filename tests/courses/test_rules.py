"""The rules of courses and tests on plain data (pure code, no database)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from integra.courses import rules
from integra.courses.rules import (
    CEFR_LEVELS,
    CODE_ALPHABET,
    Breach,
    DefinitionError,
    Rate,
    ScoreError,
    Section,
    Standard,
    Waiting,
    attendance_rate,
    cefr_rank,
    certificate_code,
    course_breaches,
    enrolment_breaches,
    incentive_met,
    levels_at_least,
    normalise_code,
    parse_definition,
    qualification_rank,
    score,
    waitlist_order,
)

# --- Reference data --------------------------------------------------------------------


def test_levels_and_qualifications_rank_from_least_to_most():
    assert [cefr_rank(level) for level in CEFR_LEVELS] == [1, 2, 3, 4, 5, 6]
    assert cefr_rank("native") == 7
    assert cefr_rank("") == cefr_rank("B3") == 0
    assert qualification_rank("assistant") < qualification_rank("trainer")
    assert qualification_rank("trainer") < qualification_rank("teacher")
    assert qualification_rank("teacher") < qualification_rank("specialist")
    assert qualification_rank("") == qualification_rank("professor") == 0


# --- Quality criteria: a course as planned ------------------------------------------------

STANDARD = Standard(
    max_group_size=15, min_teacher_qualification="teacher", min_hours=60, max_wait_days=60
)


def _course(standard=STANDARD, *, capacity=15, teacher_qualification="teacher", hours=60):
    return course_breaches(
        standard, capacity=capacity, teacher_qualification=teacher_qualification, hours=hours
    )


def test_a_course_within_every_criterion_breaks_none():
    assert _course() == []


def test_without_criteria_nothing_is_a_breach():
    assert _course(Standard(), capacity=500, teacher_qualification="", hours=0) == []


def test_a_group_larger_than_allowed_is_a_breach():
    assert _course(capacity=16) == [Breach("max_group_size", "capacity", 15, 16)]


@pytest.mark.parametrize(
    ("qualification", "breaks"),
    [
        ("assistant", True),
        ("trainer", True),
        ("teacher", False),
        ("specialist", False),  # more than the minimum is fine
        ("", True),  # no recorded qualification is below any minimum
    ],
)
def test_a_teacher_below_the_minimum_qualification_is_a_breach(qualification, breaks):
    expected = [Breach("min_teacher_qualification", "teacher", "teacher", qualification)]

    assert _course(teacher_qualification=qualification) == (expected if breaks else [])


def test_too_few_hours_is_a_breach():
    assert _course(hours=59) == [Breach("min_hours", "curriculum", 60, 59)]


def test_every_breach_is_reported_at_once():
    breaches = _course(capacity=20, teacher_qualification="trainer", hours=30)

    assert [b.rule for b in breaches] == [
        "max_group_size",
        "min_teacher_qualification",
        "min_hours",
    ]


# --- Quality criteria: one more enrolment ------------------------------------------------


def _enrol(
    standard=STANDARD,
    *,
    enrolled=0,
    capacity=15,
    waiting_since=date(2025, 1, 1),
    starts_on=date(2025, 2, 1),
    online=False,
    has_equipment=None,
):
    return enrolment_breaches(
        standard,
        enrolled=enrolled,
        capacity=capacity,
        waiting_since=waiting_since,
        starts_on=starts_on,
        online=online,
        has_equipment=has_equipment,
    )


def test_an_enrolment_with_room_and_no_long_wait_breaks_nothing():
    assert _enrol(enrolled=14) == []


@pytest.mark.parametrize(
    ("capacity", "max_group_size", "limit"),
    [
        (20, 12, 12),  # the programme's group size is smaller
        (10, 12, 10),  # the course's places are fewer
        (10, None, 10),  # no programme rule: the places alone
    ],
)
def test_a_full_group_is_the_smaller_of_places_and_group_size(capacity, max_group_size, limit):
    standard = Standard(max_group_size=max_group_size)

    assert _enrol(standard, capacity=capacity, enrolled=limit - 1) == []
    assert _enrol(standard, capacity=capacity, enrolled=limit) == [
        Breach("max_group_size", "course", limit, limit + 1)
    ]


def test_a_start_later_than_the_longest_wait_is_a_breach():
    since = date(2025, 1, 1)

    assert _enrol(waiting_since=since, starts_on=date(2025, 3, 2)) == []  # 60 days
    assert _enrol(waiting_since=since, starts_on=date(2025, 3, 3)) == [
        Breach("max_wait_days", "course", 60, 61)
    ]


def test_without_a_wait_rule_any_wait_is_allowed():
    assert _enrol(Standard(), waiting_since=date(2020, 1, 1), starts_on=date(2025, 1, 1)) == []


@pytest.mark.parametrize("has_equipment", [False, None])
def test_an_online_course_needs_known_equipment(has_equipment):
    assert _enrol(online=True, has_equipment=has_equipment) == [
        Breach("equipment", "has_equipment", True, has_equipment)
    ]


def test_equipment_only_matters_online():
    assert _enrol(online=True, has_equipment=True) == []
    assert _enrol(online=False, has_equipment=False) == []


# --- Waitlist ----------------------------------------------------------------------------


def _waiting(key, *, mandatory=False, due_on=None, requested_on=date(2025, 1, 1)):
    return Waiting(key=key, mandatory=mandatory, due_on=due_on, requested_on=requested_on)


def test_a_mandatory_measure_goes_before_a_voluntary_one_due_sooner():
    order = waitlist_order(
        [
            _waiting(1, due_on=date(2025, 2, 1), requested_on=date(2024, 1, 1)),
            _waiting(2, mandatory=True),
        ]
    )

    assert order == [2, 1]


def test_the_measure_due_soonest_goes_first_and_one_without_a_date_last():
    order = waitlist_order(
        [
            _waiting(1, requested_on=date(2024, 1, 1)),  # no due date, however long it waited
            _waiting(2, due_on=date(2025, 6, 1)),
            _waiting(3, due_on=date(2025, 3, 1)),
        ]
    )

    assert order == [3, 2, 1]


def test_then_the_earliest_request_then_the_key():
    order = waitlist_order(
        [
            _waiting(9, requested_on=date(2025, 1, 2)),
            _waiting(8, requested_on=date(2025, 1, 1)),
            _waiting(3, requested_on=date(2025, 1, 2)),
        ]
    )

    assert order == [8, 3, 9]


def test_all_the_priorities_together():
    waiting = [
        _waiting(1),
        _waiting(2, mandatory=True),
        _waiting(3, mandatory=True, due_on=date(2025, 5, 1)),
        _waiting(4, due_on=date(2025, 5, 1)),
        _waiting(5, mandatory=True, due_on=date(2025, 4, 1), requested_on=date(2025, 2, 1)),
        _waiting(6, mandatory=True, due_on=date(2025, 4, 1), requested_on=date(2025, 1, 15)),
    ]

    assert waitlist_order(waiting) == [6, 5, 3, 2, 4, 1]
    assert waitlist_order(reversed(waiting)) == [6, 5, 3, 2, 4, 1]


def test_an_empty_waitlist_orders_to_nothing():
    assert waitlist_order([]) == []


# --- Attendance --------------------------------------------------------------------------


def test_the_rate_counts_each_status_and_excused_absences_do_not_count():
    rate = attendance_rate(["present", "absent", "excused", "present", "excused"])

    assert rate == Rate(present=2, absent=1, excused=2)
    assert rate.counted == 3
    assert rate.percent == 67


@pytest.mark.parametrize(
    ("present", "absent", "percent"),
    [
        (1, 7, 13),  # 12.5
        (5, 3, 63),  # 62.5: half up, not to the even 62
        (7, 1, 88),  # 87.5
        (2, 1, 67),  # 66.67
        (1, 2, 33),  # 33.33
        (3, 0, 100),
        (0, 4, 0),
    ],
)
def test_the_percentage_is_whole_and_rounded_half_up(present, absent, percent):
    assert Rate(present, absent, excused=5).percent == percent


@pytest.mark.parametrize("statuses", [[], ["excused", "excused"]])
def test_there_is_no_percentage_before_a_counted_session(statuses):
    assert attendance_rate(statuses).percent is None


def test_an_unknown_status_is_an_error_not_ignored():
    with pytest.raises(KeyError):
        attendance_rate(["present", "late"])


@pytest.mark.parametrize(
    ("rate", "min_percent", "met"),
    [
        (Rate(8, 2, 0), 80, True),  # exactly the condition
        (Rate(8, 2, 3), 80, True),  # excused absences do not lower it
        (Rate(79, 21, 0), 80, False),
        (Rate(8, 2, 0), None, None),  # no condition
        (Rate(0, 0, 4), 80, None),  # nothing to judge yet
    ],
)
def test_an_attendance_condition_is_met_or_not(rate, min_percent, met):
    assert incentive_met(rate, min_percent=min_percent) is met


# --- Test definitions --------------------------------------------------------------------

SECTIONS = [
    {"code": "reading", "max_score": 25},
    {"code": "listening", "max_score": 25},
    {"code": "writing", "max_score": 25},
    {"code": "speaking", "max_score": 25},
]
PASS_MARKS = {
    "B2": {"total": 75, "section_min": 15},
    "A2": {"total": 40, "section_min": 5},
    "B1": {"total": 60, "section_min": 10},
}


def test_a_definition_is_read_with_its_pass_marks_from_lowest_to_highest():
    definition = parse_definition(SECTIONS, PASS_MARKS)

    assert definition.sections[0] == Section("reading", 25)
    assert [s.code for s in definition.sections] == ["reading", "listening", "writing", "speaking"]
    assert definition.max_total == 100
    assert [(m.level, m.total, m.section_min) for m in definition.pass_marks] == [
        ("A2", 40, 5),
        ("B1", 60, 10),
        ("B2", 75, 15),
    ]


def test_a_pass_mark_without_a_least_score_per_section_needs_none():
    definition = parse_definition([{"code": "speaking", "max_score": 1000}], {"A1": {"total": 1}})

    assert definition.pass_marks[0].section_min == 0


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        (None, "at least one section"),
        ({}, "at least one section"),
        ([], "at least one section"),
        (["reading"], "is an object with a code"),
        ([{"code": "grammar", "max_score": 10}], "Unknown section 'grammar'"),
        ([{"max_score": 10}], "Unknown section None"),
        (
            [{"code": "reading", "max_score": 10}, {"code": "reading", "max_score": 20}],
            "'reading' appears twice",
        ),
        ([{"code": "reading", "max_score": 0}], "must be 1 to 1000"),
        ([{"code": "reading", "max_score": -5}], "must be 1 to 1000"),
        ([{"code": "reading", "max_score": 1001}], "must be 1 to 1000"),
        ([{"code": "reading", "max_score": 2.5}], "must be 1 to 1000"),
        ([{"code": "reading", "max_score": "25"}], "must be 1 to 1000"),
        ([{"code": "reading", "max_score": True}], "must be 1 to 1000"),
        ([{"code": "reading"}], "must be 1 to 1000"),
    ],
)
def test_a_definition_with_sections_that_cannot_be_scored_is_refused(sections, message):
    with pytest.raises(DefinitionError, match=re.escape(message)):
        parse_definition(sections, PASS_MARKS)


@pytest.mark.parametrize(
    ("pass_marks", "message"),
    [
        (None, "at least one CEFR level"),
        ([], "at least one CEFR level"),
        ({}, "at least one CEFR level"),
        ({"B3": {"total": 50}}, "Unknown CEFR level 'B3'"),
        ({"b1": {"total": 50}}, "Unknown CEFR level 'b1'"),
        ({"native": {"total": 50}}, "Unknown CEFR level 'native'"),
        ({"B1": 60}, "pass mark of B1 is an object"),
        ({"B1": {"section_min": 5}}, "total pass mark of B1 must be 1 to 100"),
        ({"B1": {"total": 0}}, "total pass mark of B1 must be 1 to 100"),
        ({"B1": {"total": 101}}, "total pass mark of B1 must be 1 to 100"),  # above the scale
        ({"B1": {"total": "60"}}, "total pass mark of B1 must be 1 to 100"),
        ({"B1": {"total": 60, "section_min": 26}}, "for B1 must be 0 to 25"),
        ({"B1": {"total": 60, "section_min": -1}}, "for B1 must be 0 to 25"),
        ({"B1": {"total": 60, "section_min": 12.5}}, "for B1 must be 0 to 25"),
        (
            {"A2": {"total": 60}, "B1": {"total": 50}},
            "pass mark of B1 is below a lower level's",
        ),
        (
            {"B1": {"total": 60, "section_min": 10}, "A2": {"total": 40, "section_min": 12}},
            "pass mark of B1 is below a lower level's",
        ),
    ],
)
def test_pass_marks_that_cannot_be_used_are_refused(pass_marks, message):
    with pytest.raises(DefinitionError, match=re.escape(message)):
        parse_definition(SECTIONS, pass_marks)


def test_the_least_score_per_section_is_bounded_by_the_smallest_scale():
    sections = [{"code": "reading", "max_score": 40}, {"code": "speaking", "max_score": 10}]

    assert parse_definition(sections, {"B1": {"total": 30, "section_min": 10}})
    with pytest.raises(DefinitionError, match="for B1 must be 0 to 10"):
        parse_definition(sections, {"B1": {"total": 30, "section_min": 11}})


def test_a_pass_mark_given_as_true_is_refused():
    with pytest.raises(DefinitionError):
        parse_definition(SECTIONS, {"B1": {"total": True}})


# --- Scoring -----------------------------------------------------------------------------

DEFINITION = parse_definition(SECTIONS, PASS_MARKS)


def _scores(reading=20, listening=20, writing=20, speaking=20):
    return {"reading": reading, "listening": listening, "writing": writing, "speaking": speaking}


def _errors(raw, **kwargs):
    kwargs.setdefault("target", "B1")
    with pytest.raises(ScoreError) as caught:
        score(DEFINITION, raw, **kwargs)
    return caught.value.errors


def test_whole_and_half_points_are_accepted_in_any_form():
    outcome = score(
        DEFINITION,
        _scores(reading=20, listening="17.5", writing=Decimal("15.5"), speaking=18.0),
        target="B1",
    )

    assert outcome.scores == {
        "reading": Decimal(20),
        "listening": Decimal("17.5"),
        "writing": Decimal("15.5"),
        "speaking": Decimal(18),
    }
    assert outcome.total == Decimal(71)


def test_the_scale_bounds_are_included():
    assert score(DEFINITION, _scores(0, 0, 0, 0), target="").total == 0
    assert score(DEFINITION, _scores(25, 25, 25, "25.0"), target="").total == 100


@pytest.mark.parametrize("value", ["0.3", 12.1, Decimal("7.9")])
def test_a_score_between_half_points_is_refused(value):
    assert _errors(_scores(reading=value)) == {"reading": ("not_a_number", 25)}


@pytest.mark.parametrize(
    "value", ["12.25", 12.75, "twelve", "12,5", "NaN", "Infinity", "-inf", [], {"a": 1}]
)
def test_a_score_that_is_not_a_number_of_half_points_is_refused(value):
    assert _errors(_scores(reading=value)) == {"reading": ("not_a_number", 25)}


@pytest.mark.parametrize("value", [True, False])
def test_a_bool_is_not_a_score(value):
    assert _errors(_scores(reading=value)) == {"reading": ("not_a_number", 25)}


def test_a_huge_number_is_refused_as_a_score():
    assert _errors(_scores(reading="1e30")) == {"reading": ("out_of_range", 25)}


@pytest.mark.parametrize("value", [-1, "-0.5", "25.5", 26, 1000])
def test_a_score_outside_the_scale_is_refused(value):
    assert _errors(_scores(writing=value)) == {"writing": ("out_of_range", 25)}


@pytest.mark.parametrize("value", [None, ""])
def test_an_empty_score_is_missing(value):
    assert _errors(_scores(listening=value)) == {"listening": ("missing", 25)}


def test_a_section_left_out_is_missing():
    raw = _scores()
    del raw["speaking"]

    assert _errors(raw) == {"speaking": ("missing", 25)}


def test_a_section_the_test_does_not_have_is_refused():
    assert _errors({**_scores(), "grammar": 10}) == {"grammar": ("unknown_section", 0)}


def test_every_error_is_reported_at_once():
    raw = {"reading": "x", "listening": 30, "writing": 10, "grammar": 1, "vocabulary": 2}

    errors = _errors(raw)

    assert errors == {
        "reading": ("not_a_number", 25),
        "listening": ("out_of_range", 25),
        "speaking": ("missing", 25),
        "grammar": ("unknown_section", 0),
        "vocabulary": ("unknown_section", 0),
    }


def test_a_score_error_words_each_reason_in_its_message():
    with pytest.raises(ScoreError, match="reading: not_a_number; speaking: missing"):
        score(DEFINITION, {"reading": "x", "listening": 1, "writing": 1}, target="B1")


@pytest.mark.parametrize(
    ("first", "second", "mean"),
    [
        (18, 19, Decimal("18.5")),
        (18, "19.5", Decimal("18.75")),  # a mean of halves may be a quarter
        (20, 20, Decimal(20)),
        (0, 25, Decimal("12.5")),
    ],
)
def test_speaking_is_the_mean_of_two_examiners(first, second, mean):
    outcome = score(DEFINITION, _scores(speaking=first), target="B1", second_speaking=second)

    assert outcome.scores["speaking"] == mean
    assert outcome.total == 60 + mean


@pytest.mark.parametrize(
    ("second", "reason"),
    [("x", "not_a_number"), (True, "not_a_number"), ("0.25", "not_a_number"), (26, "out_of_range")],
)
def test_a_second_speaking_score_that_does_not_fit_is_refused(second, reason):
    assert _errors(_scores(), second_speaking=second) == {"speaking_second": (reason, 25)}


def test_a_second_speaking_score_is_not_judged_when_the_first_is_wrong():
    assert _errors(_scores(speaking=None), second_speaking="x") == {"speaking": ("missing", 25)}


def test_a_second_speaking_score_is_ignored_by_a_test_without_speaking():
    definition = parse_definition([{"code": "reading", "max_score": 10}], {"A1": {"total": 5}})

    outcome = score(definition, {"reading": 6}, target="A1", second_speaking=2)

    assert outcome.scores == {"reading": Decimal(6)}


@pytest.mark.parametrize(
    ("raw", "level"),
    [
        (_scores(20, 20, 20, 20), "B2"),  # 80, every section at least 15
        (_scores(25, 25, 25, 14), "B1"),  # 89, but one section below B2's 15
        (_scores(25, 25, 5, 5), "A2"),  # 60, but two sections below B1's 10
        (_scores(15, 15, 15, 15), "B1"),  # 60: a pass mark is met at its exact value
        (_scores(15, 15, 15, "14.5"), "A2"),  # 59.5
        (_scores(10, 10, 10, 9), ""),  # 39
        (_scores(25, 25, 25, 4), ""),  # 79, but a section below even A2's 5
    ],
)
def test_the_level_is_the_highest_whose_pass_mark_is_met(raw, level):
    assert score(DEFINITION, raw, target="").level == level


def test_the_mean_speaking_score_counts_against_the_least_per_section():
    outcome = score(DEFINITION, _scores(speaking=15), target="B2", second_speaking=14)

    assert outcome.scores["speaking"] == Decimal("14.5")
    assert outcome.level == "B1"


@pytest.mark.parametrize(
    ("target", "passed"),
    [("A2", True), ("B1", True), ("B2", False), ("C1", False)],
)
def test_it_passes_when_the_level_reached_is_the_target_or_above(target, passed):
    outcome = score(DEFINITION, _scores(15, 15, 15, 15), target=target)

    assert outcome.level == "B1"
    assert outcome.passed is passed


def test_an_exam_without_a_target_passes_at_its_lowest_level():
    assert score(DEFINITION, _scores(10, 10, 10, 10), target="").passed is True  # A2
    assert score(DEFINITION, _scores(10, 10, 10, 9), target="").passed is False


def test_no_level_reached_is_no_level_and_not_passed():
    outcome = score(DEFINITION, _scores(5, 5, 5, 5), target="A2")

    assert outcome.level == ""
    assert outcome.passed is False
    assert outcome.total == 20


# --- Certificates ------------------------------------------------------------------------

CODE_FORMAT = re.compile(rf"[{CODE_ALPHABET}]{{4}}(-[{CODE_ALPHABET}]{{4}}){{4}}")


def test_a_certificate_code_is_five_groups_of_four_unambiguous_characters():
    code = certificate_code()

    assert CODE_FORMAT.fullmatch(code)
    assert len(code.replace("-", "")) == 20
    assert not set(code) & set("ILOU")


def test_certificate_codes_do_not_repeat_and_use_the_whole_alphabet():
    codes = [certificate_code() for _ in range(1000)]

    assert len(set(codes)) == 1000
    assert all(CODE_FORMAT.fullmatch(code) for code in codes)
    assert set("".join(codes).replace("-", "")) == set(CODE_ALPHABET)


def test_the_alphabet_is_crockfords_base32():
    assert len(CODE_ALPHABET) == len(set(CODE_ALPHABET)) == 32


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD-EFGH-JKMN-PQRS-TVWX",
        "abcd-efgh-jkmn-pqrs-tvwx",
        "ABCD EFGH JKMN PQRS TVWX",
        " abcdefghjkmnpqrstvwx\n",
        "Abcd - Efgh - Jkmn - Pqrs - Tvwx",
    ],
)
def test_a_code_is_read_in_any_case_with_any_separators(typed):
    assert normalise_code(typed) == "ABCD-EFGH-JKMN-PQRS-TVWX"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("O000-oooo-0000-0000-0000", "0000-0000-0000-0000-0000"),  # O for 0
        ("1III-iiii-LLLL-llll-1111", "1111-1111-1111-1111-1111"),  # I and L for 1
        ("UUUU-vvvv-0000-0000-0000", "VVVV-VVVV-0000-0000-0000"),  # U for V
    ],
)
def test_letters_easily_misread_are_read_as_the_character_meant(typed, stored):
    assert normalise_code(typed) == stored


def test_a_generated_code_reads_back_as_itself():
    code = certificate_code()

    assert normalise_code(code) == code
    assert normalise_code(code.lower().replace("-", " ")) == code


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ABCD-EFGH-JKMN-PQRS-TVW",  # 19 characters
        "ABCD-EFGH-JKMN-PQRS-TVWXY",  # 21 characters
        "ABCD-EFGH-JKMN-PQRS",
        "ABCD-EFGH-JKMN-PQRS-TVWÉ",  # a letter outside the alphabet
        "ABCD-EFGH-JKMN-PQRS-TVWȘ",
        "ABCD-EFGH-JKMN-PQRS-TVW٣",  # an Arabic-Indic digit is a digit, but not ours
        "----",
    ],
)
def test_text_that_cannot_be_a_code_is_none(typed):
    assert normalise_code(typed) is None


@pytest.mark.parametrize(
    ("level", "levels"),
    [
        ("A1", ["A1", "A2", "B1", "B2", "C1", "C2"]),
        ("B1", ["B1", "B2", "C1", "C2"]),
        ("C2", ["C2"]),
        ("", ["A1", "A2", "B1", "B2", "C1", "C2"]),  # no filter: every level
        ("native", []),  # above every CEFR level
    ],
)
def test_levels_at_least_a_level_are_it_and_those_above(level, levels):
    assert list(levels_at_least(level)) == levels


def test_a_single_mark_test_passes_or_not_without_a_level():
    definition = rules.parse_definition(
        [{"code": "reading", "max_score": 30}], {rules.SINGLE_MARK: {"total": 18}}
    )
    passed = rules.score(definition, {"reading": 18}, target="")
    assert (passed.level, passed.passed) == ("", True)
    failed = rules.score(definition, {"reading": "17.5"}, target="")
    assert (failed.level, failed.passed) == ("", False)


def test_a_single_mark_cannot_be_mixed_with_levels():
    with pytest.raises(rules.DefinitionError, match="one 'pass' mark"):
        rules.parse_definition(
            [{"code": "reading", "max_score": 30}],
            {rules.SINGLE_MARK: {"total": 18}, "A2": {"total": 20}},
        )
