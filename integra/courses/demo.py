"""Demo courses: Moldova's Romanian language and civic orientation courses and the
state language exam, with their teachers, and the plans demo's people in them.

The State Language Courses Centre (the demo's "teacher", Olga Rotaru, teaches
there) and a university language centre in Bălți are the course providers. The
bureau sets the curricula (Romanian A1, A2 and B1, civic orientation, the exam),
the two tests and the quality criteria of Moldova's programme: at most 15
learners, a qualified teacher, 120 hours, a wait of 90 days at most, two
examiners for speaking, and 80 % attendance for the monthly allowance.

Courses are planned through the services, dated as they would have been, over
the last fifteen months: finished groups with their registers, results and
certificates, groups running now (the last session of Olga's class still waits
for its register), groups and an exam sitting still to come (the sitting is full,
two people wait), and a course in Cahul with a teaching assistant, the criteria
overridden with a reason. The people of the Chișinău centre's plans join the
group that was starting when their plan did; whoever failed the test goes on in
the next group. Enrolments, registers and results are written directly (the
services refuse a past that the plans demo has already settled), with the audit
entries, the plan measures and the assessed language levels the services would
have written.

Choices are fixed or drawn from a seeded generator (the certificates' codes are
random, like every certificate's); the whole is loaded once.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from integra.core import audit, demo
from integra.core.access import Actor, actor_for
from integra.core.domains import Domain
from integra.core.models import Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.courses import rules, selectors
from integra.courses.models import (
    MEASURE_KINDS,
    Attendance,
    Certificate,
    Course,
    CourseStatus,
    CourseType,
    Curriculum,
    Delivery,
    Enrolment,
    EnrolmentStatus,
    Presence,
    Result,
    Session,
    Teacher,
    TestDefinition,
)
from integra.courses.services import catalogue, courses
from integra.courses.services.common import audit_course, audit_person
from integra.people.models import CefrLevel, Language, Person
from integra.plans.models import (
    OPEN_MEASURE,
    Incentive,
    Measure,
    MeasureKind,
    MeasureStatus,
    Plan,
    PlanStatus,
    Programme,
)
from integra.services.models import OPEN_REFERRAL, Referral, ReferralStatus, VolunteerMatch

C = catalogue
SEED = 2026
PROGRAMME = "md-voluntary"  # integra.plans.demo: Moldova's programme
COORDINATOR = "coordinator"  # integra.core.demo.USERS: Ion Ceban at the bureau
PERSONA = "teacher"  # Olga Rotaru at the State Language Courses Centre
SCHOOL = "lang-school"  # integra.core.demo.ORGANISATIONS
BALTI = "usarb-languages"
CATALOGUE_SET = 560  # days ago: the bureau set the curricula, tests and criteria
PLANNED_AHEAD = 45  # days: a course is planned this long before it starts

# ---------------------------------------------------------------------------
# Providers, teachers and their accounts
# ---------------------------------------------------------------------------

# code, name, kind, level, parent, region, locality (as integra.core.demo)
ORGANISATIONS: list[tuple[str, str, str, str, str | None, str, str]] = [
    (
        BALTI,
        "Language Centre of the Alecu Russo State University of Bălți",
        OrganisationKind.COURSE_PROVIDER,
        Level.LOCAL,
        None,
        "Bălți",
        "Bălți",
    ),
]

# username, first name, last name, organisation: teachers who sign in to keep
# their registers (the core demo already has ``teacher``).
TEACHER_ACCOUNTS: list[tuple[str, str, str, str]] = [
    ("teacher-ciobanu", "Natalia", "Ciobanu", SCHOOL),
    ("teacher-turcanu", "Vasile", "Țurcanu", SCHOOL),
]


@dataclass(frozen=True)
class TeacherSpec:
    key: str
    provider: str
    name: str
    qualification: str
    detail: str
    languages: tuple[str, ...]
    username: str = ""
    examiner: bool = False


TEACHERS: tuple[TeacherSpec, ...] = (
    TeacherSpec(
        "olga",
        SCHOOL,
        "Olga Rotaru",
        "specialist",
        "MA in teaching Romanian as a foreign language, State University of Moldova; "
        "licensed examiner for the state language",
        ("ro", "ru", "en"),
        PERSONA,
        True,
    ),
    TeacherSpec(
        "natalia",
        SCHOOL,
        "Natalia Ciobanu",
        "teacher",
        "Degree in Romanian philology, Ion Creangă State Pedagogical University",
        ("ro", "ru", "uk"),
        "teacher-ciobanu",
        True,
    ),
    TeacherSpec(
        "vasile",
        SCHOOL,
        "Vasile Țurcanu",
        "trainer",
        "Certified adult-education trainer; civic orientation for refugees (UNHCR Moldova)",
        ("ro", "ru", "en"),
        "teacher-turcanu",
        True,  # licensed for the civic knowledge test
    ),
    TeacherSpec(
        "tatiana",
        SCHOOL,
        "Tatiana Negru",
        "teacher",
        "Licensed examiner for the state language; second examiner for speaking",
        ("ro", "ru"),
        examiner=True,
    ),
    TeacherSpec(
        "mihaela",
        SCHOOL,
        "Mihaela Guțu",
        "assistant",
        "Final-year student of Romanian philology, Cahul State University",
        ("ro", "ru"),
    ),
    TeacherSpec(
        "svetlana",
        BALTI,
        "Svetlana Bejenari",
        "teacher",
        "Lecturer in Romanian language, Alecu Russo State University of Bălți",
        ("ro", "ru", "uk"),
        examiner=True,
    ),
    TeacherSpec(
        "alexandru",
        BALTI,
        "Alexandru Lozan",
        "specialist",
        "PhD in applied linguistics; Romanian as a foreign language",
        ("ro", "en"),
        examiner=True,
    ),
)

# ---------------------------------------------------------------------------
# The catalogue: curricula, tests, quality criteria
# ---------------------------------------------------------------------------

M = catalogue.ModuleData

CURRICULA: tuple[catalogue.CurriculumData, ...] = (
    C.CurriculumData(
        code="md-ro-a1",
        country="MD",
        course_type=CourseType.LANGUAGE,
        title="Romanian A1 (beginners)",
        language="ro",
        target_level="A1",
        description="Romanian for everyday life, from the first words to simple exchanges.",
        modules=(
            M(
                "Greetings, introductions and personal details",
                30,
                "Introduce oneself and others; spell one's name and address; fill in a form.",
            ),
            M(
                "The city: shops, transport and prices",
                30,
                "Buy food and tickets; ask the way; understand prices, times and signs.",
            ),
            M(
                "Home, family and health",
                30,
                "Describe one's home and family; make an appointment with the family doctor.",
            ),
            M(
                "Work and public offices",
                30,
                "Say what one does; understand simple notices at the employment agency.",
            ),
        ),
    ),
    C.CurriculumData(
        code="md-ro-a2",
        country="MD",
        course_type=CourseType.LANGUAGE,
        title="Romanian A2 (elementary)",
        language="ro",
        target_level="A2",
        description="Romanian for daily life, public services and a first job.",
        modules=(
            M(
                "Daily routines and past events",
                35,
                "Tell what one did; talk about one's week; write a short message.",
            ),
            M(
                "Housing and the neighbourhood",
                35,
                "Read a rental advert; talk to a landlord; report a fault.",
            ),
            M(
                "Health and public services",
                35,
                "Explain symptoms; understand a prescription; deal with the town hall.",
            ),
            M(
                "Work and job search",
                35,
                "Read a job advert; write a short CV; take part in a simple interview.",
            ),
        ),
    ),
    C.CurriculumData(
        code="md-ro-b1",
        country="MD",
        course_type=CourseType.LANGUAGE,
        title="Romanian B1 (intermediate)",
        language="ro",
        target_level="B1",
        description="Independent Romanian for work, training and dealing with institutions.",
        modules=(
            M(
                "Experiences, plans and opinions",
                30,
                "Describe experiences and plans; give reasons for an opinion.",
            ),
            M(
                "The workplace",
                30,
                "Follow instructions and meetings; understand an employment contract.",
            ),
            M(
                "News and current affairs",
                30,
                "Follow the main points of radio and television news.",
            ),
            M(
                "Education and training",
                30,
                "Enrol in a course; discuss the recognition of a diploma.",
            ),
            M(
                "Writing to institutions",
                30,
                "Write an application, a complaint and a formal letter.",
            ),
        ),
    ),
    C.CurriculumData(
        code="md-civic",
        country="MD",
        course_type=CourseType.CIVIC,
        title="Civic orientation in Moldova",
        description=(
            "Cultural accommodation sessions under Law no. 274/2011 on the integration of "
            "foreigners: how the state, the labour market and public services work, taught "
            "in Romanian with an interpreter where needed."
        ),
        modules=(
            M(
                "Rights and duties",
                15,
                "Know the rights and duties of a beneficiary of protection, the residence "
                "documents and where to get legal aid.",
            ),
            M(
                "State institutions and public services",
                15,
                "Know the Parliament, the Government, local authorities and how to reach "
                "public services (e-services, the town hall, the social worker).",
            ),
            M(
                "The labour market",
                15,
                "Register with the employment agency; know an employment contract, wages, "
                "working time and the labour inspectorate.",
            ),
            M(
                "The health system",
                15,
                "Register with a family doctor; know compulsory health insurance, emergency "
                "care (112) and where mental health support is.",
            ),
        ),
    ),
    C.CurriculumData(
        code="md-ro-exam",
        country="MD",
        course_type=CourseType.EXAM,
        title="State language examination",
        language="ro",
        description=(
            "A sitting of the Romanian language test: reading, listening and writing papers, "
            "then speaking before two examiners. The certificate states the level reached."
        ),
        modules=(
            M(
                "Examination: reading, listening, writing, speaking",
                4,
                "Show one's level of Romanian in the four skills.",
            ),
        ),
    ),
)

LANGUAGE_TEST = "md-ro-test"
CIVIC_TEST = "md-civic-test"

TESTS: tuple[catalogue.DefinitionData, ...] = (
    C.DefinitionData(
        code=LANGUAGE_TEST,
        country="MD",
        title="Romanian language test",
        course_type=CourseType.LANGUAGE,
        language="ro",
        sections=[
            {"code": "reading", "max_score": 25},
            {"code": "listening", "max_score": 25},
            {"code": "writing", "max_score": 25},
            {"code": "speaking", "max_score": 25},
        ],
        pass_marks={
            "A1": {"total": 40, "section_min": 8},
            "A2": {"total": 55, "section_min": 11},
            "B1": {"total": 70, "section_min": 14},
            "B2": {"total": 85, "section_min": 17},
        },
    ),
    C.DefinitionData(
        code=CIVIC_TEST,
        country="MD",
        title="Civic knowledge test",
        course_type=CourseType.CIVIC,
        # A reading paper of 30 questions. Pass marks are kept per CEFR level: this
        # one is the level of Romanian the questions are written at.
        sections=[{"code": "reading", "max_score": 30}],
        pass_marks={rules.SINGLE_MARK: {"total": 18, "section_min": 0}},
    ),
)

# ---------------------------------------------------------------------------
# Courses
# ---------------------------------------------------------------------------

MON, TUE, WED, THU, FRI = range(5)
CHISINAU, BALTI_REGION, CAHUL = "Chișinău", "Bălți", "Cahul"
SCHOOL_VENUE = "State Language Courses Centre, str. Alexei Mateevici 60, Chișinău"


@dataclass(frozen=True)
class CourseSpec:
    """One class, dated from today (``starts`` < 0: in the past). ``intake``: the
    plans whose start lies this many days ago (inclusive) send their people; a
    draft plan's person goes to the first course to come. ``then``: where those
    who fail the test go on."""

    key: str
    curriculum: str
    title: str
    teacher: str
    starts: int
    weekdays: tuple[int, ...]
    at: time
    hours: Decimal
    capacity: int
    intake: tuple[int, int] | None = None
    provider: str = SCHOOL
    region: str = CHISINAU
    venue: str = SCHOOL_VENUE
    delivery: str = Delivery.IN_PERSON
    test: str = ""
    second_examiner: str = ""
    then: str = ""
    override_reason: str = ""


EVENING = time(17, 30)
H = Decimal

COURSES: tuple[CourseSpec, ...] = (
    # -- Romanian ---------------------------------------------------------------
    CourseSpec(
        "a2-autumn",
        "md-ro-a2",
        "Romanian A2, evening group (Mon, Wed)",
        "natalia",
        -445,
        (MON, WED),
        EVENING,
        H("2.5"),
        12,
        intake=(380, 480),
        test=LANGUAGE_TEST,
        second_examiner="tatiana",
    ),
    CourseSpec(
        "a2-spring",
        "md-ro-a2",
        "Romanian A2, evening group (Tue, Thu)",
        "olga",
        -290,
        (TUE, THU),
        EVENING,
        H("2.5"),
        12,
        intake=(215, 379),
        test=LANGUAGE_TEST,
        second_examiner="tatiana",
        then="a2-current",
    ),
    CourseSpec(
        "a2-current",
        "md-ro-a2",
        "Romanian A2, evening group (Mon, Wed)",
        "olga",
        -150,
        (MON, WED),
        EVENING,
        H("2.5"),
        12,
        intake=(100, 214),
        test=LANGUAGE_TEST,
        second_examiner="tatiana",
    ),
    CourseSpec(
        "a1-online",
        "md-ro-a1",
        "Romanian A1 online, evenings (Tue, Thu)",
        "natalia",
        -85,
        (TUE, THU),
        time(18, 30),
        H("2.5"),
        10,
        intake=(30, 99),
        venue="https://meet.demo.integra.invalid/romanian-a1-online",
        delivery=Delivery.ONLINE,
        test=LANGUAGE_TEST,
        second_examiner="tatiana",
    ),
    CourseSpec(
        "a1-intensive",
        "md-ro-a1",
        "Romanian A1, intensive mornings",
        "natalia",
        16,
        (MON, TUE, WED, THU),
        time(9, 30),
        H(3),
        12,
        intake=(-30, 29),
        test=LANGUAGE_TEST,
        second_examiner="tatiana",
    ),
    CourseSpec(
        "balti-a1",
        "md-ro-a1",
        "Romanian A1, Bălți (Tue, Thu)",
        "svetlana",
        28,
        (TUE, THU),
        time(17, 0),
        H("2.5"),
        15,
        provider=BALTI,
        region=BALTI_REGION,
        venue="Alecu Russo State University, str. Pușkin 38, building 2, Bălți",
        test=LANGUAGE_TEST,
        second_examiner="alexandru",
    ),
    CourseSpec(
        "balti-b1",
        "md-ro-b1",
        "Romanian B1, Bălți (Mon, Wed)",
        "alexandru",
        42,
        (MON, WED),
        time(17, 0),
        H("2.5"),
        12,
        provider=BALTI,
        region=BALTI_REGION,
        venue="Alecu Russo State University, str. Pușkin 38, building 2, Bălți",
        test=LANGUAGE_TEST,
        second_examiner="svetlana",
    ),
    CourseSpec(
        "cahul-a1",
        "md-ro-a1",
        "Romanian A1, Cahul (Mon, Thu)",
        "mihaela",
        21,
        (MON, THU),
        time(16, 0),
        H("2.5"),
        10,
        region=CAHUL,
        venue="Cahul District Council, Piața Independenței 2, hall 3",
        test=LANGUAGE_TEST,
        second_examiner="tatiana",
        override_reason=(
            "No qualified teacher in Cahul this term: a teaching assistant teaches, "
            "supervised every week by a teacher of the Centre; the examiners come from "
            "Chișinău for the test."
        ),
    ),
    # -- Civic orientation -------------------------------------------------------
    CourseSpec(
        "civic-1",
        "md-civic",
        "Civic orientation, mornings (Tue, Thu)",
        "vasile",
        -440,
        (TUE, THU),
        time(10, 0),
        H(3),
        20,
        intake=(380, 480),
        test=CIVIC_TEST,
    ),
    CourseSpec(
        "civic-2",
        "md-civic",
        "Civic orientation, mornings (Tue, Thu)",
        "vasile",
        -275,
        (TUE, THU),
        time(10, 0),
        H(3),
        20,
        intake=(240, 379),
        test=CIVIC_TEST,
    ),
    CourseSpec(
        "civic-3",
        "md-civic",
        "Civic orientation, mornings (Tue, Thu)",
        "vasile",
        -160,
        (TUE, THU),
        time(10, 0),
        H(3),
        20,
        intake=(110, 239),
        test=CIVIC_TEST,
    ),
    CourseSpec(
        "civic-4",
        "md-civic",
        "Civic orientation, mornings (Tue, Thu)",
        "vasile",
        -40,
        (TUE, THU),
        time(10, 0),
        H(3),
        20,
        intake=(25, 109),
        test=CIVIC_TEST,
    ),
    CourseSpec(
        "civic-5",
        "md-civic",
        "Civic orientation, mornings (Tue, Thu)",
        "vasile",
        24,
        (TUE, THU),
        time(10, 0),
        H(3),
        20,
        intake=(-30, 24),
        test=CIVIC_TEST,
    ),
    # -- Exam sittings (a Friday; candidates get an exam measure on their plan) ----
    CourseSpec(
        "exam-1",
        "md-ro-exam",
        "State language exam, autumn sitting",
        "olga",
        -40,
        (FRI,),
        time(9, 0),
        H(4),
        8,
        intake=(190, 310),
        test=LANGUAGE_TEST,
        second_examiner="tatiana",
    ),
    CourseSpec(
        "exam-2",
        "md-ro-exam",
        "State language exam, winter sitting",
        "olga",
        85,
        (FRI,),
        time(9, 0),
        H(4),
        6,  # two examiners hear six candidates speak in a day: the sitting fills
        intake=(30, 239),
        test=LANGUAGE_TEST,
        second_examiner="tatiana",
    ),
)

EXAM_TITLE = "Romanian language exam"
WAITED = "Waited for a group at the person's level; none started sooner."

# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def _at(day: date, moment: time, now: datetime) -> datetime:
    """``moment`` on ``day``, never after now."""
    return min(timezone.make_aware(datetime.combine(day, moment)), now)


def _organisations() -> int:
    created = 0
    for code, name, kind, level, parent, region, locality in ORGANISATIONS:
        _, new = Organisation.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "level": level,
                "parent": Organisation.objects.filter(code=parent).first() if parent else None,
                "country": "MD",
                "region": region,
                "locality": locality,
            },
        )
        created += new
    return created


def _teacher_accounts() -> int:
    """Teachers' accounts as the core demo makes its users."""
    return demo.staff_accounts(TEACHER_ACCOUNTS, Role.TEACHER)


