"""Input and output of the courses API: the catalogue, courses and their sessions,
enrolment and waitlists, attendance, results, certificates, places and statistics."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from integra.core.schemas import CODE, NO_NUL, OrganisationRef, Problem
from integra.courses import rules, selectors
from integra.courses.models import (
    Certificate,
    Course,
    Curriculum,
    Enrolment,
    Result,
    Standard,
    Teacher,
)

# Database ids are 64-bit; a larger number is bad input (422), not an overflow (500).
DB_ID = Annotated[int, Field(ge=1, le=2**63 - 1)]
# The database keeps these counts in small integers; the services say which are sensible.
SMALL_COUNT = Annotated[int, Field(ge=0, le=32767)]
# Days a course can sensibly fall on: far enough from the calendar's ends that the
# schedule's arithmetic never overflows.
DAY = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]
LANGUAGE = r"^[a-z]{2,3}$"
PROGRAMME_CODE = r"^[a-z0-9][a-z0-9-]{0,63}$"
COURSE_ID = r"^K-[0-9A-Z]{4}-[0-9A-Z]{4}$"
PERSON_ID = r"^P-[0-9A-Z]{4}-[0-9A-Z]{4}$"
REASON = Annotated[str, Field(max_length=5000, pattern=NO_NUL)]
HOURS = Annotated[
    Decimal,
    Field(gt=0, le=24, max_digits=3, decimal_places=1, allow_inf_nan=False),
]


def _hours(value: Decimal | int | None) -> float:
    return float(value or 0)


class BreachProblem(Problem):
    """A refusal by the programme's quality criteria: which were broken, and that
    they may be overridden by sending the request again with ``override_reason``."""

    breaches: list[str] | None = Field(
        default=None,
        description=(
            "The criteria broken: max_group_size, min_teacher_qualification, min_hours, "
            "max_wait_days, equipment."
        ),
    )
    overridable: bool | None = Field(
        default=None, description="True: send again with an override_reason to go ahead."
    )


# --- The catalogue ------------------------------------------------------------------------


class ModuleOut(Schema):
    title: str
    hours: int
    outcomes: str


class CurriculumOut(Schema):
    code: str
    country: str
    course_type: str
    title: str
    language: str
    target_level: str
    description: str
    is_active: bool
    hours: int = Field(description="The modules' hours together.")
    modules: list[ModuleOut]
    created_at: datetime

    @staticmethod
    def resolve_modules(obj: Curriculum) -> Any:
        return obj.modules.all()


class ModuleIn(Schema):
    title: str = Field(max_length=200, pattern=NO_NUL)
    hours: SMALL_COUNT = Field(description="1 to 1000.")
    outcomes: str = Field(default="", max_length=5000, pattern=NO_NUL)


class CurriculumIn(Schema):
    country: str = Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 code.")
    course_type: str = Field(
        max_length=16, pattern=NO_NUL, description="language, civic, values, vocational or exam."
    )
    title: str = Field(max_length=200, pattern=NO_NUL)
    language: str = Field(
        default="", pattern=r"^([a-z]{2,3})?$", description="ISO 639 code (language courses)."
    )
    target_level: str = Field(
        default="", pattern=r"^(A1|A2|B1|B2|C1|C2)?$", description="CEFR level aimed at."
    )
    description: str = Field(default="", max_length=5000, pattern=NO_NUL)
    is_active: bool = True
    modules: list[ModuleIn] = Field(max_length=100, description="Replace the modules (in order).")


class SectionIn(Schema):
    code: str = Field(
        max_length=32, pattern=NO_NUL, description="reading, listening, writing or speaking."
    )
    max_score: int = Field(ge=1, le=1000)


class PassMarkIn(Schema):
    total: int = Field(ge=1, le=1_000_000, description="Points needed in all.")
    section_min: int = Field(default=0, ge=0, le=1000, description="Points needed per section.")


class SectionOut(Schema):
    code: str
    max_score: int


class PassMarkOut(Schema):
    total: int
    section_min: int


class TestDefinitionOut(Schema):
    code: str
    country: str
    title: str
    course_type: str
    language: str
    sections: list[SectionOut]
    pass_marks: dict[str, PassMarkOut] = Field(description="Per CEFR level.")
    is_active: bool
    created_at: datetime


class TestDefinitionIn(Schema):
    country: str = Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 code.")
    title: str = Field(max_length=200, pattern=NO_NUL)
    course_type: str = Field(max_length=16, pattern=NO_NUL)
    language: str = Field(default="", pattern=r"^([a-z]{2,3})?$", description="ISO 639 code.")
    sections: list[SectionIn] = Field(max_length=4)
    pass_marks: dict[Annotated[str, Field(pattern=r"^(A1|A2|B1|B2|C1|C2)$")], PassMarkIn] = Field(
        max_length=6, description="Per CEFR level, rising with the level."
    )
    is_active: bool = True


class StandardOut(Schema):
    """A programme's quality criteria for one type of course."""

    programme: str
    course_type: str
    max_group_size: int | None
    min_teacher_qualification: str
    min_hours: int | None
    max_wait_days: int | None
    two_speaking_examiners: bool
    incentive: int | None = Field(description="The id of the programme's incentive.")
    incentive_name: str | None
    incentive_min_attendance: int | None = Field(description="Per cent.")
    updated_at: datetime

    @staticmethod
    def resolve_programme(obj: Standard) -> str:
        return obj.programme.code

    @staticmethod
    def resolve_incentive(obj: Standard) -> int | None:
        return obj.incentive_id

    @staticmethod
    def resolve_incentive_name(obj: Standard) -> str | None:
        return obj.incentive.name if obj.incentive else None


