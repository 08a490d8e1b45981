"""Monitoring at scale (issue 7's benchmark): rebuilding the summary tables and
reading dashboard tables from them, each against a baseline measured in the same run.

Fills a throwaway database (SQLite by default; PostgreSQL when DATABASE_URL points
at one, e.g. through scripts/throwaway_postgres.py) with N persons (default
1,000,000) and about --events (default 5,000,000) events, written set-based: one
``INSERT … SELECT`` per table over a generated series (``generate_series`` on
PostgreSQL, a recursive CTE on SQLite) whose values are pseudo-random functions of
the row number, so the same rows come out on both databases and no row passes
through Python. The few reference rows (25 integration centres, one per region,
the programme, six curricula and 60 courses, the inspectorate …) are made with the
ORM first.

The people: sex female/male/not stated 48/48/4, birth years 1950-2020 (6 % not
stated), 40 citizenships (Zipf-like, 3 % stateless, 5 % a second one), registered
over the last five years, each with a responsibility of a centre (10 % moved to a
second one later) and 0-2 legal-status decisions; 0.2 % merged into another
record. The events: legal-status decisions, responsibilities, plans (40 % of the
people, most agreed, 55 % of those within 30 days) with 3-5 measures each,
enrolments (30 % of the people, some twice) with results for most completed ones,
complaints (1 % of --events) with a region and one or two categories, inspections
(1 %) and violations found in about half of them.

Measurements (a dict, MEASUREMENTS: add one there):

* ``refresh``   monitoring.services.refresh.refresh_run(): wall time and peak
                memory, in a child process (VmHWM, the resident high-water mark, and
                its growth over the child's start), the facts written; a second run
                under tracemalloc gives Python's own peak (slower: its time is not
                the refresh's);
                - the baseline: the floor, the same child reading every statistics_*
                  source the refresh reads, row by row, without counting anything.
* ``export``    the whole publication (every one-way and two-way table of every
                indicator over five years, selectors.tables.publication()) as CSV,
                streamed through core.spreadsheets.stream_csv, in a child process:
                rows, time, peak memory (target: at most 200 MB);
                - the baseline: the same file built in memory first (to_csv).
* ``dashboard`` p50/p95 of a fixed set of dashboard tables read through
                selectors.tables.indicator_table() as an analyst (the summary tables
                and disclosure control), each --reps times in a shuffled order;
                - the baseline: four of them computed straight from the live tables
                  with plain GROUP BYs (before disclosure control), timed in the same
                  rounds. Their numbers are checked against every published cell and
                  against the unsuppressed summary cells: a mismatch is printed and
                  the run exits with status 1.

Usage:
    .venv/bin/python bench/monitoring.py --persons 20000             # SQLite, a minute
    DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python scripts/throwaway_postgres.py \\
        -- .venv/bin/python bench/monitoring.py                      # make bench-monitoring

Writes bench/results/monitoring[-sqlite][-N].json and prints a table. Target
(issue 7): dashboard query p95 from the summaries at most 300 ms with 1,000,000
persons and 5,000,000 events on PostgreSQL.
"""

# All SQL here is put together from this script's constants and numbers, never from input.
# ruff: noqa: S608

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path and bench/http.py would shadow the
# standard library's http package; drop the folder before Django imports it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse
import atexit
import hashlib
import json
import math
import os
import platform
import random
import resource
import shutil
import subprocess
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
_TMP = tempfile.mkdtemp(prefix="integra-bench-monitoring-")
atexit.register(shutil.rmtree, _TMP, True)
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP}/monitoring.sqlite3"
os.environ.setdefault("INTEGRA_VAR_DIR", _TMP)

import django

django.setup()

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone

from integra.core import access, spreadsheets
from integra.core.models import Membership, Organisation, User
from integra.core.roles import Role
from integra.courses import selectors as courses
from integra.courses.models import (
    Course,
    Curriculum,
    Enrolment,
    EnrolmentStatus,
    Result,
    Teacher,
    TestDefinition,
)
from integra.monitoring import catalogue
from integra.monitoring.models import Fact, Indicator
from integra.monitoring.selectors import tables
from integra.monitoring.selectors.tables import TOTAL, TableQuery
from integra.monitoring.services import refresh
from integra.people import selectors as people
from integra.people.models import Citizenship, LegalStatus, Person, Responsibility
from integra.plans import selectors as plans
from integra.plans.models import Measure, Plan, Programme
from integra.protection.models import Complaint, Inspection, Violation, Workplace
from integra.protection.selectors import statistics as protection

TARGET_MS = 300.0
DEFAULT_PERSONS = 1_000_000
EVENTS_PER_PERSON = 5  # --events defaults to this many per person
EPOCH = date(1940, 1, 1)  # every generated day is an offset from it
PRIME = 2_147_483_647  # 2**31 - 1: the pseudo-random values are (i * M + C) mod PRIME
SCALE = 1_000_000  # uniform draws are in [0, SCALE)

REGIONS = [
    "Chișinău",
    "Bălți",
    "Cahul",
    "Comrat",
    "Orhei",
    "Ungheni",
    "Soroca",
    "Edineț",
    "Hîncești",
    "Strășeni",
    "Căușeni",
    "Anenii Noi",
    "Ialoveni",
    "Criuleni",
    "Florești",
    "Drochia",
    "Fălești",
    "Nisporeni",
    "Leova",
    "Cimișlia",
    "Ștefan Vodă",
    "Rîșcani",
    "Sîngerei",
    "Telenești",
    "Taraclia",
]
REGION_WEIGHTS = [30, 9, 6, 5, 5, 4, 4, 3] + [2] * 17
COUNTRIES = [
    "UA",
    "RU",
    "RO",
    "TR",
    "IL",
    "BY",
    "AZ",
    "UZ",
    "TJ",
    "KZ",
    "AM",
    "GE",
    "SY",
    "IQ",
    "IR",
    "AF",
    "IN",
    "CN",
    "VN",
    "NG",
    "EG",
    "MA",
    "PK",
    "BD",
    "LB",
    "JO",
    "GR",
    "PL",
    "BG",
    "IT",
    "DE",
    "US",
    "GB",
    "FR",
    "KG",
    "TM",
    "LK",
    "PH",
    "ET",
    "ER",
]
STATUSES = [
    ("temporary_protection", 30),
    ("regular_worker", 20),
    ("family_member", 15),
    ("international_protection", 12),
    ("student", 8),
    ("asylum_seeker", 8),
    ("irregular", 5),
    ("stateless", 2),
]
DOMAINS = [
    ("language", 25),
    ("employment", 20),
    ("housing", 12),
    ("education", 10),
    ("health", 10),
    ("legal", 8),
    ("social", 8),
    ("culture", 4),
    ("community", 3),
]
LEVELS = [("A1", 30), ("A2", 30), ("B1", 20), ("B2", 12), ("C1", 5), ("C2", 3)]
COMPLAINT_CATEGORIES = [
    ("wages", 35),
    ("hours", 15),
    ("safety", 10),
    ("documents", 10),
    ("contract", 8),
    ("recruitment_fees", 7),
    ("threats", 5),
    ("discrimination", 4),
    ("debt", 3),
    ("harassment", 2),
    ("trafficking", 1),
]
VIOLATION_KINDS = [
    ("wages", 30),
    ("hours", 20),
    ("safety", 15),
    ("contract", 12),
    ("documents", 8),
    ("recruitment_fees", 5),
    ("accommodation", 4),
    ("other", 6),
]
SECTORS = [("A", 25), ("F", 25), ("I", 15), ("C", 10), ("G", 10), ("H", 7), ("T", 8)]
COURSE_REGIONS = 10  # six courses (A1-C2) in each of the first ten regions


