"""Caseloads and the nightly plan alerts at scale (issue 4's benchmark), each against
a naive baseline measured in the same run.

Fills a throwaway database (SQLite by default; PostgreSQL when DATABASE_URL points
at one, e.g. through scripts/throwaway_postgres.py) through the bulk path
(core.backend_bulk) with one country (MD, with its coordinating authority and
CountryRules), integration centres, caseworkers, and N people with their
responsibilities, legal statuses, households, assessments and N integration plans
of M measures each (``next_due_on`` computed as plans.services.plans.refresh_next_due
would), then measures:

* ``GET /api/v1/me``          the cheapest request through the same stack (floor)
* ``caseload API``           GET /api/v1/caseload as random caseworkers, plain and
                             filtered (due=overdue, mine=false), with a token
* ``caseload page``          GET /plans/ as random caseworkers, signed in
* ``naive caseload``         the baseline: the caseworker's open plans ordered by a
                             Min() over their open measures' due dates (what one
                             writes without ``next_due_on``), first page of 50,
                             through the ORM directly
* ``plan_alerts_sync``       the nightly run on the whole database (the first run
                             opens the to-dos, the second is the steady state), and
                             alerts() alone (computing without writing), each in a
                             child process so that its peak memory is its own
* ``naive alerts``           the baseline: the same five rules, one plain query
                             each with correlated NOT EXISTS (Django's Exists()),
                             under a statement timeout; the people each rule finds
                             are compared with the to-dos plan_alerts_sync opened

Usage:
    .venv/bin/python bench/plans.py --plans 5000                       # SQLite, < 1 min
    DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python scripts/throwaway_postgres.py \\
        -- .venv/bin/python bench/plans.py                              # 200,000 plans

Writes bench/results/plans[-sqlite][-N].json and prints a table. Targets (issue 4),
with 200,000 plans and 1,000,000 measures on PostgreSQL: caseload page and API
p95 <= 100 ms, the nightly alert computation <= 60 s.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path and bench/http.py would shadow the
# standard library's http package; drop the folder before Django imports it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse
import atexit
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import import_module
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
if "DATABASE_URL" not in os.environ:
    _TMP = tempfile.mkdtemp(prefix="integra-bench-plans-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP}/plans.sqlite3"
    atexit.register(shutil.rmtree, _TMP, True)  # the children reuse it through the env
os.environ.setdefault("INTEGRA_API_RATE", "1000000/m")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the in-process test client

import django

django.setup()

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import OperationalError, connection, models, transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core import access, backend_bulk, ids
from integra.core import services as core_services
from integra.core.middleware import LOGIN_AT
from integra.core.models import Membership, Organisation, Todo, User
from integra.core.roles import Role
from integra.people.models import (
    Household,
    HouseholdMember,
    LegalStatus,
    Person,
    Responsibility,
    Vulnerability,
)
from integra.plans import selectors
from integra.plans.models import (
    ALERT_KINDS,
    EDUCATION_KINDS,
    OPEN_MEASURE,
    Assessment,
    CountryRules,
    Measure,
    MeasureKind,
    MeasureStatus,
    Plan,
    PlanStatus,
    Programme,
    ProgrammeMeasure,
    Questionnaire,
)
from integra.plans.services import alerts

# Load every module now: a long run must not pick up files edited while it runs.
import_module(settings.ROOT_URLCONF)

K = MeasureKind
S = MeasureStatus
TARGET_P95_MS = 100.0
TARGET_ALERTS_S = 60.0
FULL_PLANS = 200_000
CHUNK = 5000  # people generated and written at a time

# The share of people who are children registered with a parent (they hold no plan of
# their own; the parent's plan may carry their school enrolment), of single adults who
# are unaccompanied minors past compulsory school age, and of adults whose only plan
# is closed. Every child adds a closed earlier plan to an adult, so plans == people.
FAMILY_SHARE = 0.032  # of households: 1 to 3 children each, about 6 % of people
MINOR_SHARE = 0.005
CLOSED_ONLY_SHARE = 0.04
YEARS_REGISTERED = 4  # registration dates spread over the last four years

STATUSES = ["international_protection", "temporary_protection", "stateless", "asylum_seeker"]
STATUS_WEIGHTS = [50, 35, 5, 10]
GIVEN = ["Olena", "Oleksandr", "Mariam", "Ahmad", "Yusuf", "Iryna", "Zeynep", "Jasur", "Leila"]
FAMILY = ["Kovalenko", "Haddad", "Rahimi", "Shevchuk", "Nazari", "Yilmaz", "Karimov", "Saleh"]

# code, domain, kind, title, due within days: what each programme offers.
PROGRAMMES: dict[str, tuple[str, list[tuple[str, str, str, str, int]]]] = {
    "md-voluntary": (
        "Integration programme for beneficiaries of international protection",
        [
            ("romanian", "language", K.LANGUAGE_COURSE, "Romanian language course", 270),
            ("culture", "culture", K.CIVIC_ORIENTATION, "Cultural accommodation", 120),
            ("counselling", "social", K.GENERAL, "Social counselling", 90),
            ("health-check", "health", K.HEALTH_SCREENING, "Medical check-up", 30),
            ("psychologist", "health", K.PSYCHOSOCIAL, "Psychological counselling", 120),
            ("employment", "employment", K.JOB_SEARCH, "Job search", 60),
            ("housing", "housing", K.HOUSING_SEARCH, "Help to find housing", 90),
            ("recognition", "education", K.RECOGNITION, "Recognition of diplomas", 180),
            ("legal", "legal", K.LEGAL_AID, "Legal counselling", 60),
            ("school", "education", K.SCHOOL_ENROLMENT, "School enrolment of children", 30),
        ],
    ),
    "md-temporary": (
        "Support programme for beneficiaries of temporary protection",
        [
            ("romanian", "language", K.LANGUAGE_COURSE, "Romanian language course", 180),
            ("health-check", "health", K.HEALTH_SCREENING, "Medical check-up", 30),
            ("employment", "employment", K.JOB_SEARCH, "Job search", 45),
            ("benefits", "social", K.SOCIAL_BENEFITS, "Social benefits", 30),
            ("housing", "housing", K.HOUSING_SEARCH, "Help to find housing", 60),
            ("legal", "legal", K.LEGAL_AID, "Legal counselling", 45),
            ("tutoring", "language", K.LANGUAGE_TUTORING, "Language tutoring", 120),
            ("school", "education", K.SCHOOL_ENROLMENT, "School enrolment of children", 30),
        ],
    ),
    "md-youth": (
        "Programme for unaccompanied minors",
        [
            ("romanian", "language", K.LANGUAGE_COURSE, "Romanian language course", 180),
            ("education", "education", K.EDUCATION, "Secondary education", 60),
            ("vocational", "education", K.VOCATIONAL_TRAINING, "Vocational training", 90),
            ("health-check", "health", K.HEALTH_SCREENING, "Medical check-up", 30),
            ("psychologist", "health", K.PSYCHOSOCIAL, "Psychological counselling", 60),
            ("mentoring", "community", K.MENTORING, "Mentoring", 90),
            ("legal", "legal", K.LEGAL_AID, "Legal guardianship and aid", 30),
        ],
    ),
}


# --- The world: organisations, caseworkers, programmes --------------------------------------


@dataclass(frozen=True)
class PM:
    """A programme measure, as the generator needs it."""

    pk: int
    domain: str
    kind: str
    title: str
    due_within: int


@dataclass
class World:
    today: date
    now: datetime
    authority: Organisation
    centres: list[int]
    caseworkers: dict[int, list[int]]  # centre id -> user ids
    programmes: dict[str, int]
    measures: dict[str, list[PM]]  # programme code -> its measures
    questionnaire: int


def build_world(n_centres: int, n_caseworkers: int) -> World:
    now = timezone.now()
    authority = Organisation.objects.create(
        code="md-bma", name="Bureau for Migration and Asylum", kind="coordinating_authority",
        level="national", country="MD",
    )  # fmt: skip
    Organisation.objects.bulk_create(
        [
            Organisation(
                code=f"md-centre-{i:02d}",
                name=f"Integration centre {i:02d}",
                kind="integration_centre",
                level="regional",
                parent=authority,
                country="MD",
            )
            for i in range(1, n_centres + 1)
        ]
    )
    centres = list(Organisation.objects.filter(kind="integration_centre").order_by("pk"))
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(
                username=f"cw-{i:04d}",
                first_name=GIVEN[i % len(GIVEN)],
                last_name=FAMILY[i % len(FAMILY)],
                password=unusable,
            )
            for i in range(n_caseworkers)
        ]
    )
    users = list(User.objects.filter(username__startswith="cw-").order_by("username"))
    caseworkers: dict[int, list[int]] = {c.pk: [] for c in centres}
    for i, user in enumerate(users):
        caseworkers[centres[i % len(centres)].pk].append(user.pk)
    Membership.objects.bulk_create(
        [
            Membership(user_id=user, organisation_id=centre, role=Role.CASEWORKER)
            for centre, members in caseworkers.items()
            for user in members
        ]
    )
    CountryRules.objects.update_or_create(
        country="MD",
        defaults={
            "school_age_from": 7, "school_age_until": 16, "health_screening_days": 30,
            "plan_agreement_days": 60, "newcomer_days": 365,
        },
    )  # fmt: skip
    programmes: dict[str, int] = {}
    measures: dict[str, list[PM]] = {}
    for code, (name, offered) in PROGRAMMES.items():
        programme = Programme.objects.create(
            code=code, country="MD", name=name, participation="voluntary",
            eligible_statuses=STATUSES, min_months=12, max_months=24,
            domains=sorted({m[1] for m in offered}), review_every_days=90, created_at=now,
        )  # fmt: skip
        programmes[code] = programme.pk
        measures[code] = []
        for position, (m_code, domain, kind, title, due) in enumerate(offered):
            row = ProgrammeMeasure.objects.create(
                programme=programme, code=m_code, domain=domain, kind=kind, title=title,
                mandatory=position == 0, due_within_days=due, position=position,
            )  # fmt: skip
            measures[code].append(PM(row.pk, domain, kind, title, due))
    questionnaire = Questionnaire.objects.create(
        code="initial", version=1, country="MD", title="Initial assessment",
        definition={"sections": []}, published_at=now,
    )  # fmt: skip
    return World(
        today=timezone.localdate(now),
        now=now,
        authority=authority,
        centres=[c.pk for c in centres],
        caseworkers=caseworkers,
        programmes=programmes,
        measures=measures,
        questionnaire=questionnaire.pk,
    )


# --- Generating people, plans and measures ---------------------------------------------------


class Table:
    """Rows of one model for backend_bulk.insert, with explicit ids. Columns of the
    model that the generator does not set (added since) get their defaults."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        rest = [f for f in model._meta.concrete_fields if f.attname not in columns]
        self.columns = [*columns, *(f.attname for f in rest)]
        self.tail = tuple(None if f.null else f.get_default() for f in rest)
        self.rows: list[tuple[Any, ...]] = []
        self.next_id = (model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        self.written = 0

    def add(self, *values: Any) -> int:
        """Adds a row (without its id); returns the id it will have."""
        pk = self.next_id
        self.next_id += 1
        self.rows.append((pk, *values, *self.tail))
        return pk

    def flush(self) -> None:
        if self.rows:
            self.written += backend_bulk.insert(self.model, self.columns, self.rows)
            self.rows = []


class PublicIds:
    """Public ids from a seeded generator, never twice (40 random bits collide
    once in a while among a million)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def new(self, prefix: str) -> str:
        while True:
            bits = self.rng.getrandbits(40)
            raw = "".join(ids.ALPHABET[(bits >> shift) & 31] for shift in range(35, -1, -5))
            value = f"{prefix}-{raw[:4]}-{raw[4:]}"
            if value not in self.seen:
                self.seen.add(value)
                return value


@dataclass
class Adult:
    pk: int
    registered: datetime
    centre: int
    caseworker: int
    category: str
    minor: bool
    children: list[tuple[int, date]] = field(default_factory=list)  # (id, birth date)


class Generator:
    def __init__(self, world: World, per_plan: int, seed: int) -> None:
        self.w = world
        self.k = per_plan
        self.rng = random.Random(seed)
        self.public = PublicIds(random.Random(seed + 1))
        self.t = {
            "person": Table(Person, [
                "id", "public_id", "given_name", "family_name", "given_name_latin",
                "family_name_latin", "sex", "birth_date", "registered_by_id", "created_at",
                "updated_at",
            ]),
            "responsibility": Table(
                Responsibility, ["id", "person_id", "organisation_id", "since"]
            ),
            "status": Table(LegalStatus, [
                "id", "person_id", "category", "valid_from", "recorded_by_id", "recorded_at",
            ]),
            "household": Table(Household, ["id", "public_id", "created_at"]),
            "member": Table(HouseholdMember, [
                "id", "household_id", "person_id", "relationship", "joined_on",
            ]),
            "vulnerability": Table(Vulnerability, [
                "id", "person_id", "unaccompanied_minor", "single_parent", "updated_at",
            ]),
            "assessment": Table(Assessment, [
                "id", "public_id", "person_id", "questionnaire_id", "answers",
                "sensitive_answers", "suggested", "health_screened", "organisation_id",
                "assessed_by_id", "assessed_at",
            ]),
            "plan": Table(Plan, [
                "id", "public_id", "person_id", "programme_id", "organisation_id",
                "caseworker_id", "status", "starts_on", "ends_on", "agreed_on", "agreed_how",
                "next_review_on", "next_due_on", "closed_on", "outcome", "created_at",
                "updated_at",
            ]),
            "measure": Table(Measure, [
                "id", "plan_id", "programme_measure_id", "domain", "kind", "title",
                "mandatory", "beneficiary_id", "responsible_id", "due_on", "status", "done_on",
                "created_at", "updated_at",
            ]),
        }  # fmt: skip

    def _birth(self, min_days: int, max_days: int) -> date:
        return self.w.today - timedelta(days=self.rng.randint(min_days, max_days))

    def _person(self, centre: int, registered: datetime, birth: date, category: str) -> int:
        given, family = self.rng.choice(GIVEN), self.rng.choice(FAMILY)
        pk = self.t["person"].add(
            self.public.new("P"), given, family, given, family,
            self.rng.choice(["female", "male"]), birth, centre, registered, registered,
        )  # fmt: skip
        self.t["responsibility"].add(pk, centre, registered)
        self.t["status"].add(pk, category, registered.date(), centre, registered)
        return pk

    def chunk(self, n: int) -> None:
        """Generates n people (adults, some with children) and as many plans."""
        rng, w = self.rng, self.w
        adults: list[Adult] = []
        made = 0
        while made < n:
            kids = min(rng.randint(1, 3), n - made - 1) if rng.random() < FAMILY_SHARE else 0
            registered = w.now - timedelta(seconds=rng.uniform(0, YEARS_REGISTERED * 365 * 86400))
            centre = rng.choice(w.centres)
            minor = kids == 0 and rng.random() < MINOR_SHARE
            category = (
                "international_protection" if minor else rng.choices(STATUSES, STATUS_WEIGHTS)[0]
            )
            birth = (
                self._birth(16 * 366, 18 * 365 - 2) if minor else self._birth(20 * 366, 65 * 365)
            )
            adult = Adult(
                self._person(centre, registered, birth, category),
                registered, centre, rng.choice(w.caseworkers[centre]), category, minor,
            )  # fmt: skip
            if minor:
                self.t["vulnerability"].add(adult.pk, True, False, registered)
            if kids:
                household = self.t["household"].add(self.public.new("H"), registered)
                self.t["member"].add(household, adult.pk, "head", registered.date())
                if rng.random() < 0.3:
                    self.t["vulnerability"].add(adult.pk, False, True, registered)
                for _ in range(kids):
                    child_birth = self._birth(30, 16 * 365 - 1)
                    child = self._person(centre, registered, child_birth, category)
                    self.t["member"].add(household, child, "child", registered.date())
                    adult.children.append((child, child_birth))
            if rng.random() < 0.6:
                assessed = min(registered + timedelta(days=rng.randint(1, 20)), w.now)
                self.t["assessment"].add(
                    self.public.new("A"), adult.pk, w.questionnaire, {}, {}, [],
                    rng.random() < 0.85, centre, adult.caseworker, assessed,
                )  # fmt: skip
            adults.append(adult)
            made += 1 + kids
        children = made - len(adults)
        # One closed earlier plan per child, so that there are as many plans as people,
        # for adults registered long enough ago to have finished one.
        early = [a for a in adults if (w.today - a.registered.date()).days >= 730]
        twice = {a.pk for a in rng.sample(early, min(children, len(early)))}
        for adult in adults:
            days = (w.today - adult.registered.date()).days
            if adult.pk in twice:
                closed_on = self._closed_plan(adult, adult.registered.date())
                self._open_plan(adult, closed_on + timedelta(days=rng.randint(1, 30)))
            elif days >= 500 and rng.random() < CLOSED_ONLY_SHARE:
                self._closed_plan(adult, adult.registered.date())
            else:
                self._open_plan(adult, None)
        for table in self.t.values():
            table.flush()

    def _programme(self, adult: Adult) -> str:
        if adult.minor:
            return "md-youth"
        return "md-temporary" if adult.category == "temporary_protection" else "md-voluntary"

    def _closed_plan(self, adult: Adult, registered_on: date) -> date:
        rng, today = self.rng, self.w.today
        starts = registered_on + timedelta(days=rng.randint(3, 30))
        ends = starts + timedelta(days=365)
        closed_on = min(ends - timedelta(days=rng.randint(0, 60)), today - timedelta(days=1))
        self._plan(adult, "closed", starts, ends, starts, closed_on)
        return closed_on

    def _open_plan(self, adult: Adult, starts: date | None) -> None:
        rng, today = self.rng, self.w.today
        registered_on = adult.registered.date()
        if starts is None:
            starts = registered_on + timedelta(days=rng.randint(3, 30))
            # A current plan began within the last two years.
            starts = max(starts, today - timedelta(days=rng.randint(0, 700)))
        days = (today - registered_on).days
        draft_share = 0.7 if days < 60 else 0.15 if days < 365 else 0.04
        status = "draft" if starts > today or rng.random() < draft_share else "agreed"
        ends = starts + timedelta(days=rng.choice([365, 730]))
        agreed = min(starts, today) if status == "agreed" else None
        self._plan(adult, status, starts, ends, agreed, None)

    def _plan(
        self,
        adult: Adult,
        status: str,
        starts: date,
        ends: date,
        agreed: date | None,
        closed_on: date | None,
    ) -> None:
        rng, w = self.rng, self.w
        code = self._programme(adult)
        created = timezone.make_aware(datetime.combine(min(starts, w.today), datetime.min.time()))
        picks: list[tuple[PM, int | None]] = []
        if status != "closed":
            school = next((m for m in w.measures[code] if m.kind == K.SCHOOL_ENROLMENT), None)
            for child, birth in adult.children[: self.k - 1]:
                if school and (w.today - birth).days >= 7 * 365 - 30 and rng.random() < 0.85:
                    picks.append((school, child))
            if adult.minor and rng.random() < 0.7:
                picks.append(
                    (rng.choice([m for m in w.measures[code] if m.kind in EDUCATION_KINDS]), None)
                )
        others = [
            m for m in w.measures[code]
            if m.kind != K.SCHOOL_ENROLMENT and (adult.minor or m.kind not in EDUCATION_KINDS)
            and all(m is not p for p, _ in picks)
        ]  # fmt: skip
        wanted = self.k - len(picks)
        chosen = (
            rng.sample(others, wanted) if wanted <= len(others) else rng.choices(others, k=wanted)
        )
        picks += [(m, None) for m in chosen]
        rows = []
        for pm, beneficiary in picks:
            due = starts + timedelta(days=pm.due_within + rng.randint(-5, 30))
            if status == "closed":
                state = rng.choices([S.DONE, S.NOT_DONE, S.CANCELLED], [85, 10, 5])[0]
            elif due < w.today:
                state = rng.choices(
                    [S.DONE, S.NOT_DONE, S.CANCELLED, S.PLANNED, S.IN_PROGRESS], [80, 4, 3, 8, 5]
                )[0]
            else:
                state = rng.choices([S.PLANNED, S.IN_PROGRESS, S.DONE], [70, 25, 5])[0]
            done_on = (
                min(due - timedelta(days=rng.randint(0, 20)), w.today) if state == S.DONE else None
            )
            rows.append((pm, beneficiary, due, state, done_on))
        open_due = [due for _pm, _b, due, state, _d in rows if state in OPEN_MEASURE]
        next_due = min(open_due) if open_due else None  # as refresh_next_due keeps it
        review = w.today + timedelta(days=rng.randint(-20, 90)) if status == "agreed" else None
        plan = self.t["plan"].add(
            self.public.new("L"), adult.pk, w.programmes[code], adult.centre, adult.caseworker,
            status, starts, ends, agreed, "signed" if agreed else "", review, next_due, closed_on,
            rng.choice(["completed", "partly_completed", "moved"]) if closed_on else "",
            created, created,
        )  # fmt: skip
        for pm, beneficiary, due, state, done_on in rows:
            self.t["measure"].add(
                plan, pm.pk, pm.domain, pm.kind, pm.title, False, beneficiary, adult.centre,
                due, state, done_on, created, created,
            )  # fmt: skip


def fill(world: World, n: int, per_plan: int, seed: int) -> dict[str, int]:
    generator = Generator(world, per_plan, seed)
    with transaction.atomic():
        for start in range(0, n, CHUNK):
            generator.chunk(min(CHUNK, n - start))
            done = min(start + CHUNK, n)
            if done % 50_000 == 0 or done == n:
                print(f"  {done:,} people written", flush=True)
    models_ = [table.model for table in generator.t.values()]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)
    return {table.model.__name__: table.written for table in generator.t.values()}


def statistics_state() -> dict[str, Any]:
    """When PostgreSQL last analysed the big tables, and how many rows changed since."""
    tables = [m._meta.db_table for m in (Person, Plan, Measure, Responsibility, Assessment)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup, n_mod_since_analyze, last_analyze, last_autoanalyze"
            " FROM pg_stat_user_tables WHERE relname = ANY(%s)",
            [tables],
        )
        return {
            row[0]: {
                "n_live_tup": row[1],
                "n_mod_since_analyze": row[2],
                "last_analyze": row[3],
                "last_autoanalyze": row[4],
            }
            for row in cursor.fetchall()
        }


def analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# --- Requests ----------------------------------------------------------------------------------


def session_client(user: User) -> Client:
    """Signed in with password and second factor, as tests/conftest.py client_for."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[LOGIN_AT] = timezone.now().isoformat()
    if access.requires_two_factor(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "bench"}
        )
        session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@dataclass