class StandardIn(Schema):
    max_group_size: SMALL_COUNT | None = Field(default=None, description="1 to 500 learners.")
    min_teacher_qualification: str = Field(
        default="",
        max_length=16,
        pattern=NO_NUL,
        description="assistant, trainer, teacher or specialist; empty: any.",
    )
    min_hours: SMALL_COUNT | None = Field(default=None, description="1 to 5000 hours.")
    max_wait_days: SMALL_COUNT | None = Field(default=None, description="1 to 730 days.")
    two_speaking_examiners: bool = False
    incentive: DB_ID | None = Field(
        default=None, description="An incentive of the programme that depends on attendance."
    )
    incentive_min_attendance: SMALL_COUNT | None = Field(
        default=None, description="Attendance needed for the incentive, 1 to 100 per cent."
    )


class TeacherRef(Schema):
    id: int
    name: str


class TeacherOut(Schema):
    id: int
    provider: OrganisationRef
    name: str
    qualification: str
    qualification_detail: str
    languages: list[str]
    username: str | None = Field(description="The teacher's account, when they have one.")
    is_examiner: bool
    is_active: bool
    updated_at: datetime

    @staticmethod
    def resolve_provider(obj: Teacher) -> Any:
        return obj.organisation

    @staticmethod
    def resolve_username(obj: Teacher) -> str | None:
        return obj.user.username if obj.user else None


class TeacherIn(Schema):
    provider: str = Field(max_length=64, pattern=CODE, description="The organisation's code.")
    name: str = Field(max_length=200, pattern=NO_NUL)
    qualification: str = Field(
        max_length=16, pattern=NO_NUL, description="assistant, trainer, teacher or specialist."
    )
    qualification_detail: str = Field(default="", max_length=300, pattern=NO_NUL)
    languages: list[Annotated[str, Field(pattern=LANGUAGE)]] = Field(
        default_factory=list, max_length=20, description="ISO 639 codes."
    )
    username: str = Field(
        default="",
        max_length=150,
        pattern=r"^[\w.@+-]*$",
        description="The account of a teacher at the provider, so they see their classes.",
    )
    is_examiner: bool = False
    is_active: bool = True


# --- Courses ------------------------------------------------------------------------------


class CourseOut(Schema):
    public_id: str
    title: str
    course_type: str
    curriculum: str = Field(description="The curriculum's code.")
    programme: str = Field(description="The programme's code.")
    provider: OrganisationRef
    teacher: TeacherRef
    test: str | None = Field(description="The final test's code.")
    delivery: str
    region: str
    venue: str
    starts_on: date
    ends_on: date
    capacity: int
    status: str
    enrolled: int = Field(description="Learners holding a place.")
    waiting: int = Field(description="Learners on the waitlist.")
    free: int = Field(description="Places not taken.")
    overridden: list[str] = Field(description="Quality criteria overridden when planned.")
    override_reason: str

    @staticmethod
    def resolve_course_type(obj: Course) -> str:
        return obj.curriculum.course_type

    @staticmethod
    def resolve_curriculum(obj: Course) -> str:
        return obj.curriculum.code

    @staticmethod
    def resolve_programme(obj: Course) -> str:
        return obj.programme.code

    @staticmethod
    def resolve_test(obj: Course) -> str | None:
        return obj.test.code if obj.test else None

    @staticmethod
    def resolve_enrolled(obj: Course) -> int:
        return int(getattr(obj, "enrolled", 0))

    @staticmethod
    def resolve_waiting(obj: Course) -> int:
        return int(getattr(obj, "waiting", 0))

    @staticmethod
    def resolve_free(obj: Course) -> int:
        return max(obj.capacity - int(getattr(obj, "enrolled", 0)), 0)