@dataclass
class _Place:
    """A learner's place in a course as it is being written."""

    measure: Measure
    requested_on: date
    status: str
    enrolled_on: date | None
    ended_on: date | None = None


class _Loader:
    def __init__(self, now: datetime, programme: Programme) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        self.rng = random.Random(SEED)
        self.programme = programme
        self.coordinator = actor_for(User.objects.get(username=COORDINATOR))
        self.actors: dict[int, Actor] = {}
        self.teachers: dict[str, Teacher] = {}
        self.placed: set[int] = set()  # measures given a course
        self.going_on: dict[str, list[tuple[Measure, date]]] = defaultdict(list)
        self.levels: dict[int, str] = {}  # Romanian reached in this history, by person
        self.courses: list[Course] = []
        # Measures a partner or a volunteer delivers: no course for them.
        delivered = Referral.objects.filter(
            status__in=(*OPEN_REFERRAL, ReferralStatus.COMPLETED), measure__isnull=False
        ).values_list("measure_id", flat=True)
        self.elsewhere: set[int] = {pk for pk in delivered if pk is not None} | set(
            VolunteerMatch.objects.values_list("measure_id", flat=True)
        )

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def actor(self, user: User) -> Actor:
        if user.pk not in self.actors:
            self.actors[user.pk] = actor_for(user)
        return self.actors[user.pk]

    # -- the catalogue ----------------------------------------------------------

    def catalogue(self) -> None:
        moment = _at(self.ago(CATALOGUE_SET), time(11, 0), self.now)
        for data in CURRICULA:
            catalogue.curriculum_save(actor=self.coordinator, data=data, now=moment)
        for test in TESTS:
            catalogue.definition_save(actor=self.coordinator, data=test, now=moment)
        allowance = Incentive.objects.filter(
            programme=self.programme, on_completion_of__isnull=True
        ).first()
        for standard in (
            C.StandardData(
                programme=PROGRAMME,
                course_type=CourseType.LANGUAGE,
                max_group_size=15,
                min_teacher_qualification="teacher",
                min_hours=120,
                max_wait_days=90,
                two_speaking_examiners=True,
                incentive_id=allowance.pk if allowance else None,
                incentive_min_attendance=80 if allowance else None,
            ),
            C.StandardData(
                programme=PROGRAMME,
                course_type=CourseType.CIVIC,
                max_group_size=20,
                min_teacher_qualification="trainer",
                max_wait_days=90,
            ),
            C.StandardData(
                programme=PROGRAMME, course_type=CourseType.EXAM, two_speaking_examiners=True
            ),
        ):
            catalogue.standard_save(actor=self.coordinator, data=standard, now=moment)
        moment = _at(self.ago(CATALOGUE_SET - 10), time(10, 0), self.now)
        for spec in TEACHERS:
            self.teachers[spec.key] = catalogue.teacher_save(
                actor=self.coordinator,
                data=C.TeacherData(
                    provider=spec.provider,
                    name=spec.name,
                    qualification=spec.qualification,
                    qualification_detail=spec.detail,
                    languages=spec.languages,
                    username=spec.username,
                    is_examiner=spec.examiner,
                ),
                now=moment,
            )

    # -- courses ------------------------------------------------------------------

    def load(self) -> None:
        self.catalogue()
        for spec in sorted(COURSES, key=lambda s: s.starts):
            self.course(spec)

    def course(self, spec: CourseSpec) -> None:
        starts_on = self.today + timedelta(days=spec.starts)
        while starts_on.weekday() not in spec.weekdays:  # the first day the group meets
            starts_on += timedelta(days=1)
        planned_at = _at(starts_on - timedelta(days=PLANNED_AHEAD), time(11, 30), self.now)
        course = courses.course_plan(
            actor=self.coordinator,
            data=courses.CourseData(
                programme=PROGRAMME,
                curriculum=spec.curriculum,
                provider=spec.provider,
                teacher_id=self.teachers[spec.teacher].pk,
                title=spec.title,
                delivery=spec.delivery,
                region=spec.region,
                venue=spec.venue,
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=365),
                capacity=spec.capacity,
                test=spec.test,
                schedule=courses.Schedule(spec.weekdays, spec.at, spec.hours),
                override_reason=spec.override_reason,
            ),
            now=planned_at,
        )
        sessions = self._topics(course, tested=bool(spec.test))
        course.ends_on = timezone.localdate(sessions[-1].starts_at)
        course.save(update_fields=["ends_on"])
        self.courses.append(course)
        ended = sessions[-1].starts_at + timedelta(hours=float(sessions[-1].hours)) < self.now
        status = (
            CourseStatus.FINISHED
            if ended
            else CourseStatus.RUNNING
            if course.starts_on <= self.today
            else CourseStatus.PLANNED
        )
        places = self._places(spec, course, status, planned_at)
        enrolments = self._enrol(course, places)
        finished = status == CourseStatus.FINISHED
        self._registers(course, sessions, enrolments, places, finished=finished)
        if status == CourseStatus.FINISHED:
            self._results(spec, course, enrolments, places)
            teacher = course.teacher.user
            assert teacher is not None
            courses.course_finish(
                actor=self.actor(teacher),
                course=course,
                now=_at(course.ends_on + timedelta(days=2), time(12, 0), self.now),
            )
        elif status == CourseStatus.RUNNING and enrolments:
            Course.objects.filter(pk=course.pk).update(status=CourseStatus.RUNNING)

    def _topics(self, course: Course, *, tested: bool) -> list[Session]:
        """Each session's topic: the module it teaches; the last, the final test."""
        sessions = list(course.sessions.order_by("starts_at"))
        modules = list(course.curriculum.modules.order_by("position", "pk"))
        taught, index, reached = Decimal(0), 0, Decimal(modules[0].hours)
        by_topic: dict[str, list[int]] = defaultdict(list)
        for position, session in enumerate(sessions):
            while taught >= reached and index + 1 < len(modules):
                index += 1
                reached += modules[index].hours
            session.topic = modules[index].title
            if tested and position == len(sessions) - 1 and position:
                session.topic = "Revision and final test"
            by_topic[session.topic].append(session.pk)
            taught += session.hours
        for topic, pks in by_topic.items():
            Session.objects.filter(pk__in=pks).update(topic=topic)
        return sessions

    # -- who joins ----------------------------------------------------------------

    def _places(
        self, spec: CourseSpec, course: Course, status: str, planned_at: datetime
    ) -> list[_Place]:
        course_type = course.curriculum.course_type
        planned_on = timezone.localdate(planned_at)
        places: list[_Place] = []
        for measure, since in self.going_on.pop(spec.key, []):
            day = max(since, planned_on)
            places.append(_Place(measure, day, EnrolmentStatus.ENROLLED, day))
        if course_type == CourseType.EXAM:
            measures = self._exam_measures(spec, course)
        else:
            measures = self._measures(spec, course, status, MEASURE_KINDS[course_type])
        for measure in measures:
            plan = measure.plan
            if course_type == CourseType.EXAM:  # asked for when the measure was added
                requested = timezone.localdate(measure.created_at)
            else:  # soon after the plan started (was drafted), once the course was planned
                begun = plan.starts_on
                if plan.status == PlanStatus.DRAFT:
                    begun = timezone.localdate(plan.created_at)
                requested = max(
                    begun + timedelta(days=self.rng.randint(2, 8)),
                    planned_on + timedelta(days=self.rng.randint(0, 4)),
                )
                requested = min(requested, self.today - timedelta(days=self.rng.randint(0, 2)))
            if requested > course.ends_on:
                continue
            places.append(_Place(measure, requested, EnrolmentStatus.ENROLLED, requested))
            self.placed.add(measure.pk)
        places.sort(key=lambda p: (p.requested_on, p.measure.pk))
        # A full course puts the last to ask on its waitlist.
        if status == CourseStatus.PLANNED:
            standard = selectors.standard_for(
                programme_id=course.programme_id, course_type=course_type
            )
            limit = min(course.capacity, standard.max_group_size or course.capacity)
            for place in places[limit:]:
                place.status = EnrolmentStatus.WAITING
                place.enrolled_on = None
        # Who left: a plan closed (moved away) or a measure abandoned.
        for place in places:
            measure = place.measure
            if measure.status in (MeasureStatus.CANCELLED, MeasureStatus.NOT_DONE):
                closed = measure.plan.closed_on or course.ends_on
                left = min(closed, course.ends_on) - timedelta(days=self.rng.randint(3, 10))
                place.status = EnrolmentStatus.WITHDRAWN
                place.ended_on = max(left, (place.enrolled_on or place.requested_on))
        return places

    def _measures(
        self, spec: CourseSpec, course: Course, status: str, kinds: tuple[str, ...]
    ) -> list[Measure]:
        """The plans' measures this course delivers: those of the plans in its
        intake that are consistent with how far the course has got."""
        if spec.intake is None:
            return []
        low, high = spec.intake
        found = []
        for measure in (
            Measure.objects.select_related("plan__person", "plan__caseworker")
            .filter(plan__programme=self.programme, kind__in=kinds, beneficiary__isnull=True)
            .exclude(pk__in=self.elsewhere | self.placed)
            .order_by("plan__starts_on", "pk")
        ):
            plan = measure.plan
            if plan.status == PlanStatus.DRAFT:
                if status == CourseStatus.PLANNED:
                    found.append(measure)
                continue
            if not low <= (self.today - plan.starts_on).days <= high:
                continue
            if status == CourseStatus.FINISHED:
                closed = plan.closed_on
                if measure.status != MeasureStatus.PLANNED and (
                    closed is None or closed > course.starts_on
                ):
                    found.append(measure)
            elif plan.status == PlanStatus.AGREED and measure.status in OPEN_MEASURE:
                found.append(measure)
        return found

    def _exam_measures(self, spec: CourseSpec, course: Course) -> list[Measure]:
        """Candidates for a sitting: people of the intake's plans still open on the
        day, not in a Romanian group that ends after it, who have no exam yet. Each
        gets an exam measure on their plan, added by their caseworker."""
        assert spec.intake is not None
        low, high = spec.intake
        busy = set(
            Enrolment.objects.filter(
                status=EnrolmentStatus.ENROLLED,
                course__curriculum__course_type=CourseType.LANGUAGE,
                course__ends_on__gte=course.starts_on,
            ).values_list("person_id", flat=True)
        )
        examined = set(
            Measure.objects.filter(kind=MeasureKind.EXAM).values_list("plan__person_id", flat=True)
        )
        added = []
        plans = (
            Plan.objects.select_related("person", "caseworker")
            .filter(programme=self.programme, status__in=(PlanStatus.AGREED, PlanStatus.CLOSED))
            .order_by("starts_on", "pk")
        )
        for plan in plans:
            if not low <= (self.today - plan.starts_on).days <= high:
                continue
            if plan.person_id in busy or plan.person_id in examined:
                continue
            if plan.closed_on is not None and plan.closed_on < course.starts_on:
                continue
            if plan.ends_on < course.starts_on:
                continue
            day = max(
                course.starts_on - timedelta(days=self.rng.randint(25, 40)),
                plan.starts_on,
                timezone.localdate(course.created_at),
            )
            day = min(day, self.today - timedelta(days=self.rng.randint(1, 12)))
            added.append(self._add_exam_measure(plan, course, day))
        return added

    def _add_exam_measure(self, plan: Plan, course: Course, day: date) -> Measure:
        moment = _at(day, time(9, 45), self.now)
        measure = Measure.objects.create(
            plan=plan,
            domain=Domain.LANGUAGE,
            kind=MeasureKind.EXAM,
            title=EXAM_TITLE,
            responsible_id=plan.organisation_id,
            due_on=min(course.starts_on + timedelta(days=30), plan.ends_on),
            created_at=moment,
            updated_at=moment,
        )
        self._plan_audit(
            plan,
            "plan.measure.add",
            {"plan": plan.public_id, "measure": measure.pk, "kind": MeasureKind.EXAM},
            moment,
        )
        self.placed.add(measure.pk)
        return measure

    # -- enrolments ---------------------------------------------------------------

    def _enrol(self, course: Course, places: list[_Place]) -> list[Enrolment]:
        """Each place as the caseworker asked for it; a wait longer than the
        programme allows is overridden with the reason."""
        longest = selectors.standard_for(
            programme_id=course.programme_id, course_type=course.curriculum.course_type
        ).max_wait_days
        enrolments = []
        for place in places:
            plan = place.measure.plan
            caseworker = plan.caseworker or self.coordinator.user
            moment = _at(place.requested_on, time(14, 15), self.now)
            wait = (course.starts_on - place.requested_on).days
            late = (
                place.status != EnrolmentStatus.WAITING and longest is not None and wait > longest
            )
            enrolment = Enrolment.objects.create(
                course=course,
                person=plan.person,
                measure=place.measure,
                status=place.status,
                requested_on=place.requested_on,
                enrolled_on=place.enrolled_on,
                ended_on=place.ended_on,
                has_equipment=True if course.delivery == Delivery.ONLINE else None,
                override_reason=WAITED if late else "",
                overridden=["max_wait_days"] if late else [],
                organisation_id=plan.organisation_id,
                enrolled_by=caseworker,
                created_at=moment,
            )
            enrolments.append(enrolment)
            actor = self.actor(caseworker)
            audit_person(
                actor,
                plan.person,
                "course.waitlist" if place.status == EnrolmentStatus.WAITING else "course.enrol",
                data={
                    "course": course.public_id,
                    "measure": place.measure.pk,
                    "overridden": enrolment.overridden,
                    **({"override_reason": WAITED} if late else {}),
                },
                now=moment,
            )
            if place.status != EnrolmentStatus.WAITING:
                self._move(place.measure, MeasureStatus.IN_PROGRESS, actor, course, moment)
            if place.status == EnrolmentStatus.WITHDRAWN and place.ended_on is not None:
                moved = place.measure.status == MeasureStatus.CANCELLED
                audit_person(
                    actor,
                    plan.person,
                    "course.withdraw",
                    data={
                        "course": course.public_id,
                        "reason": "Moved away; the plan was closed."
                        if moved
                        else "Stopped attending.",
                    },
                    now=_at(place.ended_on, time(10, 30), self.now),
                )
        return enrolments

    # -- registers ----------------------------------------------------------------

    def _registers(
        self,
        course: Course,
        sessions: list[Session],
        enrolments: list[Enrolment],
        places: list[_Place],
        *,
        finished: bool,
    ) -> None:
        """Every session that has ended has its register, kept by the teacher the
        same evening; the persona's running class still waits for its last one.
        Most learners come nearly always; a few miss one session in four or more."""
        teacher = course.teacher.user
        if teacher is None:
            return
        actor = self.actor(teacher)
        done = [s for s in sessions if s.starts_at + timedelta(hours=float(s.hours)) < self.now]
        if teacher.username == PERSONA and not finished:
            # The running class's latest session waits for its register (the page
            # offers the latest that has begun).
            begun = [s for s in sessions if s.starts_at <= self.now]
            done = [s for s in done if not begun or s is not begun[-1]]
        keen: dict[int, float] = {}
        for enrolment, place in zip(enrolments, places, strict=True):
            # Those who leave or fail the test came less often than the others.
            struggling = (
                place.status == EnrolmentStatus.WITHDRAWN
                or (finished and not self._passes(course, place))
                or self.rng.random() < 0.25
            )
            keen[enrolment.pk] = (
                self.rng.uniform(0.6, 0.75) if struggling else self.rng.uniform(0.86, 0.99)
            )
        marks: list[Attendance] = []
        for session in done:
            day = timezone.localdate(session.starts_at)
            recorded = min(
                session.starts_at + timedelta(hours=float(session.hours), minutes=20), self.now
            )
            counts = dict.fromkeys(Presence.values, 0)
            for enrolment in enrolments:
                if enrolment.enrolled_on is None or enrolment.enrolled_on > day:
                    continue
                if enrolment.ended_on is not None and enrolment.ended_on < day:
                    continue
                status = self._presence(keen[enrolment.pk], exam=len(sessions) == 1)
                counts[status] += 1
                marks.append(
                    Attendance(
                        session=session,
                        enrolment=enrolment,
                        status=status,
                        recorded_by=teacher,
                        recorded_at=recorded,
                    )
                )
            if sum(counts.values()):
                audit_course(
                    actor,
                    "course.attendance",
                    course.public_id,
                    data={"session": session.pk, **counts},
                    now=recorded,
                )
        Attendance.objects.bulk_create(marks, batch_size=1000)

    def _presence(self, keen: float, *, exam: bool) -> str:
        if exam or self.rng.random() < keen:
            return Presence.PRESENT
        return Presence.EXCUSED if self.rng.random() < 0.4 else Presence.ABSENT

    # -- results ------------------------------------------------------------------

    def _results(
        self,
        spec: CourseSpec,
        course: Course,
        enrolments: list[Enrolment],
        places: list[_Place],
    ) -> None:
        """The final test, taken on the last day: a learner whose measure the plan
        shows done (or an exam candidate) passes; one still at it fails and goes on
        in the next group."""
        test = course.test
        if test is None:
            return
        definition = rules.parse_definition(test.sections, test.pass_marks)
        examiner = course.teacher
        second = self.teachers[spec.second_examiner] if spec.second_examiner else None
        has_speaking = any(s.code == "speaking" for s in definition.sections)
        if not has_speaking:
            second = None
        teacher = examiner.user
        assert teacher is not None
        actor = self.actor(teacher)
        taken_on = course.ends_on
        moment = _at(taken_on + timedelta(days=1), time(15, 0), self.now)
        target = course.curriculum.target_level
        exam = course.curriculum.course_type == CourseType.EXAM
        for enrolment, place in zip(enrolments, places, strict=True):
            if place.status == EnrolmentStatus.WITHDRAWN:
                continue
            person = enrolment.person
            passes = self._passes(course, place)
            level = self._level(definition, person, target=target, passes=passes, exam=exam)
            raw, speaking_second = self._scores(definition, level, two=second is not None)
            outcome = rules.score(definition, raw, target=target, second_speaking=speaking_second)
            # A single-mark test (civic knowledge) certifies no level: passed or not.
            reached = "" if level == rules.SINGLE_MARK else level
            assert outcome.level == reached, (outcome, level)
            result = Result.objects.create(
                enrolment=enrolment,
                test=test,
                taken_on=taken_on,
                scores={k: str(v) for k, v in outcome.scores.items()},
                speaking_second=speaking_second,
                total=outcome.total,
                level=outcome.level,
                passed=outcome.passed,
                examiner=examiner,
                second_examiner=second,
                recorded_by=teacher,
                recorded_at=moment,
            )
            Enrolment.objects.filter(pk=enrolment.pk).update(
                status=EnrolmentStatus.COMPLETED, ended_on=taken_on
            )
            language = test.language or course.curriculum.language
            if outcome.level and language:
                self._assess(person, language, outcome.level, actor, course, test, moment)
            certificate = None
            if outcome.passed:
                certificate = Certificate.objects.create(
                    result=result,
                    code=rules.certificate_code(),
                    holder=" ".join(
                        p for p in (person.given_name_latin, person.family_name_latin) if p
                    ),
                    birth_date=person.birth_date,
                    title=test.title,
                    level=outcome.level,
                    provider=course.provider.name,
                    issued_on=timezone.localdate(moment),
                )
                self._move(
                    place.measure,
                    MeasureStatus.DONE,
                    actor,
                    course,
                    moment,
                    evidence=f"Passed {test.title} at level {outcome.level} "
                    f"(certificate {certificate.code}).",
                )
            elif spec.then:
                self.going_on[spec.then].append(
                    (place.measure, taken_on + timedelta(days=self.rng.randint(2, 5)))
                )
            audit_person(
                actor,
                person,
                "course.result",
                data={
                    "course": course.public_id,
                    "test": test.code,
                    "level": outcome.level,
                    "passed": outcome.passed,
                    **({"certificate": certificate.code} if certificate else {}),
                },
                now=moment,
            )

    @staticmethod
    def _passes(course: Course, place: _Place) -> bool:
        """Exam candidates pass; a learner passes a course whose measure the plan
        shows done."""
        exam = course.curriculum.course_type == CourseType.EXAM
        return exam or place.measure.status == MeasureStatus.DONE

    def _level(
        self,
        definition: rules.TestDefinition,
        person: Person,
        *,
        target: str,
        passes: bool,
        exam: bool,
    ) -> str:
        """The level a learner reaches: the course's aim or one above when they pass,
        one below when they fail; at an exam, about where their courses left them."""
        levels = [m.level for m in definition.pass_marks]
        if exam:
            known = self._known(person)
            base = levels.index(known) if known in levels else 0
            return levels[min(base + self.rng.choice((0, 0, 1)), len(levels) - 1)]
        aim = levels.index(target) if target in levels else 0
        if passes:
            step = 1 if self.rng.random() < 0.3 and aim + 1 < len(levels) else 0
            return levels[aim + step]
        return levels[aim - 1] if aim > 0 else ""

    def _known(self, person: Person) -> str:
        """The person's Romanian as far as anyone knows: tested here, else assessed
        or declared in the registry."""
        if person.pk in self.levels:
            return self.levels[person.pk]
        row = Language.objects.filter(person=person, code="ro").first()
        if row is None:
            return ""
        return row.assessed_level or row.declared_level

    def _scores(
        self, definition: rules.TestDefinition, level: str, *, two: bool
    ) -> tuple[dict[str, object], Decimal | None]:
        """Scores (whole or half points) that reach exactly ``level``: a total
        between its pass mark and the next one's, every section above its least.
        With two examiners, speaking is the mean of their marks."""
        marks = definition.pass_marks
        sections = definition.sections
        if level:
            index = [m.level for m in marks].index(level)
            low, floor = marks[index].total, marks[index].section_min
            high = marks[index + 1].total - 1 if index + 1 < len(marks) else definition.max_total
        else:
            low, floor, high = marks[0].total * 3 // 5, 0, marks[0].total - 1
        halves = {s.code: 2 * floor for s in sections}  # in half points
        room = {s.code: 2 * s.max_score for s in sections}
        total = self.rng.randint(2 * low, 2 * high)
        left = total - sum(halves.values())
        while left > 0:
            open_ = [code for code in halves if halves[code] < room[code]]
            code = self.rng.choice(open_)
            step = min(left, room[code] - halves[code], self.rng.randint(1, 6))
            halves[code] += step
            left -= step
        scores = {code: Decimal(value) / 2 for code, value in halves.items()}
        second = None
        if two and "speaking" in scores:
            speaking = scores["speaking"]
            top = next(s.max_score for s in sections if s.code == "speaking")
            spread = min(speaking, top - speaking, Decimal(self.rng.choice((0, 1, 2))) / 2)
            scores["speaking"] = speaking + spread
            second = speaking - spread
        return dict(scores), second

    def _assess(
        self,
        person: Person,
        language: str,
        level: str,
        actor: Actor,
        course: Course,
        test: TestDefinition,
        moment: datetime,
    ) -> None:
        """As integra.people.services.language_assess: never lowers a level."""
        order = [value for value in CefrLevel.values if value != CefrLevel.NATIVE]
        known = self.levels.get(person.pk, "")
        if known not in order or order.index(known) < order.index(level):
            self.levels[person.pk] = level
        record, created = Language.objects.get_or_create(
            person=person,
            code=language,
            defaults={"declared_level": level, "assessed_level": level},
        )
        before = record.assessed_level
        if not created:
            if before in order and order.index(before) >= order.index(level):
                return
            record.assessed_level = level
            record.save(update_fields=["assessed_level"])
        audit.record(
            actor=actor,
            action="person.language.assess",
            object_type="person",
            object_id=person.public_id,
            purpose="case management",
            data={
                "language": language,
                "from": before if not created else "",
                "to": level,
                "course": course.public_id,
                "test": test.code,
            },
            now=moment,
        )

    # -- plan measures ------------------------------------------------------------

    def _move(
        self,
        measure: Measure,
        status: str,
        actor: Actor,
        course: Course,
        moment: datetime,
        evidence: str = "",
    ) -> None:
        """As integra.plans.services.plans.measure_follow, but for the past too: a
        course moves its measure (a pass also re-dates one the plan shows done)."""
        before = measure.status
        if status == MeasureStatus.IN_PROGRESS and before != MeasureStatus.PLANNED:
            return
        plan = measure.plan
        measure.status = status
        measure.updated_at = moment
        fields = ["status", "updated_at"]
        if status == MeasureStatus.DONE:
            measure.done_on = timezone.localdate(moment)
            measure.evidence = evidence
            fields += ["done_on", "evidence"]
        measure.save(update_fields=fields)
        plan.next_due_on = Measure.objects.filter(plan=plan, status__in=OPEN_MEASURE).aggregate(
            d=Min("due_on")
        )["d"]
        Plan.objects.filter(pk=plan.pk).update(next_due_on=plan.next_due_on)
        source = {"course": course.public_id}
        if status == MeasureStatus.DONE and course.test is not None:
            source["test"] = course.test.code
        self._plan_audit(
            plan,
            "plan.measure.update",
            {"plan": plan.public_id, "measure": measure.pk, "from": before, "to": status, **source},
            moment,
            actor=actor,
        )

    def _plan_audit(
        self,
        plan: Plan,
        action: str,
        data: dict[str, object],
        moment: datetime,
        *,
        actor: Actor | None = None,
    ) -> None:
        """As integra.plans.services.common.audit_person."""
        if actor is None:
            actor = self.actor(plan.caseworker or self.coordinator.user)
        audit.record(
            actor=actor,
            action=action,
            object_type="person",
            object_id=plan.person.public_id,
            purpose="integration plan",
            data=data,
            now=moment,
        )