class Caseworker:
    user: User
    centre: int
    web: Client
    api: Client


def naive_caseload(plans: QuerySet[Plan], today: date, overdue: bool = False) -> list[Plan]:
    """What one writes without next_due_on: the earliest open measure of each plan,
    computed for every plan in scope, then sorted."""
    found = plans.exclude(status=PlanStatus.CLOSED).annotate(
        due=Min("measures__due_on", filter=Q(measures__status__in=OPEN_MEASURE))
    )
    if overdue:
        found = found.filter(due__lt=today)
    ordered = found.select_related("person", "programme", "caseworker").order_by(
        F("due").asc(nulls_last=True), "id"
    )
    return list(ordered[:50])


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return (statistics.median(ordered) * 1000, ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000)


def request_targets(today: date) -> dict[str, Callable[[Caseworker], Any]]:
    def ok(response: Any) -> Any:
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return response

    return {
        "GET /api/v1/me (floor)": lambda c: ok(c.api.get("/api/v1/me")),
        "caseload API": lambda c: ok(c.api.get("/api/v1/caseload")),
        "caseload API due=overdue": lambda c: ok(c.api.get("/api/v1/caseload?due=overdue")),
        "caseload API mine=false": lambda c: ok(c.api.get("/api/v1/caseload?mine=false")),
        "caseload page": lambda c: ok(c.web.get("/plans/")),
        "caseload page due=overdue": lambda c: ok(c.web.get("/plans/?due=overdue")),
        "caseload page whose=all": lambda c: ok(c.web.get("/plans/?whose=all")),
        "naive caseload (baseline)": lambda c: naive_caseload(
            Plan.objects.filter(caseworker=c.user), today
        ),
        "naive caseload overdue (baseline)": lambda c: naive_caseload(
            Plan.objects.filter(caseworker=c.user), today, overdue=True
        ),
        "naive caseload organisation (baseline)": lambda c: naive_caseload(
            Plan.objects.filter(organisation_id=c.centre), today
        ),
    }