class CourseDetailOut(CourseOut):
    hours: int = Field(description="The curriculum's hours.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_hours(obj: Course) -> int:
        return selectors.course_hours(course=obj)


class ScheduleIn(Schema):
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(
        max_length=7, description="Days of the week the course meets, 0 = Monday."
    )
    at: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM, local time.")
    hours: HOURS = Field(description="Length of a session, half an hour to ten hours.")

    def start_time(self) -> time:
        hour, minute = self.at.split(":")
        return time(int(hour), int(minute))


class CourseIn(Schema):
    programme: str = Field(pattern=PROGRAMME_CODE, description="The programme's code.")
    curriculum: str = Field(max_length=64, pattern=CODE, description="The curriculum's code.")
    provider: str = Field(max_length=64, pattern=CODE, description="The provider's code.")
    teacher: DB_ID = Field(description="The id of an active teacher of the provider.")
    title: str = Field(max_length=200, pattern=NO_NUL)
    delivery: str = Field(max_length=16, pattern=NO_NUL, description="in_person or online.")
    region: str = Field(max_length=100, pattern=NO_NUL)
    venue: str = Field(default="", max_length=300, pattern=NO_NUL)
    starts_on: DAY
    ends_on: DAY
    capacity: SMALL_COUNT = Field(description="1 to 500 places.")
    test: str = Field(
        default="", max_length=64, pattern=r"^[-a-zA-Z0-9_]*$", description="The final test's code."
    )
    schedule: ScheduleIn | None = Field(
        default=None,
        description="Sessions on these days from the first day until the curriculum's hours.",
    )
    override_reason: REASON = Field(
        default="", description="Why the programme's quality criteria are overridden."
    )


class CourseCancelIn(Schema):
    reason: REASON


class SessionOut(Schema):
    id: int
    starts_at: datetime
    hours: float
    topic: str

    @staticmethod
    def resolve_hours(obj: Any) -> float:
        return _hours(obj.hours)


def _aware(value: datetime) -> datetime:
    """A time without a zone is read in the deployment's zone."""
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


class SessionIn(Schema):
    starts_at: datetime = Field(description="Between the course's first and last day.")
    hours: HOURS = Field(description="Half an hour to ten hours.")
    topic: str = Field(default="", max_length=200, pattern=NO_NUL)

    @field_validator("starts_at")
    @classmethod
    def _sensible(cls, value: datetime) -> datetime:
        if not 1900 <= value.year <= 2999:
            raise PydanticCustomError(
                "datetime_range", _("Give a time between the years 1900 and 2999.")
            )
        return _aware(value)


# --- Enrolment ----------------------------------------------------------------------------


class LearnerRef(Schema):
    """The learner, by their public id and name (in its own script and in Latin)."""

    public_id: str
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str


class EnrolmentOut(Schema):
    id: int
    course: str = Field(description="The course's public id.")
    learner: LearnerRef
    measure: int | None = Field(description="The plan measure the course delivers.")
    status: str = Field(description="waiting, enrolled, completed or withdrawn.")
    requested_on: date
    enrolled_on: date | None
    ended_on: date | None
    has_equipment: bool | None
    overridden: list[str]
    override_reason: str
    created_at: datetime

    @staticmethod
    def resolve_course(obj: Enrolment) -> str:
        return obj.course.public_id

    @staticmethod
    def resolve_learner(obj: Enrolment) -> Any:
        return obj.person

    @staticmethod
    def resolve_measure(obj: Enrolment) -> int | None:
        return obj.measure_id


class EnrolmentIn(Schema):
    measure: DB_ID = Field(description="A measure of the person's open plan, still to do.")
    course: str = Field(pattern=COURSE_ID, description="The course's public id.")
    waitlist: bool = Field(default=False, description="When the course is full, wait for a place.")
    has_equipment: bool | None = Field(
        default=None, description="For an online course: a device and internet to follow it."
    )
    override_reason: REASON = Field(
        default="", description="Why the programme's quality criteria are overridden."
    )


class EnrolmentWithdrawIn(Schema):
    reason: REASON


class CertificateRevokeIn(Schema):
    reason: REASON


class RateOut(Schema):
    present: int
    absent: int
    excused: int
    percent: int | None = Field(
        description="Present of the sessions that count (excused do not); null before any."
    )


class CertificateRef(Schema):
    code: str
    issued_on: date
    valid: bool

    @staticmethod
    def resolve_valid(obj: Certificate) -> bool:
        return obj.revoked_on is None


def _certificate(result: Result) -> Certificate | None:
    return getattr(result, "certificate", None)


class ResultSummaryOut(Schema):
    taken_on: date
    total: float
    level: str = Field(description="The highest CEFR level reached; empty when none.")
    passed: bool
    certificate: CertificateRef | None

    @staticmethod
    def resolve_total(obj: Result) -> float:
        return float(obj.total)

    @staticmethod
    def resolve_certificate(obj: Result) -> Certificate | None:
        return _certificate(obj)


class CourseRef(Schema):
    public_id: str
    title: str
    course_type: str
    provider: OrganisationRef
    starts_on: date
    ends_on: date
    status: str

    @staticmethod
    def resolve_course_type(obj: Course) -> str:
        return obj.curriculum.course_type


class PersonEnrolmentOut(Schema):
    """One of a person's courses, with their attendance so far and their result."""

    id: int
    course: CourseRef
    measure: int | None
    status: str
    requested_on: date
    enrolled_on: date | None
    ended_on: date | None
    attendance: RateOut
    result: ResultSummaryOut | None

    @staticmethod
    def resolve_id(obj: selectors.PersonCourse) -> int:
        return obj.enrolment.pk

    @staticmethod
    def resolve_course(obj: selectors.PersonCourse) -> Course:
        return obj.enrolment.course

    @staticmethod
    def resolve_measure(obj: selectors.PersonCourse) -> int | None:
        return obj.enrolment.measure_id

    @staticmethod
    def resolve_status(obj: selectors.PersonCourse) -> str:
        return obj.enrolment.status

    @staticmethod
    def resolve_requested_on(obj: selectors.PersonCourse) -> date:
        return obj.enrolment.requested_on

    @staticmethod
    def resolve_enrolled_on(obj: selectors.PersonCourse) -> date | None:
        return obj.enrolment.enrolled_on

    @staticmethod
    def resolve_ended_on(obj: selectors.PersonCourse) -> date | None:
        return obj.enrolment.ended_on

    @staticmethod
    def resolve_attendance(obj: selectors.PersonCourse) -> rules.Rate:
        return obj.rate

    @staticmethod
    def resolve_result(obj: selectors.PersonCourse) -> Result | None:
        return getattr(obj.enrolment, "result", None)


# --- Attendance ---------------------------------------------------------------------------


class MarkOut(Schema):
    enrolment: int
    learner: LearnerRef
    status: str | None = Field(description="present, absent or excused; null: not marked yet.")

    @staticmethod
    def resolve_enrolment(obj: tuple[Enrolment, str]) -> int:
        return obj[0].pk

    @staticmethod
    def resolve_learner(obj: tuple[Enrolment, str]) -> Any:
        return obj[0].person

    @staticmethod
    def resolve_status(obj: tuple[Enrolment, str]) -> str | None:
        return obj[1] or None


class RegisterOut(Schema):
    """One session's register: each learner who held a place that day."""

    session: SessionOut
    marks: list[MarkOut]


class MarkIn(Schema):
    enrolment: DB_ID
    status: str = Field(max_length=16, pattern=NO_NUL, description="present, absent or excused.")


class RegisterIn(Schema):
    marks: list[MarkIn] = Field(
        max_length=1000, description="The class, one mark per learner, in one request."
    )

    @field_validator("marks")
    @classmethod
    def _once_each(cls, marks: list[MarkIn]) -> list[MarkIn]:
        seen = [mark.enrolment for mark in marks]
        if len(seen) != len(set(seen)):
            raise PydanticCustomError("duplicate", _("Mark each learner once."))
        return marks


class LearnerAttendanceOut(Schema):
    enrolment: int
    learner: LearnerRef
    status: str
    present: int
    absent: int
    excused: int
    percent: int | None = Field(description="Present of the sessions that count; null before any.")
    incentive_met: bool | None = Field(
        description="Meets the incentive's attendance so far; null without an incentive."
    )

    @staticmethod
    def resolve_enrolment(obj: selectors.LearnerAttendance) -> int:
        return obj.enrolment.pk

    @staticmethod
    def resolve_learner(obj: selectors.LearnerAttendance) -> Any:
        return obj.enrolment.person

    @staticmethod
    def resolve_status(obj: selectors.LearnerAttendance) -> str:
        return obj.enrolment.status

    @staticmethod
    def resolve_present(obj: selectors.LearnerAttendance) -> int:
        return obj.rate.present

    @staticmethod
    def resolve_absent(obj: selectors.LearnerAttendance) -> int:
        return obj.rate.absent

    @staticmethod
    def resolve_excused(obj: selectors.LearnerAttendance) -> int:
        return obj.rate.excused

    @staticmethod
    def resolve_percent(obj: selectors.LearnerAttendance) -> int | None:
        return obj.rate.percent


class AttendanceOut(Schema):
    incentive: str | None = Field(
        description="The programme's incentive that depends on attendance; null when none."
    )
    incentive_min_attendance: int | None = Field(description="Per cent needed for it.")
    learners: list[LearnerAttendanceOut]

    @staticmethod
    def resolve_incentive(obj: selectors.CourseAttendance) -> str | None:
        return obj.incentive or None


# --- Results ------------------------------------------------------------------------------


class ResultOut(Schema):
    id: int
    enrolment: int
    learner: LearnerRef
    test: str = Field(description="The test's code.")
    taken_on: date
    scores: dict[str, float] = Field(description="Per section (speaking: the examiners' mean).")
    speaking_second: float | None = Field(description="The second examiner's speaking score.")
    total: float
    level: str = Field(description="The highest CEFR level reached; empty when none.")
    passed: bool
    examiner: TeacherRef
    second_examiner: TeacherRef | None
    certificate: CertificateRef | None
    recorded_at: datetime

    @staticmethod
    def resolve_enrolment(obj: Result) -> int:
        return obj.enrolment_id

    @staticmethod
    def resolve_learner(obj: Result) -> Any:
        return obj.enrolment.person

    @staticmethod
    def resolve_test(obj: Result) -> str:
        return obj.test.code

    @staticmethod
    def resolve_scores(obj: Result) -> dict[str, float]:
        return {section: float(value) for section, value in dict(obj.scores).items()}

    @staticmethod
    def resolve_speaking_second(obj: Result) -> float | None:
        return None if obj.speaking_second is None else float(obj.speaking_second)

    @staticmethod
    def resolve_total(obj: Result) -> float:
        return float(obj.total)

    @staticmethod
    def resolve_certificate(obj: Result) -> Certificate | None:
        return _certificate(obj)


SCORE = (
    Annotated[float, Field(allow_inf_nan=False)]
    | Annotated[str, Field(max_length=16, pattern=NO_NUL)]
    | None
)


class ResultIn(Schema):
    enrolment: DB_ID = Field(description="A learner of the course.")
    taken_on: DAY
    scores: dict[Annotated[str, Field(max_length=32, pattern=NO_NUL)], SCORE] = Field(
        max_length=10, description="Points per section of the test, whole or half."
    )
    speaking_second: SCORE = Field(
        default=None,
        description="The second examiner's speaking score, where the programme asks for two.",
    )
    second_examiner: DB_ID | None = Field(
        default=None, description="The id of the second licensed examiner of the provider."
    )


# --- Certificates -------------------------------------------------------------------------


class CertificateOut(Schema):
    """What a certificate certifies, for anyone who holds its code."""

    code: str
    holder: str
    birth_date: date | None
    test: str
    level: str
    provider: str
    issued_on: date
    valid: bool = Field(description="False once revoked.")

    @staticmethod
    def resolve_test(obj: Certificate) -> str:
        return obj.title

    @staticmethod
    def resolve_valid(obj: Certificate) -> bool:
        return obj.revoked_on is None


# --- Places and statistics ----------------------------------------------------------------


class PlacesOut(Schema):
    region: str
    course_type: str
    places: int = Field(description="Places in courses still to run.")
    enrolled: int
    waiting: int
    demand: int = Field(description="Open plan measures of the type with no enrolment yet.")
    free: int
    shortfall: int = Field(description="Learners without a place: waiting and not yet enrolled.")


class StatisticsRowOut(Schema):
    """One group of the breakdown (``*``: the total; empty: not stated). Counts of 1
    to 9, and rates and waiting times over fewer than 10 people, are null."""

    group: str
    enrolled: int | None
    completed: int | None
    tested: int | None
    passed: int | None
    completion_rate: int | None = Field(description="Per cent.")
    pass_rate: int | None = Field(description="Per cent.")
    mean_wait_days: float | None
    median_wait_days: float | None
