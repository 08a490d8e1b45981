"""Courses with objective tests at scale (issue 5's benchmark): a class's register
in a few requests, and a file of test results imported in bulk, each against a
naive baseline measured in the same run.

Fills a throwaway database (SQLite by default; PostgreSQL when DATABASE_URL points
at one, e.g. through scripts/throwaway_postgres.py) through the bulk path
(core.backend_bulk) with one country (a coordinating authority, an integration
centre, a course provider), a teacher and a licensed examiner (users with the
teacher role, each with a Teacher record), a caseworker, and learners: people with
an agreed plan of two measures (a Romanian course and the integration exam),
enrolled in courses. Then it measures:

* ``register``     a class of 25 whose session has happened, recorded by its
                   teacher through Django's test Client, each time on a session
                   not marked yet:
                   - the page (signed in): GET the register, POST the form, follow
                     the redirect (3 requests at most);
                   - the API (a token): GET /api/v1/courses/{id}/sessions/{id}/attendance
                     and PUT the class's marks (2 requests);
                   - register_record() called directly (no HTTP: the floor);
                   - the baseline: the naive way, one request per learner (25 PUTs
                     of one mark each through the same endpoint), and one
                     register_record() call per learner.
                   Requests and database queries per request, and the time the
                   whole class takes (median and p95 over --reps classes).
* ``results``      a file of N results (default 50,000: 100 exam courses of 500)
                   loaded by results_load() as the background task loads it (rows
                   of text, the header first: every row checked, then results,
                   certificates for the passes, completed enrolments, assessed
                   language levels, plan measures done and audit entries written
                   in bulk), against the baseline: Result.objects.bulk_create of the
                   same N rows with their fields computed beforehand (batch 2000),
                   into the same fresh data. Each runs in a child process, so that
                   its peak memory is its own; the counts written are checked, and
                   the import's time is split by phase (wall and CPU seconds: on a
                   busy machine the CPU time is the steadier figure).

Usage:
    .venv/bin/python bench/courses.py                                   # SQLite, < 3 min
    .venv/bin/python bench/courses.py --rows 200000 --reps 20
    DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python scripts/throwaway_postgres.py \\
        -- .venv/bin/python bench/courses.py                            # make bench-courses

Writes bench/results/courses[-sqlite][-N].json and prints a table. Targets (issue 5):
the attendance of a class of 25 recorded in at most 3 requests; results imported
at 50,000 rows a minute or better.
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import wraps
from html.parser import HTMLParser
from importlib import import_module
from typing import Any
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
if "DATABASE_URL" not in os.environ:
    _TMP = tempfile.mkdtemp(prefix="integra-bench-courses-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP}/courses.sqlite3"
    atexit.register(shutil.rmtree, _TMP, True)  # the children reuse it through the env
os.environ.setdefault("INTEGRA_API_RATE", "1000000/m")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the in-process test client

import django

django.setup()

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core import access, backend_bulk, ids
from integra.core import services as core_services
from integra.core.middleware import LOGIN_AT
from integra.core.models import AuditEntry, Membership, Organisation, User
from integra.core.roles import Role
from integra.courses import rules
from integra.courses.models import (
    Attendance,
    Certificate,
    Course,
    CourseStatus,
    CourseType,
    Curriculum,
    Enrolment,
    EnrolmentStatus,
    Module,
    Presence,
    Result,
    Session,
    Teacher,
    TestDefinition,
)
from integra.courses.services import attendance, imports
from integra.people.models import Language, Person, Responsibility
from integra.plans.models import (
    Measure,
    MeasureKind,
    MeasureStatus,
    Plan,
    PlanStatus,
    Programme,
    ProgrammeMeasure,
)

# Load every module now: a long run must not pick up files edited while it runs.
import_module(settings.ROOT_URLCONF)

CLASS_SIZE = 25
TARGET_REQUESTS = 3
TARGET_ROWS_PER_MIN = 50_000
FULL_ROWS = 50_000
PER_COURSE = 500  # learners per exam course
CHUNK = 5000  # learners generated and written at a time
BATCH = 2000  # the baseline's bulk_create batch, as imports.BATCH
PROVIDER = "bench-provider"
HEADER = ["course", "person", "taken_on", "reading", "listening", "writing", "speaking",
          "speaking_second", "examiner", "second_examiner"]  # fmt: skip
SECTIONS = [{"code": code, "max_score": 25} for code in ("reading", "listening", "writing",
                                                         "speaking")]  # fmt: skip
PASS_MARKS = {
    "A2": {"total": 40, "section_min": 8},
    "B1": {"total": 60, "section_min": 12},
    "B2": {"total": 80, "section_min": 16},
}
MARKS = [Presence.PRESENT, Presence.ABSENT, Presence.EXCUSED]
MARK_WEIGHTS = [85, 10, 5]
GIVEN = ["Olena", "Oleksandr", "Mariam", "Ahmad", "Yusuf", "Iryna", "Zeynep", "Jasur", "Leila"]
FAMILY = ["Kovalenko", "Haddad", "Rahimi", "Shevchuk", "Nazari", "Yilmaz", "Karimov", "Saleh"]


# --- The world: organisations, people who work there, programme, curricula ------------------


@dataclass
class World:
    today: date
    now: datetime
    centre: Organisation
    provider: Organisation
    teacher_user: User
    examiner_user: User
    caseworker: User
    teacher: Teacher  # the class's teacher
    examiner: Teacher  # a licensed examiner: the exam courses' and the import's
    programme: Programme
    measures: dict[str, ProgrammeMeasure]  # "language", "exam"
    language_curriculum: Curriculum
    exam_curriculum: Curriculum
    test: TestDefinition


def build_world() -> World:
    now = timezone.now()
    authority = Organisation.objects.create(
        code="md-bma", name="Bureau for Migration and Asylum", kind="coordinating_authority",
        level="national", country="MD",
    )  # fmt: skip
    centre = Organisation.objects.create(
        code="md-centre", name="Integration centre", kind="integration_centre",
        level="regional", parent=authority, country="MD",
    )  # fmt: skip
    provider = Organisation.objects.create(
        code=PROVIDER, name="Romanian for newcomers", kind="course_provider", level="local",
        country="MD", region="Chișinău",
    )  # fmt: skip
    unusable = make_password(None)
    users = {}
    for username, organisation, role in (
        ("teacher", provider, Role.TEACHER),
        ("examiner", provider, Role.TEACHER),
        ("caseworker", centre, Role.CASEWORKER),
    ):
        users[username] = User.objects.create(
            username=username, first_name=username.title(), password=unusable
        )
        Membership.objects.create(user=users[username], organisation=organisation, role=role)
    teacher = Teacher.objects.create(
        organisation=provider, user=users["teacher"], name="Elena Rusu",
        qualification="specialist", languages=["ro"], is_examiner=False, updated_at=now,
    )  # fmt: skip
    examiner = Teacher.objects.create(
        organisation=provider, user=users["examiner"], name="Ion Popa", qualification="teacher",
        languages=["ro"], is_examiner=True, updated_at=now,
    )  # fmt: skip
    programme = Programme.objects.create(
        code="md-voluntary", country="MD", name="Integration programme",
        participation="voluntary", eligible_statuses=["international_protection"],
        min_months=12, max_months=24, domains=["language"], review_every_days=90,
        created_at=now,
    )  # fmt: skip
    measures = {
        code: ProgrammeMeasure.objects.create(
            programme=programme,
            code=code,
            domain="language",
            kind=kind,
            title=title,
            mandatory=code == "language",
            due_within_days=180,
            position=position,
        )
        for position, (code, kind, title) in enumerate(
            [
                ("language", MeasureKind.LANGUAGE_COURSE, "Romanian course"),
                ("exam", MeasureKind.EXAM, "Integration exam"),
            ]
        )
    }
    language = Curriculum.objects.create(
        code="ro-b1", country="MD", course_type=CourseType.LANGUAGE, title="Romanian B1",
        language="ro", target_level="B1", created_at=now,
    )  # fmt: skip
    Module.objects.create(curriculum=language, title="Everyday Romanian", hours=60)
    exam = Curriculum.objects.create(
        code="ro-exam", country="MD", course_type=CourseType.EXAM,
        title="Integration exam: Romanian", language="ro", target_level="A2", created_at=now,
    )  # fmt: skip
    Module.objects.create(curriculum=exam, title="The exam", hours=4)
    rules.parse_definition(SECTIONS, PASS_MARKS)  # a definition the services accept
    test = TestDefinition.objects.create(
        code="ro-exam-test", country="MD", title="Romanian language test",
        course_type=CourseType.EXAM, language="ro", sections=SECTIONS, pass_marks=PASS_MARKS,
        created_at=now,
    )  # fmt: skip
    return World(
        today=timezone.localdate(now),
        now=now,
        centre=centre,
        provider=provider,
        teacher_user=users["teacher"],
        examiner_user=users["examiner"],
        caseworker=users["caseworker"],
        teacher=teacher,
        examiner=examiner,
        programme=programme,
        measures=measures,
        language_curriculum=language,
        exam_curriculum=exam,
        test=test,
    )


def new_course(w: World, *, exam: bool, title: str, capacity: int, starts_days_ago: int) -> Course:
    return Course(
        programme=w.programme,
        curriculum=w.exam_curriculum if exam else w.language_curriculum,
        provider=w.provider,
        teacher=w.examiner if exam else w.teacher,
        test=w.test if exam else None,
        title=title,
        delivery="in_person",
        region="Chișinău",
        starts_on=w.today - timedelta(days=starts_days_ago),
        ends_on=w.today + timedelta(days=60),
        capacity=capacity,
        status=CourseStatus.RUNNING,
        created_at=w.now,
        created_by=w.teacher_user if not exam else w.examiner_user,
        updated_at=w.now,
    )


# --- Learners: people, plans, measures, enrolments ------------------------------------------


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
    """Public ids from a seeded generator, never twice."""

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


class Learners:
    """People with an agreed plan (a Romanian course and the exam), enrolled in a
    course for one of the two measures; half declare some Romanian already."""

    def __init__(self, world: World, seed: int) -> None:
        self.w = world
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
            "language": Table(
                Language, ["id", "person_id", "code", "declared_level", "assessed_level"]
            ),
            "plan": Table(Plan, [
                "id", "public_id", "person_id", "programme_id", "organisation_id",
                "caseworker_id", "status", "starts_on", "ends_on", "agreed_on", "agreed_how",
                "next_review_on", "next_due_on", "created_at", "updated_at",
            ]),
            "measure": Table(Measure, [
                "id", "plan_id", "programme_measure_id", "domain", "kind", "title",
                "mandatory", "responsible_id", "due_on", "status", "done_on", "evidence",
                "created_at", "updated_at",
            ]),
            "enrolment": Table(Enrolment, [
                "id", "course_id", "person_id", "measure_id", "status", "requested_on",
                "enrolled_on", "organisation_id", "enrolled_by_id", "created_at",
            ]),
        }  # fmt: skip

    def add(self, courses: Sequence[Course], per_course: int, *, exam: bool) -> None:
        """``per_course`` learners in each course: for the exam (their Romanian course
        done) or for the Romanian course (the exam still to come)."""
        rng, w = self.rng, self.w
        created = w.now - timedelta(days=150)
        starts = w.today - timedelta(days=150)
        for course in courses:
            for _ in range(per_course):
                given, family = rng.choice(GIVEN), rng.choice(FAMILY)
                person = self.t["person"].add(
                    self.public.new("P"), given, family, given, family,
                    rng.choice(["female", "male"]),
                    w.today - timedelta(days=rng.randint(20 * 366, 60 * 365)), w.centre.pk,
                    created, created,
                )  # fmt: skip
                self.t["responsibility"].add(person, w.centre.pk, created)
                if rng.random() < 0.5:
                    self.t["language"].add(person, "ro", rng.choice(["A1", "A2"]), "")
                language_due = starts + timedelta(days=180)
                exam_due = starts + timedelta(days=240)
                plan = self.t["plan"].add(
                    self.public.new("L"), person, w.programme.pk, w.centre.pk, w.caseworker.pk,
                    PlanStatus.AGREED, starts, starts + timedelta(days=365), starts, "signed",
                    w.today + timedelta(days=30), exam_due if exam else language_due,
                    created, created,
                )  # fmt: skip
                rows = []
                for code, due in (("language", language_due), ("exam", exam_due)):
                    pm = w.measures[code]
                    if code == "language" and exam:
                        state, done_on, evidence = MeasureStatus.DONE, w.today, "Course finished."
                    elif (code == "exam") == exam:
                        state, done_on, evidence = MeasureStatus.IN_PROGRESS, None, ""
                    else:
                        state, done_on, evidence = MeasureStatus.PLANNED, None, ""
                    rows.append(
                        self.t["measure"].add(
                            plan,
                            pm.pk,
                            pm.domain,
                            pm.kind,
                            pm.title,
                            pm.mandatory,
                            w.centre.pk,
                            due,
                            state,
                            done_on,
                            evidence,
                            created,
                            created,
                        )
                    )
                self.t["enrolment"].add(
                    course.pk, person, rows[1] if exam else rows[0], EnrolmentStatus.ENROLLED,
                    course.starts_on - timedelta(days=20), course.starts_on - timedelta(days=10),
                    w.centre.pk, w.caseworker.pk, created,
                )  # fmt: skip
            if len(self.t["person"].rows) >= CHUNK:
                self.flush()
        self.flush()

    def flush(self) -> None:
        for table in self.t.values():
            table.flush()

    def written(self) -> dict[str, int]:
        return {table.model.__name__: table.written for table in self.t.values()}

    def reset_sequences(self) -> None:
        models_ = [table.model for table in self.t.values()]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(sql)


@dataclass
class Filled:
    course: Course  # the class of 25
    sessions: list[Session]
    exam_courses: int
    written: dict[str, int]


def fill(world: World, rows: int, sessions: int, seed: int) -> Filled:
    w = world
    with transaction.atomic():
        course = new_course(
            w, exam=False, title="Romanian B1, evenings", capacity=CLASS_SIZE, starts_days_ago=120
        )
        course.save()
        # Sessions that have happened, an hour apart, none marked yet: each class
        # recorded in the run gets a fresh one.
        first = (w.now - timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
        made = Session.objects.bulk_create(
            [
                Session(course=course, starts_at=first - timedelta(hours=i), hours=Decimal(3))
                for i in range(sessions)
            ]
        )
        n_courses = -(-rows // PER_COURSE)
        Course.objects.bulk_create(
            [
                new_course(
                    w,
                    exam=True,
                    title=f"Integration exam {i + 1:03d}",
                    capacity=min(PER_COURSE, 32767),
                    starts_days_ago=60,
                )
                for i in range(n_courses)
            ]
        )
        exam_courses = list(Course.objects.filter(curriculum=w.exam_curriculum).order_by("pk"))
        learners = Learners(w, seed)
        learners.add([course], CLASS_SIZE, exam=False)
        left = rows
        for exam_course in exam_courses:
            learners.add([exam_course], min(PER_COURSE, left), exam=True)
            left -= PER_COURSE
        learners.reset_sequences()
    sessions_ = sorted(made, key=lambda s: s.starts_at, reverse=True)
    if not all(s.pk for s in sessions_):  # a backend that returns no ids
        sessions_ = list(Session.objects.filter(course=course).order_by("-starts_at"))
    return Filled(course, sessions_, len(exam_courses), learners.written())


def analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# --- The register: a class of 25 ------------------------------------------------------------


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


class _Forms(HTMLParser):
    """The POST forms of a page: action, and each field's name with its values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"method": a.get("method", "get").lower(), "action": a.get("action", ""),
                          "fields": [], "radios": {}, "selects": {}}  # fmt: skip
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind == "radio":
                group = form["radios"].setdefault(name, {"values": [], "checked": None})
                group["values"].append(a.get("value", "on"))
                if "checked" in a:
                    group["checked"] = a.get("value", "on")
            elif kind == "checkbox":
                if "checked" in a:
                    form["fields"].append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                form["fields"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
            form["selects"][name] = {"values": [], "selected": None}
        elif tag == "option" and self._select:
            select = form["selects"][self._select]
            select["values"].append(a.get("value", ""))
            if "selected" in a:
                select["selected"] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"].append((name, ""))

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            name, text = self._form["fields"][-1]
            self._form["fields"][-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def register_form(html: str, marks: dict[int, str]) -> tuple[str, dict[str, Any]] | None:
    """The register's form on the page (the POST form with the most marks to choose)
    filled in as a teacher would: each learner's mark chosen from ``marks`` by the
    enrolment id in the field's name, every other field as the page sets it."""
    parser = _Forms()
    parser.feed(html)
    candidates = [f for f in parser.forms if f["method"] == "post" and f["radios"]]
    if not candidates:
        return None
    form = max(candidates, key=lambda f: len(f["radios"]))
    data: dict[str, Any] = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    for name, group in form["radios"].items():
        digits = "".join(ch for ch in name if ch.isdigit())
        wanted = marks.get(int(digits)) if digits else None
        if wanted in group["values"]:
            data[name] = wanted
        elif group["checked"] is not None:
            data[name] = group["checked"]
        else:
            data[name] = group["values"][0]
    for name, select in form["selects"].items():
        data[name] = select["selected"] if select["selected"] is not None else select["values"][0]
    return form["action"], {k: v[0] if isinstance(v, list) and len(v) == 1 else v
                            for k, v in data.items()}  # fmt: skip


@dataclass
class Step:
    label: str
    seconds: float
    queries: int | None
    status: int | None


@dataclass
class Recorder:
    """Times each request (or call) of one class; counts its queries when asked
    (a separate pass: recording queries costs time of its own)."""

    capture: bool
    steps: list[Step] = field(default_factory=list)

    def __call__(self, label: str, call: Callable[[], Any]) -> Any:
        if self.capture:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                answer = call()
                seconds = time.perf_counter() - started
            queries: int | None = len(captured.captured_queries)
        else:
            started = time.perf_counter()
            answer = call()
            seconds = time.perf_counter() - started
            queries = None
        self.steps.append(Step(label, seconds, queries, getattr(answer, "status_code", None)))
        return answer


class Unavailable(Exception):
    """A way of taking the register that this checkout does not offer (yet)."""


@dataclass
class Register:
    world: World
    course: Course
    learners: list[int]  # enrolment ids
    web: Client
    api: Client
    actor: access.Actor
    rng: random.Random

    def marks(self) -> dict[int, str]:
        return {e: self.rng.choices(MARKS, MARK_WEIGHTS)[0] for e in self.learners}

    def page_url(self, session: Session) -> str:
        return reverse(
            "courses:register_session",
            kwargs={"course_id": self.course.public_id, "session": session.pk},
        )

    def api_url(self, session: Session) -> str:
        return f"/api/v1/courses/{self.course.public_id}/sessions/{session.pk}/attendance"

    def page(self, rec: Recorder, session: Session) -> dict[int, str]:
        url = self.page_url(session)
        page = rec("GET register page", lambda: self.web.get(url))
        if page.status_code != 200:
            raise Unavailable(f"GET {url} answered {page.status_code}")
        marks = self.marks()
        found = register_form(page.content.decode(), marks)
        if found is None:
            raise Unavailable(f"GET {url} has no POST form with marks to choose")
        action, data = found
        target = urljoin(url, action) if action else url
        sent = rec("POST form", lambda: self.web.post(target, data))
        if sent.status_code in (301, 302, 303):
            location = sent["Location"]
            after = rec("GET redirect", lambda: self.web.get(location))
            assert after.status_code == 200, (after.status_code, location)
        else:
            assert sent.status_code == 200, (sent.status_code, sent.content[:300])
        return marks

    def api_class(self, rec: Recorder, session: Session) -> dict[int, str]:
        url = self.api_url(session)
        got = rec("GET register", lambda: self.api.get(url))
        if got.status_code != 200:
            raise Unavailable(f"GET {url} answered {got.status_code}: {got.content[:200]!r}")
        listed = [mark["enrolment"] for mark in got.json().get("marks", [])]
        assert sorted(listed) == sorted(self.learners), "the register lists other learners"
        marks = self.marks()
        body = json.dumps({"marks": [{"enrolment": e, "status": s} for e, s in marks.items()]})
        put = rec(
            "PUT marks",
            lambda: self.api.put(url, data=body, content_type="application/json"),
        )
        assert put.status_code == 200, (put.status_code, put.content[:300])
        return marks

    def api_naive(self, rec: Recorder, session: Session) -> dict[int, str]:
        url = self.api_url(session)
        marks = self.marks()
        for enrolment, status in marks.items():
            body = json.dumps({"marks": [{"enrolment": enrolment, "status": status}]})
            put = rec(
                "PUT one mark",
                lambda body=body: self.api.put(url, data=body, content_type="application/json"),
            )
            if put.status_code == 404:
                raise Unavailable(f"PUT {url} answered 404")
            assert put.status_code == 200, (put.status_code, put.content[:300])
        return marks

    def service(self, rec: Recorder, session: Session) -> dict[int, str]:
        marks = self.marks()
        rec(
            "register_record()",
            lambda: attendance.register_record(
                actor=self.actor, course=self.course, session_id=session.pk, marks=marks
            ),
        )
        return marks

    def service_naive(self, rec: Recorder, session: Session) -> dict[int, str]:
        marks = self.marks()
        for enrolment, status in marks.items():
            rec(
                "register_record(), one mark",
                lambda enrolment=enrolment, status=status: attendance.register_record(
                    actor=self.actor,
                    course=self.course,
                    session_id=session.pk,
                    marks={enrolment: status},
                ),
            )
        return marks


REGISTER_WAYS = {
    "page: GET + POST (+ redirect)": "page",
    "API: GET + PUT the class": "api_class",
    "register_record(), the class (no HTTP)": "service",
    "API: one PUT per learner (baseline)": "api_naive",
    "register_record() per learner (baseline)": "service_naive",
}
# Which baseline each way is compared with: the naive requests, or the naive calls.
REGISTER_BASELINE = {
    "page: GET + POST (+ redirect)": "API: one PUT per learner (baseline)",
    "API: GET + PUT the class": "API: one PUT per learner (baseline)",
    "register_record(), the class (no HTTP)": "register_record() per learner (baseline)",
}
HTTP_WAYS = ("page: GET + POST (+ redirect)", "API: GET + PUT the class")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return (statistics.median(ordered) * 1000, ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000)


def measure_register(w: World, filled: Filled, reps: int, warmup: int, capture: int, seed: int
                     ) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:  # fmt: skip
    course = Course.objects.select_related("teacher", "provider", "curriculum").get(
        pk=filled.course.pk
    )
    learners = list(
        Enrolment.objects.filter(course=course).order_by("pk").values_list("pk", flat=True)
    )
    assert len(learners) == CLASS_SIZE, len(learners)
    token = core_services.token_create(
        actor=access.actor_for(w.teacher_user), name="bench", expires_in_days=1
    ).secret
    reg = Register(
        world=w, course=course, learners=learners, web=session_client(w.teacher_user),
        api=Client(headers={"Authorization": f"Bearer {token}"}),
        actor=access.actor_for(w.teacher_user), rng=random.Random(seed),
    )  # fmt: skip
    sessions = iter(filled.sessions)
    checks: dict[str, Any] = {"wrong_marks": 0}

    def one(name: str, rec: Recorder) -> None:
        session = next(sessions)
        marks = getattr(reg, REGISTER_WAYS[name])(rec, session)
        stored = dict(
            Attendance.objects.filter(session=session).values_list("enrolment_id", "status")
        )
        if stored != marks:
            checks["wrong_marks"] += 1

    available: dict[str, str] = {}
    for name in REGISTER_WAYS:  # each way once: is it there in this checkout?
        if name.startswith("API"):
            try:
                resolve(reg.api_url(filled.sessions[0]))
            except Resolver404:
                available[name] = "no such address (integra/courses/api.py not there yet?)"
                continue
        try:
            one(name, Recorder(capture=False))
        except Unavailable as error:
            available[name] = str(error)
    ways = [name for name in REGISTER_WAYS if name not in available]
    for name, why in available.items():
        print(f"  skipped {name}: {why}", flush=True)
    rng = random.Random(seed)
    for _ in range(warmup):
        for name in ways:
            one(name, Recorder(capture=False))
    timings: dict[str, list[list[Step]]] = {name: [] for name in ways}
    for _ in range(reps):
        rng.shuffle(ways)  # in a new order each time
        for name in ways:
            rec = Recorder(capture=False)
            one(name, rec)
            timings[name].append(rec.steps)
    counted: dict[str, list[list[Step]]] = {name: [] for name in ways}
    for _ in range(capture):
        for name in ways:
            rec = Recorder(capture=True)
            one(name, rec)
            counted[name].append(rec.steps)
    checks["marks_recorded"] = Attendance.objects.filter(session__course=course).count()

    results: dict[str, dict[str, Any]] = {}
    for name in REGISTER_WAYS:
        if name in available:
            results[name] = {"available": False, "why": available[name]}
            continue
        runs = timings[name]
        totals = [sum(s.seconds for s in steps) for steps in runs]
        p50, p95 = percentiles(totals)
        per_step: dict[str, list[float]] = {}
        for steps in runs:
            for s in steps:
                per_step.setdefault(s.label, []).append(s.seconds)
        queries: dict[str, list[int]] = {}
        for steps in counted[name]:
            for s in steps:
                queries.setdefault(s.label, []).append(s.queries or 0)
        http = name.startswith(("page", "API"))
        figures: dict[str, Any] = {
            "available": True,
            "requests": statistics.median_low(len(steps) for steps in runs) if http else None,
            "calls": statistics.median_low(len(steps) for steps in runs),
            "class_p50_ms": round(p50, 2),
            "class_p95_ms": round(p95, 2),
            "class_max_ms": round(max(totals) * 1000, 2),
            "steps": {
                label: {
                    "count_per_class": len(values) / len(runs),
                    "p50_ms": round(percentiles(values)[0], 2),
                    "p95_ms": round(percentiles(values)[1], 2),
                    "queries": statistics.median_low(queries.get(label, [0])),
                }
                for label, values in per_step.items()
            },
            "queries_per_class": statistics.median_low(
                sum(s.queries or 0 for s in steps) for steps in counted[name]
            )
            if counted[name]
            else None,
            "runs": len(runs),
        }
        figures["queries_per_request"] = " + ".join(
            f"{step['queries']:g}" + (f"×{step['count_per_class']:g}"
                                      if step["count_per_class"] != 1 else "")
            for step in figures["steps"].values()
        )  # fmt: skip
        if name in HTTP_WAYS:
            figures["target_requests"] = TARGET_REQUESTS
            figures["requests_max"] = max(len(steps) for steps in runs)
            figures["met"] = figures["requests_max"] <= TARGET_REQUESTS
        results[name] = figures
    for name, figures in results.items():
        base = REGISTER_BASELINE.get(name)
        if figures.get("available") and base and results.get(base, {}).get("available"):
            figures["baseline"] = base
            figures["p50_vs_baseline"] = round(
                figures["class_p50_ms"] / results[base]["class_p50_ms"], 3
            )
    return results, checks


# --- The results import -----------------------------------------------------------------------


def _fmt(score: float) -> str:
    return f"{score:g}"


def results_file(seed: int, today: date) -> tuple[list[list[str]], dict[str, Any]]:
    """The rows of the file (the header first), in the order of the courses, with
    random but valid scores (whole or half points), and what they should give."""
    rng = random.Random(seed)
    rows: list[list[str]] = [list(HEADER)]
    sitting: dict[str, str] = {}
    for course, person, starts_on in (
        Enrolment.objects.filter(course__curriculum__course_type=CourseType.EXAM)
        .order_by("course_id", "pk")
        .values_list("course__public_id", "person__public_id", "course__starts_on")
    ):
        if course not in sitting:
            sitting[course] = max(today - timedelta(days=rng.randint(1, 20)), starts_on).isoformat()
        ability = rng.gauss(15.5, 4.5)
        scores = [min(max(round((ability + rng.gauss(0, 2.5)) * 2) / 2, 0), 25) for _ in range(4)]
        rows.append([course, person, sitting[course], *map(_fmt, scores), "", "", ""])
    return rows, {"courses": len(sitting)}


def expected(rows: list[list[str]], definition: rules.TestDefinition, target: str
             ) -> list[rules.Outcome]:  # fmt: skip
    return [
        rules.score(definition, dict(zip(HEADER[3:7], row[3:7], strict=True)), target=target)
        for row in rows[1:]
    ]


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
    so that the peak read afterwards is the job's, not the set-up's."""
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


class Phases:
    """Wall and CPU time spent in some functions the import calls (wrapped in
    place, in the child process only)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        @wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                wall = time.perf_counter() - started
                self.seconds[label] = self.seconds.get(label, 0.0) + wall
                self.cpu[label] = self.cpu.get(label, 0.0) + time.process_time() - cpu

        setattr(owner, name, timed)

    def report(self, seconds: float, cpu: float) -> dict[str, dict[str, float]]:
        """Each phase's wall and CPU seconds; checking the rows is what is left."""
        found = {k: {"s": v, "cpu_s": self.cpu[k]} for k, v in self.seconds.items()}
        outside = ("write (all of it)", "read what rows are checked against")
        found["check rows (rules)"] = {
            "s": seconds - sum(self.seconds.get(k, 0) for k in outside),
            "cpu_s": cpu - sum(self.cpu.get(k, 0) for k in outside),
        }
        return {k: {m: round(v, 2) for m, v in f.items()} for k, f in found.items()}


def clear_results() -> None:
    """Empties the results (and certificates) the way a fresh table is empty."""
    tables = [Certificate._meta.db_table, Result._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tables))
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


def snapshot() -> dict[str, int]:
    exam = {"course__curriculum__course_type": CourseType.EXAM}
    return {
        "results": Result.objects.count(),
        "passed": Result.objects.filter(passed=True).count(),
        "certificates": Certificate.objects.count(),
        "enrolments_completed": Enrolment.objects.filter(
            status=EnrolmentStatus.COMPLETED, **exam
        ).count(),
        "exam_measures_done": Measure.objects.filter(
            kind=MeasureKind.EXAM, status=MeasureStatus.DONE
        ).count(),
        "languages_assessed": Language.objects.exclude(assessed_level="").count(),
        "audit_entries": AuditEntry.objects.count(),
    }


def child_main(kind: str, seed: int) -> int:
    """Runs the import or its baseline in this (child) process on the data the
    parent wrote, and prints its figures as JSON: wall time, peak memory, counts."""
    now = timezone.now()
    today = timezone.localdate(now)
    provider = Organisation.objects.get(code=PROVIDER)
    examiner = User.objects.get(username="examiner")
    test = TestDefinition.objects.get(code="ro-exam-test")
    target = Curriculum.objects.get(code="ro-exam").target_level
    rows, about = results_file(seed, today)
    n = len(rows) - 1
    outcomes = expected(rows, rules.parse_definition(test.sections, test.pass_marks), target)
    passes = sum(o.passed for o in outcomes)
    before = snapshot()
    report: dict[str, Any] = {"rows": n, **about, "expected_passes": passes}
    phases = Phases()
    if kind == "import":
        actor = access.actor_for(examiner)
        phases.wrap(imports, "_Context", "read what rows are checked against")
        phases.wrap(imports, "_write", "write (all of it)")
        phases.wrap(imports.Result.objects, "bulk_create", "write: results")
        phases.wrap(imports.Certificate.objects, "bulk_create", "write: certificates")
        phases.wrap(imports.people, "languages_assess_many", "write: language levels")
        phases.wrap(imports.plan_services, "measures_done_many", "write: plan measures")
        phases.wrap(imports.audit, "record_many", "write: audit entries (all)")
        phases.wrap(backend_bulk, "update", "of which UPDATEs by key (measures, plans, levels)")
        rss_before = _rss_kb()
        reset = _reset_peak()
        cpu = time.process_time()
        started = time.perf_counter()
        loaded = imports.results_load(actor=actor, provider=provider, rows=rows, now=now)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        peak = _peak_kb(reset)
        report["loaded"] = {
            "imported": loaded.imported, "checked": loaded.checked,
            "rejected": loaded.rejected, "errors": loaded.errors[:10],
        }  # fmt: skip
    else:
        teacher = Teacher.objects.get(user=examiner, organisation=provider)
        enrolment_of = {
            (course, person): pk
            for pk, course, person in Enrolment.objects.filter(
                course__curriculum__course_type=CourseType.EXAM
            ).values_list("pk", "course__public_id", "person__public_id")
        }
        results = [
            Result(
                enrolment_id=enrolment_of[(row[0], row[1])],
                test_id=test.pk,
                taken_on=date.fromisoformat(row[2]),
                scores={k: str(v) for k, v in o.scores.items()},
                speaking_second=None,
                total=o.total,
                level=o.level,
                passed=o.passed,
                examiner_id=teacher.pk,
                second_examiner_id=None,
                recorded_by=examiner,
                recorded_at=now,
            )
            for row, o in zip(rows[1:], outcomes, strict=True)
        ]
        rss_before = _rss_kb()
        reset = _reset_peak()
        cpu = time.process_time()
        started = time.perf_counter()
        with transaction.atomic():
            Result.objects.bulk_create(results, batch_size=BATCH)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        peak = _peak_kb(reset)
    after = snapshot()
    written = {key: after[key] - before[key] for key in after}
    report.update(
        seconds=round(seconds, 2),
        rows_per_min=round(n / seconds * 60) if seconds else None,
        # This process's CPU time (with SQLite, the database's work too; not
        # PostgreSQL's server): on a busy machine, wall time / CPU time shows the wait.
        cpu_s=round(cpu, 2),
        rows_per_cpu_min=round(n / cpu * 60) if cpu else None,
        peak_rss_mb=round(peak / 1024, 1),
        rss_before_mb=round(rss_before / 1024, 1),
        peak_over_start_mb=round((peak - rss_before) / 1024, 1),
        peak_is="VmHWM since the start of the job" if reset else "ru_maxrss of the process",
        written=written,
    )
    if kind == "import":
        report["phases"] = phases.report(seconds, cpu)
        report["checks"] = {
            "all imported": loaded.imported == n and loaded.rejected == 0,
            "results": written["results"] == n,
            "certificates for the passes": written["certificates"] == passes,
            "passes as expected": written["passed"] == passes,
            "enrolments completed": written["enrolments_completed"] == n,
            "exam measures done for the passes": written["exam_measures_done"] == passes,
            "language levels assessed": written["languages_assessed"] > 0,
        }
    else:
        report["checks"] = {"results": written["results"] == n}
        clear_results()  # the import starts from the same fresh data
        report["cleared"] = Result.objects.count() == 0
    print("RESULT " + json.dumps(report, default=str), flush=True)
    return 0


def run_child(kind: str, seed: int) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--seed", str(seed)]
    done = subprocess.run(
        command, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        print(done.stdout[-3000:], done.stderr[-5000:])
        raise SystemExit(f"The {kind} run failed.")
    return dict(json.loads(lines[-1][len("RESULT ") :]))


def csv_read_seconds(seed: int, today: date) -> dict[str, Any]:
    """For scale: reading the same rows from a CSV file (what the background task
    does before results_load), without the database."""
    from integra.core import spreadsheets

    rows, _about = results_file(seed, today)
    with tempfile.TemporaryDirectory(prefix="integra-bench-csv-") as folder:
        path = Path(folder) / "results.csv"
        path.write_bytes(spreadsheets.to_csv(rows[0], rows[1:]))
        started = time.perf_counter()
        count = sum(1 for _ in spreadsheets.read_rows(str(path), "csv")) - 1
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    return {"rows": count, "seconds": round(seconds, 2), "file_mb": round(size / 2**20, 1)}


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
            for setting in ("shared_buffers", "work_mem", "synchronous_commit"):
                cursor.execute(f"SHOW {setting}")
                info[setting] = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            info["database_version"] = cursor.fetchone()[0]
    return info


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
            elif isinstance(value, int):
                value = f"{value:,}"
            cells.append(f"{value!s:>{size}}")
        print(f"{name:<{width}}" + "".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=FULL_ROWS, help="results in the file")
    parser.add_argument("--reps", type=int, default=50, help="classes recorded per way")
    parser.add_argument("--warmup", type=int, default=5, help="untimed classes per way first")
    parser.add_argument("--capture", type=int, default=3, help="classes whose queries are counted")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--skip-import", action="store_true", help="the register only")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--child", choices=["import", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main(args.child, args.seed)

    run_started = time.perf_counter()
    info = machine()
    call_command("migrate", verbosity=0)
    world = build_world()
    ways = len(REGISTER_WAYS)
    sessions = (1 + args.warmup + args.reps + args.capture) * ways + 5
    print(
        f"Filling a class of {CLASS_SIZE} with {sessions} sessions and {args.rows:,} exam "
        f"learners on {connection.vendor}",
        flush=True,
    )
    started = time.perf_counter()
    filled = fill(world, args.rows, sessions, args.seed)
    analyze()
    fill_seconds = time.perf_counter() - started
    print(f"  filled in {fill_seconds:,.0f} s: {filled.written}", flush=True)

    print(f"Register: {args.reps} classes of {CLASS_SIZE} per way", flush=True)
    started, cpu = time.perf_counter(), time.process_time()
    register, register_checks = measure_register(
        world, filled, args.reps, args.warmup, args.capture, args.seed
    )
    register_seconds = time.perf_counter() - started
    register_checks["cpu_share"] = round((time.process_time() - cpu) / register_seconds, 2)

    imported: dict[str, dict[str, Any]] = {}
    csv_read: dict[str, Any] = {}
    if not args.skip_import:
        connection.close()  # the children work on their own connections
        print(f"Results: plain bulk_create of {args.rows:,} rows (baseline)", flush=True)
        base = run_child("baseline", args.seed)
        print(f"Results: results_load() of {args.rows:,} rows", flush=True)
        load = run_child("import", args.seed)
        load["target_rows_per_min"] = TARGET_ROWS_PER_MIN
        load["met"] = (load["rows_per_min"] or 0) >= TARGET_ROWS_PER_MIN
        load["baseline"] = "Result.objects.bulk_create (baseline)"
        load["vs_baseline"] = round(load["seconds"] / base["seconds"], 1)
        load["checks_ok"] = all(load["checks"].values())
        base["checks_ok"] = all(base["checks"].values()) and base.get("cleared", False)
        imported = {
            "results_load() (the import)": load,
            "Result.objects.bulk_create (baseline)": base,
        }
        csv_read = csv_read_seconds(args.seed, world.today)
    total_seconds = time.perf_counter() - run_started
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]

    print_table(
        f"Register of a class of {CLASS_SIZE} on {connection.vendor}, {args.reps} classes per way "
        f"(each on a session not marked yet)",
        {k: v for k, v in register.items() if v.get("available")},
        [
            ("requests", "requests", 9), ("calls", "calls", 6), ("p50 ms", "class_p50_ms", 9),
            ("p95 ms", "class_p95_ms", 9), ("queries", "queries_per_request", 16),
            ("≤3 req", "met", 7), ("p50/base", "p50_vs_baseline", 10),
        ],
    )  # fmt: skip
    for name, figures in register.items():
        if not figures.get("available"):
            print(f"  not measured: {name}: {figures['why']}")
    print("register checks:", register_checks)
    if imported:
        print_table(
            f"Results import of {args.rows:,} rows on {connection.vendor} "
            "(each in its own process)",
            imported,
            [
                ("seconds", "seconds", 9), ("rows/min", "rows_per_min", 11),
                ("cpu s", "cpu_s", 8), ("rows/cpu-min", "rows_per_cpu_min", 13),
                ("peak MB", "peak_rss_mb", 9), ("+MB", "peak_over_start_mb", 8),
                ("target", "target_rows_per_min", 8), ("met", "met", 5),
                ("/base", "vs_baseline", 7), ("checks", "checks_ok", 8),
            ],
        )  # fmt: skip
        load = imported["results_load() (the import)"]
        print("import written:", load["written"])
        print("import phases (wall s / cpu s):")
        for phase, figures in load["phases"].items():
            print(f"  {phase:<38} {figures['s']:>8.2f} {figures['cpu_s']:>8.2f}")
        print("import checks:", load["checks"])
        print(f"reading the same rows from a {csv_read['file_mb']} MB CSV: {csv_read['seconds']} s")
    print(f"\nRun took {total_seconds / 60:.1f} min (fill {fill_seconds:.0f} s).")

    suffix = "-sqlite" if connection.vendor == "sqlite" else ""
    if connection.vendor not in ("sqlite", "postgresql"):
        suffix = f"-{connection.vendor}"
    if args.rows != FULL_ROWS:
        suffix += f"-{args.rows}"
    out = args.output or ROOT / "bench" / "results" / f"courses{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "benchmark": "courses",
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "today": world.today.isoformat(),
                "machine": info,
                "arguments": {k: v for k, v in vars(args).items() if k != "child"},
                "written": filled.written,
                "exam_courses": filled.exam_courses,
                "seconds": {
                    "fill": round(fill_seconds, 1),
                    "register": round(register_seconds, 1),
                    "total": round(total_seconds, 1),
                },
                "register": register,
                "register_checks": register_checks,
                "results_import": imported,
                "csv_read": csv_read,
            },
            indent=1,
            default=str,
        )
    )
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