# Which baseline each measure is compared with; the targets apply to the API and page.
BASELINE = {
    "caseload API": "naive caseload (baseline)",
    "caseload API due=overdue": "naive caseload overdue (baseline)",
    "caseload API mine=false": "naive caseload organisation (baseline)",
    "caseload page": "naive caseload (baseline)",
    "caseload page due=overdue": "naive caseload overdue (baseline)",
    "caseload page whose=all": "naive caseload organisation (baseline)",
}


def measure_requests(
    pool: list[Caseworker], requests: int, today: date, seed: int
) -> dict[str, dict[str, Any]]:
    rng = random.Random(seed)
    targets = request_targets(today)
    names = list(targets)
    for _ in range(min(20, requests)):  # warm-up: caches, connections, templates
        for name in names:
            targets[name](rng.choice(pool))
    timings: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(requests):
        caseworker = rng.choice(pool)
        rng.shuffle(names)  # the same caseworker for every target, in a new order each time
        for name in names:
            started = time.perf_counter()
            targets[name](caseworker)
            timings[name].append(time.perf_counter() - started)
    results: dict[str, dict[str, Any]] = {}
    for name in targets:
        p50, p95 = percentiles(timings[name])
        # How many queries a request makes and how long the database takes (a separate
        # pass: recording queries costs time of its own).
        counts, sql = [], []
        for _ in range(min(20, requests)):
            with CaptureQueriesContext(connection) as captured:
                targets[name](rng.choice(pool))
            counts.append(len(captured.captured_queries))
            sql.append(sum(float(q["time"] or 0) for q in captured.captured_queries))
        results[name] = {
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95, 2),
            "max_ms": round(max(timings[name]) * 1000, 2),
            "queries": statistics.median(counts),
            "sql_ms_median": round(statistics.median(sql) * 1000, 2),
            "runs": requests,
        }
        if name in BASELINE:
            results[name]["target_p95_ms"] = TARGET_P95_MS
            results[name]["met"] = p95 <= TARGET_P95_MS
            results[name]["baseline"] = BASELINE[name]
    floor = results["GET /api/v1/me (floor)"]["p95_ms"]
    for name, figures in results.items():
        if name in BASELINE:
            base = results[BASELINE[name]]
            figures["p95_vs_baseline"] = round(figures["p95_ms"] / base["p95_ms"], 2)
        figures["p95_vs_floor"] = round(figures["p95_ms"] / floor, 2)
    return results