# --- SQL that both databases run -------------------------------------------------------------


class Dialect:
    """The few expressions PostgreSQL and SQLite spell differently."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"
        self.julian_epoch = EPOCH.toordinal() + 1721424.5  # SQLite's julianday(EPOCH)

    def series(self, n: int, start: int = 1) -> str:
        """A FROM item: rows i = start … start + n - 1."""
        end = start + n - 1
        if self.pg:
            return f"generate_series(CAST({start} AS bigint), {end}) AS g(i)"
        return (
            f"(WITH RECURSIVE c(i) AS (SELECT {start} UNION ALL SELECT i + 1 FROM c "
            f"WHERE i < {end}) SELECT i FROM c) AS g"
        )

    def day(self, offset: str) -> str:
        """The date ``offset`` days after EPOCH."""
        if self.pg:
            return f"(DATE '{EPOCH}' + CAST({offset} AS integer))"
        return f"date({self.julian_epoch} + ({offset}))"

    def moment(self, offset: str, seconds: str = "0") -> str:
        """The UTC time ``seconds`` into the day ``offset`` days after EPOCH."""
        if self.pg:
            return (
                f"(TIMESTAMPTZ '{EPOCH} 00:00:00+00' + ({offset}) * INTERVAL '1 day' "
                f"+ ({seconds}) * INTERVAL '1 second')"
            )
        return f"datetime({self.julian_epoch} + ({offset}) + ({seconds}) / 86400.0)"

    def add_days(self, column: str, days: str) -> str:
        if self.pg:
            return f"({column} + CAST({days} AS integer))"
        return f"date(julianday({column}) + ({days}))"

    def date(self, day: date) -> str:
        return f"DATE '{day}'" if self.pg else f"'{day}'"

    def stamp(self, moment: datetime) -> str:
        utc = moment.astimezone(UTC)
        if self.pg:
            return f"TIMESTAMPTZ '{utc.isoformat()}'"
        return f"'{utc.replace(tzinfo=None).isoformat(sep=' ')}'"

    def json_array(self, *items: str) -> str:
        return f"{'jsonb_build_array' if self.pg else 'json_array'}({', '.join(items)})"

    def json(self, text: str) -> str:
        return f"'{text}'::jsonb" if self.pg else f"'{text}'"


_MULTIPLIERS: dict[str, int] = {}


def h(expr: str, salt: str) -> str:
    """A uniform draw in [0, SCALE) from the row number ``expr``: a multiplicative
    hash with a multiplier of its own for every salt, so draws are independent."""
    if salt not in _MULTIPLIERS:
        rng = random.Random(f"monitoring-{salt}")
        _MULTIPLIERS[salt] = rng.randrange(100_000_000, PRIME - 1)
    m = _MULTIPLIERS[salt]
    c = (m * 7919) % PRIME
    return f"((({expr}) * {m} + {c}) % {PRIME} % {SCALE})"


def quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def pick(draw: str, choices: Sequence[tuple[str, float]]) -> str:
    """A CASE giving each value (SQL) with its weight's share of the draw."""
    total = sum(w for _, w in choices)
    parts, running = [], 0.0
    for value, weight in choices[:-1]:
        running += weight
        parts.append(f"WHEN {draw} < {round(SCALE * running / total)} THEN {value}")
    return f"(CASE {' '.join(parts)} ELSE {choices[-1][0]} END)"


def pick_text(draw: str, choices: Sequence[tuple[str, float]]) -> str:
    return pick(draw, [(quote(v), w) for v, w in choices])


def mapped(index: str, values: Sequence[int]) -> str:
    """The value at ``index`` (an SQL integer) of a list."""
    whens = " ".join(f"WHEN {i} THEN {v}" for i, v in enumerate(values))
    return f"(CASE ({index}) {whens} END)"


@dataclass
class World:
    today: date
    now: datetime
    persons: int
    authority: Organisation
    centres: list[int]
    provider: Organisation
    inspectorate: Organisation
    staff: User
    analyst: User
    programme: Programme
    courses: list[int]  # ids, in course index order
    course_weights: list[float]
    teacher: Teacher
    test: TestDefinition
    workplaces: int


class PersonSql:
    """The per-person values more than one table needs, as SQL over a person id."""

    def __init__(self, sql: Dialect, world: World) -> None:
        self.sql, self.w = sql, world
        self.t = (world.today - EPOCH).days

    def registered(self, p: str) -> str:
        """The registration day (offset from EPOCH): within the last five years."""
        return f"({self.t - 5 * 365} + {h(p, 'registered')} % {5 * 365})"

    def stateless(self, p: str) -> str:
        return f"({h(p, 'stateless')} < 30000)"

    def citizenship(self, p: str) -> str:
        zipf = [(c, 1 / (rank + 1)) for rank, c in enumerate(COUNTRIES)]
        return pick_text(h(p, "citizenship"), zipf)

    def centre_index(self, p: str) -> str:
        return pick(h(p, "centre"), [(str(i), w) for i, w in enumerate(REGION_WEIGHTS)])


# --- Fill ------------------------------------------------------------------------------------


def setup(persons: int, workplaces: int) -> World:
    now = timezone.now()
    today = timezone.localdate()
    authority = Organisation.objects.create(
        code="bench-authority",
        name="Bureau for Migration",
        kind="coordinating_authority",
        level="national",
        country="MD",
    )
    centres = [
        Organisation.objects.create(
            code=f"bench-centre-{i}",
            name=f"Integration centre {region}",
            kind="integration_centre",
            level="regional",
            parent=authority,
            country="MD",
            region=region,
        ).pk
        for i, region in enumerate(REGIONS)
    ]
    provider = Organisation.objects.create(
        code="bench-provider",
        name="Language school",
        kind="course_provider",
        level="national",
        country="MD",
    )
    inspectorate = Organisation.objects.create(
        code="bench-inspectorate",
        name="State Labour Inspectorate",
        kind="labour_inspectorate",
        level="national",
        country="MD",
    )
    staff = User.objects.create(username="bench-staff")
    analyst = User.objects.create(username="bench-analyst")
    Membership.objects.create(user=analyst, organisation=authority, role=Role.ANALYST)
    Membership.objects.create(user=staff, organisation=inspectorate, role=Role.INSPECTOR)
    programme = Programme.objects.create(
        code="bench-programme",
        country="MD",
        name="Integration programme",
        participation="voluntary",
        min_months=6,
        max_months=24,
        review_every_days=90,
        created_at=now,
    )
    teacher = Teacher.objects.create(
        organisation=provider,
        name="Bench Teacher",
        qualification="teacher",
        languages=["ro"],
        is_examiner=True,
        updated_at=now,
    )
    test = TestDefinition.objects.create(
        code="bench-test",
        country="MD",
        title="Romanian test",
        course_type="language",
        language="ro",
        sections=[],
        pass_marks={},
        created_at=now,
    )
    course_ids, weights = [], []
    for level, weight in LEVELS:
        curriculum = Curriculum.objects.create(
            code=f"bench-ro-{level.lower()}",
            country="MD",
            course_type="language",
            title=f"Romanian {level}",
            language="ro",
            target_level=level,
            created_at=now,
        )
        for region in REGIONS[:COURSE_REGIONS]:
            course_ids.append(
                Course.objects.create(
                    programme=programme,
                    curriculum=curriculum,
                    provider=provider,
                    teacher=teacher,
                    test=test,
                    title=f"Romanian {level}, {region}",
                    delivery="in_person",
                    region=region,
                    starts_on=today - timedelta(days=1800),
                    ends_on=today + timedelta(days=365),
                    capacity=25,
                    status="running",
                    created_at=now,
                    created_by=staff,
                    updated_at=now,
                ).pk
            )
            weights.append(weight)
    return World(
        today=today,
        now=now,
        persons=persons,
        authority=authority,
        centres=centres,
        provider=provider,
        inspectorate=inspectorate,
        staff=staff,
        analyst=analyst,
        programme=programme,
        courses=course_ids,
        course_weights=weights,
        teacher=teacher,
        test=test,
        workplaces=workplaces,
    )