@transaction.atomic
def load() -> str:
    """Adds the Bălți provider and the teachers' accounts, then (once, when the
    plans demo's programme is there) the catalogue and the courses."""
    now = timezone.now()
    organisations = _organisations()
    accounts = _teacher_accounts()
    if organisations or accounts:
        audit.record(
            actor=None,
            actor_label="integra demo",
            action="demo.courses",
            purpose="demonstration",
            data={"organisations": organisations, "teacher_accounts": accounts},
        )
    programme = Programme.objects.filter(code=PROGRAMME).first()
    if programme is None:
        return "Courses: no programme to run courses in (the plans demo loads it)."
    if Curriculum.objects.filter(code=CURRICULA[0].code).exists():
        return f"Courses: already loaded ({Course.objects.count()} courses)."
    loader = _Loader(now, programme)
    loader.load()
    return _summary(loader.courses)


def _summary(loaded: list[Course]) -> str:
    ids = [c.pk for c in loaded]
    by_status = {
        status: Course.objects.filter(pk__in=ids, status=status).count()
        for status in CourseStatus.values
    }
    regions = sorted({c.region for c in loaded})
    enrolments = Enrolment.objects.filter(course_id__in=ids)
    results = Result.objects.filter(enrolment__course_id__in=ids)
    return (
        f"Courses: {len(ids)} courses in {', '.join(regions)} "
        f"({by_status[CourseStatus.FINISHED]} finished, {by_status[CourseStatus.RUNNING]} "
        f"running, {by_status[CourseStatus.PLANNED]} planned), {enrolments.count()} enrolments "
        f"({enrolments.filter(status=EnrolmentStatus.WAITING).count()} waiting), "
        f"{Attendance.objects.filter(session__course_id__in=ids).count():,} attendance marks, "
        f"{results.count()} results ({results.filter(passed=True).count()} passed, "
        f"{Certificate.objects.filter(result__in=results).count()} certificates); "
        f"teachers {PERSONA}, {', '.join(a[0] for a in TEACHER_ACCOUNTS)}."
    )