def order_check(pool: list[Caseworker], today: date) -> dict[str, Any]:
    """The page's order (by next_due_on) is the naive order (by the measures): the
    denormalised column is consistent with the measures."""
    checked, same = 0, 0
    for caseworker in pool[:10]:
        actor = access.actor_for(caseworker.user)
        kept = list(
            selectors.caseload(
                actor=actor, filters=selectors.CaseloadFilters(), today=today
            ).values_list("pk", flat=True)[:50]
        )
        naive = [
            p.pk for p in naive_caseload(Plan.objects.filter(caseworker=caseworker.user), today)
        ]
        checked += 1
        same += kept == naive
    return {"caseworkers_checked": checked, "same_first_page": same}


def explain(caseworker: Caseworker, today: date) -> dict[str, str]:
    """The database's plan (with ANALYZE on PostgreSQL) of each caseload query."""
    actor = access.actor_for(caseworker.user)
    options: dict[str, Any] = (
        {"analyze": True, "buffers": True} if connection.vendor == "postgresql" else {}
    )

    def caseload(**kwargs: Any) -> QuerySet[Plan]:
        filters = selectors.CaseloadFilters(**kwargs)
        return selectors.caseload(actor=actor, filters=filters, today=today)

    queries: dict[str, QuerySet[Any]] = {
        "caseload API (ordered by public_id, 51 rows)": caseload().order_by("public_id")[:51],
        "caseload API mine=false": caseload(mine=False).order_by("public_id")[:51],
        "caseload page (first page)": caseload()[:25],
        "caseload page whose=all (first page)": caseload(mine=False)[:25],
        "naive caseload (baseline)": Plan.objects.filter(caseworker=caseworker.user)
        .exclude(status=PlanStatus.CLOSED)
        .annotate(due=Min("measures__due_on", filter=Q(measures__status__in=OPEN_MEASURE)))
        .order_by(F("due").asc(nulls_last=True), "id")[:50],
    }
    return {name: qs.explain(**options) for name, qs in queries.items()}