def statements(w: World, events: int) -> list[tuple[type[Any], str]]:
    """Every bulk INSERT … SELECT, in order (later ones read earlier tables)."""
    sql = Dialect()
    who = PersonSql(sql, w)
    n, t, now = w.persons, who.t, sql.stamp(w.now)
    scale = events / (EVENTS_PER_PERSON * n)  # 1 at the defaults
    plan_share = min(0.4 * scale, 0.95) * SCALE
    enrol_share = min(0.3 * scale, 0.95) * SCALE
    second_status = min(0.35 * scale, 0.85) * SCALE
    complaints = inspections = max(events // 100, 100)
    centre = mapped(who.centre_index("p"), w.centres)
    out: list[tuple[type[Any], str]] = []

    sex = pick_text(h("i", "sex"), [("female", 48), ("male", 48), ("not_stated", 4)])
    born = f"{(date(1950, 1, 1) - EPOCH).days} + {h('i', 'born')} % {71 * 365}"
    out.append(
        (
            Person,
            f"""
        INSERT INTO people_person (id, public_id, given_name, family_name, given_name_latin,
            family_name_latin, sex, birth_date, birth_date_precision, birth_place, stateless,
            phone, email, education_level, address, locality, registered_by_id, identity_key,
            merged_into_id, created_at, updated_at)
        SELECT i, 'BP' || i, 'Name' || i, 'Bench', 'Name' || i, 'Bench', {sex},
            CASE WHEN {h("i", "no-birth")} < 60000 THEN NULL ELSE {sql.day(born)} END,
            'exact', '', {who.stateless("i")}, '', '', NULL, '', '', NULL, '',
            CASE WHEN i > 1 AND {h("i", "merged")} < 2000 THEN i - 1 ELSE NULL END,
            {sql.moment(who.registered("i"), h("i", "second") + " % 86400")},
            {sql.moment(who.registered("i"), h("i", "second") + " % 86400")}
        FROM {sql.series(n)}""",
        )
    )
    out.append(
        (
            Citizenship,
            f"""
        INSERT INTO people_citizenship (id, person_id, country)
        SELECT i, i, {who.citizenship("i")} FROM {sql.series(n)} WHERE NOT {who.stateless("i")}
    """,
        )
    )
    out.append(
        (
            Citizenship,
            f"""
        INSERT INTO people_citizenship (id, person_id, country)
        SELECT {n} + i, i, CASE WHEN {who.citizenship("i")} = 'RO' THEN 'UA' ELSE 'RO' END
        FROM {sql.series(n)} WHERE NOT {who.stateless("i")} AND {h("i", "dual")} < 50000
    """,
        )
    )
    # 0-2 decisions a person: row i is the person (i + 1) / 2's first or second.
    status = pick_text(h("i", "status"), STATUSES)
    out.append(
        (
            LegalStatus,
            f"""
        INSERT INTO people_legalstatus (id, person_id, category, valid_from, valid_until,
            decision_reference, note, recorded_by_id, recorded_at)
        SELECT i, p, {status},
            {
                sql.day(
                    f"r + ({t} - r) * (CASE WHEN j = 0 THEN {h('i', 'from')} % 20 "
                    f"ELSE 30 + {h('i', 'from')} % 70 END) / 100"
                )
            },
            NULL, '', '', {w.authority.pk}, {now}
        FROM (SELECT i, (i - 1) / 2 + 1 AS p, (i - 1) % 2 AS j, {who.registered("(i - 1) / 2 + 1")}
              AS r, {h("(i - 1) / 2 + 1", "statuses")} AS k FROM {sql.series(2 * n)}) AS s
        WHERE (j = 0 AND k >= 150000) OR (j = 1 AND k >= {SCALE - second_status})
    """,
        )
    )
    out.append(
        (
            Responsibility,
            f"""
        INSERT INTO people_responsibility (id, person_id, organisation_id, since)
        SELECT p, p, {centre}, {sql.moment(who.registered("p"), h("p", "second") + " % 86400")}
        FROM (SELECT i AS p FROM {sql.series(n)}) AS s
    """,
        )
    )
    moved = mapped(
        f"({who.centre_index('p')} + 1 + {h('p', 'moved-to')} % {len(w.centres) - 1}) "
        f"% {len(w.centres)}",
        w.centres,
    )
    out.append(
        (
            Responsibility,
            f"""
        INSERT INTO people_responsibility (id, person_id, organisation_id, since)
        SELECT {n} + p, p, {moved},
            {
                sql.moment(
                    f"{who.registered('p')} + 1 + ({t} - {who.registered('p')}) "
                    f"* (50 + {h('p', 'moved-on')} % 50) / 100"
                )
            }
        FROM (SELECT i AS p FROM {sql.series(n)}) AS s WHERE {h("p", "moved")} < 100000
    """,
        )
    )
    # Plans: agreed within 30 days for 55 %, up to half a year later for the rest.
    delay = (
        f"(CASE WHEN {h('i', 'quick')} < 550000 THEN {h('i', 'delay')} % 31 "
        f"ELSE 31 + {h('i', 'delay')} % 150 END)"
    )
    out.append(
        (
            Plan,
            f"""
        INSERT INTO plans_plan (id, public_id, person_id, programme_id, organisation_id,
            caseworker_id, assessment_id, status, starts_on, ends_on, agreed_on, agreed_how,
            next_review_on, next_due_on, closed_on, outcome, closing_note, created_at,
            updated_at)
        SELECT p, 'BL' || p, p, {w.programme.pk}, o, NULL, NULL, st, {sql.day("d")},
            {sql.day("d + 365")}, CASE WHEN st = 'draft' THEN NULL ELSE {sql.day("d")} END,
            CASE WHEN st = 'draft' THEN '' ELSE 'signed' END, NULL, NULL,
            CASE WHEN st = 'closed' THEN {sql.day("d + 300")} ELSE NULL END,
            CASE WHEN st = 'closed' THEN 'completed' ELSE '' END, '', {now}, {now}
        FROM (SELECT p, d, o, CASE WHEN d > {t} OR k < 100000 THEN 'draft'
                                   WHEN k < 150000 AND d + 300 <= {t} THEN 'closed'
                                   ELSE 'agreed' END AS st
              FROM (SELECT i AS p, {who.registered("i")} + {delay} AS d,
                           {mapped(who.centre_index("i"), w.centres)} AS o,
                           {h("i", "plan-status")} AS k
                    FROM {sql.series(n)} WHERE {h("i", "plan")} < {plan_share}) AS a) AS b
    """,
        )
    )
    domain = pick_text(h("m", "domain"), DOMAINS)
    today = sql.date(w.today)
    out.append(
        (
            Measure,
            f"""
        INSERT INTO plans_measure (id, plan_id, goal_id, programme_measure_id, domain, kind,
            title, mandatory, beneficiary_id, responsible_id, due_on, status, evidence, done_on,
            created_at, updated_at)
        SELECT m, plan_id, NULL, NULL, {domain}, 'general', 'Measure', FALSE, NULL, o, due, st,
            '', CASE WHEN st = 'done' THEN {sql.add_days("due", f"-({h('m', 'early')} % 20)")}
                ELSE NULL END, {now}, {now}
        FROM (SELECT m, plan_id, o, due,
                CASE WHEN ps = 'draft' THEN 'planned'
                     WHEN due <= {today} THEN (CASE WHEN k < 750000 THEN 'done'
                          WHEN k < 850000 THEN 'not_done' WHEN k < 900000 THEN 'cancelled'
                          ELSE 'planned' END)
                     WHEN k < 300000 THEN 'in_progress' ELSE 'planned' END AS st
              FROM (SELECT pl.id * 5 + g.i AS m, pl.id AS plan_id, pl.organisation_id AS o,
                           pl.status AS ps, {h("pl.id * 5 + g.i", "measure-status")} AS k,
                           {
                sql.add_days("pl.starts_on", f"30 * (g.i + 1) + {h('pl.id * 5 + g.i', 'due')} % 60")
            }
                           AS due
                    FROM plans_plan AS pl CROSS JOIN {sql.series(5, 0)}
                    WHERE g.i < 3 + {h("pl.id", "measures")} % 3) AS a) AS b
    """,
        )
    )
    course = pick(h("p", "course"), [(str(i), cw) for i, cw in enumerate(w.course_weights)])
    other = f"({course} + 1 + {h('p', 'course-2')} % {len(w.courses) - 1}) % {len(w.courses)}"
    out.append(
        (
            Enrolment,
            f"""
        INSERT INTO courses_enrolment (id, course_id, person_id, measure_id, status,
            requested_on, enrolled_on, ended_on, has_equipment, override_reason, overridden,
            organisation_id, enrolled_by_id, created_at)
        SELECT i, c, p, NULL, st, {sql.day("q")},
            CASE WHEN st = 'waiting' THEN NULL ELSE {sql.day("q + e")} END,
            CASE WHEN st = 'completed' THEN {sql.day("q + e + 90")}
                 WHEN st = 'withdrawn' AND {h("i", "ended")} < 900000
                 THEN {sql.day(f"q + e + {h('i', 'ended')} % 90")} ELSE NULL END,
            NULL, '', {sql.json("[]")}, o, {w.staff.pk}, {now}
        FROM (SELECT i, p, c, o, q, e,
                CASE WHEN q + e > {t} OR k < 60000 THEN 'waiting'
                     WHEN q + e + 90 > {t} THEN 'enrolled'
                     WHEN k < 780000 THEN 'completed' ELSE 'withdrawn' END AS st
              FROM (SELECT i, p, {
                mapped(f"CASE WHEN j = 0 THEN {course} ELSE {other} END", w.courses)
            } AS c,
                           {centre} AS o, {h("i", "enrolment")} AS k, {h("i", "wait")} % 60 AS e,
                           r + ({t} - r) * ({h("i", "requested")} % 90) / 100 AS q
                    FROM (SELECT i, (i - 1) / 2 + 1 AS p, (i - 1) % 2 AS j,
                                 {who.registered("(i - 1) / 2 + 1")} AS r
                          FROM {sql.series(2 * n)}) AS s
                    WHERE {h("p", "enrols")} < {enrol_share}
                      AND (j = 0 OR {h("p", "enrols-twice")} < 300000)) AS a) AS b
    """,
        )
    )
    out.append(
        (
            Result,
            f"""
        INSERT INTO courses_result (id, enrolment_id, test_id, taken_on, scores,
            speaking_second, total, level, passed, examiner_id, second_examiner_id,
            recorded_by_id, recorded_at)
        SELECT e.id, e.id, {w.test.pk}, e.ended_on, {sql.json("{}")}, NULL,
            {h("e.id", "score")} % 101, '', {h("e.id", "score")} % 101 >= 40, {w.teacher.pk},
            NULL, {w.staff.pk}, {now}
        FROM courses_enrolment AS e
        WHERE e.status = 'completed' AND {h("e.id", "tested")} < 700000
    """,
        )
    )
    region = pick_text(h("i", "region"), [*zip(REGIONS, REGION_WEIGHTS, strict=True), ("", 8)])
    out.append(
        (
            Workplace,
            f"""
        INSERT INTO protection_workplace (id, public_id, employer, registration_number, name,
            address, region, sector, workers, search_name, created_by_id, created_at)
        SELECT i, 'BW' || i, 'Employer ' || i, '', '', '', {region},
            {pick_text(h("i", "sector"), SECTORS)}, NULL, 'employer ' || i, {w.staff.pk}, {now}
        FROM {sql.series(w.workplaces)}
    """,
        )
    )
    first = pick_text(h("i", "category"), COMPLAINT_CATEGORIES)
    out.append(
        (
            Complaint,
            f"""
        INSERT INTO protection_complaint (id, public_id, tracking_digest, lodged_via,
            lodged_by_id, lodged_for_id, language, anonymous, name, contact, person_id,
            categories, description, employer, workplace, sector, region, agency_id,
            agency_name, workplace_record_id, status, urgent, routed_to_id, handler_id,
            forced_labour, forced_labour_by_id, forced_labour_reason, remedies,
            wages_recovered, currency, lodged_at, closed_at)
        SELECT i, 'BC' || i, 'bench-' || i, 'public', NULL, NULL, 'ro', TRUE, '', '', NULL,
            CASE WHEN {h("i", "two-categories")} < 700000 THEN {sql.json_array("c")}
                 ELSE {sql.json_array("c", "CASE WHEN c = 'wages' THEN 'hours' ELSE 'wages' END")}
            END,
            'Wages unpaid for two months.', '', '', '', {region}, NULL, '', NULL,
            CASE WHEN shut THEN 'closed' ELSE 'in_progress' END, FALSE, NULL, NULL, NULL, NULL,
            '', {sql.json("[]")}, NULL, '', {sql.moment("d", "s")},
            CASE WHEN shut THEN {sql.moment("d + took", "s")} ELSE NULL END
        FROM (SELECT i, c, d, s, took, {h("i", "closed")} < 600000 AND d + took <= {t} AS shut
              FROM (SELECT i, {first} AS c, {t - 730} + {h("i", "lodged")} % 730 AS d,
                           {h("i", "lodged-at")} % 86400 AS s, 3 + {h("i", "took")} % 120 AS took
                    FROM {sql.series(complaints)}) AS a) AS b
    """,
        )
    )
    out.append(
        (
            Inspection,
            f"""
        INSERT INTO protection_inspection (id, public_id, workplace_id, organisation_id,
            inspector_id, reason, follow_up_of_id, status, planned_for, visited_on, findings,
            workers_interviewed, cancel_reason, created_by_id, created_at)
        SELECT i, 'BI' || i, 1 + {h("i", "workplace")} % {w.workplaces}, {w.inspectorate.pk},
            {w.staff.pk}, 'risk', NULL, st, {sql.day("d")},
            CASE WHEN st = 'done' THEN {sql.day("d")} ELSE NULL END, '', NULL,
            CASE WHEN st = 'cancelled' THEN 'The employer closed down.' ELSE '' END,
            {w.staff.pk}, {now}
        FROM (SELECT i, d, CASE WHEN d > {t} THEN 'planned'
                                WHEN {h("i", "cancelled")} < 50000 THEN 'cancelled'
                                ELSE 'done' END AS st
              FROM (SELECT i, {t - 4 * 365} + {h("i", "visited")} % {4 * 365 + 60} AS d
                    FROM {sql.series(inspections)}) AS a) AS b
    """,
        )
    )
    out.append(
        (
            Violation,
            f"""
        INSERT INTO protection_violation (id, inspection_id, workplace_id, kind, description,
            workers_affected, found_on, remedy_by, remedied_on, recorded_by_id, recorded_at)
        SELECT v.id, v.id, v.workplace_id, {pick_text(h("v.id", "kind"), VIOLATION_KINDS)},
            'Found on the visit.', 1, v.visited_on, NULL, NULL, {w.staff.pk}, {now}
        FROM protection_inspection AS v
        WHERE v.status = 'done' AND {h("v.id", "violation")} < 550000
    """,
        )
    )
    return out


def fill(persons: int, events: int) -> tuple[World, dict[str, Any]]:
    timings: dict[str, Any] = {}
    with transaction.atomic():
        world = setup(persons, max(500, events // 1000))
        written: Counter[str] = Counter()
        for model, statement in statements(world, events):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(statement)
                rows = cursor.rowcount
            name = model.__name__
            written[name] += rows
            timings[name] = round(timings.get(name, 0) + time.perf_counter() - started, 1)
            print(
                f"  {name:<15} {rows:>10,} rows {time.perf_counter() - started:>7.1f} s", flush=True
            )
        touched = sorted({model for model, _ in statements(world, events)}, key=str)
        with connection.cursor() as cursor:
            for reset in connection.ops.sequence_reset_sql(no_style(), touched):
                cursor.execute(reset)
    if connection.vendor == "postgresql":
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        timings["vacuum_analyze"] = round(time.perf_counter() - started, 1)
    counted = [
        "LegalStatus",
        "Responsibility",
        "Plan",
        "Measure",
        "Enrolment",
        "Result",
        "Complaint",
        "Inspection",
        "Violation",
    ]
    return world, {
        "rows": dict(written),
        "events": sum(written[name] for name in counted),
        "events_are": counted,
        "seconds": timings,
    }


# --- Children: the refresh and its floor in a process of their own ---------------------------


def _status_kb(field: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def _reset_peak() -> bool:
    """Starts the high-water mark (VmHWM) afresh (Linux 4.0 and later), so that the
    peak read afterwards is the job's, not Django's start-up's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_kb(reset: bool) -> int:
    if reset:
        return _status_kb("VmHWM")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def floor_read() -> dict[str, int]:
    """Every row the refresh reads, read and dropped: what the sources cost alone."""
    sources: dict[str, Callable[[], Any]] = {
        "people": people.statistics_people,
        "status_decisions": people.statistics_status_decisions,
        "first_agreement": plans.statistics_first_agreement,
        "ended_measures": plans.statistics_ended_measures,
        "enrolments": courses.statistics_enrolments,
        "complaints": protection.statistics_complaints,
        "visits": protection.statistics_visits,
        "violations": protection.statistics_violations,
    }
    return {name: sum(1 for _ in source()) for name, source in sources.items()}


def export_child(today: date, *, buffered: bool) -> dict[str, Any]:
    """The whole publication (every table of every indicator over five years) as
    CSV: streamed as the download streams it, or (the baseline) built in memory
    first, as a plain HttpResponse would. The bytes go to a counting sink."""
    analyst = User.objects.get(username="bench-analyst")
    actor = access.actor_for(analyst)
    start = date(today.year - 5, today.month, 1)
    rows = tables.publication(actor=actor, start=start, end=today, today=today)
    counted = {"rows": 0}

    def counting(source: Any) -> Any:
        for row in source:
            counted["rows"] += 1
            yield row

    size = 0
    if buffered:
        size = len(spreadsheets.to_csv(tables.PUBLICATION_HEADER, list(counting(rows))))
    else:
        for piece in spreadsheets.stream_csv(tables.PUBLICATION_HEADER, counting(rows)):
            size += len(piece)
    return {"rows": counted["rows"], "bytes": size}


def child_main(kind: str, today: date, traced: bool) -> int:
    connection.ensure_connection()
    rss_before = _status_kb("VmRSS")
    reset = _reset_peak()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    report: dict[str, Any] = {}
    if kind == "refresh":
        record = refresh.refresh_run(today=today)
        report.update(state=record.state, facts=record.facts, people=record.people)
        report["error"] = record.error
    elif kind in ("export", "export_buffered"):
        report.update(export_child(today, buffered=kind == "export_buffered"))
    else:
        report["rows_read"] = floor_read()
    seconds = time.perf_counter() - started
    if traced:
        report["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    peak = _peak_kb(reset)
    if kind == "refresh":
        report["facts_by_measure"] = dict(
            Fact.objects.values_list("measure").annotate(n=Count("pk")).order_by("measure")
        )
    report.update(
        seconds=round(seconds, 2),
        peak_rss_mb=round(peak / 1024, 1),
        rss_before_mb=round(rss_before / 1024, 1),
        peak_over_start_mb=round((peak - rss_before) / 1024, 1),
        peak_is="VmHWM since the start of the job" if reset else "ru_maxrss of the process",
        traced=traced,
    )
    print("RESULT " + json.dumps(report, default=str), flush=True)
    return 0


def run_child(kind: str, today: date, traced: bool = False) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--today",
        today.isoformat(),
        *(["--traced"] if traced else []),
    ]
    started = time.perf_counter()
    done = subprocess.run(
        command, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        print(done.stdout[-3000:], done.stderr[-3000:])
        raise SystemExit(f"The {kind} child failed (status {done.returncode}).")
    report = dict(json.loads(lines[-1][len("RESULT ") :]))
    report["child_wall_s"] = round(time.perf_counter() - started, 1)
    return report


def measure_refresh(world: World, args: argparse.Namespace) -> dict[str, Any]:
    connection.close()  # the children open their own
    print("  floor: reading every source (child process)", flush=True)
    floor = run_child("floor", world.today)
    print(f"    {floor['seconds']} s, peak {floor['peak_rss_mb']} MB", flush=True)
    print("  refresh_run() (child process)", flush=True)
    plain = run_child("refresh", world.today)
    print(
        f"    {plain['seconds']} s, peak {plain['peak_rss_mb']} MB, {plain['facts']:,} facts",
        flush=True,
    )
    traced = None
    if not args.no_tracemalloc:
        print("  refresh_run() under tracemalloc (child process)", flush=True)
        traced = run_child("refresh", world.today, traced=True)
        print(
            f"    {traced['seconds']} s, Python peak {traced['tracemalloc_peak_mb']} MB", flush=True
        )
    checks = {
        "refresh_done": plain["state"] == "done" and (traced is None or traced["state"] == "done"),
        "people_counted": plain["people"] == floor["rows_read"]["people"],
        "same_facts_twice": traced is None or traced["facts"] == plain["facts"],
    }
    return {
        "refresh": plain,
        "refresh_traced": traced,
        "baseline_floor": floor,
        "vs_floor": round(plain["seconds"] / max(floor["seconds"], 1e-9), 1),
        "checks": checks,
    }


# --- Dashboards ------------------------------------------------------------------------------


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def _first(month: int) -> date:
    return date(month // 12, month % 12 + 1, 1)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock.min))


@dataclass(frozen=True)
class Dashboard:
    name: str
    indicator: str
    query: TableQuery
    live: Callable[[TableQuery], dict[str, dict[tuple[str, str], int]]] | None = None


def _sex(value: str) -> str:
    return "" if value == "not_stated" else value


def _range(query: TableQuery) -> tuple[datetime, datetime, date, date]:
    assert query.start
    assert query.end
    first, last = _month(query.start), _month(query.end)
    return _midnight(_first(first)), _midnight(_first(last + 1)), _first(first), _first(last + 1)


def _latest_region() -> Subquery:
    return Subquery(
        Responsibility.objects.filter(person=OuterRef("pk"))
        .order_by("-since", "-pk")
        .values("organisation__region")[:1]
    )


def live_arrivals(query: TableQuery) -> dict[str, dict[tuple[str, str], int]]:
    """People registered in the months, by the region of the centre that took them
    on last and sex, straight from the registry."""
    since, until, _, _ = _range(query)
    found = (
        Person.objects.filter(merged_into__isnull=True, created_at__gte=since, created_at__lt=until)
        .annotate(where=_latest_region())
        .values("where", "sex")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells: dict[tuple[str, str], int] = defaultdict(int)
    for row in found:
        cells[(row["where"] or "", _sex(row["sex"]))] += row["n"]
    return {"numerator": dict(cells)}


def live_stock(query: TableQuery) -> dict[str, dict[tuple[str, str], int]]:
    """People in the registry at the end of each quarter (or of the range): one
    conditional count per period over the whole registry."""
    assert query.start
    assert query.end
    first, last = _month(query.start), _month(query.end)
    ends: dict[str, int] = {}
    for month in range(first, last + 1):
        bucket = f"{month // 12}-Q{month % 12 // 3 + 1}"
        ends[bucket] = min(month - month % 3 + 2, last)
    counts = Person.objects.filter(merged_into__isnull=True).aggregate(
        **{
            f"q{i}": Count("pk", filter=Q(created_at__lt=_midnight(_first(month + 1))))
            for i, month in enumerate(ends.values())
        }
    )
    return {
        "numerator": {(bucket, TOTAL): counts[f"q{i}"] for i, bucket in enumerate(ends)},
    }


def live_course_completion(query: TableQuery) -> dict[str, dict[tuple[str, str], int]]:
    """Enrolments that ended in the months (completed or withdrawn; the request day if
    no end is recorded), by CEFR level and sex: completed over ended."""
    _, _, first, after = _range(query)
    found = (
        Enrolment.objects.filter(
            status__in=(EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN),
            person__merged_into__isnull=True,
        )
        .annotate(day=Coalesce("ended_on", "requested_on"))
        .filter(day__gte=first, day__lt=after)
        .values(level=F("course__curriculum__target_level"), sex=F("person__sex"))
        .annotate(
            ended=Count("pk"), completed=Count("pk", filter=Q(status=EnrolmentStatus.COMPLETED))
        )
        .order_by()
    )
    numerator: dict[tuple[str, str], int] = defaultdict(int)
    denominator: dict[tuple[str, str], int] = defaultdict(int)
    for row in found:
        key = (row["level"] or "", _sex(row["sex"]))
        numerator[key] += row["completed"]
        denominator[key] += row["ended"]
    return {"numerator": dict(numerator), "denominator": dict(denominator)}


def live_complaints(query: TableQuery) -> dict[str, dict[tuple[str, str], int]]:
    """Complaints lodged in the months, by region and first category."""
    since, until, _, _ = _range(query)
    found = (
        Complaint.objects.filter(lodged_at__gte=since, lodged_at__lt=until)
        .annotate(category=KT("categories__0"))
        .values("region", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells: dict[tuple[str, str], int] = defaultdict(int)
    for row in found:
        cells[(row["region"][:100], (row["category"] or "")[:64])] += row["n"]
    return {"numerator": dict(cells)}


def dashboards(today: date) -> list[Dashboard]:
    now = _month(today)

    def q(rows: str, columns: str = "", months: int = 12, **filters: str) -> TableQuery:
        return TableQuery(
            rows=rows, columns=columns, start=_first(now - months + 1), end=today, filters=filters
        )

    c = catalogue
    return [
        Dashboard(
            "arrivals: region x sex, 12 months", "arrivals", q(c.REGION, c.SEX), live_arrivals
        ),
        Dashboard(
            "registry_stock: by quarter, 3 years",
            "registry_stock",
            q(c.PERIOD, months=36),
            live_stock,
        ),
        Dashboard(
            "plan_within_30_days: citizenship x sex", "plan_within_30_days", q(c.CITIZENSHIP, c.SEX)
        ),
        Dashboard(
            "course_completion: level x sex",
            "course_completion",
            q(c.CATEGORY, c.SEX),
            live_course_completion,
        ),
        Dashboard(
            "complaints: region x category", "complaints", q(c.REGION, c.CATEGORY), live_complaints
        ),
        Dashboard(
            "arrivals, sex=female: age band x region",
            "arrivals",
            q(c.AGE_BAND, c.REGION, sex="female"),
        ),
        Dashboard("status_changes: status x region", "status_changes", q(c.CATEGORY, c.REGION)),
        Dashboard(
            "measure_completion: domain x age band", "measure_completion", q(c.CATEGORY, c.AGE_BAND)
        ),
        Dashboard("course_wait: level x region", "course_wait", q(c.CATEGORY, c.REGION)),
        Dashboard(
            "test_pass_rate: legal status x sex, 24 months",
            "test_pass_rate",
            q(c.LEGAL_STATUS, c.SEX, months=24),
        ),
        Dashboard(
            "violations: quarter x region, 3 years", "violations", q(c.PERIOD, c.REGION, months=36)
        ),
        Dashboard(
            "registry_stock, citizenship=UA: status x age band",
            "registry_stock",
            q(c.LEGAL_STATUS, c.AGE_BAND, citizenship="UA"),
        ),
    ]


def _percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _expected(live: dict[tuple[str, str], int], row: str, column: str) -> int:
    return sum(
        v
        for (r, c), v in live.items()
        if (row == TOTAL or r == row) and (column == TOTAL or c == column)
    )


def _fact_cells(
    indicator: Indicator, measure: str, query: TableQuery
) -> dict[tuple[str, str], int]:
    """The unsuppressed summary cells, read from Fact directly (flows only)."""
    _, _, first, after = _range(query)
    fields = [d for d in (query.rows, query.columns) if d]
    found = (
        Fact.objects.filter(measure=measure, period__gte=first, period__lt=after, **query.filters)
        .values(*fields)
        .annotate(n=Sum("count"))
        .order_by()
    )
    cells: dict[tuple[str, str], int] = defaultdict(int)
    for row in found:
        keys = [row[d] if d else TOTAL for d in (query.rows, query.columns)]
        cells[(keys[0], keys[1])] += int(row["n"] or 0)
    return {k: v for k, v in cells.items() if v}


def check_live(
    board: Dashboard,
    query: TableQuery,
    indicator: Indicator,
    table: tables.Table,
    live: dict[str, Any],
) -> dict[str, Any]:
    """Every published cell (margins included) against the live numbers, and the live
    interior against the summary's unsuppressed interior."""
    problems: list[str] = []
    compared = 0
    for row, column, cell in table.records():
        for part, published in (("numerator", cell.numerator), ("denominator", cell.denominator)):
            if part not in live or published is None:
                continue
            compared += 1
            expected = _expected(live[part], row, column)
            if published != expected:
                problems.append(
                    f"{part} [{row!r}, {column!r}]: summary {published}, live {expected}"
                )
    measures = {"numerator": indicator.numerator, "denominator": indicator.denominator}
    if catalogue.MEASURES[indicator.numerator].kind == catalogue.FLOW:
        for part, cells in live.items():
            summary = _fact_cells(indicator, measures[part], query)
            nonzero = {k: v for k, v in cells.items() if v}
            if summary != nonzero:
                keys = sorted(set(summary) | set(nonzero))
                diff = [k for k in keys if summary.get(k, 0) != nonzero.get(k, 0)]
                problems.append(
                    f"{part}: {len(diff)} unsuppressed cells differ, e.g. "
                    + ", ".join(
                        f"{k}: {summary.get(k, 0)} vs {nonzero.get(k, 0)}" for k in diff[:3]
                    )
                )
            compared += len(nonzero)
    grand = table.cells[-1][-1]
    return {
        "cells_compared": compared,
        "grand_total_summary": grand.numerator,
        "grand_total_live": _expected(live["numerator"], TOTAL, TOTAL),
        "mismatches": problems,
        "ok": not problems,
    }


def measure_dashboard(world: World, args: argparse.Namespace) -> dict[str, Any]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE monitoring_fact")  # as autovacuum would after a refresh
    actor = access.actor_for(world.analyst)
    today = world.today
    boards = dashboards(today)
    indicators = {i.code: i for i in Indicator.objects.all()}
    targets: dict[str, Callable[[], Any]] = {}
    results: dict[str, Any] = {}
    effective: dict[str, TableQuery] = {}
    for board in boards:
        indicator = indicators[board.indicator]
        name = f"summary|{board.name}"
        targets[name] = lambda i=indicator, b=board: tables.indicator_table(
            actor=actor, indicator=i, query=b.query, today=today
        )
        results[name] = table = targets[name]()  # warm up, and keep the table to check
        # indicator_table reads whole periods of the indicator (a quarterly one by
        # quarters) up to this month: the live query counts the range it says it read.
        effective[board.name] = replace(board.query, start=table.start, end=table.end)
        if board.live is not None:
            name = f"live|{board.name}"
            targets[name] = lambda b=board: b.live(effective[b.name])  # type: ignore[misc]
            results[name] = targets[name]()
    samples: dict[str, list[float]] = {name: [] for name in targets}
    spent: dict[str, float] = defaultdict(float)
    rng = random.Random(args.seed)
    order = list(targets)
    for rep in range(args.reps):
        rng.shuffle(order)
        for name in order:
            if spent[name] > args.budget:
                continue  # a slow target stops repeating once it used its budget
            started = time.perf_counter()
            targets[name]()
            took = time.perf_counter() - started
            spent[name] += took
            samples[name].append(took * 1000)
        if (rep + 1) % 5 == 0:
            print(f"    round {rep + 1}/{args.reps}", flush=True)
    rows: list[dict[str, Any]] = []
    ok = True
    for board in boards:
        indicator = indicators[board.indicator]
        table = results[f"summary|{board.name}"]
        mine = samples[f"summary|{board.name}"]
        row: dict[str, Any] = {
            "name": board.name,
            "indicator": board.indicator,
            "query": {
                "rows": board.query.rows,
                "columns": board.query.columns,
                "start": str(board.query.start),
                "end": str(board.query.end),
                "read_from": str(table.start),
                "read_to": str(table.end),
                "filters": board.query.filters,
            },
            "cells": sum(1 for _ in table.records()),
            "suppressed": table.suppressed,
            "samples": len(mine),
            "p50_ms": round(_percentile(mine, 50), 1),
            "p95_ms": round(_percentile(mine, 95), 1),
            "met": _percentile(mine, 95) <= TARGET_MS,
        }
        if board.live is not None:
            theirs = samples[f"live|{board.name}"]
            row["live_samples"] = len(theirs)
            row["live_p50_ms"] = round(_percentile(theirs, 50), 1)
            row["live_p95_ms"] = round(_percentile(theirs, 95), 1)
            row["live_over_summary_p95"] = round(row["live_p95_ms"] / max(row["p95_ms"], 1e-6), 1)
            row["check"] = check_live(
                board, effective[board.name], indicator, table, results[f"live|{board.name}"]
            )
            if not row["check"]["ok"]:
                ok = False
                print(f"\n!!! MISMATCH in {board.name}:", file=sys.stderr)
                for problem in row["check"]["mismatches"][:20]:
                    print(f"!!!   {problem}", file=sys.stderr)
        rows.append(row)
    every = [ms for name, got in samples.items() if name.startswith("summary|") for ms in got]
    return {
        "reps": args.reps,
        "queries": rows,
        "overall_p50_ms": round(_percentile(every, 50), 1),
        "overall_p95_ms": round(_percentile(every, 95), 1),
        "target_ms": TARGET_MS,
        "met": _percentile(every, 95) <= TARGET_MS,
        "checks": {"live_equals_summary": ok},
    }


def measure_export(world: World, args: argparse.Namespace) -> dict[str, Any]:
    """The publication streamed (target: peak memory at most 200 MB) against the
    same file built in memory first, each in a child process of its own."""
    connection.close()
    print("  the publication, streamed (child process)", flush=True)
    streamed = run_child("export", world.today)
    print(
        f"    {streamed['rows']:,} rows, {streamed['seconds']} s, "
        f"peak {streamed['peak_rss_mb']} MB",
        flush=True,
    )
    print("  the same, built in memory first (child process)", flush=True)
    buffered = run_child("export_buffered", world.today)
    print(
        f"    {buffered['rows']:,} rows, {buffered['seconds']} s, "
        f"peak {buffered['peak_rss_mb']} MB",
        flush=True,
    )
    return {
        "streamed": streamed,
        "baseline_buffered": buffered,
        "target_peak_mb": 200,
        "met": streamed["peak_rss_mb"] <= 200,
        "checks": {
            "same_rows": streamed["rows"] == buffered["rows"],
            "same_bytes": streamed["bytes"] == buffered["bytes"],
        },
    }


# Every measurement: name -> function(world, args) -> a JSON-able dict with "checks".
MEASUREMENTS: dict[str, Callable[[World, argparse.Namespace], dict[str, Any]]] = {
    "refresh": measure_refresh,
    "dashboard": measure_dashboard,
    "export": measure_export,
}


# --- Report ----------------------------------------------------------------------------------


UNDER_TEST = [
    "integra/monitoring/services/refresh.py",
    "integra/monitoring/selectors/tables.py",
    "integra/monitoring/disclosure.py",
    "integra/people/selectors.py",
    "integra/plans/selectors.py",
    "integra/courses/selectors.py",
    "integra/protection/selectors/statistics.py",
]


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        # The code measured, by content (it is being worked on; the JSON says which).
        "sha256": {
            name: hashlib.sha256((ROOT / name).read_bytes()).hexdigest()[:16] for name in UNDER_TEST
        },
        "python": platform.python_version(),
        "database": connection.vendor,
        "cpus": os.cpu_count(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }
    with contextlib.suppress(ValueError, OSError):
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        info["memory_gb"] = round(pages / 2**30)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    return info


def report(results: dict[str, Any], fill_info: dict[str, Any], persons: int) -> None:
    print(
        f"\nMonitoring with {persons:,} persons and {fill_info['events']:,} events "
        f"on {connection.vendor}"
    )
    if "refresh" in results:
        r = results["refresh"]
        print(
            f"\n  {'refresh':<44} {'seconds':>8} {'peak MB':>8} {'+MB':>7} {'py MB':>7} "
            f"{'facts':>10}"
        )
        lines = [
            ("refresh_run()", r["refresh"]),
            ("refresh_run() under tracemalloc", r["refresh_traced"]),
            ("floor: read every source (baseline)", r["baseline_floor"]),
        ]
        for label, figures in lines:
            if figures is None:
                continue
            print(
                f"  {label:<44} {figures['seconds']:>8} {figures['peak_rss_mb']:>8} "
                f"{figures['peak_over_start_mb']:>7} {figures.get('tracemalloc_peak_mb', '-'):>7} "
                f"{figures.get('facts', '-'):>10}"
            )
        print(f"  refresh / floor: {r['vs_floor']}x; checks: {r['checks']}")
    if "dashboard" in results:
        d = results["dashboard"]
        title = f"dashboard table ({d['reps']} reps)"
        print(
            f"\n  {title:<52} {'cells':>5} {'supp':>4} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'live p50':>9} {'live p95':>9} {'live/sum':>8} check"
        )
        for q in d["queries"]:
            check = q.get("check")
            print(
                f"  {q['name']:<52} {q['cells']:>5} {q['suppressed']:>4} {q['p50_ms']:>7} "
                f"{q['p95_ms']:>7} {q.get('live_p50_ms', '-'):>9} {q.get('live_p95_ms', '-'):>9} "
                f"{q.get('live_over_summary_p95', '-'):>8} "
                f"{'-' if check is None else ('ok' if check['ok'] else 'MISMATCH')}"
            )
        print(
            f"  overall p50 {d['overall_p50_ms']} ms, p95 {d['overall_p95_ms']} ms "
            f"(target {d['target_ms']:.0f} ms: {'met' if d['met'] else 'NOT met'})"
        )
    if "export" in results:
        e = results["export"]
        title = "export (the whole publication, CSV)"
        print(f"\n  {title:<44} {'rows':>10} {'seconds':>8} {'peak MB':>8}")
        for label, figures in (
            ("streamed", e["streamed"]),
            ("built in memory first (baseline)", e["baseline_buffered"]),
        ):
            print(
                f"  {label:<44} {figures['rows']:>10,} {figures['seconds']:>8} "
                f"{figures['peak_rss_mb']:>8}"
            )
        print(
            f"  target: streamed peak at most {e['target_peak_mb']} MB: "
            f"{'met' if e['met'] else 'NOT met'}; checks: {e['checks']}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=DEFAULT_PERSONS)
    parser.add_argument("--events", type=int, help="default: 5 per person")
    parser.add_argument("--reps", type=int, default=20, help="times each dashboard is read")
    parser.add_argument(
        "--budget", type=float, default=120, help="seconds a dashboard target may spend repeating"
    )
    parser.add_argument("--only", choices=sorted(MEASUREMENTS), action="append")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the traced refresh")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path)
    parser.add_argument(
        "--child",
        choices=["refresh", "floor", "export", "export_buffered"],
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main(args.child, args.today, args.traced)
    events = args.events or EVENTS_PER_PERSON * args.persons

    run_started = time.perf_counter()
    info = machine()
    call_command("migrate", verbosity=0)
    print(
        f"Filling {args.persons:,} persons and about {events:,} events on {connection.vendor}",
        flush=True,
    )
    started = time.perf_counter()
    world, fill_info = fill(args.persons, events)
    fill_seconds = time.perf_counter() - started
    print(f"  filled in {fill_seconds:,.0f} s: {fill_info['events']:,} events", flush=True)

    results: dict[str, Any] = {}
    for name, measurement in MEASUREMENTS.items():
        if args.only and name not in args.only:
            continue
        print(f"Measuring {name}", flush=True)
        results[name] = measurement(world, args)
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report(results, fill_info, args.persons)
    total = time.perf_counter() - run_started
    print(f"\nRun took {total / 60:.1f} min (fill {fill_seconds:.0f} s).")

    suffix = "" if connection.vendor == "postgresql" else f"-{connection.vendor}"
    if args.persons != DEFAULT_PERSONS:
        suffix += f"-{args.persons}"
    output = args.output or ROOT / "bench" / "results" / f"monitoring{suffix}.json"
    output.write_text(
        json.dumps(
            {
                "machine": info,
                "args": vars(args) | {"output": str(output), "events": events},
                "today": str(world.today),
                "fill": fill_info | {"total_seconds": round(fill_seconds, 1)},
                **results,
                "run_minutes": round(total / 60, 1),
            },
            indent=2,
            ensure_ascii=False,
            default=str,
        )
        + "\n"
    )
    print(f"Wrote {output}")
    checks_ok = all(all(r.get("checks", {}).values()) for r in results.values())
    if not checks_ok:
        print("\n!!! A CHECK FAILED (see above and the JSON).", file=sys.stderr)
    return 0 if checks_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