# --- The nightly alerts --------------------------------------------------------------------


def _rss_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def _reset_peak() -> bool:
    """Starts this process's high-water mark (VmHWM) afresh (Linux 4.0 and later),
    so that the peak read afterwards is the job's, not Django's start-up's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_kb(reset: bool) -> int:
    if reset:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Each statement inside is cancelled after ``seconds`` (PostgreSQL's
    statement_timeout; an SQLite progress handler), raising OperationalError."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        return
    raw = connection.connection
    deadline = time.monotonic() + seconds
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 100_000)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


def naive_rules(today: date) -> dict[str, QuerySet[Any]]:
    """The five rules as one plain query each, with correlated NOT EXISTS, giving the
    people (public ids) each finds for the organisations responsible in a country."""
    queries: dict[str, QuerySet[Any]] = {
        "plan_measure_overdue": Measure.objects.filter(
            status__in=OPEN_MEASURE,
            due_on__lt=today,
            plan__status__in=[PlanStatus.DRAFT, PlanStatus.AGREED],
        ).values_list("plan__person__public_id", flat=True)
    }
    countries = sorted(set(Organisation.objects.values_list("country", flat=True)))

    def counting(kinds: Sequence[str], **extra: Any) -> QuerySet[Measure]:
        return Measure.objects.filter(kind__in=kinds, **extra).exclude(
            status__in=[S.CANCELLED, S.NOT_DONE]
        )

    def without(found: QuerySet[Responsibility], measures: QuerySet[Measure]) -> Any:
        return found.filter(
            ~Exists(measures.filter(beneficiary_id=OuterRef("person_id"))),
            ~Exists(
                measures.filter(beneficiary__isnull=True, plan__person_id=OuterRef("person_id"))
            ),
        )

    def midnight(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, datetime.min.time()))

    def years_before(years: int) -> date:
        return alerts._years_before(today, years)

    for country in countries:  # one country in this benchmark
        rules = alerts.rules_for(country)
        cases = Responsibility.objects.filter(
            organisation__country=country, person__merged_into__isnull=True
        )
        window = midnight(today - timedelta(days=rules.newcomer_days))
        queries["plan_school_enrolment"] = without(
            cases.filter(
                person__birth_date__gt=years_before(rules.school_age_until),
                person__birth_date__lte=years_before(rules.school_age_from),
            ),
            counting([K.SCHOOL_ENROLMENT]),
        )
        queries["plan_minor_education"] = without(
            cases.filter(
                person__vulnerability__unaccompanied_minor=True,
                person__birth_date__gt=years_before(18),
                person__birth_date__lte=years_before(rules.school_age_until),
            ),
            counting(EDUCATION_KINDS),
        )
        queries["plan_health_screening"] = without(
            cases.filter(
                person__created_at__gte=window,
                person__created_at__lt=midnight(
                    today - timedelta(days=rules.health_screening_days)
                ),
            ).filter(
                ~Exists(
                    Assessment.objects.filter(health_screened=True, person_id=OuterRef("person_id"))
                )
            ),
            counting([K.HEALTH_SCREENING], status=S.DONE),
        )
        queries["plan_not_agreed"] = cases.filter(
            person__created_at__gte=window,
            person__created_at__lt=midnight(today - timedelta(days=rules.plan_agreement_days)),
        ).filter(
            ~Exists(Plan.objects.filter(agreed_on__isnull=False, person_id=OuterRef("person_id")))
        )
        for kind in ALERT_KINDS[1:]:
            queries[kind] = queries[kind].values_list("person__public_id", flat=True)
    return queries


def child_main(kind: str, today: date, timeout: float, check: bool) -> int:
    """Runs one alert computation in this (child) process and prints its figures as
    JSON: wall time, peak resident memory, and what it found."""
    rss_before = _rss_kb()
    reset = _reset_peak()
    started = time.perf_counter()
    report: dict[str, Any] = {}
    if kind == "sync":
        report["outcome"] = asdict(alerts.plan_alerts_sync(today=today))
    elif kind == "compute":
        report["alerts"] = Counter(alert.kind for alert in alerts.alerts(today=today))
    found: dict[str, set[str]] = {}
    if kind == "naive":
        rules: dict[str, Any] = {}
        queries = naive_rules(today)
        # The plans the database chose (before running them: a query that times out
        # still shows what it tried).
        report["plans"] = {name: query.explain() for name, query in queries.items()}
        with time_limit(timeout):
            for name, query in queries.items():
                rule_started = time.perf_counter()
                try:
                    found[name] = set(query)
                    rules[name] = {"seconds": round(time.perf_counter() - rule_started, 2)}
                except OperationalError as error:
                    rules[name] = {
                        "seconds": round(time.perf_counter() - rule_started, 2),
                        "timed_out": True,
                        "error": str(error)[:200],
                    }
        report["rules"] = rules
        report["timed_out"] = any(rule.get("timed_out") for rule in rules.values())
    seconds = time.perf_counter() - started
    peak = _peak_kb(reset)
    for name, people_found in found.items():
        report["rules"][name]["people"] = len(people_found)
    if kind == "naive" and check:
        # The correctness check, after the clock: the people each rule found against
        # the open to-dos plan_alerts_sync left.
        for name, people_found in found.items():
            opened = set(
                Todo.objects.filter(kind=name, done_at__isnull=True).values_list(
                    "record_id", flat=True
                )
            )
            report["rules"][name].update(
                sync_people=len(opened),
                same=people_found == opened,
                only_naive=len(people_found - opened),
                only_sync=len(opened - people_found),
            )
    report.update(
        seconds=round(seconds, 2),
        peak_rss_mb=round(peak / 1024, 1),
        rss_before_mb=round(rss_before / 1024, 1),
        peak_over_start_mb=round((peak - rss_before) / 1024, 1),
        peak_is="VmHWM since the start of the job" if reset else "ru_maxrss of the process",
    )
    print("RESULT " + json.dumps(report, default=str), flush=True)
    return 0


def run_child(kind: str, today: date, timeout: float, check: bool = True) -> dict[str, Any]:
    command = [
        sys.executable, str(Path(__file__).resolve()), "--child", kind,
        "--today", today.isoformat(), "--alerts-timeout", str(timeout),
        *([] if check else ["--no-check"]),
    ]  # fmt: skip
    done = subprocess.run(
        command, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        print(done.stdout[-3000:], done.stderr[-3000:])
        raise SystemExit(f"The {kind} run failed.")
    return dict(json.loads(lines[-1][len("RESULT ") :]))


# --- The run ----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "database": connection.vendor,
    }
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        info["memory_gb"] = round(pages / 2**30, 1)
    except (ValueError, OSError):
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["database_version"] = cursor.fetchone()[0]
            for setting in ("shared_buffers", "work_mem", "effective_cache_size", "jit"):
                cursor.execute(f"SHOW {setting}")
                info[setting] = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            info["database_version"] = cursor.fetchone()[0]
    return info


def counts(today: date) -> dict[str, Any]:
    open_plans = Plan.objects.exclude(status=PlanStatus.CLOSED)
    per_caseworker = sorted(
        open_plans.values("caseworker").annotate(n=Count("id")).values_list("n", flat=True)
    )
    return {
        "people": Person.objects.count(),
        "plans": Plan.objects.count(),
        "plans_by_status": dict(Plan.objects.values_list("status").annotate(n=Count("id"))),
        "measures": Measure.objects.count(),
        "measures_by_status": dict(Measure.objects.values_list("status").annotate(n=Count("id"))),
        "overdue_measures": Measure.objects.filter(
            status__in=OPEN_MEASURE, due_on__lt=today, plan__status__in=["draft", "agreed"]
        ).count(),
        "open_plans_per_caseworker": {
            "min": per_caseworker[0] if per_caseworker else 0,
            "median": statistics.median(per_caseworker) if per_caseworker else 0,
            "max": per_caseworker[-1] if per_caseworker else 0,
        },
        "households": Household.objects.count(),
        "assessments": Assessment.objects.count(),
        "unaccompanied_minors": Vulnerability.objects.filter(unaccompanied_minor=True).count(),
    }


def print_table(
    title: str, rows: dict[str, dict[str, Any]], columns: list[tuple[str, str, int]]
) -> None:
    print(f"\n{title}")
    width = max(len(name) for name in rows) + 2
    print(f"{'measure':<{width}}" + "".join(f"{label:>{size}}" for label, _key, size in columns))
    print("-" * (width + sum(size for _l, _k, size in columns)))
    for name, figures in rows.items():
        cells = []
        for _label, key, size in columns:
            value = figures.get(key, "")
            if isinstance(value, bool):
                value = "yes" if value else "NO"
            elif value is None:
                value = ""
            elif isinstance(value, float):
                value = f"{value:,.2f}"
            cells.append(f"{value!s:>{size}}")
        print(f"{name:<{width}}" + "".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=FULL_PLANS, help="plans (and people)")
    parser.add_argument("--measures-per-plan", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300, help="timed requests per measure")
    parser.add_argument(
        "--caseworkers", type=int, help="default: one per 500 plans (400 at 200,000)"
    )
    parser.add_argument("--centres", type=int, help="default: 20, or fewer caseworkers")
    parser.add_argument("--pool", type=int, default=100, help="caseworkers signed in")
    parser.add_argument("--alerts-timeout", type=float, default=300.0, help="per naive query, s")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--child", choices=["sync", "compute", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
    parser.add_argument("--no-check", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--skip-unanalysed",
        action="store_true",
        help="PostgreSQL: skip the alert computations run before ANALYZE",
    )
    args = parser.parse_args()
    if args.child:
        return child_main(args.child, args.today, args.alerts_timeout, not args.no_check)

    args.caseworkers = args.caseworkers or max(2, args.plans // 500)
    args.centres = args.centres or min(20, args.caseworkers)
    run_started = time.perf_counter()
    info = machine()
    call_command("migrate", verbosity=0)
    world = build_world(args.centres, args.caseworkers)
    today = world.today
    print(
        f"Filling {args.plans:,} people and plans, {args.plans * args.measures_per_plan:,} "
        f"measures on {connection.vendor}",
        flush=True,
    )
    started = time.perf_counter()
    written = fill(world, args.plans, args.measures_per_plan, args.seed)
    fill_seconds = time.perf_counter() - started
    nightly: dict[str, dict[str, Any]] = {}
    unanalysed: dict[str, Any] = {}
    if connection.vendor == "postgresql" and not args.skip_unanalysed:
        # Right after a large load the planner has no statistics for the new rows
        # (autovacuum analyses within minutes): the case plan_alerts_sync's chunked
        # lookups were written for. Both ways of computing the alerts, read-only.
        unanalysed["before"] = statistics_state()
        connection.close()
        print("Nightly alerts before ANALYZE: alerts() alone", flush=True)
        nightly["alerts() only, before ANALYZE"] = run_child("compute", today, args.alerts_timeout)
        print(
            f"Nightly alerts before ANALYZE: naive (each query cut at {args.alerts_timeout:.0f} s)"
        )
        nightly["naive NOT EXISTS, before ANALYZE (baseline)"] = run_child(
            "naive", today, args.alerts_timeout, check=False
        )
        unanalysed["after"] = statistics_state()
    started = time.perf_counter()
    analyze()
    analyze_seconds = time.perf_counter() - started
    sizes = counts(today)
    print(
        f"  filled in {fill_seconds:,.0f} s (+ {analyze_seconds:,.0f} s VACUUM ANALYZE): "
        f"{sizes['plans']:,} plans, {sizes['measures']:,} measures, "
        f"{sizes['overdue_measures']:,} overdue",
        flush=True,
    )

    rng = random.Random(args.seed)
    chosen = rng.sample(
        [(centre, user) for centre, users in world.caseworkers.items() for user in users],
        min(args.pool, args.caseworkers),
    )
    users = User.objects.in_bulk([user for _c, user in chosen])
    pool = []
    for centre, user_id in chosen:
        user = users[user_id]
        token = core_services.token_create(
            actor=access.actor_for(user), name="bench", expires_in_days=1
        ).secret
        api = Client(headers={"Authorization": f"Bearer {token}"})
        pool.append(Caseworker(user, centre, session_client(user), api))
    me = pool[0].api.get("/api/v1/me").json()
    assert me["username"] == pool[0].user.username, me
    first = pool[0].api.get("/api/v1/caseload").json()
    assert first["results"], "a caseworker's caseload came back empty"
    soonest = selectors.caseload(
        actor=access.actor_for(pool[0].user), filters=selectors.CaseloadFilters(), today=today
    ).first()
    page = pool[0].web.get("/plans/")
    assert page.status_code == 200
    assert soonest is not None
    assert soonest.person.public_id.encode() in page.content, "the page lacks the soonest plan"

    print(f"Measuring {args.requests} requests per measure", flush=True)
    started = time.perf_counter()
    requests = measure_requests(pool, args.requests, today, args.seed)
    requests_seconds = time.perf_counter() - started
    checks = {"order": order_check(pool, today)}
    plans_explained = explain(pool[0], today)

    connection.close()  # the children work on their own connections
    print("Nightly alerts: first run", flush=True)
    nightly["plan_alerts_sync, first run"] = run_child("sync", today, args.alerts_timeout)
    print("Nightly alerts: second run (steady state)", flush=True)
    nightly["plan_alerts_sync, second run"] = run_child("sync", today, args.alerts_timeout)
    print("Nightly alerts: alerts() alone", flush=True)
    nightly["alerts() only, no writes"] = run_child("compute", today, args.alerts_timeout)
    print(f"Nightly alerts: naive baseline (each query cut at {args.alerts_timeout:.0f} s)")
    naive = run_child("naive", today, args.alerts_timeout)
    nightly["naive NOT EXISTS rules (baseline)"] = naive
    for name, figures in nightly.items():
        if name.startswith("plan_alerts_sync"):
            figures["target_s"] = TARGET_ALERTS_S
            figures["met"] = figures["seconds"] <= TARGET_ALERTS_S
        if "(baseline)" in name:
            continue
        figures["baseline"] = (
            "naive NOT EXISTS, before ANALYZE (baseline)"
            if "before ANALYZE" in name
            else "naive NOT EXISTS rules (baseline)"
        )
        base = nightly[figures["baseline"]]
        if base.get("timed_out"):
            figures["vs_baseline"] = "baseline timed out"
        else:
            figures["vs_baseline"] = round(figures["seconds"] / base["seconds"], 2)
    second = nightly["plan_alerts_sync, second run"]["outcome"]
    checks["second run changes nothing"] = second["opened"] == 0 and second["resolved"] == 0
    checks["naive finds the same people"] = (
        None
        if naive.get("timed_out")
        else all(rule.get("same") for rule in naive["rules"].values())
    )
    total_seconds = time.perf_counter() - run_started
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]

    title = (
        f"Caseload requests: {sizes['plans']:,} plans, {sizes['measures']:,} measures on "
        f"{connection.vendor}; {args.requests} runs each, random caseworkers "
        f"(open plans each: median {sizes['open_plans_per_caseworker']['median']})"
    )
    print_table(title, requests, [
        ("p50 ms", "p50_ms", 9), ("p95 ms", "p95_ms", 9), ("queries", "queries", 9),
        ("sql ms", "sql_ms_median", 9), ("target", "target_p95_ms", 8), ("met", "met", 5),
        ("p95/base", "p95_vs_baseline", 10), ("p95/floor", "p95_vs_floor", 10),
    ])  # fmt: skip
    print_table("Nightly alerts (each in its own process)", nightly, [
        ("seconds", "seconds", 9), ("peak MB", "peak_rss_mb", 9),
        ("+MB", "peak_over_start_mb", 8), ("target", "target_s", 8), ("met", "met", 5),
        ("/base", "vs_baseline", 20),
    ])  # fmt: skip
    print("\nfirst run:", nightly["plan_alerts_sync, first run"]["outcome"])
    for name, figures in nightly.items():
        if "rules" in figures:
            print(f"{name}:")
            for rule, found in figures["rules"].items():
                print(f"  {rule:<24} {found}")
    print("checks:", checks)
    if args.explain:
        for name, text in plans_explained.items():
            print(f"\n--- {name}\n{text}")
    print(f"\nRun took {total_seconds / 60:.1f} min (fill {fill_seconds:.0f} s).")

    suffix = "-sqlite" if connection.vendor == "sqlite" else ""
    if connection.vendor not in ("sqlite", "postgresql"):
        suffix = f"-{connection.vendor}"
    if args.plans != FULL_PLANS:
        suffix += f"-{args.plans}"
    out = args.output or ROOT / "bench" / "results" / f"plans{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "benchmark": "plans",
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "today": today.isoformat(),
                "machine": info,
                "arguments": {k: v for k, v in vars(args).items() if k not in ("child", "today")},
                "written": written,
                "counts": sizes,
                "seconds": {
                    "fill": round(fill_seconds, 1),
                    "analyze": round(analyze_seconds, 1),
                    "requests": round(requests_seconds, 1),
                    "total": round(total_seconds, 1),
                },
                "requests": requests,
                "nightly_alerts": nightly,
                "checks": checks,
                "statistics_before_analyze": unanalysed,
                "explain": plans_explained,
            },
            indent=1,
            default=str,
        )
    )
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
